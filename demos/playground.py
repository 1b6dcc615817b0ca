"""The note's Neural Network Playground tutorials, trained on the engine.

The note sends its readers to the Neural Network Playground
(playground.tensorflow.org) for two binary-classification tutorials, on
the "Gaussian" and the "Circle" data; the Playground's hardest set is the
"Spiral". Each is trained here by an MLP of tanh units with one output
score z (the probability of class 1 is σ(z)), by Adam on the binary
cross-entropy computed from the score (``bce_with_logits_loss``) in
mini-batches of 10, every number a ``Value``:

    Gaussian   two clouds a straight line separates     2-4-1
    Circle     a ring around a disc: needs a hidden layer   2-8-1
    Spiral     two arms winding 1.75 turns               2-16-16-1

The spiral's coordinates are multiplied by 4 before training (feature
scaling): its arms lie within radius 1, and winding a boundary between
them takes large weights, which start within ±1/√(inputs). In trials with
this seed, the unscaled spiral stayed at 60–70% accuracy after 200 epochs;
scaled, it passes 90% within 160.

Writes each decision boundary, and the spiral's boundary at several points
of its training, as a grid of snapshots and as an animated GIF.

    python -m demos.playground [--out FOLDER] [--quick]
"""

import os
from dataclasses import dataclass, field
from io import BytesIO

import nn
from autograd_core import no_grad
from autograd_core.files import write_atomically

from . import notes
from .output import demo_main, heading, pyplot
from .plots import decision_grid, draw_boundary, save_figure
from .tables import print_loss_curve

NOTE = notes.YEUM_NEURAL_NETWORK
SEED = 0
BATCH_SIZE = 10
SPIRAL_SCALE = 4.0


@dataclass(frozen=True)
class Task:
    name: str
    make: object            # (n, seed) -> X, Y
    sizes: list
    learning_rate: float
    epochs: int
    what: str


TASKS = [
    Task("Gaussian", lambda n, seed: nn.make_gaussians(n, noise=0.7, seed=seed), [4, 1], 0.05, 20,
         "two clouds, a straight line separates them"),
    Task("Circle", lambda n, seed: nn.make_circles(n, noise=0.1, seed=seed), [8, 1], 0.05, 60,
         "a ring around a disc, no straight line does"),
    Task("Spiral", lambda n, seed: _scaled(nn.make_spiral(n, noise=0.0, seed=seed), SPIRAL_SCALE),
         [16, 16, 1], 0.02, 160, "two arms winding 1.75 turns"),
]
SNAPSHOT_TASK = "Spiral"
FULL = dict(points=100, grid=45, epoch_fraction=1.0)
QUICK = dict(points=30, grid=10, epoch_fraction=0.05)


def _scaled(data, factor):
    X, Y = data
    return [[factor * a, factor * b] for a, b in X], Y


@dataclass
class TaskResult:
    task: Task
    X: list
    Y: list
    losses: list
    accuracy: float
    grid: tuple                                   # (grid_x, grid_y, output[row][column])
    snapshots: list = field(default_factory=list)  # (epoch, grid) during training


def snapshot_epochs(epochs, count=6):
    """``count`` epochs at which to draw the boundary, doubling up to ``epochs``."""
    marks = sorted({max(1, round(epochs / 2 ** k)) for k in range(count)})
    return marks


