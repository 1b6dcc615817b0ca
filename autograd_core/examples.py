"""The lecture notes' worked examples as graphs, defined once for demos, docs, notebooks and tests.

    >>> from autograd_core.examples import chain_rule_example, network_2_2_2
    >>> x, y, z = chain_rule_example()
    >>> z.backward(); x.grad              # dz/dx = dz/dy · dy/dx = 2y · 3 = 8 · 3
    24.0
    >>> nodes = network_2_2_2()
    >>> round(nodes["E"].data, 9)         # the notes' E_total
    0.298371109

The numbers of the 2-2-2 network are also given as data (``NETWORK_2_2_2``),
for building it with ``nn.MLP.from_weights``.
"""

from .core import Value, weighted_sum

#: The 2-2-2 sigmoid network of the step-by-step example, as the notes give it:
#: ``weights[l][j][i]`` is the weight from input i into neuron j of layer l
#: (w1 … w8 in the notes' numbering), one bias per layer shared by its neurons.
NETWORK_2_2_2 = {
    "inputs": [0.05, 0.10],
    "targets": [0.01, 0.99],
    "weights": [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
    "biases": [[0.35, 0.35], [0.60, 0.60]],
    "weight_names": [[["w1", "w2"], ["w3", "w4"]], [["w5", "w6"], ["w7", "w8"]]],
    "bias_names": ["b1", "b2"],
}


def chain_rule_example(x=2.0):
    """y = 3x − 2, z = y² at x = 2 (the notes' chain-rule slides); returns (x, y, z).

    dz/dx = dz/dy · dy/dx = 2y · 3 = 24 at x = 2.
    """
    x = Value(x, label="x")
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    return x, y, z


def network_2_2_2():
    """The notes' 2-2-2 sigmoid network with squared error, inputs 0.05 and 0.10.

    Returns the nodes by their names in the notes: w1 … w8, b1, b2, net_h1,
    out_h1, …, E_o1, E_o2 and E (= E_total = 0.298371109), where
    E_oₖ = ½(targetₖ − out_oₖ)².
    """
    data = NETWORK_2_2_2
    i1, i2 = data["inputs"]
    nodes = {}
    for layer_weights, layer_names in zip(data["weights"], data["weight_names"]):
        for row, names in zip(layer_weights, layer_names):
            for w, name in zip(row, names):
                nodes[name] = Value(w, label=name)
    for name, biases in zip(data["bias_names"], data["biases"]):
        nodes[name] = Value(biases[0], label=name)

    def neuron(name, weights, inputs, bias):
        net = weighted_sum([nodes[w] for w in weights], inputs, nodes[bias])
        net.label = "net_" + name
        out = net.sigmoid()
        out.label = "out_" + name
        nodes[net.label], nodes[out.label] = net, out
        return out

    h1 = neuron("h1", ["w1", "w2"], [i1, i2], "b1")
    h2 = neuron("h2", ["w3", "w4"], [i1, i2], "b1")
    o1 = neuron("o1", ["w5", "w6"], [h1, h2], "b2")
    o2 = neuron("o2", ["w7", "w8"], [h1, h2], "b2")
    for name, out, target in (("E_o1", o1, data["targets"][0]), ("E_o2", o2, data["targets"][1])):
        error = 0.5 * (target - out) ** 2
        error.label = name
        nodes[name] = error
    nodes["E"] = nodes["E_o1"] + nodes["E_o2"]
    nodes["E"].label = "E"
    return nodes
