"""Draw the README's pictures into docs/pictures/, and each as a 1920×1080 PNG to look at.

    .venv/bin/python docs/graph_pictures.py [--preview FOLDER]

1. expression.svg and expression.png (by render_png): the chain-rule example
   y = 3x − 2, z = y² at x = 2.
2. neuron.svg: one sigmoid neuron, out = σ(w1·x1 + w2·x2 + b), as the notes' h1,
   for a slide.
3. network_2_2_2.svg: the notes' 2-2-2 sigmoid network and its squared error,
   drawn for a slide (``slide=True``): each neuron and each squared error one
   operation, the sample drawn, large type.
4. mlp_2_4_4_1.svg: a 2-4-4-1 MLP (tanh, sigmoid output) and its squared
   error on one sample, for a slide, in the notes' names (``nn.notes_name``).
5. backward.gif: the backward pass of the chain-rule example, one frame per step,
   a 1920×1080 slide.
6. layers_2_2_2.png: the notes' 2-2-2 network in matrix form, one box per layer.

With ``--preview FOLDER``, every picture is also drawn as a PNG fitted to
1920×1080 (a slide on a projector) into FOLDER, to be looked at before it goes
into the README; the smallest text of each, in pixels at that size, is printed.
"""

import argparse
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import nn  # noqa: E402
from autograd_core import (Value, examples, render_backward_gif, render_png, render_svg,  # noqa: E402
                           weighted_sum)

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pictures")


def expression():
    x, y, z = examples.chain_rule_example()
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


#: name -> (the graph, the options it is drawn with)
SVG_PICTURES = {
    "expression.svg": (expression, {}),
    "neuron.svg": (neuron, {"slide": True, "collapse_neurons": False}),
    "network_2_2_2.svg": (network_2_2_2, {"slide": True}),
    "mlp_2_4_4_1.svg": (mlp_2_4_4_1, {"slide": True, "names": nn.notes_name}),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", metavar="FOLDER",
                        help="also draw every picture as a 1920×1080 PNG into FOLDER")
    args = parser.parse_args(argv)
    os.makedirs(HERE, exist_ok=True)
    wrote = []
    for name, (graph, options) in SVG_PICTURES.items():
        svg = render_svg(graph(), path=os.path.join(HERE, name), **options)
        wrote.append(name)
        if args.preview:
            preview(svg, name, args.preview)
    render_png(expression(), os.path.join(HERE, "expression.png"))
    wrote.append("expression.png")
    render_backward_gif(examples.chain_rule_example()[2], os.path.join(HERE, "backward.gif"),
                        slide=True, seconds_per_step=2)
    wrote.append("backward.gif")
    nn.render_layers_png(notes_network_in_matrix_form(), [0.05, 0.10], [0.01, 0.99],
                         path=os.path.join(HERE, "layers_2_2_2.png"), scale=1.5)
    wrote.append("layers_2_2_2.png")
    if args.preview:
        for name in ("expression.png", "backward.gif", "layers_2_2_2.png"):
            preview_raster(os.path.join(HERE, name), args.preview)
    for name in wrote:
        print("wrote", os.path.join(HERE, name))


def preview(svg, name, folder):
    """The SVG fitted to 1920×1080 as a PNG, and its smallest text in pixels at that size."""
    from autograd_core.seeing.raster import svg_to_png

    width, height = (float(v) for v in re.search(
        r'<svg width="([\d.]+)(?:pt|px)" height="([\d.]+)(?:pt|px)"', svg).groups())
    view = [float(v) for v in re.search(r'viewBox="([-\d. ]+)"', svg).group(1).split()]
    scale = min(1920 / view[2], 1080 / view[3])
    smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)) * scale
    unit = 4 / 3 if 'pt"' in svg[:200] else 1.0          # points are 4/3 pixels at 96 dpi
    zoom = min(1920 / (width * unit), 1080 / (height * unit))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, os.path.splitext(name)[0] + "_1080p.png")
    with open(path, "wb") as file:
        file.write(svg_to_png(svg, zoom))
    print(f"{path}: smallest text {smallest:.1f} px on a 1920×1080 slide")


def preview_raster(path, folder):
    """A PNG or a GIF's last frame, scaled to fit 1920×1080."""
    from PIL import Image

    image = Image.open(path)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(image.n_frames - 1)
    image = image.convert("RGB")
    scale = min(1920 / image.width, 1080 / image.height)
    fitted = image.resize((round(image.width * scale), round(image.height * scale)))
    out = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + "_1080p.png")
    buffer = io.BytesIO()
    fitted.save(buffer, format="PNG")
    with open(out, "wb") as file:
        file.write(buffer.getvalue())
    print(f"{out}: {image.width}×{image.height} shown ×{scale:.2f}")


if __name__ == "__main__":
    main()
