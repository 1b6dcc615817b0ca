"""The note's table of activation functions and their derivatives, drawn by the engine.

One row per activation, as the table lays them out: name, plot, equation,
derivative. The plot shows f(x) and f′(x), where each f′(x) is the gradient
``backward()`` leaves on a leaf x after computing f(x), one graph per point,
never the formula. The formulas are then checked against those gradients at
a few points: the table's derivative column, evaluated, beside the engine.

PReLU is drawn with α = 0.1 (the library's ``leaky_relu`` defaults to 0.01,
too flat to see), ELU with α = 1. At x = 0 the table leaves the binary
step's derivative open ("?") and gives ReLU's and PReLU's as 1 ("for
x ≥ 0"); the engine takes 0 and α there, as PyTorch does. Neither is an
error: these functions have no derivative at 0, and each picks a value, a
convention. ``convention_at_zero`` finds where the two differ, and the
derivative column says so (``derivative_text``).

    python -m demos.activation_table [--out FOLDER] [--quick]
"""

import math
from dataclasses import dataclass

from autograd_core import Value

from . import errata, notes
from .output import demo_main, heading, pyplot
from .plots import save_figure

NOTE = notes.YEUM_NEURAL_NETWORK
PRELU_ALPHA = 0.1
ELU_ALPHA = 1.0


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Activation:
    name: str
    apply: object            # Value -> Value
    equation: str
    derivative: str
    note_derivative: object  # the table's derivative column, as a float function of x


TABLE = [
    Activation("Identity", lambda v: v * 1.0, "f(x) = x", "f′(x) = 1", lambda x: 1.0),
    Activation("Binary step", Value.step, "f(x) = 0 for x < 0,  1 for x ≥ 0",
               "f′(x) = 0 for x ≠ 0,  ? at 0", lambda x: 0.0),
    Activation("Logistic (soft step)", Value.sigmoid, "f(x) = 1 / (1 + e⁻ˣ)",
               "f′(x) = f(x)·(1 − f(x))", lambda x: _sigmoid(x) * (1.0 - _sigmoid(x))),
    Activation("TanH", Value.tanh, "f(x) = 2 / (1 + e⁻²ˣ) − 1",
               "f′(x) = 1 − f(x)²", lambda x: 1.0 - math.tanh(x) ** 2),
    Activation("ArcTan", Value.arctan, "f(x) = tan⁻¹ x",
               "f′(x) = 1 / (x² + 1)", lambda x: 1.0 / (x * x + 1.0)),
    Activation("ReLU", Value.relu, "f(x) = 0 for x < 0,  x for x ≥ 0",
               "f′(x) = 0 for x < 0,  1 for x ≥ 0", lambda x: 0.0 if x < 0 else 1.0),
    Activation(f"PReLU (α = {PRELU_ALPHA:g})", lambda v: v.leaky_relu(PRELU_ALPHA),
               "f(x) = αx for x < 0,  x for x ≥ 0", "f′(x) = α for x < 0,  1 for x ≥ 0",
               lambda x: PRELU_ALPHA if x < 0 else 1.0),
    Activation(f"ELU (α = {ELU_ALPHA:g})", lambda v: v.elu(ELU_ALPHA),
               "f(x) = α(eˣ − 1) for x < 0,  x for x ≥ 0",
               "f′(x) = f(x) + α for x < 0,  1 for x ≥ 0",
               lambda x: ELU_ALPHA * (math.exp(x) - 1.0) + ELU_ALPHA if x < 0 else 1.0),
    Activation("SoftPlus", Value.softplus, "f(x) = ln(1 + eˣ)",
               "f′(x) = 1 / (1 + e⁻ˣ)", lambda x: _sigmoid(x)),
]

CHECK_POINTS = [-1.5, 0.5]


def convention_at_zero(activation):
    """(the table's f′(0), the engine's) where the two differ, else None.

    At 0 a kink has no derivative; the table and the engine each pick a
    value there, so a difference is one of convention, not an erratum.
    """
    _, engine = value_and_derivative(activation, 0.0)
    table = activation.note_derivative(0.0)
    return None if engine == table else (table, engine)


