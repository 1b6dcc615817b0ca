"""PNG and GIF pictures, drawn in-process with the font shipped in the package."""

import io
import os

import pytest

from autograd_core import Value, render_backward_frames, render_backward_gif, render_png
from autograd_core.seeing.renderers import available_renderers
from autograd_core.examples import chain_rule_example
from picture_measures import gif_frames

pytest.importorskip("resvg_py", reason="resvg-py (the render extra) is not installed")
Image = pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
if "wasm" not in available_renderers() and "dot" not in available_renderers():
    pytest.skip("no Graphviz renderer is installed", allow_module_level=True)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image(png):
    return Image.open(io.BytesIO(png)).convert("L")


def dark_pixels(picture):
    return sum(1 for value in picture.tobytes() if value < 128)


def one_box(label):
    x = Value(2.0, label=label)
    return x


def test_render_png_returns_png_bytes_and_writes_the_same_to_the_path(tmp_path):
    x, y, z = chain_rule_example()
    z.backward()
    path = tmp_path / "chain.png"
    png = render_png(z, str(path))
    assert png.startswith(PNG_SIGNATURE)
    assert path.read_bytes() == png


def test_the_labels_are_drawn_not_left_out():
    # Two pictures alike but for the letters of one label: if no font were
    # found, resvg would drop the text and both would be the same pixels.
    first = image(render_png(one_box("aaaa"), legend=False))
    second = image(render_png(one_box("wwww"), legend=False))
    assert first.size == second.size
    assert first.tobytes() != second.tobytes()


def test_a_longer_label_puts_more_ink_on_the_picture():
    short = dark_pixels(image(render_png(one_box("x"), legend=False)))
    long = dark_pixels(image(render_png(one_box("xxxxxxxxxxxx"), legend=False)))
    assert long > short


def test_the_shipped_font_is_used_not_the_systems():
    from autograd_core.seeing import raster

    assert os.path.isfile(raster.FONT_FILE)
    assert os.path.isfile(os.path.join(os.path.dirname(raster.FONT_FILE), "LICENSE-DejaVu.txt"))


def test_scale_multiplies_the_size():
    x, y, z = chain_rule_example()
    small = image(render_png(z, scale=1))
    big = image(render_png(z, scale=2))
    assert big.width == pytest.approx(2 * small.width, abs=2)
    assert big.height == pytest.approx(2 * small.height, abs=2)


@pytest.mark.parametrize("scale", [0, -1, float("nan"), "2", True])
def test_a_bad_scale_is_refused_naming_it(scale):
    x, y, z = chain_rule_example()
    with pytest.raises(ValueError, match=r"render_png\(scale=...\): expected a number above 0"):
        render_png(z, scale=scale)


def test_render_png_refuses_an_svg_path_and_points_at_render_svg(tmp_path):
    x, y, z = chain_rule_example()
    with pytest.raises(ValueError, match=r"render_png\(path=...\): writes PNG.*render_svg\(root"):
        render_png(z, str(tmp_path / "x.svg"))
    assert os.listdir(tmp_path) == []


def test_png_frames_one_per_step(tmp_path):
    x, y, z = chain_rule_example()
    paths = render_backward_frames(z, str(tmp_path / "frames"), format="png", scale=1)
    assert [os.path.basename(p) for p in paths] == ["step_001.png", "step_002.png", "step_003.png"]
    assert all(open(p, "rb").read().startswith(PNG_SIGNATURE) for p in paths)
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 0.0)


def test_frames_refuse_an_unknown_format_before_any_step(tmp_path):
    x, y, z = chain_rule_example()
    with pytest.raises(ValueError, match=r"render_backward_frames\(format=...\): expected 'svg' or 'png', got 'jpg'"):
        render_backward_frames(z, str(tmp_path), format="jpg")
    assert z.grad == 0.0


def test_the_gif_has_a_forward_frame_then_one_per_step_and_loops(tmp_path):
    x, y, z = chain_rule_example()
    path = tmp_path / "backward.gif"
    gif = render_backward_gif(z, str(path), seconds_per_step=0.5)
    assert path.read_bytes() == gif
    animation = Image.open(io.BytesIO(gif))
    assert [ms for _, ms in gif_frames(gif)] == [500, 500, 500, 1500]   # the last one held
    assert animation.info["loop"] == 0
    assert animation.info["duration"] == 500
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 0.0)


def test_a_scale_above_10_is_refused():
    x, y, z = chain_rule_example()
    with pytest.raises(ValueError, match="at most 10"):
        render_png(z, scale=50)


def test_a_picture_too_big_to_draw_is_refused_naming_its_size():
    v = Value(1.0, label="x")
    for _ in range(400):  # a chain 400 boxes long, drawn on one line
        v = v * 1.0
    with pytest.raises(ValueError, match=r"render_png: the picture would be [\d,]+ × [\d,]+ pixels "
                                         r"at scale=4, more than 80,000,000 pixels"):
        render_png(v, scale=4)
