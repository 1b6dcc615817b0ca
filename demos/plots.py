"""Drawing helpers shared by the demos' matplotlib pictures.

A figure is rendered to PNG bytes in memory and written with
``write_atomically``, so a picture in the output folder is always whole.
Decision boundaries are evaluated under ``no_grad``: no gradient is needed
to colour a grid.
"""

import os
from io import BytesIO

from autograd_core import no_grad
from autograd_core.files import write_atomically

CLASS_COLOURS = ("#1f77b4", "#d95f02")        # label 0, label 1
REGION_COLOURS = ("#cfe3f7", "#f9d9c4")


def save_figure(plt, fig, out, filename, dpi=120):
    """Write ``fig`` as PNG to ``out/filename``, print where, close it; return the path."""
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    path = write_atomically(os.path.join(out, filename), buffer.getvalue(), "save_figure")
    print(f"wrote {path}")
    return path


def decision_grid(model, X, steps, margin=0.5):
    """The probability σ(z) of ``model`` 's output score z on a ``steps`` × ``steps`` grid around ``X``.

    The classifiers of the demos output a score and train with
    ``bce_with_logits_loss``. Returns ``(grid_x, grid_y, grid_p)`` with
    ``grid_p[row][column]`` the probability at ``(grid_x[column], grid_y[row])``.
    """
    xs = [p[0] for p in X]
    ys = [p[1] for p in X]
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    grid_x = [x0 + (x1 - x0) * k / (steps - 1) for k in range(steps)]
    grid_y = [y0 + (y1 - y0) * k / (steps - 1) for k in range(steps)]
    with no_grad():
        grid_p = [[model([gx, gy]).sigmoid().data for gx in grid_x] for gy in grid_y]
    return grid_x, grid_y, grid_p


def draw_boundary(ax, grid, X, Y, title=""):
    """The region where the output is above 0.5, the 0.5 line, and the labelled points."""
    grid_x, grid_y, grid_p = grid
    ax.contourf(grid_x, grid_y, grid_p, levels=[0, 0.5, 1], colors=list(REGION_COLOURS))
    ax.contour(grid_x, grid_y, grid_p, levels=[0.5], colors="k", linewidths=1)
    draw_points(ax, X, Y)
    ax.set_title(title, fontsize=9)
    ax.set_aspect("equal")


def draw_points(ax, X, Y, size=14):
    colours = [CLASS_COLOURS[int(y)] for y in Y]
    ax.scatter([p[0] for p in X], [p[1] for p in X], c=colours, s=size, edgecolors="k", linewidths=0.3)
