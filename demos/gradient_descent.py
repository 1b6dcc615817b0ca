"""Gradient descent on a quadratic, three learning rates (Yeum, “Neural Network”).

    y(θ) = θ²,   y′(θ) = 2θ,   θ ← θ − α · y′(θ),   from θ₀ = −4.

The note's figure is missing; y′(−4) = −8 and y′(8) = 16 as printed fix
y = θ² (up to a constant, which changes no gradient). α = 0.1 creeps
towards the minimum at 0, α = 1.5 overshoots further each step, α = 0.01
barely moves. The engine computes every y′(θ) by ``backward()``.

The note's two missing figures are drawn from the same runs: the "10
iterations" simulation at α = 0.1, and the effect of the learning rate over
10 iterations. Since θ ← θ − α·2θ = (1 − 2α)·θ, each step multiplies θ by
1 − 2α: α = 0.01 is slow (0.98), 0.1 steady (0.8), 0.5 lands on the minimum
in one step (0), 0.9 oscillates in (−0.8), 1.0 bounces between −4 and 4
forever (−1), and 1.5 diverges (−2).

    python -m demos.gradient_descent [--out FOLDER]
"""

from dataclasses import dataclass, field

from autograd_core import Value

from . import errata, notes
from .output import demo_main, heading, pyplot
from .plots import save_figure

NOTE = notes.YEUM_NEURAL_NETWORK
THETA0 = -4.0
ITERATIONS = 10
SIMULATION_RATE = 0.1
LEARNING_RATES = {          # α -> what the path does
    0.01: "slow",
    0.1: "steady",
    0.5: "one step",
    0.9: "oscillates, converges",
    1.0: "bounces forever",
    1.5: "diverges",
}


@dataclass
class DescentResult:
    runs: dict = field(default_factory=dict)     # α -> (thetas, gradients), the note's steps
    comparisons: list = field(default_factory=list)
    rates: dict = field(default_factory=dict)    # α -> (thetas, gradients), ITERATIONS steps


def derivative(theta):
    """y′(θ) for y = θ², by the engine."""
    t = Value(theta, label="θ")
    y = t ** 2
    y.backward()
    return t.grad


def descend(lr, steps, theta0=THETA0):
    """θ₀, θ₁, …, θ_steps and the gradient y′ used at each step."""
    thetas, gradients = [theta0], []
    for _ in range(steps):
        g = derivative(thetas[-1])
        gradients.append(g)
        thetas.append(thetas[-1] - lr * g)
    return thetas, gradients


def compute():
    runs = {lr: descend(lr, steps) for lr, steps in ((0.1, 3), (1.5, 3), (0.01, 2))}
    t, g = runs[0.1]
    slow_t, slow_g = runs[0.01]
    C = errata.Comparison
    comparisons = errata.check([
        C("α=0.1   y′(θ₀)", "-8", g[0]),
        C("α=0.1   θ₁", "-3.2", t[1]),
        C("α=0.1   y′(θ₁)", "-6.4", g[1]),
        C("α=0.1   θ₂", "-2.56", t[2]),
        C("α=0.1   y′(θ₂)", "-5.12", g[2]),
        C("α=0.1   θ₃", "-3.012", t[3],
          f"θ₂ − 0.1·(−5.12) = −2.56 + 0.512 = {t[3]:g}: the step moves towards 0, "
          f"the note's value moves away"),
        C("α=1.5   θ₁", "8", runs[1.5][0][1]),
        C("α=1.5   y′(θ₁)", "16", runs[1.5][1][1]),
        C("α=1.5   θ₂", "-16", runs[1.5][0][2]),
        C("α=1.5   y′(θ₂)", "-32", runs[1.5][1][2]),
        C("α=1.5   θ₃", "32", runs[1.5][0][3]),
        C("α=0.01  θ₁", "-3.98", slow_t[1],
          f"−4 − 0.01·(−8) = −4 + 0.08 = {slow_t[1]:g}"),
        C("α=0.01  y′(θ₁)", "-1.96", slow_g[1],
          f"y′(θ₁) = 2θ₁ = {slow_g[1]:g}; even at the note's θ₁ = −3.98 it is −7.96"),
        C("α=0.01  θ₂", "-3.9996", slow_t[2],
          f"θ₁ − 0.01·y′(θ₁) = {slow_t[1]:g} + {-0.01 * slow_g[1]:g} = {slow_t[2]:g}; "
          f"not even the note's own −3.98 − 0.01·(−1.96) = −3.9604 gives −3.9996"),
    ])
    rates = {lr: descend(lr, ITERATIONS) for lr in LEARNING_RATES}
    return DescentResult(runs=runs, comparisons=comparisons, rates=rates)


