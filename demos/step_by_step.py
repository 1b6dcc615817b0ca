"""The classic step-by-step backpropagation example (Yeum, “Neural Network”).

A 2-2-2 network, sigmoid everywhere, inputs i = (0.05, 0.10), targets
t = (0.01, 0.99), weights w1 … w8 = 0.15 … 0.55, biases 0.35 (hidden) and
0.60 (output), and the error

    E_total = E_o1 + E_o2 = ½(t_o1 − out_o1)² + ½(t_o2 − out_o2)².

One gradient-descent step with η = 0.5 on the eight weights (the biases
stay, as in the note): w⁺ = w − η · ∂E_total/∂w. Then 10,000 such steps.

    python -m demos.step_by_step [--out FOLDER] [--quick]
"""

from dataclasses import dataclass, field

import nn
from autograd_core.seeing.steps import chain_rule_paths

from autograd_core.examples import NETWORK_2_2_2

from . import errata, notes
from .networks import forward_layers, label_parameters
from .output import demo_main, heading, render_graph

NOTE = notes.YEUM_NEURAL_NETWORK
INPUTS = NETWORK_2_2_2["inputs"]
TARGETS = NETWORK_2_2_2["targets"]
WEIGHTS = NETWORK_2_2_2["weights"]       # w1 w2 into h1, w3 w4 into h2; w5 w6 into o1, w7 w8 into o2
BIASES = NETWORK_2_2_2["biases"]
LEARNING_RATE = 0.5
STEPS = 10_000
QUICK_STEPS = 200
PARAMETER_NAMES = ["w1", "w2", "b_h1", "w3", "w4", "b_h2", "w5", "w6", "b_o1", "w7", "w8", "b_o2"]
WEIGHT_NAMES = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]


@dataclass
class StepByStepResult:
    forward: dict                 # net_h1, out_h1, …, E_total
    gradients: dict               # ∂E_total/∂w for w1 … w8
    chain: dict                   # the note's intermediate factors
    updated: dict                 # w⁺ after one step
    error_after_one: float
    steps: int
    error_after_steps: float
    outputs_after_steps: list
    paths_to_out_h1: str
    comparisons: list = field(default_factory=list)
    graph: object = None          # E_total of the first forward pass, with gradients


def build_model():
    model = nn.MLP.from_weights(WEIGHTS, BIASES, ["sigmoid", "sigmoid"])
    label_parameters(model, PARAMETER_NAMES)
    return model


def error_graph(model):
    """The forward pass with the note's names; returns (hidden, output, E_o1, E_o2, E_total)."""
    hidden, output = forward_layers(model, INPUTS,
                                    net_names=[["net_h1", "net_h2"], ["net_o1", "net_o2"]],
                                    out_names=[["out_h1", "out_h2"], ["out_o1", "out_o2"]])
    halves = []
    for k, (target, out) in enumerate(zip(TARGETS, output.outs), start=1):
        miss = target - out
        squared = miss ** 2
        half = 0.5 * squared
        miss.label, squared.label, half.label = f"t{k}−o{k}", f"(t{k}−o{k})²", f"E_o{k}"
        halves.append(half)
    e_total = halves[0] + halves[1]
    e_total.label = "E_total"
    return hidden, output, halves[0], halves[1], e_total


def weights_of(model):
    return [p for p in model.parameters() if p.label in WEIGHT_NAMES]


def train(model, steps):
    """``steps`` gradient-descent steps on the weights; returns the optimizer's weights."""
    optimizer = nn.SGD(weights_of(model), lr=LEARNING_RATE)
    for _ in range(steps):
        loss = nn.sse_loss(model(INPUTS), TARGETS)       # ½ Σ (t − o)², the same E_total
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def compute(steps=STEPS):
    model = build_model()
    hidden, output, e_o1, e_o2, e_total = error_graph(model)
    e_total.backward()
    params = {p.label: p for p in model.parameters()}
    net_h1, net_o1 = hidden.nets[0], output.nets[0]
    out_h1, out_o1 = hidden.outs[0], output.outs[0]

    forward = {"net_h1": net_h1.data, "out_h1": out_h1.data, "out_h2": hidden.outs[1].data,
               "net_o1": net_o1.data, "out_o1": out_o1.data, "out_o2": output.outs[1].data,
               "E_o1": e_o1.data, "E_o2": e_o2.data, "E_total": e_total.data}
    gradients = {name: params[name].grad for name in WEIGHT_NAMES}
    paths = chain_rule_paths(e_total, out_h1)       # one path through o1, one through o2
    via_o1, via_o2 = sorted(paths, key=lambda path: output.nets[1] in path.nodes)
    chain = {
        "∂E/∂out_o1": out_o1.grad,
        "∂out_o1/∂net_o1": out_o1.local_grads[0],
        "∂net_o1/∂w5": out_h1.data,
        "∂E_o1/∂net_o1": net_o1.grad,
        "∂net_o1/∂out_h1": params["w5"].data,
        "∂E_o1/∂out_h1": via_o1.product,
        "∂E_o2/∂out_h1": via_o2.product,
        "∂E_o2/∂net_o2": output.nets[1].grad,
        "∂net_o2/∂out_h1": params["w7"].data,
        "∂E/∂out_h1": out_h1.grad,
        "∂out_h1/∂net_h1": out_h1.local_grads[0],
        "∂net_h1/∂w1": INPUTS[0],
    }

    model_after = build_model()
    train(model_after, 1)
    updated = {p.label: p.data for p in weights_of(model_after)}
    error_after_one = nn.sse_loss(model_after(INPUTS), TARGETS).data
    train(model_after, steps - 1)
    final_outputs = [o.data for o in model_after(INPUTS)]
    error_after_steps = nn.sse_loss(final_outputs, TARGETS).data

    result = StepByStepResult(
        forward=forward, gradients=gradients, chain=chain, updated=updated,
        error_after_one=error_after_one, steps=steps, error_after_steps=error_after_steps,
        outputs_after_steps=final_outputs, paths_to_out_h1=str(paths), graph=e_total)
    result.comparisons = errata.check(comparisons(result))
    return result


