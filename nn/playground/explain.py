"""What the page shows when a weight or a point is clicked, as plain JSON-able data.

Everything is computed by the engine on the network's own graph and written
in the lecture notes' notation (``autograd_core.core.notation``): d for a total
derivative, what ``backward()`` accumulates, ∂ for a local one, what one
operation contributes. Nodes go by the labels ``nn`` gives them:
``L1.n3.w2`` is the weight from input 2 of layer 1 into its neuron 3,
``L1.n3.net`` that neuron's Σ w·x + b, ``L1.n3.out`` its activation, and
``loss``, ``loss.term0``, … the loss and its terms.

- ``inspect_parameter``: dloss/dw on a batch, its formula, the chain-rule
  paths it sums over (``chain_rule_paths``) and each sample's share.
- ``sample_backward``: one sample's backward pass, one chain-rule step at a
  time (``backward_steps``), each step tied to the weight or neuron it
  passes on the drawn network.
- ``update_text``: the last update of a parameter, with its numbers.

None of them leaves a trace in the model: ``grad`` changes no ``.grad``,
and the gradients a backward pass writes are put back as they were.
"""

import re

from autograd_core import backward_steps, chain_rule_paths, grad, topological_order
from autograd_core.core import format_number, local_derivative, total_derivative

MAX_SHOWN_PATHS = 24
"""The most chain-rule paths listed one by one; the count and the sum cover all of them."""

MAX_SHOWN_SAMPLES = 12
"""The most samples whose share of dloss/dw is listed one by one."""

MAX_PATHS = 10_000
"""More paths than this are counted but not listed (``chain_rule_paths`` refuses them)."""

_PARAMETER = re.compile(r"^(L(\d+)\.n(\d+))\.(w(\d+)|b)$")
_NEURON_NODE = re.compile(r"^(L(\d+)\.n(\d+))\.(net|out)$")

def parse_parameter(label):
    """``(neuron, layer, index)`` of a parameter label: ``("L1.n3", 1, 2)`` for ``L1.n3.w2``, index None for a bias."""
    match = _PARAMETER.match(label)
    if not match:
        return None
    neuron, layer, _, _, index = match.groups()
    return neuron, int(layer), None if index is None else int(index)


def input_name(layer, index, previous_layer_names):
    """The name of input ``index`` of a neuron in ``layer``: ``x0``, ``x1`` or ``L0.n2.out``."""
    if layer == 0:
        return f"x{index}"
    return previous_layer_names[index]


def inspect_parameter(model, loss_fn, batch_X, batch_Y, parameter, activation, input_label, batch_note):
    """dloss/dw of ``parameter`` on the batch, written out; the model is left as it was.

    ``activation`` is the neuron's activation name, ``input_label`` the name
    of what the weight multiplies (``x1``, ``L0.n2.out``; ``None`` for a bias).
    """
    label = parameter.label
    neuron, layer, index = parse_parameter(label)
    predictions = [model(x) for x in batch_X]
    loss = loss_fn(predictions, batch_Y)
    order = topological_order(loss)
    nets = [node for node in order if node.label == f"{neuron}.net"]
    derivatives = grad(loss, nets + [parameter])
    total = derivatives[-1].data

    samples = []
    for net, upstream in zip(nets, derivatives[:-1]):
        local = net.local_grads[_position(net, parameter)]
        samples.append({"upstream": upstream.data, "local": local, "product": upstream.data * local})
    return {
        "label": label,
        "value": parameter.data,
        "grad": total,
        "batch": batch_note,
        "formula": formula_lines(label, neuron, activation, input_label, nets[0], order),
        "share": f"{total_derivative('loss', f'{neuron}.net')} · {local_derivative(f'{neuron}.net', label)}",
        "samples": samples[:MAX_SHOWN_SAMPLES],
        "sample_count": len(samples),
        "paths": paths_of(loss, parameter),
    }


def _position(node, child):
    """Where ``child`` is among ``node.inputs`` (by identity)."""
    return next(i for i, x in enumerate(node.inputs) if x is child)


def formula_lines(label, neuron, activation, input_label, net, order):
    """The chain rule for one parameter of a neuron, one line per link.

    Each local derivative is written by the record of its operation
    (``node.op.local_formula``), in the nodes' names: ∂net/∂w is the input
    the weight multiplies, ∂out/∂net the activation's derivative. A data
    coordinate is a number, not a node, so the record would write one
    point's number: it is named ``x0``, ``x1`` instead.
    """
    out = f"{neuron}.out"
    batch = len([node for node in order if node.label == net.label])
    over = f"Σ over the batch's {batch} samples of" if batch > 1 else "for its one sample,"
    lines = [f"{total_derivative('loss', label)} = {over} "
             f"{total_derivative('loss', net.label)} · {local_derivative(net.label, label)}"]
    names = [node.label for node in net.inputs]
    written = net.op.local_formula(_position(net, parameter_of(net, label)), names, net.label, node=net)
    if input_label is not None and input_label.startswith("x"):
        written = input_label
    lines.append(f"{local_derivative(net.label, label)} = {written}   (net = Σᵢ wᵢ·xᵢ + b)")
    activated = next((node for node in order if node.label == out and node.inputs and node.inputs[0] is net), None)
    if activated is not None:
        formula = activated.op.local_formula(0, [net.label], out)    # for any point, not one node's
        lines.append(f"{total_derivative('loss', net.label)} = {total_derivative('loss', out)} · "
                     f"{local_derivative(out, net.label)},   {local_derivative(out, net.label)} = "
                     f"{formula}   ({activation})")
    elif activation == "identity":
        lines.append(f"{net.label} is the neuron's output itself (no activation)")
    return lines


