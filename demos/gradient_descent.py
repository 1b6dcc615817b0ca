"""Gradient descent on a quadratic, three learning rates (Yeum, “Neural Network”).

    y(θ) = θ²,   y′(θ) = 2θ,   θ ← θ − α · y′(θ),   from θ₀ = −4.

The note's figure is missing; y′(−4) = −8 and y′(8) = 16 as printed fix
y = θ² (up to a constant, which changes no gradient). α = 0.1 creeps
towards the minimum at 0, α = 1.5 overshoots further each step, α = 0.01
barely moves. The engine computes every y′(θ) by ``backward()``.

    python -m demos.gradient_descent
"""

from dataclasses import dataclass, field

from autograd_core import Value

from . import errata, notes
from .output import heading, parse_args

NOTE = notes.YEUM_NEURAL_NETWORK
THETA0 = -4.0


@dataclass
class DescentResult:
    runs: dict = field(default_factory=dict)     # α -> (thetas, gradients)
    comparisons: list = field(default_factory=list)


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
    return DescentResult(runs=runs, comparisons=comparisons)


def show(result, out=None):
    heading("Gradient descent on y = θ²")
    print(f"lecture note: {NOTE}")
    for lr, (thetas, gradients) in result.runs.items():
        path = "  →  ".join(f"{t:g}" for t in thetas)
        print(f"α = {lr:<5g} θ: {path}")
    print()
    errata.print_comparisons(NOTE.short, result.comparisons)
    errata.print_summary(f"{NOTE.short} (gradient descent)", result.comparisons)


def main(argv=None):
    parse_args(__doc__.splitlines()[0], argv)
    result = compute()
    show(result)
    return result


if __name__ == "__main__":
    main()
