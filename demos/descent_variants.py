"""Batch, mini-batch and stochastic gradient descent, their paths over the loss surface.

The note describes the three variants and shows their trajectories towards
the minimum in a figure that the extracted text lost. Redrawn here on a
problem small enough to see whole: fit a line ŷ = w·x + b to 20 points by
the mean squared error

    J(w, b) = (1/m) Σᵢ (w·xᵢ + b − yᵢ)²,
    ∂J/∂w = (2/m) Σᵢ (w·xᵢ + b − yᵢ)·xᵢ,    ∂J/∂b = (2/m) Σᵢ (w·xᵢ + b − yᵢ),

over a batch of m samples: all 20 (batch), 5 at a time (mini-batch) or one
at a time (stochastic), from the same start, with the same learning rate,
for the same number of epochs. The model is a one-input neuron of the
library, its gradients come from ``backward()``, and the samples are
shuffled each epoch as ``nn.fit`` does. J has one minimum, the least-squares
line; batch descent walks straight down the valley, the others zig-zag
around it because each batch's gradient is only an estimate of the whole.

    python -m demos.descent_variants [--out FOLDER]
"""

import random
from dataclasses import dataclass

import nn

from . import notes
from .output import demo_main, heading, pyplot
from .plots import save_figure

NOTE = notes.YEUM_NEURAL_NETWORK
POINTS = 20
TRUE_W, TRUE_B, NOISE = 2.0, -1.0, 0.4
START = (-1.0, 2.5)
LEARNING_RATE = 0.1
EPOCHS = 50
SEED = 0
VARIANTS = {"batch": POINTS, "mini-batch (5)": 5, "stochastic": 1}   # name -> batch size


@dataclass
class VariantsResult:
    X: list
    Y: list
    paths: dict           # variant name -> [(w, b) at the start and after each update]
    minimum: tuple        # the least-squares (w, b)


def make_data(points=POINTS, seed=SEED):
    """x uniform in [−0.5, 1.5], y = 2x − 1 plus Gaussian noise."""
    rng = random.Random(seed)
    X = [rng.uniform(-0.5, 1.5) for _ in range(points)]
    Y = [TRUE_W * x + TRUE_B + rng.gauss(0.0, NOISE) for x in X]
    return X, Y


def loss(w, b, X, Y):
    """J(w, b) on plain floats, for drawing the surface."""
    return sum((w * x + b - y) ** 2 for x, y in zip(X, Y)) / len(X)


def least_squares(X, Y):
    """The (w, b) where ∂J/∂w = ∂J/∂b = 0: w = cov(x, y) / var(x), b = ȳ − w·x̄."""
    n = len(X)
    mx, my = sum(X) / n, sum(Y) / n
    w = sum((x - mx) * (y - my) for x, y in zip(X, Y)) / sum((x - mx) ** 2 for x in X)
    return w, my - w * mx


def descend(X, Y, batch_size, lr=LEARNING_RATE, epochs=EPOCHS, seed=SEED, start=START):
    """(w, b) at the start and after every update, the gradient of each batch by ``backward()``."""
    neuron = nn.MLP.from_weights([[[start[0]]]], [[start[1]]], ["identity"])
    w, b = neuron.parameters()
    optimizer = nn.SGD(neuron.parameters(), lr=lr)
    rng = random.Random(seed)
    order = list(range(len(X)))
    path = [(w.data, b.data)]
    for _ in range(epochs):
        if batch_size < len(X):
            rng.shuffle(order)
        for first in range(0, len(X), batch_size):
            batch = order[first:first + batch_size]
            batch_loss = nn.mse_loss([neuron([X[i]]) for i in batch], [Y[i] for i in batch])
            optimizer.zero_grad()
            batch_loss.backward()
            optimizer.step()
            path.append((w.data, b.data))
    return path


def compute(epochs=EPOCHS):
    X, Y = make_data()
    paths = {name: descend(X, Y, size, epochs=epochs) for name, size in VARIANTS.items()}
    return VariantsResult(X=X, Y=Y, paths=paths, minimum=least_squares(X, Y))


def show(result, out):
    heading("Batch, mini-batch and stochastic gradient descent")
    print(f"lecture note: {NOTE}")
    w_min, b_min = result.minimum
    print(f"fit ŷ = w·x + b to {len(result.X)} points by mean squared error; least squares: "
          f"w = {w_min:.4f}, b = {b_min:.4f}, J = {loss(w_min, b_min, result.X, result.Y):.4f}")
    print(f"start (w, b) = {START}, learning rate {LEARNING_RATE}, "
          f"{len(result.paths['batch']) - 1} epochs")
    print(f"  {'variant':<15} {'updates':>7}   {'w':>8} {'b':>8}   {'J(w, b)':>8}")
    for name, path in result.paths.items():
        w, b = path[-1]
        print(f"  {name:<15} {len(path) - 1:>7}   {w:8.4f} {b:8.4f}   {loss(w, b, result.X, result.Y):8.4f}")
    print("(the note prints no numbers for this figure)")
    draw(result, out)


def draw(result, out):
    plt = pyplot()
    if plt is None:
        return
    save_figure(plt, figure(result, plt), out, "descent_variants.png")


def figure(result, plt):
    """The three paths over the contour plot of J(w, b), as a matplotlib figure."""
    w_min, b_min = result.minimum
    ws = [w for path in result.paths.values() for w, _ in path] + [w_min]
    bs = [b for path in result.paths.values() for _, b in path] + [b_min]
    w_lo, w_hi = min(ws) - 0.5, max(ws) + 0.5
    b_lo, b_hi = min(bs) - 0.5, max(bs) + 0.5
    grid_w = [w_lo + (w_hi - w_lo) * k / 99 for k in range(100)]
    grid_b = [b_lo + (b_hi - b_lo) * k / 99 for k in range(100)]
    surface = [[loss(w, b, result.X, result.Y) for w in grid_w] for b in grid_b]
    fig, ax = plt.subplots(figsize=(6.5, 5))
    levels = sorted({loss(w_min, b_min, result.X, result.Y) * (1.6 ** k) for k in range(1, 16)})
    ax.contour(grid_w, grid_b, surface, levels=levels, colors="0.7", linewidths=0.7)
    styles = {"batch": ("#1f77b4", 1.8), "mini-batch (5)": ("#2ca02c", 1.0), "stochastic": ("#d95f02", 0.6)}
    for name, path in reversed(list(result.paths.items())):     # the noisiest underneath
        colour, width = styles[name]
        ax.plot([w for w, _ in path], [b for _, b in path], "-", color=colour, linewidth=width,
                label=f"{name}: {len(path) - 1} updates")
    ax.plot([START[0]], [START[1]], "ks", markersize=5, label="start")
    ax.plot([w_min], [b_min], "k*", markersize=11, label="minimum (least squares)")
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.set_title(f"J(w, b) = mean (w·x + b − y)², learning rate {LEARNING_RATE}, "
                 f"{len(result.paths['batch']) - 1} epochs", fontsize=9)
    handles, labels = ax.get_legend_handles_labels()
    order = [2, 1, 0, 3, 4]                                      # batch first, as in the text
    ax.legend([handles[k] for k in order], [labels[k] for k in order], fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


main = demo_main(__doc__, compute, show)


if __name__ == "__main__":
    main()
