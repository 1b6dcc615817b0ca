"""The backward pass frame by frame: SVG and PNG frames and the GIF show the pass, and change nothing."""

import io
import os
import re
import tracemalloc

import pytest

from autograd_core import (Value, backward_steps, render_backward_frames, render_backward_gif,
                           topological_order)
from autograd_core.core import gradients
from autograd_core.core.notation import format_number
from autograd_core.examples import chain_rule_example, network_2_2_2
from autograd_core.seeing import frames as frames_module
from autograd_core.seeing.renderers import RendererNotFoundError, available_renderers
from picture_measures import gif_frames, svg_size, svg_texts

if not available_renderers():
    pytest.skip("no Graphviz renderer is installed", allow_module_level=True)


def read(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def frame_texts(paths):
    return [svg_texts(read(p)) for p in paths]


def grads_shown(svg):
    """The gradient texts of the boxes in one frame (the caption is not a box)."""
    return sorted(t for t in svg_texts(svg) if t.startswith("grad "))


# ----------------------------------------------------------------------
# Nothing changes, and nothing shown is stale
# ----------------------------------------------------------------------

def test_frames_gif_and_player_leave_every_gradient_as_it_was(tmp_path, any_renderer):
    from autograd_core import backward_player

    net = network_2_2_2()
    net["E"].backward()
    net["E"].backward()                  # the leaves hold twice their gradient now
    before = {name: node.grad for name, node in net.items()}
    render_backward_frames(net["E"], tmp_path / "frames", renderer=any_renderer)
    render_backward_gif(net["E"], renderer=any_renderer, slide=True)
    backward_player(net["E"], renderer=any_renderer)
    assert {name: node.grad for name, node in net.items()} == before


def test_after_backward_the_frames_are_those_of_a_fresh_graph(tmp_path, any_renderer):
    """The README's order: z.backward(), then frames: each shows this pass only, from zero."""
    x, y, z = chain_rule_example()
    z.backward()
    z.backward()                         # x.grad = 48 now
    used = render_backward_frames(z, tmp_path / "used", renderer=any_renderer)
    fresh = render_backward_frames(chain_rule_example()[2], tmp_path / "fresh",
                                   renderer=any_renderer)
    assert [read(p) for p in used] == [read(p) for p in fresh]
    assert x.grad == 48.0


def test_a_box_the_pass_has_not_reached_shows_no_number(tmp_path, any_renderer):
    x, y, z = chain_rule_example()
    z.backward()
    paths = render_backward_frames(z, tmp_path / "frames", renderer=any_renderer)
    # step 1 reaches y from z; v1 and x show nothing yet, whatever their grad holds
    assert [grads_shown(read(p)) for p in paths] == [
        ["grad 1", "grad 8"], ["grad 1", "grad 8", "grad 8"],
        ["grad 1", "grad 24", "grad 8", "grad 8"]]


def test_the_gif_starts_with_no_number_and_reaches_each_box_in_turn(any_renderer):
    Image = pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    from autograd_core.seeing.raster import svg_to_png

    net = network_2_2_2()
    net["E"].backward()
    gif = render_backward_gif(net["E"], renderer=any_renderer, slide=True)
    film = frames_module.Film(*_film_arguments(net["E"], any_renderer, slide=True))
    svgs = list(film.svg_frames())
    frames = gif_frames(gif)
    shown = [picture for picture, _ in frames]
    assert len(shown) == len(svgs) == 1 + len(film.shown.steps)
    assert [ms for _, ms in frames] == [1500] * (len(svgs) - 1) + [4500]
    # frame k of the GIF is frame k's SVG drawn whole, up to anti-aliasing and the palette:
    # they differ in a few stray pixels, while frame k − 1's SVG differs in whole texts
    def whole(k):
        return Image.open(io.BytesIO(svg_to_png(svgs[k], 2))).convert("RGB")

    for k in (1, 3, len(svgs) - 1):
        assert whole(k).size == shown[k].size
        own, neighbour = _pixels_apart(whole(k), shown[k]), _pixels_apart(whole(k - 1), shown[k])
        assert own < 400 and neighbour > 5 * own
    # and frame 3 shows the root's gradient and those of the three boxes reached, no more
    assert len(grads_shown(svgs[3])) == 1 + 3


def _film_arguments(root, renderer, **options):
    from autograd_core.seeing.layout import drawn_graph

    picture_options = frames_module.frame_options("test", options)
    return drawn_graph(root, picture_options), picture_options, renderer, True


def _pixels_apart(a, b):
    """How many pixels of two pictures, slightly blurred and halved, differ by more than 40 of 255."""
    from PIL import ImageChops, ImageFilter

    def soft(image):
        return image.filter(ImageFilter.GaussianBlur(2)).reduce(2)

    difference = ImageChops.difference(soft(a), soft(b)).convert("L")
    return sum(1 for v in difference.tobytes() if v > 40)


def test_each_frame_shows_the_gradients_as_they_stand_after_its_step(tmp_path, renderer):
    x, y, z = chain_rule_example()
    paths = render_backward_frames(z, str(tmp_path / "f"), renderer=renderer)
    texts = [set(t) for t in frame_texts(paths)]
    # step 1: dz/dy = 8; step 2: dz/dv1 = 8; step 3: dz/dx = 8 · 3 = 24
    assert "grad 8" in texts[0] and "grad 24" not in texts[0]
    assert "grad 24" in texts[2]


def test_one_frame_per_step_each_captioned_with_its_step(tmp_path, renderer):
    net = network_2_2_2()
    expected = [str(step) for step in backward_steps(network_2_2_2()["E"])]
    paths = render_backward_frames(net["E"], str(tmp_path / "frames"), renderer=renderer)
    assert len(paths) == len(expected)
    assert [os.path.basename(p) for p in paths[:2]] == ["step_001.svg", "step_002.svg"]
    captions = [next(t for t in texts if t.startswith("step ")) for texts in frame_texts(paths)]
    assert captions == [f"step {k}: {text}" for k, text in enumerate(expected, start=1)]


def test_every_frame_has_the_same_layout_so_only_numbers_and_colours_change(tmp_path, renderer):
    net = network_2_2_2()
    paths = render_backward_frames(net["E"], str(tmp_path / "f"), renderer=renderer)
    assert len({svg_size(read(p)) for p in paths}) == 1
    boxes = [re.findall(r'class="node">\s*<title>(n\d+)</title>\s*<polygon [^>]*points="([^"]*)"',
                        read(p)) for p in (paths[0], paths[-1])]
    assert boxes[0] and boxes[0] == boxes[1]


def test_folded_frames_add_what_the_backward_pass_adds(tmp_path, any_renderer):
    """On a slide, neurons and the loss are one operation each; every box still ends on its gradient."""
    net = network_2_2_2()
    paths = render_backward_frames(net["E"], tmp_path / "f", renderer=any_renderer, slide=True)
    last = read(paths[-1])
    exact = gradients(net["E"])
    # a box of three rows: name, data, grad; its grad is the pass's, to 4 digits
    shown = re.findall(r">([^<]+)</text>\s*<polyline[^>]*/>\s*<text[^>]*>data [^<]*</text>\s*"
                       r"<polyline[^>]*/>\s*<text[^>]*>(grad [^<]*)</text>", last)
    assert len(shown) == 10 + 2 + 2 + 3              # w1…w8, b1, b2; out_h; out_o; E_o1, E_o2, E
    for name, grad in shown:
        assert grad == f"grad {format_number(exact[net[name]], 4)}"
    captions = [next(t for t in svg_texts(read(p)) if t.startswith("step ")) for p in paths]
    assert any(c.endswith(": dE/dout_o1 += dE/dE_o1 · ∂E_o1/∂out_o1 = 1 · 0.741365 = 0.741365") for c in captions)


# ----------------------------------------------------------------------
# The folder: fresh, whole, and written frame by frame
# ----------------------------------------------------------------------

def test_frames_of_a_shorter_pass_leave_no_stale_frame_of_a_longer_one(tmp_path, any_renderer):
    folder = tmp_path / "frames"
    render_backward_frames(network_2_2_2()["E"], folder, renderer=any_renderer)
    paths = render_backward_frames(chain_rule_example()[2], folder, renderer=any_renderer)
    assert sorted(os.listdir(folder)) == ["step_001.svg", "step_002.svg", "step_003.svg"]
    assert [os.path.basename(p) for p in paths] == sorted(os.listdir(folder))
    assert os.listdir(tmp_path) == ["frames"]


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_a_ctrl_c_or_a_failure_while_writing_leaves_the_earlier_frames_whole(
        tmp_path, any_renderer, monkeypatch, failure):
    folder = tmp_path / "frames"
    earlier = render_backward_frames(network_2_2_2()["E"], folder, renderer=any_renderer)
    contents = {p: read(p) for p in earlier}
    original = frames_module.Film.svg_frames

    def interrupted(self):
        for k, frame in enumerate(original(self)):
            if k == 2:
                raise failure("stopped")
            yield frame

    monkeypatch.setattr(frames_module.Film, "svg_frames", interrupted)
    with pytest.raises(failure):
        render_backward_frames(chain_rule_example()[2], folder, renderer=any_renderer)
    assert {p: read(p) for p in earlier} == contents
    assert sorted(os.listdir(folder)) == sorted(os.path.basename(p) for p in earlier)
    assert os.listdir(tmp_path) == ["frames"]


def test_a_folder_of_other_files_is_refused_before_any_frame_is_drawn(tmp_path, monkeypatch):
    folder = tmp_path / "slides"
    folder.mkdir()
    (folder / "talk.pdf").write_text("mine")
    monkeypatch.setattr(frames_module, "Film", None)      # drawing anything would fail
    with pytest.raises(FileExistsError, match=r"holds other files \('talk.pdf'\)"):
        render_backward_frames(chain_rule_example()[2], folder)
    assert os.listdir(folder) == ["talk.pdf"]


def test_frames_without_a_renderer_fail_before_writing_anything(tmp_path, no_renderer):
    x, y, z = chain_rule_example()
    with pytest.raises(RendererNotFoundError):
        render_backward_frames(z, str(tmp_path / "frames"))
    assert os.listdir(tmp_path) == []


def _chain(length):
    v = Value(0.5, label="x")
    for _ in range(length):
        v = v * 1.0001
    return v


@pytest.mark.parametrize("format", ["svg", "png"])
def test_frames_are_written_as_they_are_drawn_so_memory_does_not_grow_with_their_number(
        tmp_path, any_renderer, format):
    """Peak memory is a few frames' worth: keeping all of a 120-step pass would be 120."""
    root = _chain(120)
    tracemalloc.start()
    try:
        paths = render_backward_frames(root, tmp_path / "frames", renderer=any_renderer,
                                       format=format, scale=1, legend=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    largest = max(os.path.getsize(p) for p in paths)
    assert len(paths) == 120
    assert peak < 12 * largest + 2_000_000


# ----------------------------------------------------------------------
# The GIF
# ----------------------------------------------------------------------

@pytest.mark.parametrize("slide", [False, True])
def test_the_gif_of_the_2_2_2_network_is_under_a_megabyte(any_renderer, slide):
    pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    gif = render_backward_gif(network_2_2_2()["E"], renderer=any_renderer, slide=slide)
    assert gif.startswith(b"GIF89a") and len(gif) < 1_000_000


def test_a_slide_gif_is_1920_by_1080(any_renderer):
    Image = pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    gif = render_backward_gif(network_2_2_2()["E"], renderer=any_renderer, slide=True)
    assert Image.open(io.BytesIO(gif)).size == (1920, 1080)


def test_every_step_has_a_frame_even_where_edges_repeat(any_renderer):
    """x·x: two steps on two edges into one operation, each its own frame."""
    pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    x = Value(3.0, label="x")
    square = x * x
    gif = render_backward_gif(square, renderer=any_renderer)
    assert len(gif_frames(gif)) == 1 + len(square.inputs)
    assert len(list(topological_order(square))) == 2


def test_a_picture_wider_than_a_gif_can_be_is_refused_before_any_frame_is_drawn(
        any_renderer, monkeypatch):
    """A GIF's sides are 16-bit: a 250-operation chain drawn left to right is wider than that."""
    pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    from autograd_core.seeing import compose

    def never(*args, **kwargs):
        raise AssertionError("a frame was drawn")

    monkeypatch.setattr(compose.Canvas, "__init__", never)
    x = Value(2.0, label="x")
    root = x
    for _ in range(250):
        root = root * 1.001
    with pytest.raises(ValueError) as error:
        render_backward_gif(root, renderer=any_renderer, legend=False)
    message = str(error.value)
    assert "render_backward_gif" in message and "65,535 pixels on a side" in message
    fitting = float(re.search(r"with scale=([\d.]+)", message).group(1))
    assert 0 < fitting < 1
    assert "format='png'" in message and "backward_player" in message