def derivative_text(activation):
    """The table's derivative, and, where the engine picks another value at 0, that value."""
    differs = convention_at_zero(activation)
    if differs is None:
        return activation.derivative
    table, engine = differs
    return f"{activation.derivative}\n(at 0: table {table:g}, engine {engine:g}, a convention)"


@dataclass
class TableResult:
    xs: list
    values: dict           # name -> [f(x)]
    derivatives: dict      # name -> [f′(x)] from backward()
    comparisons: list


def value_and_derivative(activation, x):
    """f(x) and f′(x), the latter as the gradient ``backward()`` leaves on the leaf x."""
    leaf = Value(x, label="x")
    out = activation.apply(leaf)
    out.backward()
    return out.data, leaf.grad


def compute(points=121, low=-3.0, high=3.0):
    xs = [low + (high - low) * k / (points - 1) for k in range(points)]
    values, derivatives = {}, {}
    for activation in TABLE:
        pairs = [value_and_derivative(activation, x) for x in xs]
        values[activation.name] = [f for f, _ in pairs]
        derivatives[activation.name] = [d for _, d in pairs]
    comparisons = []
    for activation in TABLE:
        for x in CHECK_POINTS:
            _, engine = value_and_derivative(activation, x)
            comparisons.append(errata.Comparison(
                f"{activation.name}: f′({x:g}) by the table's formula",
                f"{activation.note_derivative(x):.12f}", engine))
    return TableResult(xs=xs, values=values, derivatives=derivatives,
                       comparisons=errata.check(comparisons))


def show(result, out):
    heading("Activation functions and their derivatives, by backward()")
    print(f"lecture note: {NOTE}")
    print("the table prints formulas, no numbers; its derivative column evaluated at "
          f"x = {', '.join(f'{x:g}' for x in CHECK_POINTS)}, beside the engine's gradient:")
    errata.print_comparisons(NOTE.short, result.comparisons)
    errata.print_summary(f"{NOTE.short} (activation table)", result.comparisons)
    draw(result, out)


def draw(result, out):
    plt = pyplot()
    if plt is None:
        return
    rows = len(TABLE)
    fig, axes = plt.subplots(rows, 4, figsize=(11, 1.05 * rows + 0.8),
                             gridspec_kw={"width_ratios": [1.5, 1.3, 2.6, 2.6]})
    for column, title in enumerate(["Name", "Plot", "Equation", "Derivative"]):
        axes[0][column].set_title(title, fontsize=9, loc="left")
    for row, activation in enumerate(TABLE):
        name_ax, plot_ax, equation_ax, derivative_ax = axes[row]
        for ax, text in ((name_ax, activation.name), (equation_ax, activation.equation),
                         (derivative_ax, derivative_text(activation))):
            ax.axis("off")
            ax.text(0.0, 0.5, text, fontsize=9, va="center", ha="left", transform=ax.transAxes)
        plot_ax.axhline(0, color="0.85", linewidth=0.6)
        plot_ax.axvline(0, color="0.85", linewidth=0.6)
        plot_ax.plot(result.xs, result.values[activation.name], color="#1f77b4", linewidth=1.3)
        plot_ax.plot(result.xs, result.derivatives[activation.name], color="#d95f02", linewidth=1.1,
                     linestyle="--")
        plot_ax.set_ylim(-1.6, 3.1)
        plot_ax.set_xticks([-3, 0, 3])
        plot_ax.set_yticks([-1, 0, 1, 2, 3])
        plot_ax.tick_params(labelsize=6)
    fig.suptitle("Activation functions: f (solid blue) and f′ as computed by backward() at each "
                 "point (dashed orange)", fontsize=10)
    fig.tight_layout()
    save_figure(plt, fig, out, "activation_table.png")


main = demo_main(__doc__, compute, show, quick=(31,), full=(121,))


if __name__ == "__main__":
    main()
