"""A ReLU → sigmoid → softmax network, and a 2-2-2 network with local errors δ.

Part 1 (Yeum, “Neural Network”): input (0.1, 0.2, 0.7), three layers
of three units, every bias 1.0, target (1, 0, 0):

    h1 = relu(x·W_ij + 1),  h2 = σ(h1·W_jk + 1),  O = softmax(h2·W_kl + 1),
    E  = −Σᵢ [ yᵢ·ln Oᵢ + (1 − yᵢ)·ln(1 − Oᵢ) ]       (the note's example: no 1/n).

In the note's row-vector convention W[i][j] is the weight from unit i to
unit j. The engine's gradient of E sums every path through the softmax,
∂E/∂O_in_l = Σᵢ ∂E/∂O_out_i · ∂O_out_i/∂O_in_l, not only the diagonal
terms i = l that the note's formulas keep.

Part 2 (the Bishop-style lecture “Machine Learning, Session 10: Deep Learning”): a = W⁽¹⁾x + b⁽¹⁾, z = σ(a), h = σ(W⁽²⁾z + b⁽²⁾),
E = ½ Σ (h − y)², local errors δ = ∂E/∂a, and ∂E/∂w_ji = δ_j · z_i:

    δ⁽²⁾ = (h − y) ⊙ h ⊙ (1 − h),     δ⁽¹⁾ = σ′(a⁽¹⁾) ⊙ W⁽²⁾ᵀ δ⁽²⁾.

    python -m demos.softmax_network [--out FOLDER]
"""

import math
from dataclasses import dataclass, field

import nn

from . import errata, notes
from .networks import forward_layers
from .output import demo_main, heading, render_graph
from .tables import print_matrix, transpose

NOTE_3_LAYER = notes.YEUM_NEURAL_NETWORK
NOTE_BISHOP = notes.BISHOP_LECTURE

# Part 1, in the note's convention: W[i][j] from unit i to unit j.
X3 = [0.1, 0.2, 0.7]
W_IJ = [[0.1, 0.2, 0.3], [0.3, 0.2, 0.7], [0.4, 0.3, 0.9]]
W_JK = [[0.2, 0.3, 0.5], [0.3, 0.5, 0.7], [0.6, 0.4, 0.8]]
W_KL = [[0.1, 0.4, 0.8], [0.3, 0.7, 0.2], [0.5, 0.2, 0.9]]
W_IJ_AS_PRINTED_IN_EXAMPLE = [[0.1, 0.4, 0.3], [0.3, 0.7, 0.7], [0.5, 0.2, 0.9]]
BIAS = 1.0
TARGET = [1.0, 0.0, 0.0]
NOTE_O_IN = [1.8658, 2.2292, 2.8204]
NOTE_O_OUT = [0.2698, 0.3223, 0.4078]
NOTE_H2_OUT = [0.938, 0.94, 0.98]

# Part 2, a = W x + b: W[j][i] from input i to unit j.
X2 = [0.05, 0.10]
Y2 = [0.01, 0.99]
W1_BISHOP = [[0.25, 0.30], [0.15, 0.20]]
W2_BISHOP = [[0.45, 0.40], [0.50, 0.55]]
B1_BISHOP = [0.35, 0.35]
B2_BISHOP = [0.60, 0.60]


@dataclass
class ThreeLayerResult:
    h1_in: list
    h2_in: list
    h2_out: list
    o_in: list
    o_out: list
    error: float
    error_terms: list
    categorical: float            # −ln O_1, nn.cross_entropy_loss
    gradients: dict               # "W_ij" … -> matrix in the note's layout, "b_j" … -> list
    grad_o_in: list               # ∂E/∂O_in from the engine (every path)
    grad_o_in_diagonal: list      # the same, keeping only the note's diagonal terms
    softmax_examples: list        # (inputs, outputs)
    h1_in_with_printed_matrix: list   # what the W_ij printed beside the layer-1 example gives
    comparisons: list = field(default_factory=list)
    graph: object = None