LAGGED = ("The note's run computed the hidden-layer gradients with the already-updated "
          "w5⁺ … w8⁺ instead of the w5 … w8 of the forward pass; doing the same gives its "
          "0.291027924 here and its 0.015912196, 0.984065734 after 10,000 steps.")
SAME_RUN = "From the same run with already-updated output weights (see E_total after 1 step)."


def comparisons(r):
    C = errata.Comparison
    f, c, u = r.forward, r.chain, r.updated
    rows = [
        C("net_h1", "0.3775", f["net_h1"]),
        C("out_h1", "0.593269992", f["out_h1"]),
        C("out_h2", "0.596884378", f["out_h2"]),
        C("net_o1", "1.105905967", f["net_o1"]),
        C("out_o1", "0.75136507", f["out_o1"]),
        C("out_o2", "0.772928465", f["out_o2"]),
        C("E_o1", "0.274811083", f["E_o1"]),
        C("E_o2", "0.023560026", f["E_o2"]),
        C("E_total", "0.298371109", f["E_total"]),
        C("∂E/∂out_o1", "0.74136507", c["∂E/∂out_o1"]),
        C("∂out_o1/∂net_o1", "0.186815602", c["∂out_o1/∂net_o1"]),
        C("∂net_o1/∂w5", "0.593269992", c["∂net_o1/∂w5"]),
        C("∂E/∂w5", "0.082167041", r.gradients["w5"]),
        C("w5⁺", "0.35891648", u["w5"]),
        C("w6⁺", "0.408666186", u["w6"]),
        C("w7⁺", "0.511301270", u["w7"]),
        C("w8⁺", "0.561370121", u["w8"]),
        C("∂net_o1/∂out_h1 = w5", "0.40", c["∂net_o1/∂out_h1"]),
        C("∂E_o1/∂net_o1", "0.138498562", c["∂E_o1/∂net_o1"]),
        C("∂E_o1/∂out_h1", "0.055399425", c["∂E_o1/∂out_h1"]),
        # the note carries ∂E_o2/∂net_o2 = −0.038098237 at nine decimals: · 0.5 = −0.0190491185
        C("∂E_o2/∂out_h1", "-0.019049119", c["∂E_o2/∂out_h1"],
          from_rounded=round(c["∂E_o2/∂net_o2"], 9) * c["∂net_o2/∂out_h1"]),
        C("∂E/∂out_h1", "0.036350306", c["∂E/∂out_h1"]),
        C("∂out_h1/∂net_h1", "0.241300709", c["∂out_h1/∂net_h1"]),
        C("∂net_h1/∂w1 = i1", "0.05", c["∂net_h1/∂w1"]),
        C("∂E/∂w1", "0.000438568", r.gradients["w1"]),
        C("w1⁺", "0.149780716", u["w1"]),
        C("w2⁺", "0.19956143", u["w2"]),
        C("w3⁺", "0.24975114", u["w3"]),
        C("w4⁺", "0.29950229", u["w4"]),
        C("E_total after 1 step", "0.291027924", r.error_after_one,
          f"Its own w1⁺ … w8⁺ give {r.error_after_one:.9f}. " + LAGGED),
    ]
    if r.steps == STEPS:
        rows += [
            C("E_total after 10,000 steps", "0.0000351085", r.error_after_steps,
              SAME_RUN[:-1] + "; that run's error, 0.0000350848, is also printed with digits swapped."),
            C("out_o1 after 10,000 steps", "0.015912196", r.outputs_after_steps[0], SAME_RUN),
            C("out_o2 after 10,000 steps", "0.984065734", r.outputs_after_steps[1], SAME_RUN),
        ]
    return rows


def show(result, out):
    heading("Step-by-step backpropagation, 2-2-2 sigmoid network")
    print(f"lecture note: {NOTE}")
    print(f"inputs {INPUTS}, targets {TARGETS}, η = {LEARNING_RATE}")
    f = result.forward
    print(f"forward:  out_h = ({f['out_h1']:.9f}, {f['out_h2']:.9f})   "
          f"out_o = ({f['out_o1']:.9f}, {f['out_o2']:.9f})   E_total = {f['E_total']:.9f}")
    print("∂E_total/∂w, all eight weights:")
    print("  " + "   ".join(f"{name} {g:+.9f}" for name, g in list(result.gradients.items())[:4]))
    print("  " + "   ".join(f"{name} {g:+.9f}" for name, g in list(result.gradients.items())[4:]))
    print("out_h1 reaches E_total along two paths, and their sum is dE_total/dout_h1:")
    print("  " + result.paths_to_out_h1.replace("\n", "\n  "))
    print(f"after one step:  E_total = {result.error_after_one:.9f}")
    outs = ", ".join(f"{o:.9f}" for o in result.outputs_after_steps)
    print(f"after {result.steps:,} steps:  E_total = {result.error_after_steps:.10f},  "
          f"outputs ({outs})")
    print()
    errata.print_comparisons(NOTE.short, result.comparisons)
    errata.print_summary(f"{NOTE.short} (step by step)", result.comparisons)
    render_graph(result.graph, out, "step_by_step.svg", collapse_neurons=True)


main = demo_main(__doc__, compute, show, quick=(QUICK_STEPS,), full=(STEPS,))


if __name__ == "__main__":
    main()
