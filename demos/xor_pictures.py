"""XOR in pictures, and the universal approximator's bumps.

The lecture's XOR slides draw what the threshold units do: in the input
plane (x₁, x₂) no line separates the two classes, but the hidden units' two
lines x₁ + x₂ − 0.5 = 0 and x₁ + x₂ − 1.5 = 0 cut out the band where XOR is
1. Mapped to the hidden plane (h₁, h₂), the four points land on three
corners, (0, 1) and (1, 0) on the same one, and the single line
h₁ − h₂ − 0.5 = 0 separates them. The hidden coordinates are computed by
the engine (the XOR demo's threshold network) and checked against the
lecture's table.

The same lecture's "universal approximator" intuition: four sigmoid
hidden units, steep edges at x₁ = ±1 and x₂ = ±1, add up to 4 inside the
square and at most 3 outside; an output unit σ(K·(Σ − 3.5)) turns that into
a bump. In one dimension two units make a bump, σ(k(x − a)) − σ(k(x − a − Δ)),
and a row of bumps with heights f(centre) approximates a curve f, the
more closely the more bumps: a 1-2N-1 network with hand-set weights.

    python -m demos.xor_pictures [--out FOLDER] [--quick]
"""

import math
from dataclasses import dataclass

import nn
from autograd_core import no_grad

from . import errata, notes, xor
from .output import demo_main, heading, pyplot
from .plots import CLASS_COLOURS, save_figure

NOTE = notes.BISHOP_LECTURE
EDGE_SLOPE = 6.0        # k of the four hidden units of the 2-D bump
OUTPUT_SLOPE = 10.0     # K of its output unit
CURVE_START, CURVE_END = 0.0, 2.0 * math.pi
BUMP_COUNTS = [4, 8, 16, 32]
DRAWN_COUNTS = [4, 16]


def target_curve(x):
    """The curve the bumps approximate: sin x + 0.3·x on [0, 2π]."""
    return math.sin(x) + 0.3 * x


@dataclass
class XorPicturesResult:
    rows: list                 # the XOR demo's threshold rows: x, h, y
    bump_grid: tuple           # (xs, ys, output[row][column]) of the 2-D bump network
    curve_xs: list
    curve: list                # target_curve at curve_xs
    approximations: dict       # number of bumps -> network output at curve_xs
    max_errors: dict           # number of bumps -> max |network − curve| at curve_xs
    comparisons: list


def bump_network(edge=EDGE_SLOPE, output_slope=OUTPUT_SLOPE):
    """A 2-4-1 sigmoid network whose output is near 1 inside the square |x₁|, |x₂| < 1."""
    k, K = edge, output_slope
    weights = [[[k, 0.0], [-k, 0.0], [0.0, k], [0.0, -k]], [[K, K, K, K]]]
    biases = [[k, k, k, k], [-3.5 * K]]
    return nn.MLP.from_weights(weights, biases, ["sigmoid", "sigmoid"])


def bumps_network(count, start=CURVE_START, end=CURVE_END, f=target_curve):
    """A 1-(2·count)-1 network: ``count`` bumps, heights f(centre), covering [start, end].

    The centres c_j are evenly spaced from ``start`` to ``end``, Δ apart, and
    bump j is h_j·σ(k(x − c_j + Δ/2)) − h_j·σ(k(x − c_j − Δ/2)) with
    h_j = f(c_j) and k = 20/Δ, so its edges sharpen as the bumps narrow.
    """
    width = (end - start) / (count - 1)
    k = 20.0 / width
    hidden_w, hidden_b, out_w = [], [], []
    for j in range(count):
        centre = start + j * width
        height = f(centre)
        for edge, sign in ((centre - width / 2, 1.0), (centre + width / 2, -1.0)):
            hidden_w.append([k])
            hidden_b.append(-k * edge)
            out_w.append(sign * height)
    return nn.MLP.from_weights([hidden_w, [out_w]], [hidden_b, [0.0]], ["sigmoid", "identity"])


def compute(grid=61, curve_points=400):
    rows = xor.threshold_network()
    comparisons = []
    for row in rows:
        key = (int(row.x[0]), int(row.x[1]))
        for name, printed, value in zip(("h1", "h2"), xor.NOTE_TABLE[key][:2], row.h):
            comparisons.append(errata.Comparison(f"{name}{key} (hidden plane)", str(printed), value))

    bump = bump_network()
    coords = [-2.5 + 5.0 * k / (grid - 1) for k in range(grid)]
    with no_grad():
        heights = [[bump([x1, x2]).data for x1 in coords] for x2 in coords]

    xs = [CURVE_START + (CURVE_END - CURVE_START) * k / (curve_points - 1) for k in range(curve_points)]
    curve = [target_curve(x) for x in xs]
    approximations, max_errors = {}, {}
    for count in BUMP_COUNTS:
        model = bumps_network(count)
        with no_grad():
            approximations[count] = [model([x]).data for x in xs]
        max_errors[count] = max(abs(a - c) for a, c in zip(approximations[count], curve))
    return XorPicturesResult(rows=rows, bump_grid=(coords, coords, heights), curve_xs=xs,
                             curve=curve, approximations=approximations, max_errors=max_errors,
                             comparisons=errata.check(comparisons))