@dataclass
class BishopResult:
    a1: list
    z1: list
    a2: list
    h: list
    miss: list                    # h − y
    squared_norm: float
    delta2: list
    delta1: list
    grad_w2: list
    grad_w1: list
    delta2_with_bce: list         # δ⁽²⁾ when E is the binary cross-entropy summed over outputs
    comparisons: list = field(default_factory=list)


def three_layer():
    weights = [transpose(W_IJ), transpose(W_JK), transpose(W_KL)]    # nn wants one row per unit
    model = nn.MLP.from_weights(weights, [[BIAS] * 3] * 3, ["relu", "sigmoid", "softmax"])
    layer1, layer2, layer3 = forward_layers(
        model, X3,
        net_names=[[f"h1_in{k}" for k in (1, 2, 3)], [f"h2_in{k}" for k in (1, 2, 3)],
                   [f"O_in{k}" for k in (1, 2, 3)]],
        out_names=[[f"h1_out{k}" for k in (1, 2, 3)], [f"h2_out{k}" for k in (1, 2, 3)],
                   [f"O_out{k}" for k in (1, 2, 3)]])
    probs = layer3.outs
    error = len(probs) * nn.bce_loss(probs, TARGET)      # the note sums the terms: n × mean
    error.label = "E"
    error.backward()
    terms = [-(y * math.log(p.data) + (1 - y) * math.log(1 - p.data)) for p, y in zip(probs, TARGET)]
    categorical = nn.cross_entropy_loss([p.data for p in probs], TARGET).data

    def grad_matrix(layer):          # back to the note's layout: row = from, column = to
        return transpose([[w.grad for w in neuron.w] for neuron in layer.neurons])

    gradients = {name: grad_matrix(layer) for name, layer in zip(("W_ij", "W_jk", "W_kl"), model.layers)}
    for name, layer in zip(("b_j", "b_k", "b_l"), model.layers):
        gradients[name] = [neuron.b.grad for neuron in layer.neurons]
    diagonal = [p.grad * p.data * (1 - p.data) for p in probs]   # ∂E/∂O_out_l · ∂O_out_l/∂O_in_l only

    softmax_examples = [([0.8, 1.2, 3.1], [v.data for v in nn.softmax([0.8, 1.2, 3.1])]),
                        ([2.0, 1.0, 0.1], [v.data for v in nn.softmax([2.0, 1.0, 0.1])])]
    result = ThreeLayerResult(
        h1_in=[v.data for v in layer1.nets], h2_in=[v.data for v in layer2.nets],
        h2_out=[v.data for v in layer2.outs], o_in=[v.data for v in layer3.nets],
        o_out=[p.data for p in probs], error=error.data, error_terms=terms, categorical=categorical,
        gradients=gradients, grad_o_in=[v.grad for v in layer3.nets], grad_o_in_diagonal=diagonal,
        softmax_examples=softmax_examples, graph=error,
        h1_in_with_printed_matrix=[sum(x * W_IJ_AS_PRINTED_IN_EXAMPLE[i][j] for i, x in enumerate(X3)) + BIAS
                                   for j in range(3)])
    result.comparisons = errata.check(three_layer_comparisons(result))
    return result