def train(task, points, grid, epoch_fraction=1.0, snapshots=False, verbose=False):
    """Train ``task``'s MLP; its losses, accuracy, final boundary and (optionally) snapshots."""
    X, Y = task.make(points, SEED)
    epochs = max(2, round(task.epochs * epoch_fraction))
    model = nn.MLP(2, task.sizes, activation="tanh", output_activation="identity", seed=SEED)
    optimizer = nn.Adam(model.parameters(), lr=task.learning_rate)
    marks = snapshot_epochs(epochs) if snapshots else [epochs]
    losses, pictures, done = [], [], 0
    for mark in marks:
        losses += nn.fit(model, X, Y, nn.bce_with_logits_loss, optimizer, epochs=mark - done,
                         batch_size=BATCH_SIZE, seed=SEED + done, verbose=verbose)
        done = mark
        if snapshots:
            pictures.append((mark, decision_grid(model, X, grid)))
    with no_grad():
        correct = sum((model(x).data > 0.0) == (y == 1.0) for x, y in zip(X, Y))   # σ(z) > ½
    final = pictures[-1][1] if pictures else decision_grid(model, X, grid)
    return TaskResult(task=task, X=X, Y=Y, losses=losses, accuracy=correct / len(X), grid=final,
                      snapshots=pictures)


def compute(points, grid, epoch_fraction=1.0, verbose=False):
    return [train(task, points, grid, epoch_fraction, snapshots=task.name == SNAPSHOT_TASK,
                  verbose=verbose) for task in TASKS]


def show(results, out):
    heading("The Neural Network Playground's classification tutorials")
    print(f"lecture note: {NOTE}")
    print("(the note shows the Playground's screens and prints no numbers for them)")
    for r in results:
        layers = "-".join(str(n) for n in [2] + r.task.sizes)
        print()
        print(f"{r.task.name}: {r.task.what}; {len(r.X)} points, a {layers} MLP, "
              f"Adam lr {r.task.learning_rate}, {len(r.losses)} epochs")
        print_loss_curve(r.losses)
        print(f"training accuracy: {r.accuracy:.0%}")
    draw(results, out)


def draw(results, out):
    plt = pyplot()
    if plt is None:
        return
    fig, axes = plt.subplots(1, len(results), figsize=(4 * len(results), 4))
    for ax, r in zip(axes, results):
        layers = "-".join(str(n) for n in [2] + r.task.sizes)
        draw_boundary(ax, r.grid, r.X, r.Y,
                      f"{r.task.name}: {layers} MLP, {len(r.losses)} epochs, "
                      f"accuracy {r.accuracy:.0%}")
    fig.tight_layout()
    save_figure(plt, fig, out, "playground_boundaries.png")

    spiral = next(r for r in results if r.task.name == SNAPSHOT_TASK)
    columns = 3
    rows = -(-len(spiral.snapshots) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3.3 * columns, 3.3 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, (epoch, grid) in zip(axes.flat, spiral.snapshots):
        ax.axis("on")
        draw_boundary(ax, grid, spiral.X, spiral.Y, f"after epoch {epoch}")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"{SNAPSHOT_TASK}: the decision boundary as training proceeds", fontsize=10)
    fig.tight_layout()
    save_figure(plt, fig, out, "playground_spiral_training.png")
    save_animation(plt, spiral, out, "playground_spiral_training.gif")


def save_animation(plt, result, out, filename, seconds_per_frame=0.8):
    """The snapshots as the frames of an animated GIF (Pillow, which matplotlib brings along)."""
    try:
        from PIL import Image
    except ImportError:
        print(f"(Pillow is not installed: {filename} not drawn)")
        return None
    frames = []
    for epoch, grid in result.snapshots:
        fig, ax = plt.subplots(figsize=(4, 4))
        draw_boundary(ax, grid, result.X, result.Y, f"{result.task.name}, after epoch {epoch}")
        fig.tight_layout()
        buffer = BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        plt.close(fig)
        frames.append(Image.open(BytesIO(buffer.getvalue())).convert("RGB"))
    animation = BytesIO()
    frames[0].save(animation, format="GIF", save_all=True, append_images=frames[1:],
                   duration=int(seconds_per_frame * 1000), loop=0)
    path = write_atomically(os.path.join(out, filename), animation.getvalue(), "save_animation")
    print(f"wrote {path}")
    return path


main = demo_main(__doc__, compute, show, quick=QUICK, full=FULL)


if __name__ == "__main__":
    main()
