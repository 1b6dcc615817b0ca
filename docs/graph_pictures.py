"""Draw the README's pictures into docs/pictures/.

    .venv/bin/python docs/graph_pictures.py

1. expression.svg and expression.png (by render_png): the chain-rule example
   y = 3x − 2, z = y² at x = 2.
2. neuron.svg: one sigmoid neuron, out = σ(w1·x1 + w2·x2 + b), as the notes' h1.
3. network_2_2_2.svg: the notes' 2-2-2 sigmoid network and its squared error,
   each neuron collapsed into one box, by layer on a 16:9 slide.
4. mlp_2_4_4_1.svg: a 2-4-4-1 MLP (tanh, sigmoid output) and its squared
   error on one sample, the same way.
5. backward.gif: the backward pass of the chain-rule example, one frame per step.
6. layers_2_2_2.png: the notes' 2-2-2 network in matrix form, one box per layer.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import nn  # noqa: E402
from autograd_core import (Value, examples, render_backward_gif, render_png, render_svg,  # noqa: E402
                           weighted_sum)

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pictures")


def expression():
    x = Value(2.0, label="x")
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    z.backward()
    return z


def neuron():
    w1, w2, b = Value(0.15, label="w1"), Value(0.20, label="w2"), Value(0.35, label="b1")
    net = weighted_sum([w1, w2], [0.05, 0.10], b)
    net.label = "net_h1"
    out = net.sigmoid()
    out.label = "out_h1"
    out.backward()
    return out


def network_2_2_2():
    total = examples.network_2_2_2()["E"]
    total.label = "E_total"
    total.backward()
    return total


def mlp_2_4_4_1():
    model = nn.MLP(2, [4, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    prediction = model([0.5, -1.0])
    prediction.label = "ŷ"
    loss = nn.sse_loss([prediction], [1.0])
    loss.label = "E"
    loss.backward()
    return loss


def notes_network_in_matrix_form():
    data = examples.NETWORK_2_2_2
    return nn.MLP.from_weights(data["weights"], data["biases"], "sigmoid")


def main():
    os.makedirs(HERE, exist_ok=True)
    pictures = {
        "expression.svg": (expression(), {}),
        "neuron.svg": (neuron(), {}),
        "network_2_2_2.svg": (network_2_2_2(), {"collapse_neurons": True}),
        "mlp_2_4_4_1.svg": (mlp_2_4_4_1(), {"collapse_neurons": True}),
    }
    for name, (root, options) in pictures.items():
        path = os.path.join(HERE, name)
        render_svg(root, path=path, **options)
        print("wrote", path)
    wrote = [render_png(expression(), os.path.join(HERE, "expression.png")) and "expression.png"]
    x = Value(2.0, label="x")
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    render_backward_gif(z, os.path.join(HERE, "backward.gif"), scale=1, seconds_per_step=2)
    wrote.append("backward.gif")
    nn.render_layers_png(notes_network_in_matrix_form(), [0.05, 0.10], [0.01, 0.99],
                         path=os.path.join(HERE, "layers_2_2_2.png"), scale=1.5)
    wrote.append("layers_2_2_2.png")
    for name in wrote:
        print("wrote", os.path.join(HERE, name))


if __name__ == "__main__":
    main()
