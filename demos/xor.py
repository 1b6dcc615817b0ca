"""XOR: hand-set threshold units, then a 2-2-1 sigmoid network that learns it.

Part 1 (the Bishop-style lecture “Machine Learning, Session 10:
Deep Learning”): two threshold units and one more
on top, with weights set by hand,

    h1 = Th(x1 + x2 − 0.5),  h2 = Th(x1 + x2 − 1.5),  y = Th(h1 − h2 − 0.5),

compute XOR exactly. Th is the step function; its derivative is 0, so no
gradient could ever have found these weights.

Part 2 (the slides “Introduction to Deep Learning: Backpropagation”): a 2-2-1 network with sigmoid units
trained by gradient descent on the binary cross-entropy

    L = −( y·ln ŷ + (1 − y)·ln(1 − ŷ) ),     ∂L/∂z⁽²⁾ = ŷ − y,

averaged over the four points (the note sums them, which only rescales the
learning rate). The note's hand-derived gradients are checked against the
engine's at the starting weights.

    python -m demos.xor [--out FOLDER] [--quick]
"""

from dataclasses import dataclass, field

import nn
from autograd_core import Value

from . import errata, notes
from .networks import forward_layers
from .output import demo_main, heading, render_graph
from .tables import print_loss_curve

NOTE_THRESHOLD = notes.BISHOP_LECTURE
NOTE_SIGMOID = notes.XOR_BACKPROPAGATION
POINTS = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]    # the note's table order
THRESHOLD_WEIGHTS = [[[1.0, 1.0], [1.0, 1.0]], [[1.0, -1.0]]]
THRESHOLD_BIASES = [[-0.5, -1.5], [-0.5]]
NOTE_TABLE = {(0, 0): (0, 0, 0), (1, 0): (1, 0, 1), (0, 1): (1, 0, 1), (1, 1): (1, 1, 0)}  # h1, h2, y
SEED = 0
LEARNING_RATE = 2.0
EPOCHS = 1500
QUICK_EPOCHS = 300
CHECK_POINT, CHECK_TARGET = [1.0, 1.0], 0.0


@dataclass
class ThresholdRow:
    x: list
    h: list
    net_out: float       # h1 − h2 − 0.5, before the last Th
    y: float


@dataclass
class XorResult:
    threshold_rows: list
    before: list          # ŷ for each point before training
    after: list
    losses: list
    formula_checks: list  # (name, the note's formula, engine)
    comparisons: list = field(default_factory=list)
    graph: object = None


def threshold_network():
    model = nn.MLP.from_weights(THRESHOLD_WEIGHTS, THRESHOLD_BIASES, ["step", "step"])
    rows = []
    for x in POINTS:
        hidden, output = forward_layers(model, x)
        rows.append(ThresholdRow(x=x, h=[h.data for h in hidden.outs],
                                 net_out=output.nets[0].data, y=output.outs[0].data))
    return rows


def sigmoid_network():
    return nn.MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid", seed=SEED)


def formula_checks(model):
    """The note's hand-written ∂L/∂(…) at one point, beside the engine's gradients.

    In the note's indices w⁽¹⁾ᵢⱼ joins input i to hidden unit j, and w⁽²⁾ⱼ₁
    joins hidden unit j to the output.
    """
    x = [Value(CHECK_POINT[0], label="x1"), Value(CHECK_POINT[1], label="x2")]
    hidden, output = forward_layers(model, x)
    y_hat = output.outs[0]
    loss = nn.bce_loss(y_hat, CHECK_TARGET)
    model.zero_grad()
    loss.backward()

    (n1, n2), (out,) = model.layers[0].neurons, model.layers[1].neurons
    w1 = lambda i, j: [n1, n2][j - 1].w[i - 1]          # w⁽¹⁾ᵢⱼ
    w2 = lambda j: out.w[j - 1]                          # w⁽²⁾ⱼ₁
    a1, a2 = (h.data for h in hidden.outs)
    x1, x2 = CHECK_POINT
    e = y_hat.data - CHECK_TARGET                        # ŷ − y
    s1, s2 = a1 * (1 - a1), a2 * (1 - a2)
    W11, W21 = w2(1).data, w2(2).data
    checks = [   # name, the note's formula as printed, engine
        ("∂L/∂b⁽²⁾₁", e, out.b.grad),
        ("∂L/∂w⁽²⁾₁₁", a1 * e, w2(1).grad),
        ("∂L/∂w⁽²⁾₂₁", a2 * e, w2(2).grad),
        ("∂L/∂b⁽¹⁾₁", s1 * W11 * e, n1.b.grad),
        ("∂L/∂w⁽¹⁾₁₁", x1 * s1 * W11 * e, w1(1, 1).grad),
        ("∂L/∂w⁽¹⁾₁₂", x1 * s2 * W11 * e, w1(1, 2).grad),
        ("∂L/∂w⁽¹⁾₂₁", x2 * s1 * W21 * e, w1(2, 1).grad),
        ("∂L/∂w⁽¹⁾₂₂", x2 * s2 * W21 * e, w1(2, 2).grad),
        ("∂L/∂x₁", w1(1, 1).data * s1 * W11 * (-e) + w1(1, 2).data * s2 * W21 * (-e), x[0].grad),
    ]
    return checks