def three_layer_comparisons(r):
    C = errata.Comparison
    rows = []
    (ex1_in, ex1_out), (ex2_in, ex2_out) = r.softmax_examples
    for k, printed in enumerate(["0.08", "0.12", "0.80"]):
        rows.append(C(f"softmax(0.8, 1.2, 3.1)[{k + 1}]", printed, ex1_out[k]))
    for k, printed in enumerate(["0.7", "0.2", "0.1"]):
        rows.append(C(f"softmax(2.0, 1.0, 0.1)[{k + 1}]", printed, ex2_out[k]))

    for k, printed in enumerate(["1.35", "1.27", "1.8"]):
        rows.append(C(f"h1_in{k + 1}", printed, r.h1_in[k]))
    rows.append(C("h2_in1", "2.73", r.h2_in[0]))
    rows.append(C("h2_in2", "2.76", r.h2_in[1]))
    rows.append(C("h2_in3", "4.001", r.h2_in[2],
                  "1.35·0.5 + 1.27·0.7 + 1.8·0.8 + 1 = 4.004: a slip in the last digit"))
    truncated = (f"σ(h2_in1) = {r.h2_out[0]:.5f} cut off after three digits; rounded it is "
                 f"{r.h2_out[0]:.3f}")
    for k, printed in enumerate(["0.938", "0.94", "0.98"]):
        rows.append(C(f"h2_out{k + 1}", printed, r.h2_out[k], truncated if k == 0 else ""))
    o_in_from_printed = [sum(h * W_KL[i][j] for i, h in enumerate(NOTE_H2_OUT)) + BIAS for j in range(3)]
    for k in range(3):
        rows.append(C(f"O_in{k + 1}", f"{NOTE_O_IN[k]}", r.o_in[k], from_rounded=o_in_from_printed[k]))
    total = sum(NOTE_O_IN)
    own_softmax = [math.exp(v) / sum(math.exp(u) for u in NOTE_O_IN) for v in NOTE_O_IN]
    for k in range(3):
        rows.append(C(
            f"O_out{k + 1} = softmax(O_in){k + 1}", f"{NOTE_O_OUT[k]}", r.o_out[k],
            f"the note divides O_in by its sum ({NOTE_O_IN[k]}/{total:.4f} = "
            f"{NOTE_O_IN[k] / total:.4f}) instead of exponentiating first; the softmax of "
            f"its own O_in is {own_softmax[k]:.4f}"))
    note_args = [NOTE_O_OUT[0], 1 - NOTE_O_OUT[1], 1 - NOTE_O_OUT[2]]
    term_names = ["−ln O_out1", "−ln(1 − O_out2)", "−ln(1 − O_out3)"]
    for k, printed in enumerate(["0.569858", "0.16886", "0.22753"]):
        in_base_10 = -math.log10(note_args[k])
        how = "log base 10 of the note's wrong O_out"
        if abs(in_base_10 - float(printed)) > errata.Comparison("", printed, 0.0).half_unit:
            how += ", and a digit slip"
        rows.append(C(term_names[k], printed, r.error_terms[k],
                      f"{how}: −log₁₀({note_args[k]:.4f}) = {in_base_10:.6f}"))
    rows.append(C("E (cross-entropy)", "0.985", r.error,
                  f"log base 10 and the wrong O_out; and its three printed terms add up to "
                  f"{0.569858 + 0.16886 + 0.22753:.3f}, not 0.985. With the formula's 1/n the "
                  f"exact value is {r.error / 3:.6f}"))
    return rows


def bishop():
    model = nn.MLP.from_weights([W1_BISHOP, W2_BISHOP], [B1_BISHOP, B2_BISHOP], ["sigmoid", "sigmoid"])
    hidden, output = forward_layers(model, X2, net_names=[["a1_1", "a1_2"], ["a2_1", "a2_2"]],
                                    out_names=[["z1", "z2"], ["h1", "h2"]])
    error = nn.sse_loss(output.outs, Y2)          # E = ½ Σ (h − y)²
    error.backward()
    h = [v.data for v in output.outs]
    miss = [hk - yk for hk, yk in zip(h, Y2)]
    delta2 = [a.grad for a in output.nets]
    delta1 = [a.grad for a in hidden.nets]
    grad_w2 = [[w.grad for w in neuron.w] for neuron in model.layers[1].neurons]
    grad_w1 = [[w.grad for w in neuron.w] for neuron in model.layers[0].neurons]

    bce_model = nn.MLP.from_weights([W1_BISHOP, W2_BISHOP], [B1_BISHOP, B2_BISHOP], ["sigmoid", "sigmoid"])
    _, bce_output = forward_layers(bce_model, X2)
    (2 * nn.bce_loss(bce_output.outs, Y2)).backward()
    result = BishopResult(
        a1=[v.data for v in hidden.nets], z1=[v.data for v in hidden.outs],
        a2=[v.data for v in output.nets], h=h, miss=miss,
        squared_norm=sum(m * m for m in miss), delta2=delta2, delta1=delta1,
        grad_w2=grad_w2, grad_w1=grad_w1, delta2_with_bce=[a.grad for a in bce_output.nets])
    result.comparisons = errata.check(bishop_comparisons(result))
    return result