def show(result, out):
    heading("XOR in the input and the hidden plane; bumps as a universal approximator")
    print(f"lecture note: {NOTE}")
    print(" x1 x2 │ XOR │ h1 h2  (the hidden plane)")
    for row in result.rows:
        x1, x2 = (int(v) for v in row.x)
        print(f"  {x1}  {x2} │  {x1 ^ x2}  │  {row.h[0]:g}  {row.h[1]:g}")
    errata.print_summary(f"{NOTE.short} (hidden plane)", result.comparisons)
    coords, _, heights = result.bump_grid
    middle = len(coords) // 2
    print(f"2-4-1 bump: output {heights[middle][middle]:.4f} at (0, 0), "
          f"{heights[0][0]:.2e} at ({coords[0]:g}, {coords[0]:g})")
    print("bumps approximating sin x + 0.3x on [0, 2π]:  " + ",  ".join(
        f"{count} bumps: max error {error:.3f}" for count, error in result.max_errors.items()))
    draw(result, out)


def draw(result, out):
    plt = pyplot()
    if plt is None:
        return
    fig, axes = plt.subplots(1, 2, figsize=(8.5, 4))
    draw_input_plane(axes[0], result.rows)
    draw_hidden_plane(axes[1], result.rows)
    fig.tight_layout()
    save_figure(plt, fig, out, "xor_planes.png")

    fig, (bump_ax, curve_ax) = plt.subplots(1, 2, figsize=(10, 4),
                                            gridspec_kw={"width_ratios": [1, 1.4]})
    coords, _, heights = result.bump_grid
    image = bump_ax.contourf(coords, coords, heights, levels=20, cmap="viridis")
    fig.colorbar(image, ax=bump_ax, shrink=0.8)
    bump_ax.set_aspect("equal")
    bump_ax.set_xlabel("x₁")
    bump_ax.set_ylabel("x₂")
    bump_ax.set_title("four sigmoid hidden units make a bump\n"
                      "σ(K·(Σ of four edges − 3.5))", fontsize=9)
    curve_ax.plot(result.curve_xs, result.curve, color="k", linewidth=2, label="sin x + 0.3x")
    for count, colour in zip(DRAWN_COUNTS, ("#d95f02", "#1f77b4")):
        curve_ax.plot(result.curve_xs, result.approximations[count], color=colour, linewidth=1.1,
                      label=f"{count} bumps ({2 * count} hidden units), "
                            f"max error {result.max_errors[count]:.2f}")
    curve_ax.set_xlabel("x")
    curve_ax.legend(fontsize=8, loc="upper left")
    curve_ax.set_title("a sum of bumps approximates a curve", fontsize=9)
    fig.tight_layout()
    save_figure(plt, fig, out, "universal_approximator.png")


def draw_input_plane(ax, rows):
    line = [-0.3, 1.3]
    ax.fill_between(line, [0.5 - t for t in line], [1.5 - t for t in line], color="#f9d9c4",
                    label="h₁ = 1, h₂ = 0: XOR = 1")
    ax.plot(line, [0.5 - t for t in line], color="#1f77b4", label="x₁ + x₂ − 0.5 = 0  (h₁)")
    ax.plot(line, [1.5 - t for t in line], color="#2ca02c", label="x₁ + x₂ − 1.5 = 0  (h₂)")
    for row in rows:
        x1, x2 = row.x
        ax.scatter([x1], [x2], s=80, color=CLASS_COLOURS[int(row.y)], edgecolors="k", zorder=3)
        ax.annotate(f"({x1:g}, {x2:g})", (x1, x2), textcoords="offset points", xytext=(6, 6), fontsize=8)
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylim(-0.3, 1.3)
    ax.set_aspect("equal")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title("input plane: no single line separates XOR", fontsize=9)
    ax.legend(fontsize=7, loc="lower left")


def draw_hidden_plane(ax, rows):
    line = [-0.3, 1.3]
    ax.plot(line, [t - 0.5 for t in line], color="#d95f02", label="h₁ − h₂ − 0.5 = 0  (y)")
    labels = {}
    for row in rows:
        labels.setdefault(tuple(row.h), []).append(f"({row.x[0]:g}, {row.x[1]:g})")
        ax.scatter([row.h[0]], [row.h[1]], s=80, color=CLASS_COLOURS[int(row.y)], edgecolors="k",
                   zorder=3)
    for (h1, h2), xs in labels.items():
        ax.annotate("x = " + " and ".join(xs), (h1, h2), textcoords="offset points", xytext=(6, 6),
                    fontsize=8)
    ax.set_xlim(-0.3, 1.5)
    ax.set_ylim(-0.3, 1.3)
    ax.set_aspect("equal")
    ax.set_xlabel("h₁")
    ax.set_ylabel("h₂")
    ax.set_title("hidden plane: one line separates them", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")


main = demo_main(__doc__, compute, show, quick=(21, 100), full=(61, 400))


if __name__ == "__main__":
    main()