FORMULA_REASONS = {
    "∂L/∂w⁽¹⁾₁₂": "the note multiplies by w⁽²⁾₁₁; unit 2 reaches the output through w⁽²⁾₂₁",
    "∂L/∂w⁽¹⁾₂₁": "the note multiplies by w⁽²⁾₂₁; unit 1 reaches the output through w⁽²⁾₁₁",
    "∂L/∂x₁": "the note writes (y − ŷ) where ∂L/∂z⁽²⁾ = ŷ − y: the sign is flipped",
}


def compute(epochs=EPOCHS):
    rows = threshold_network()
    comparisons = []
    for row in rows:
        key = (int(row.x[0]), int(row.x[1]))
        for name, printed, value in zip(("h1", "h2", "y"), NOTE_TABLE[key], row.h + [row.y]):
            comparisons.append(errata.Comparison(f"{name}{key}", str(printed), value))

    model = sigmoid_network()
    checks = formula_checks(model)
    for name, formula, engine in checks:
        comparisons.append(errata.Comparison(
            f"{name} at x = (1, 1), y = 0 (formula)", f"{formula:.9f}", engine,
            FORMULA_REASONS.get(name, "")))

    X, Y = nn.xor()
    before = [model(x).data for x in POINTS]
    optimizer = nn.SGD(model.parameters(), lr=LEARNING_RATE)
    losses = nn.fit(model, X, Y, nn.bce_loss, optimizer, epochs=epochs, verbose=False)
    after = [model(x).data for x in POINTS]
    graph = model([1.0, 0.0])
    graph.label = "ŷ"
    graph.backward()
    return XorResult(threshold_rows=rows, before=before, after=after, losses=losses,
                     formula_checks=checks, comparisons=errata.check(comparisons), graph=graph)


def show(result, out):
    heading("XOR with threshold units, hand-set weights")
    print(f"lecture note: {NOTE_THRESHOLD}")
    print(" x1 x2 │ h1 h2 │ h1 − h2 − 0.5 │ y = Th(·) │ XOR")
    for row in result.threshold_rows:
        x1, x2 = (int(v) for v in row.x)
        print(f"  {x1}  {x2} │  {row.h[0]:g}  {row.h[1]:g} │ {row.net_out:+13.1f} │ {row.y:9g} │  {x1 ^ x2}")
    print("(the note writes y = (1, −1, −0.5)·(h1, h2, 1) without the last Th; "
          "its table's y is that value thresholded)")
    errata.print_summary(f"{NOTE_THRESHOLD.short} (XOR table)", result.comparisons[:12])

    heading("XOR with a 2-2-1 sigmoid network and binary cross-entropy")
    print(f"lecture note: {NOTE_SIGMOID}")
    print("the note's hand-derived gradients at the starting weights, x = (1, 1), y = 0:")
    formula_rows = result.comparisons[12:]
    errata.print_comparisons(NOTE_SIGMOID.short, formula_rows)
    errata.print_summary(f"{NOTE_SIGMOID.short} (gradient formulas)", formula_rows)
    print()
    print(f"training: plain gradient descent, lr {LEARNING_RATE}, {len(result.losses)} epochs, "
          f"seed {SEED}")
    print_loss_curve(result.losses)
    print(" x1 x2 │ XOR │ ŷ before │ ŷ after │ rounded")
    for x, before, after in zip(POINTS, result.before, result.after):
        x1, x2 = (int(v) for v in x)
        print(f"  {x1}  {x2} │  {x1 ^ x2}  │ {before:8.4f} │ {after:7.4f} │ {round(after)}")
    correct = sum(round(a) == (int(x[0]) ^ int(x[1])) for x, a in zip(POINTS, result.after))
    print(f"{correct}/4 correct after training")
    render_graph(result.graph, out, "xor_trained.svg", collapse_neurons=True,
                 title="trained 2-2-1 network at x = (1, 0)")


main = demo_main(__doc__, compute, show, quick=(QUICK_EPOCHS,), full=(EPOCHS,))


if __name__ == "__main__":
    main()
