"""Derivatives of derivatives: tanh's first few, Newton's method, and a network's Hessian.

1. tanh and its first three derivatives, each computed by the engine
   (``derivative(f, x, order=n)`` applies ``grad(..., create_graph=True)``
   n times), beside their closed forms
   tanh′ = 1 − t², tanh″ = −2t(1 − t²), tanh‴ = −2(1 − t²)(1 − 3t²), t = tanh x;
   and the graph of d tanh(x)/dx itself, drawn like any other graph.
2. Newton's method θ ← θ − f′(θ)/f″(θ), both derivatives by the engine, on
   the gradient-descent quadratic of the notes (y = θ², from θ₀ = −4: one
   step lands on the minimum) and on f(θ) = e^θ − 2θ (minimum at ln 2, where
   the error is squared at every step), next to gradient descent.
3. The Hessian of the step-by-step 2-2-2 network's error with respect to its
   eight weights: symmetric, and each entry checked against central
   differences of the first derivatives.

    python -m demos.higher_order [--out FOLDER] [--quick]
"""

import io
import math
import os
from dataclasses import dataclass, field

import nn
from autograd_core import Value, derivative, grad, hessian
from autograd_core.examples import NETWORK_2_2_2
from autograd_core.files import write_atomically

from .output import demo_main, heading, pyplot, render_graph

TANH_POINTS = 121
QUICK_TANH_POINTS = 13
TANH_RANGE = (-3.0, 3.0)

QUADRATIC_START = -4.0                  # the notes' gradient-descent example
NON_QUADRATIC_START = 2.0
DESCENT_RATE = 0.1
NEWTON_STEPS = 6

# The step-by-step example's network (inputs, targets, weights w1 … w8, biases).
INPUTS = NETWORK_2_2_2["inputs"]
TARGETS = NETWORK_2_2_2["targets"]
WEIGHTS = NETWORK_2_2_2["weights"]
BIASES = NETWORK_2_2_2["biases"]
WEIGHT_NAMES = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]


def tanh_closed_forms(x):
    """tanh x and its first three derivatives, by the formulas (plain floats)."""
    t = math.tanh(x)
    s = 1.0 - t * t
    return [t, s, -2.0 * t * s, -2.0 * s * (1.0 - 3.0 * t * t)]


@dataclass
class HigherOrderResult:
    xs: list
    tanh_derivatives: list                     # [order][point], by the engine
    tanh_closed: list                          # [order][point], by the formulas
    tanh_derivative_graph: Value = None        # d tanh(x)/dx at x = 0.5, a graph
    newton: dict = field(default_factory=dict)     # function name -> list of θ
    descent: dict = field(default_factory=dict)    # function name -> list of θ
    hessian: list = field(default_factory=list)
    hessian_numeric: list = field(default_factory=list)


def tanh_table(points):
    lo, hi = TANH_RANGE
    xs = [lo + (hi - lo) * k / (points - 1) for k in range(points)]
    engine = [[derivative(lambda t: t.tanh(), x, order=n) for x in xs] for n in range(4)]
    closed = [[tanh_closed_forms(x)[n] for x in xs] for n in range(4)]
    return xs, engine, closed


def tanh_derivative_graph(x0=0.5):
    """d tanh(x)/dx at x0 as a graph of Values: 1 − out·out, out = tanh(x)."""
    x = Value(x0, label="x")
    y = x.tanh()
    y.label = "y"
    (dy_dx,) = grad(y, x, create_graph=True)
    return dy_dx


def quadratic(t):
    return t ** 2


def exp_minus_two(t):
    return t.exp() - 2 * t


def newton(f, theta, steps):
    """θ₀, θ₁, … of Newton's method θ ← θ − f′(θ)/f″(θ), derivatives by the engine."""
    thetas = [theta]
    for _ in range(steps):
        x = Value(thetas[-1], label="θ")
        (slope,) = grad(f(x), x, create_graph=True)
        (curvature,) = grad(slope, x)
        if curvature.data == 0.0:
            break
        thetas.append(thetas[-1] - slope.data / curvature.data)
    return thetas


