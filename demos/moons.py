"""Two moons: a 2-16-16-1 MLP learns a curved decision boundary.

Two interleaving half circles of points, labels 0 and 1. The network has
two hidden layers of 16 tanh units and one output score z, with
ŷ = σ(z) = P(label 1), trained with the binary cross-entropy computed from
the score (``bce_with_logits_loss``, exact however confident the network
gets) by Adam on mini-batches. Every one
of its 337 parameters is a scalar ``Value``: this is the whole engine at
work, a few hundred thousand chain-rule steps per epoch.

Writes the decision boundary (the region where ŷ > 0.5, evaluated on a grid
under ``no_grad``, since no gradient is needed there) and the loss curve.

    python -m demos.moons [--out FOLDER] [--quick]
"""

from dataclasses import dataclass

import nn
from autograd_core import no_grad

from .output import demo_main, pyplot
from .plots import decision_grid, draw_boundary, save_figure
from .tables import print_loss_curve

SIZES = [16, 16, 1]
SEED = 1
FULL = dict(points=200, epochs=80, grid=80)
QUICK = dict(points=30, epochs=5, grid=12)
BATCH_SIZE = 20
LEARNING_RATE = 0.05


@dataclass
class MoonsResult:
    X: list
    Y: list
    losses: list
    accuracy: float
    grid_x: list
    grid_y: list
    grid_p: list          # ŷ at each grid point, rows along y


def build_model():
    return nn.MLP(2, SIZES, activation="tanh", output_activation="identity", seed=SEED)


def compute(points, epochs, grid, verbose=True):
    X, Y = nn.make_moons(points, noise=0.1, seed=SEED)
    model = build_model()
    optimizer = nn.Adam(model.parameters(), lr=LEARNING_RATE)
    losses = nn.fit(model, X, Y, nn.bce_with_logits_loss, optimizer, epochs=epochs,
                    batch_size=BATCH_SIZE, seed=SEED, verbose=verbose)
    with no_grad():
        correct = sum((model(x).data > 0.0) == (y == 1.0) for x, y in zip(X, Y))   # σ(z) > ½
    grid_x, grid_y, grid_p = decision_grid(model, X, grid)
    return MoonsResult(X=X, Y=Y, losses=losses, accuracy=correct / len(X),
                       grid_x=grid_x, grid_y=grid_y, grid_p=grid_p)


def show(result, out):
    print(f"{len(result.X)} points, {len(result.losses)} epochs, batches of {BATCH_SIZE}, "
          f"Adam lr {LEARNING_RATE}")
    print_loss_curve(result.losses)
    print(f"training accuracy: {result.accuracy:.0%}")
    plt = pyplot()
    if plt is None:
        return
    fig, ax = plt.subplots(figsize=(5, 4))
    grid = (result.grid_x, result.grid_y, result.grid_p)
    draw_boundary(ax, grid, result.X, result.Y, f"2-16-16-1 MLP, accuracy {result.accuracy:.0%}")
    ax.set_aspect("auto")
    fig.tight_layout()
    save_figure(plt, fig, out, "moons_decision_boundary.png")

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(range(1, len(result.losses) + 1), result.losses)
    ax.set_xlabel("epoch")
    ax.set_ylabel("binary cross-entropy")
    ax.set_yscale("log")
    fig.tight_layout()
    save_figure(plt, fig, out, "moons_loss.png")


main = demo_main(__doc__, compute, show, quick=QUICK, full=FULL,
                 title="Two moons, a 2-16-16-1 MLP")


if __name__ == "__main__":
    main()
