"""The chain rule, one step at a time (the slides “Deep Learning: how does the algorithm make a decision?”).

    y = 3x − 2,  z = y²,  at x = 2:   dz/dx = dz/dy · dy/dx = 2y · 3 = 8 · 3 = 24,

the same as differentiating the expanded z = 9x² − 12x + 4:  dz/dx = 18x − 12 = 24.
One more link, x = 5v − 2, multiplies in dx/dv = 5:  dz/dv = 8 · 3 · 5 = 120
(at v = 0.8, the v that gives x = 2 again; the note leaves v open).

Both examples are run twice: backward (reverse mode, from z back to the
input, what ``backward()`` does) and forward (forward mode, from the input
towards z). Same products, other order, same numbers; and for several
outputs of one input, forward mode needs one pass where reverse needs one
per output.

    python -m demos.chain_rule [--out FOLDER]
"""

from dataclasses import dataclass, field

from autograd_core import Value, forward_derivative, forward_steps, jacobian
from autograd_core.seeing.steps import backward_steps, chain_rule_paths

from . import errata, notes
from .output import demo_main, heading, render_graph

NOTE = notes.CHAIN_RULE


@dataclass
class ChainRuleResult:
    y: float
    z: float
    dz_dy: float
    dy_dx: float
    dz_dx: float
    dz_dx_expanded: float
    dz_dv: float
    steps: list = field(default_factory=list)          # the trace, as text
    steps_three_links: list = field(default_factory=list)
    paths_three_links: str = ""
    forward_steps: list = field(default_factory=list)  # forward mode, as text
    forward_steps_three_links: list = field(default_factory=list)
    dz_dx_forward: float = 0.0
    dz_dv_forward: float = 0.0
    jacobians: dict = field(default_factory=dict)      # mode -> Jacobian of (x, y, z) by v
    comparisons: list = field(default_factory=list)
    graphs: dict = field(default_factory=dict)         # name -> root Value, for pictures


def two_links(x0=2.0):
    """z = (3x − 2)² as a graph with labels; returns (x, y, z)."""
    x = Value(x0, label="x")
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    return x, y, z


def three_links(v0=0.8):
    """z = (3(5v − 2) − 2)²; returns (v, x, z)."""
    v = Value(v0, label="v")
    x = 5 * v - 2
    x.label = "x"
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    return v, x, z


def compute():
    """Every number of the chain-rule example, by the engine."""
    x, y, z = two_links()
    steps = [str(step) for step in backward_steps(z)]
    dz_dy = z.local_grads[0]                    # 2y at y = 4
    dy_dx = chain_rule_paths(y, x).total        # ∂y/∂v1 · ∂v1/∂x = 1 · 3

    x_expanded = Value(2.0, label="x")
    z_expanded = 9 * x_expanded ** 2 - 12 * x_expanded + 4
    z_expanded.label = "z"
    z_expanded.backward()                       # dz/dx = 18x − 12

    forward = [str(step) for step in forward_steps(z, x)]
    dz_dx_forward = forward_derivative(z, x)

    v, x3, z3 = three_links()
    steps3 = [str(step) for step in backward_steps(z3)]
    paths = str(chain_rule_paths(z3, v))
    forward3 = [str(step) for step in forward_steps(z3, v)]
    dz_dv_forward = forward_derivative(z3, v)
    y3 = z3.inputs[0]
    jacobians = {mode: jacobian([x3, y3, z3], [v], mode=mode) for mode in ("reverse", "forward")}

    comparisons = errata.check([
        errata.Comparison("y(2) = 3·2 − 2", "4", y.data),
        errata.Comparison("z(4) = 4²", "16", z.data),
        errata.Comparison("dz/dy(4) = 2·4", "8", dz_dy),
        errata.Comparison("dy/dx(2)", "3", dy_dx),
        errata.Comparison("dz/dx(2) = 8 · 3", "24", x.grad),
        errata.Comparison("dz/dx(2) = 18·2 − 12", "24", x_expanded.grad),
    ])
    return ChainRuleResult(
        y=y.data, z=z.data, dz_dy=dz_dy, dy_dx=dy_dx, dz_dx=x.grad,
        dz_dx_expanded=x_expanded.grad, dz_dv=v.grad,
        steps=steps, steps_three_links=steps3, paths_three_links=paths,
        forward_steps=forward, forward_steps_three_links=forward3,
        dz_dx_forward=dz_dx_forward, dz_dv_forward=dz_dv_forward, jacobians=jacobians,
        comparisons=comparisons, graphs={"chain_rule.svg": z, "chain_rule_three_links.svg": z3})


def show(result, out):
    heading("The chain rule, step by step")
    print(f"lecture note: {NOTE}")
    print("y = 3x − 2,  z = y²,  x = 2")
    print(f"forward:   y = {result.y:g},  z = {result.z:g}")
    print("backward, one chain-rule step at a time (v1 is the intermediate 3x):")
    for number, step in enumerate(result.steps, start=1):
        print(f"  {number}. {step}")
    print(f"so dz/dx = {result.dz_dx:g}; differentiating the expanded 9x² − 12x + 4 "
          f"gives 18x − 12 = {result.dz_dx_expanded:g} as well.")
    print()
    print("Three links: x = 5v − 2, y = 3x − 2, z = y², at v = 0.8 (so x = 2):")
    for number, step in enumerate(result.steps_three_links, start=1):
        print(f"  {number}. {step}")
    print("The same gradient as the product along the only path from v to z:")
    print("  " + result.paths_three_links.replace("\n", "\n  "))
    print(f"dz/dv = dz/dy · dy/dx · dx/dv = 8 · 3 · 5 = {result.dz_dv:g}")
    print()
    print("Forward mode: the same chain rule from the input towards z, each node's")
    print("derivative with respect to x in the order the nodes were computed:")
    for number, step in enumerate(result.forward_steps, start=1):
        print(f"  {number}. {step}")
    print(f"so dz/dx = {result.dz_dx_forward:g} again (backward: {result.dz_dx:g}). Three links, from v:")
    for number, step in enumerate(result.forward_steps_three_links, start=1):
        print(f"  {number}. {step}")
    print(f"dz/dv = {result.dz_dv_forward:g} (backward: {result.dz_dv:g}).")
    reverse, forward = result.jacobians["reverse"], result.jacobians["forward"]
    column = ", ".join(f"{row[0]:g}" for row in forward)
    print(f"All of dx/dv, dy/dv, dz/dv = ({column}): forward mode in {forward.passes} pass "
          f"(one per input), reverse mode in {reverse.passes} (one per output).")
    print()
    errata.print_comparisons(NOTE.short, result.comparisons)
    errata.print_summary(NOTE.short, result.comparisons)
    for filename, root in result.graphs.items():
        render_graph(root, out, filename)


main = demo_main(__doc__, compute, show)


if __name__ == "__main__":
    main()