def bishop_comparisons(r):
    C = errata.Comparison
    sig = lambda a: 1 / (1 + math.exp(-a))
    # The note's own route: δ⁽²⁾ = h − y with its rounded numbers, then its δ⁽¹⁾ formula.
    note_delta1_2 = sig(0.38) * (1 - sig(0.38)) * (0.40 * 0.74 + 0.55 * (-0.22))
    no_slope = ("the note takes δ⁽²⁾ = h − y, the rule for a linear output (or a sigmoid with "
                "cross-entropy); with a sigmoid output and E = ½Σ(h − y)², δ⁽²⁾ = (h − y)·h(1 − h)")
    inherits = "inherits δ⁽²⁾ = h − y (see δ⁽²⁾₁)"
    rows = [
        C("a⁽¹⁾₁", "0.39", r.a1[0]), C("a⁽¹⁾₂", "0.38", r.a1[1]),
        C("z⁽¹⁾₁", "0.60", r.z1[0]), C("z⁽¹⁾₂", "0.59", r.z1[1]),
        C("a⁽²⁾₁", "1.11", r.a2[0]), C("a⁽²⁾₂", "1.22", r.a2[1]),
        C("h₁", "0.75", r.h[0]), C("h₂", "0.77", r.h[1]),
        C("(h − y)₁", "0.04", r.miss[0],
          "the note subtracts y from the input x instead of the output h: 0.05 − 0.01 = 0.04"),
        C("(h − y)₂", "-0.89", r.miss[1], "x − y again: 0.10 − 0.99 = −0.89"),
        C("|h − y|²", "0.79", r.squared_norm,
          f"the squared norm of the note's (0.04, −0.89) is {0.04 ** 2 + 0.89 ** 2:.4f}"),
        C("δ⁽²⁾₁", "0.74", r.delta2[0], no_slope),
        C("δ⁽²⁾₂", "-0.22", r.delta2[1], "the note takes δ⁽²⁾ = h − y (see δ⁽²⁾₁)"),
        C("δ⁽¹⁾₁", "0.05", r.delta1[0], inherits),
        C("δ⁽¹⁾₂", "0.03", r.delta1[1],
          f"{inherits}; and with its own numbers σ′(0.38)·(0.40·0.74 + 0.55·(−0.22)) = "
          f"{note_delta1_2:.4f}, which rounds to 0.04"),
        C("∂E/∂w⁽²⁾₁₁", "0.44", r.grad_w2[0][0], inherits),
        C("∂E/∂w⁽²⁾₁₂", "0.44", r.grad_w2[0][1], inherits),
        C("∂E/∂w⁽²⁾₂₁", "-13.2", r.grad_w2[1][0],
          f"{inherits}; and a slipped decimal point: −0.22·0.60 = −0.132"),
        C("∂E/∂w⁽²⁾₂₂", "-12.8", r.grad_w2[1][1],
          f"{inherits}; and a slipped decimal point: −0.22·0.59 = −0.1298"),
        C("∂E/∂w⁽¹⁾₁₁", "2.5e-3", r.grad_w1[0][0], "inherits the note's δ⁽¹⁾ (see δ⁽¹⁾₁)"),
        C("∂E/∂w⁽¹⁾₁₂", "5e-4", r.grad_w1[0][1],
          "inherits the note's δ⁽¹⁾, and uses x₂ = 0.01 instead of 0.10"),
        C("∂E/∂w⁽¹⁾₂₁", "1.5e-3", r.grad_w1[1][0], "inherits the note's δ⁽¹⁾ (see δ⁽¹⁾₂)"),
        C("∂E/∂w⁽¹⁾₂₂", "3e-4", r.grad_w1[1][1],
          "inherits the note's δ⁽¹⁾, and uses x₂ = 0.01 instead of 0.10"),
    ]
    return rows