def parameter_of(net, label):
    """The input of ``net`` labelled ``label``."""
    return next(node for node in net.inputs if node.label == label)


def paths_of(loss, parameter):
    """The chain-rule paths from ``parameter`` up to ``loss``: the count, their sum, the first few."""
    try:
        paths = chain_rule_paths(loss, parameter, max_paths=MAX_PATHS)
    except ValueError as error:
        return {"count": None, "total": None, "shown": [], "note": str(error)}
    shown = []
    for path in list(paths)[:MAX_SHOWN_PATHS]:
        names = [node.label for node in path.nodes]
        shown.append({"text": str(path), "nodes": names, "locals": list(path.local_grads),
                      "product": path.product, "weights": weights_on_path(names)})
    return {"count": len(paths), "total": paths.total, "shown": shown,
            "note": "" if len(paths) <= MAX_SHOWN_PATHS else
            f"the first {MAX_SHOWN_PATHS} of {len(paths)} paths are listed; the sum covers all"}


def weights_on_path(names):
    """The weights a path passes on the drawn network: from neuron to neuron, and the last one."""
    weights = []
    for upper, lower in zip(names, names[1:]):
        edge = edge_between(upper, lower)
        if edge:
            weights.append(edge)
    return weights


def edge_between(node, child):
    """The weight drawn between ``node`` and its input ``child``, or None.

    ``L1.n3.net`` → ``L0.n2.out`` passes weight ``L1.n3.w2``, and so does
    ``L1.n3.net`` → ``L1.n3.w2`` (the weight itself).
    """
    upper = _NEURON_NODE.match(node or "")
    if not upper or upper.group(4) != "net":
        return None
    parameter = parse_parameter(child or "")
    if parameter:
        return child if parameter[0] == upper.group(1) and parameter[2] is not None else None
    lower = _NEURON_NODE.match(child or "")
    if lower and int(lower.group(2)) == int(upper.group(2)) - 1:
        return f"{upper.group(1)}.w{lower.group(3)}"
    return None


def neuron_of(name):
    """The neuron a node or parameter belongs to (``L1.n3`` for ``L1.n3.out``), or None."""
    for pattern in (_NEURON_NODE, _PARAMETER):
        match = pattern.match(name or "")
        if match:
            return match.group(1)
    return None


def sample_backward(model, loss_fn, x, y):
    """One sample's backward pass as a list of chain-rule steps, and its forward values.

    The steps are computed on their own (``backward_steps(into_grad=False)``):
    each step's ``grad`` is that sample's gradient so far, and no parameter's
    ``grad`` changes.
    """
    prediction = model(x)
    loss = loss_fn([prediction], [y])
    forward = {node.label: node.data for node in topological_order(loss)
               if node.label and not parse_parameter(node.label)}
    steps = []
    gradients = {}
    for step in backward_steps(loss, into_grad=False):
        steps.append({
            "text": str(step),
            "node": step.node_name,
            "input": step.input_name,
            "upstream": step.upstream,
            "local": step.local_grad,
            "contribution": step.contribution,
            "grad": step.input_grad,
            "weight": edge_between(step.node_name, step.input_name),
            "neuron": neuron_of(step.input_name) or neuron_of(step.node_name),
        })
        if not step.input.inputs:
            gradients[step.input.label] = step.input_grad
    parameters = model.parameters()
    gradients = {p.label: gradients.get(p.label, 0.0) for p in parameters}
    return {"loss": loss.data, "prediction": prediction.data, "forward": forward,
            "steps": steps, "gradients": gradients}


def update_text(record, label):
    """The last update of parameter ``label`` written out with its numbers, or None."""
    if record is None or label not in record["index"]:
        return None
    i = record["index"][label]
    before, after, g = record["before"][i], record["after"][i], record["grads"][i]
    lr = format_number(record["lr"])
    n = format_number
    grad_name = total_derivative("loss", label)
    kind = record["optimizer"]
    lines = []
    if kind == "sgd":
        lines.append(f"{label} ← {label} − η·{grad_name} = {n(before)} − {lr} · {n(g)} = {n(after)}")
    elif kind == "momentum":
        v = record["velocity"][i]
        lines.append(f"v ← μ·v + {grad_name} = {n(v)}   (μ = {n(record['momentum'])})")
        lines.append(f"{label} ← {label} − η·v = {n(before)} − {lr} · {n(v)} = {n(after)}")
    else:
        m_hat, v_hat = record["m_hat"][i], record["v_hat"][i]
        lines.append(f"m̂ = {n(m_hat)}, v̂ = {n(v_hat)}   (Adam's running means of {grad_name} "
                     f"= {n(g)} and of its square, step {record['t']})")
        lines.append(f"{label} ← {label} − η·m̂/(√v̂ + ε) = {n(before)} − {lr} · {n(m_hat)}/"
                     f"(√{n(v_hat)} + {n(record['eps'])}) = {n(after)}")
    return {"epoch": record["epoch"], "batch_size": len(record["batch"]), "before": before,
            "after": after, "grad": g, "lr": record["lr"], "optimizer": kind, "lines": lines}