def gradient_descent(f, theta, rate, steps):
    """θ₀, θ₁, … of θ ← θ − α·f′(θ), the derivative by ``backward()``."""
    thetas = [theta]
    for _ in range(steps):
        x = Value(thetas[-1], label="θ")
        f(x).backward()
        thetas.append(thetas[-1] - rate * x.grad)
    return thetas


def network_error(weights):
    """E_total of the 2-2-2 network with the eight weights given as Values (biases fixed)."""
    layers = [[weights[0:2], weights[2:4]], [weights[4:6], weights[6:8]]]
    model = nn.MLP.from_weights(WEIGHTS, BIASES, ["sigmoid", "sigmoid"])
    for layer, rows in zip(model.layers, layers):
        for neuron, row in zip(layer.neurons, rows):
            neuron.w = list(row)
    return nn.sse_loss(model(INPUTS), TARGETS)


def network_hessian():
    weights = [Value(w, label=name) for w, name in
               zip([w for layer in WEIGHTS for row in layer for w in row], WEIGHT_NAMES)]
    return hessian(network_error(weights), weights)


def network_hessian_by_differences(eps=1e-6):
    """Column j: (∇E(w + eps·eⱼ) − ∇E(w − eps·eⱼ)) / (2·eps), gradients by ``grad``."""
    base = [w for layer in WEIGHTS for row in layer for w in row]

    def gradient(point):
        weights = [Value(w) for w in point]
        return [d.data for d in grad(network_error(weights), weights)]

    columns = []
    for j in range(len(base)):
        up, down = list(base), list(base)
        up[j] += eps
        down[j] -= eps
        columns.append([(a - b) / (2 * eps) for a, b in zip(gradient(up), gradient(down))])
    return [[columns[j][i] for j in range(len(base))] for i in range(len(base))]


def compute(quick=False):
    xs, engine, closed = tanh_table(QUICK_TANH_POINTS if quick else TANH_POINTS)
    return HigherOrderResult(
        xs=xs, tanh_derivatives=engine, tanh_closed=closed,
        tanh_derivative_graph=tanh_derivative_graph(),
        newton={"θ²": newton(quadratic, QUADRATIC_START, 1),
                "e^θ − 2θ": newton(exp_minus_two, NON_QUADRATIC_START, NEWTON_STEPS)},
        descent={"θ²": gradient_descent(quadratic, QUADRATIC_START, DESCENT_RATE, NEWTON_STEPS),
                 "e^θ − 2θ": gradient_descent(exp_minus_two, NON_QUADRATIC_START,
                                              DESCENT_RATE, NEWTON_STEPS)},
        hessian=network_hessian(),
        hessian_numeric=network_hessian_by_differences(),
    )