def loss(theta):
    return theta * theta


def show(result, out=None):
    heading("Gradient descent on y = θ²")
    print(f"lecture note: {NOTE}")
    for lr, (thetas, gradients) in result.runs.items():
        path = "  →  ".join(f"{t:g}" for t in thetas)
        print(f"α = {lr:<5g} θ: {path}")
    print()
    errata.print_comparisons(NOTE.short, result.comparisons)
    errata.print_summary(f"{NOTE.short} (gradient descent)", result.comparisons)
    print()
    print(f"{ITERATIONS} iterations at each learning rate (the note prints no "
          f"numbers for its figures):")
    for lr, (thetas, _) in result.rates.items():
        print(f"α = {lr:<5g} {LEARNING_RATES[lr]:<22} θ₁₀ = {thetas[-1]:<12.6g} "
              f"y(θ₁₀) = {loss(thetas[-1]):.6g}")
    if out is not None:
        draw(result, out)


def draw(result, out):
    plt = pyplot()
    if plt is None:
        return
    thetas, _ = result.rates[SIMULATION_RATE]
    fig, (curve, steps) = plt.subplots(1, 2, figsize=(9, 3.6))
    draw_path_on_parabola(curve, thetas)
    curve.set_title(f"y = θ², α = {SIMULATION_RATE}, from θ₀ = {THETA0:g}: {ITERATIONS} iterations",
                    fontsize=9)
    steps.plot(range(len(thetas)), [loss(t) for t in thetas], "o-", color="#d95f02")
    steps.set_xlabel("iteration k")
    steps.set_ylabel("y(θₖ)")
    steps.set_title("the loss falls by (1 − 2α)² = 0.64 each step", fontsize=9)
    fig.tight_layout()
    save_figure(plt, fig, out, "gradient_descent_10_iterations.png")

    fig, axes = plt.subplots(2, len(result.rates), figsize=(2.6 * len(result.rates), 5))
    for column, (lr, (thetas, _)) in enumerate(result.rates.items()):
        top, bottom = axes[0][column], axes[1][column]
        draw_path_on_parabola(top, thetas)
        top.set_title(f"α = {lr:g}: {LEARNING_RATES[lr]}", fontsize=9, pad=12)
        bottom.plot(range(len(thetas)), [loss(t) for t in thetas], "o-", markersize=3,
                    color="#d95f02")
        bottom.set_xlabel("iteration k", fontsize=8)
        if column == 0:
            bottom.set_ylabel("loss y(θₖ)")
        if lr > 1.0:
            bottom.set_yscale("log")
            bottom.set_title("(log scale)", fontsize=8)
    fig.suptitle("Effect of the learning rate: θ ← θ − α·2θ on y = θ², 10 iterations from θ₀ = −4",
                 fontsize=10)
    fig.tight_layout()
    save_figure(plt, fig, out, "gradient_descent_learning_rates.png")


def draw_path_on_parabola(ax, thetas):
    """The curve y = θ² wide enough to hold every θ, and the path θ₀ → θ₁ → … on it."""
    reach = max(abs(t) for t in thetas) * 1.1
    grid = [-reach + 2 * reach * k / 200 for k in range(201)]
    ax.plot(grid, [loss(t) for t in grid], color="0.6", linewidth=1)
    ax.plot(thetas, [loss(t) for t in thetas], "o-", color="#1f77b4", markersize=3, linewidth=0.8)
    ax.plot([thetas[0]], [loss(thetas[0])], "s", color="k", markersize=4)
    ax.set_xlabel("θ", fontsize=8)


main = demo_main(__doc__, compute, show)


if __name__ == "__main__":
    main()
