"""Small graphs from the lecture notes, built with the engine, shared by the picture and trace tests."""

from autograd_core import Value, weighted_sum


def chain_rule_example():
    """y = 3x − 2, z = y² at x = 2 (the notes' chain-rule slides); returns (x, y, z)."""
    x = Value(2.0, label="x")
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    return x, y, z


def network_2_2_2():
    """The notes' 2-2-2 sigmoid network with squared error, inputs 0.05 and 0.10.

    Returns the nodes by their names in the notes: w1 … w8, b1, b2, net_h1,
    out_h1, …, E_o1, E_o2 and E (= E_total = 0.298371109).
    """
    i1, i2 = 0.05, 0.10
    nodes = {f"w{k}": Value(w, label=f"w{k}")
             for k, w in enumerate([0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55], start=1)}
    nodes["b1"] = Value(0.35, label="b1")
    nodes["b2"] = Value(0.60, label="b2")

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
    for name, out, target in (("E_o1", o1, 0.01), ("E_o2", o2, 0.99)):
        error = 0.5 * (target - out) ** 2
        error.label = name
        nodes[name] = error
    nodes["E"] = nodes["E_o1"] + nodes["E_o2"]
    nodes["E"].label = "E"
    return nodes