def show_three_layer(r, out):
    heading("ReLU → sigmoid → softmax, with cross-entropy")
    print(f"lecture note: {NOTE_3_LAYER}")
    for inputs, outputs in r.softmax_examples:
        print(f"softmax{tuple(inputs)} = ({', '.join(f'{p:.4f}' for p in outputs)})")
    print(f"input {X3}, every bias {BIAS}, target {TARGET}")
    print(f"h1_in  = {_row(r.h1_in)}   (relu keeps them: all positive)")
    print(f"h2_in  = {_row(r.h2_in)}")
    print(f"h2_out = {_row(r.h2_out)}")
    print(f"O_in   = {_row(r.o_in)}")
    print(f"O_out  = {_row(r.o_out)}   (sum {sum(r.o_out):.6f})")
    print(f"E = −Σ [y ln O + (1 − y) ln(1 − O)] = {r.error:.6f}"
          f"   (categorical −ln O_out1, nn.cross_entropy_loss: {r.categorical:.6f})")
    print("∂E/∂W in the note's layout (row: from unit, column: to unit):")
    for name in ("W_ij", "W_jk", "W_kl"):
        print_matrix(f"∂E/∂{name}", r.gradients[name], 6)
    print("∂E/∂b: " + "   ".join(f"{name} {_row(r.gradients[name], 6)}" for name in ("b_j", "b_k", "b_l")))
    print("∂E/∂O_in, every path through the softmax (engine) vs the diagonal terms only (the note's formulas):")
    print(f"  engine   {_row(r.grad_o_in, 6)}")
    print(f"  diagonal {_row(r.grad_o_in_diagonal, 6)}")
    print()
    errata.print_comparisons(NOTE_3_LAYER.short, r.comparisons)
    errata.print_summary(f"{NOTE_3_LAYER.short} (3-layer example)", r.comparisons)
    print(f"Also: the layer-1 example prints W_ij as {W_IJ_AS_PRINTED_IN_EXAMPLE}, not the "
          f"initialised {W_IJ}; its results (1.35, 1.27, 1.8) follow the initialised matrix "
          f"(the printed one gives {_row(r.h1_in_with_printed_matrix, 2)}). Its derivative of the "
          f"cross-entropy writes + where − belongs: ∂E/∂O = −(y/O − (1 − y)/(1 − O)).")
    render_graph(r.graph, out, "softmax_network.svg", collapse_neurons=True)


def show_bishop(r):
    heading("2-2-2 sigmoid network, local errors δ")
    print(f"lecture note: {NOTE_BISHOP}")
    print(f"a⁽¹⁾ = {_row(r.a1)}   z⁽¹⁾ = {_row(r.z1)}   a⁽²⁾ = {_row(r.a2)}   h = {_row(r.h)}")
    print(f"h − y = {_row(r.miss)}   |h − y|² = {r.squared_norm:.6f}")
    print(f"δ⁽²⁾ = ∂E/∂a⁽²⁾ = {_row(r.delta2)}   δ⁽¹⁾ = ∂E/∂a⁽¹⁾ = {_row(r.delta1)}")
    print_matrix("∂E/∂W⁽²⁾ = δ⁽²⁾z⁽¹⁾ᵀ", r.grad_w2, 6)
    print_matrix("∂E/∂W⁽¹⁾ = δ⁽¹⁾xᵀ", r.grad_w1, 6)
    print(f"(with E the binary cross-entropy instead, the engine's δ⁽²⁾ is {_row(r.delta2_with_bce)}"
          f" = h − y: the note's shortcut belongs to that pairing)")
    print()
    errata.print_comparisons(NOTE_BISHOP.short, r.comparisons)
    errata.print_summary(f"{NOTE_BISHOP.short} (2-2-2 example)", r.comparisons)


def _row(values, decimals=4):
    return "(" + ", ".join(f"{v:.{decimals}f}" for v in values) + ")"


def compute():
    return three_layer(), bishop()


def show(result, out):
    three, two = result
    show_three_layer(three, out)
    show_bishop(two)


main = demo_main(__doc__, compute, show)


if __name__ == "__main__":
    main()