def print_report(r):
    heading("tanh and its derivatives, by repeated grad(create_graph=True)")
    print(f"  {'x':>6}  {'order':>5}  {'engine':>13}  {'formula':>13}")
    for x in (-2.0, -0.5, 0.0, 0.5, 2.0):
        k = min(range(len(r.xs)), key=lambda i: abs(r.xs[i] - x))
        for n in range(4):
            print(f"  {r.xs[k]:6.2f}  {n:5d}  {r.tanh_derivatives[n][k]:13.10f}  "
                  f"{r.tanh_closed[n][k]:13.10f}")
    worst = max(abs(a - b) for n in range(4)
                for a, b in zip(r.tanh_derivatives[n], r.tanh_closed[n]))
    print(f"  largest difference from the formulas over {len(r.xs)} points: {worst:.1e}")
    g = r.tanh_derivative_graph
    print(f"  d tanh(x)/dx at x = 0.5 is the graph '{g.label}' = {g.data:.10f}, "
          f"made by operation '{g.op}' from {len(g.inputs)} input(s)")

    heading("Newton's method θ ← θ − f′(θ)/f″(θ) beside gradient descent (α = 0.1)")
    for name in r.newton:
        target = 0.0 if name == "θ²" else math.log(2.0)
        print(f"  f(θ) = {name}, minimum at θ* = {target:.10g}")
        print(f"    {'step':>4}  {'Newton θ':>14}  {'|θ − θ*|':>9}  {'descent θ':>14}  {'|θ − θ*|':>9}")
        newton_thetas, descent_thetas = r.newton[name], r.descent[name]
        for k in range(len(descent_thetas)):
            left = (f"{newton_thetas[k]:14.10f}  {abs(newton_thetas[k] - target):9.2e}"
                    if k < len(newton_thetas) else " " * 25)
            print(f"    {k:4d}  {left}  {descent_thetas[k]:14.10f}  "
                  f"{abs(descent_thetas[k] - target):9.2e}")

    heading("Hessian of the 2-2-2 network's error E_total, by grad of grad")
    print("  " + "".join(f"{name:>10}" for name in [""]) + "".join(f"{name:>10}" for name in WEIGHT_NAMES))
    for name, row in zip(WEIGHT_NAMES, r.hessian):
        print(f"  {name:>10}" + "".join(f"{h:10.2e}" for h in row))
    asymmetry = max(abs(r.hessian[i][j] - r.hessian[j][i])
                    for i in range(8) for j in range(8))
    difference = max(abs(a - b) for row, numeric in zip(r.hessian, r.hessian_numeric)
                     for a, b in zip(row, numeric))
    print(f"  symmetric to {asymmetry:.1e}; largest difference from central differences "
          f"of the gradient: {difference:.1e}")


def draw(r, out):
    plt = pyplot()
    if plt is None:
        return []
    paths = []
    figure, axes = plt.subplots(figsize=(8, 4.5))
    names = ["tanh x", "tanh′ x", "tanh″ x", "tanh‴ x"]
    for n, name in enumerate(names):
        axes.plot(r.xs, r.tanh_derivatives[n], label=f"{name} (engine)", linewidth=2)
    axes.axhline(0.0, color="#999999", linewidth=0.8)
    axes.set_xlabel("x")
    axes.set_title("tanh and its derivatives, each by grad(..., create_graph=True) again")
    axes.legend(loc="lower right", fontsize=9)
    paths.append(_save(figure, plt, out, "tanh_derivatives.png"))

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, name, f in ((left, "θ²", lambda t: t * t),
                        (right, "e^θ − 2θ", lambda t: math.exp(t) - 2 * t)):
        lo = min(r.newton[name] + r.descent[name]) - 0.5
        hi = max(r.newton[name] + r.descent[name]) + 0.5
        grid = [lo + (hi - lo) * k / 200 for k in range(201)]
        ax.plot(grid, [f(t) for t in grid], color="#444444", linewidth=1)
        ax.plot(r.descent[name], [f(t) for t in r.descent[name]], "o-", color="#1f77b4",
                label="gradient descent, α = 0.1")
        ax.plot(r.newton[name], [f(t) for t in r.newton[name]], "s--", color="#d62728",
                label="Newton's method")
        ax.set_title(f"f(θ) = {name}")
        ax.set_xlabel("θ")
        ax.legend(fontsize=8)
    figure.suptitle("Newton's method uses f″ from the engine: one step on a quadratic")
    paths.append(_save(figure, plt, out, "newton.png"))
    return paths


def _save(figure, plt, out, filename):
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    path = write_atomically(os.path.join(out, filename), buffer.getvalue(), "higher_order")
    print(f"wrote {path}")
    return path


def show(result, out):
    print_report(result)
    draw(result, out)
    render_graph(result.tanh_derivative_graph, out, "tanh_derivative_graph.svg",
                 title="the graph of d tanh(x)/dx at x = 0.5")


main = demo_main(__doc__, compute, show, quick={"quick": True}, full={"quick": False})


if __name__ == "__main__":
    main()
