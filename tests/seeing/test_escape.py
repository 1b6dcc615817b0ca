"""Hostile labels, titles and captions through every picture and page: shown as text, never run.

A label may hold anything a str holds. Each renderer and page must show it as
written and let it do nothing: not end a DOT string and add attributes (a
``URL="javascript:…"`` that runs when clicked), not break a record box, not
close a script element, not add markup.
"""

import os
import re
import xml.etree.ElementTree as ElementTree

import pytest

from autograd_core import (Value, backward_player, forward_player, render_backward_frames,
                           render_backward_gif, render_png, render_svg, to_dot)
from autograd_core.seeing.escape import dot_string, has_link, markup, printable, record_field, script_json
from picture_measures import record_fields, svg_texts

#: A crafted label that, put unescaped into DOT, ends its string and adds a node with a link.
INJECTION = 'x"] evil [URL="javascript:window.__injected=1" label="click me'

HOSTILE = [
    'say "hi"',
    "w_{12}",
    "|x|",
    INJECTION,
    "</script><script>window.__injected=1</script>",
    '"><img src=x onerror="window.__injected=1">',
    "a\\nb \\N \\G \\l",
    "<b>&amp;</b> {a|b} <port>",
    "tab\there\nnew line \x1b[31m",
]


def shown(label):
    """How a label reads in a picture: control characters as visible stand-ins."""
    return printable(label)


def hostile_graph(label):
    x = Value(2.0, label=label)
    y = 3 * x - 2
    y.label = label + " (y)"
    z = y ** 2
    z.label = "z"
    return x, y, z


def assert_no_link_or_script(svg):
    assert not has_link(svg)
    assert "javascript:" not in svg.replace("javascript:window.__injected", "")  # only as text
    assert not re.search(r"<[^>]*\bon\w+\s*=", svg)           # no event attribute in any tag
    ElementTree.fromstring(svg[svg.index("<svg"):])           # still well-formed XML


# ----------------------------------------------------------------------
# The escaping functions
# ----------------------------------------------------------------------

def test_a_dot_string_cannot_be_ended_by_its_text():
    text = dot_string(INJECTION)
    assert re.fullmatch(r'(?:[^"\\]|\\.)*', text)        # every quote escaped, every backslash paired
    assert dot_string("a\\nb") == "a\\\\nb"               # Graphviz's \n stays two characters


def test_a_record_field_escapes_the_record_syntax():
    assert record_field("{a|b} <p> x") == "\\{a\\|b\\}\\ \\<p\\>\\ x"


def test_markup_and_script_data_cannot_make_elements():
    assert markup('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert "<" not in script_json({"text": "</script><!--"})
    assert printable("a\nb\x00\x1b") == "a␊b␀␛"


def test_the_controls_of_writing_direction_are_shown_as_stand_ins():
    """U+202E (right-to-left override) and its kin would show the rest of a sentence backwards."""
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        assert printable(f"x{control}") == "x\ufffd"
        assert control not in markup(f"x{control}") + dot_string(f"x{control}")
        assert control not in script_json({"text": f"x{control}"})


def test_a_right_to_left_name_is_followed_by_a_left_to_right_mark():
    from autograd_core.seeing.escape import left_to_right

    assert left_to_right("dz/dاختبار = 1 · 8") == "dz/dاختبار\u200e = 1 · 8"
    assert left_to_right("∂אב/∂x") == "∂אב\u200e/∂x"
    assert left_to_right(left_to_right("اختبار = 8")) == "اختبار\u200e = 8"      # once only
    assert left_to_right("dz/dy = 1 · 8 = 8") == "dz/dy = 1 · 8 = 8"
    assert markup("اختبار") == "اختبار\u200e"


# ----------------------------------------------------------------------
# DOT and SVG from each renderer
# ----------------------------------------------------------------------

@pytest.mark.parametrize("label", HOSTILE)
def test_the_dot_text_holds_no_link_and_one_box_per_value(label):
    x, y, z = hostile_graph(label)
    dot = to_dot(z, title=label, legend=False)
    syntax = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)      # the DOT with every string emptied
    assert "URL" not in syntax and "href" not in syntax and "evil" not in syntax
    assert [fields[0] for fields in record_fields(dot).values()] == [
        shown(label), "v1", shown(label + " (y)"), "z"]


@pytest.mark.parametrize("label", HOSTILE)
def test_every_renderer_shows_a_hostile_label_as_written(renderer, label):
    x, y, z = hostile_graph(label)
    svg = render_svg(z, renderer=renderer, title=label)
    assert_no_link_or_script(svg)
    texts = svg_texts(svg)
    assert shown(label) in texts and shown(label + " (y)") in texts
    assert shown(label).strip() in [t.strip() for t in texts]       # the title too


@pytest.mark.parametrize("slide", [False, True])
def test_a_slide_and_a_network_hold_hostile_names_too(any_renderer, slide):
    from autograd_core import weighted_sum

    w = [Value(0.1, label=INJECTION), Value(0.2, label="|x|")]
    out = weighted_sum(w, [1.0, 2.0]).sigmoid()
    out.label = 'say "hi"'
    svg = render_svg(out, renderer=any_renderer, slide=slide)
    assert_no_link_or_script(svg)
    assert {shown(INJECTION), "|x|", 'say "hi"'} <= {t.split(" = ")[0] for t in svg_texts(svg)}


def test_a_png_of_hostile_labels_is_drawn(any_renderer):
    pytest.importorskip("resvg_py", reason="resvg-py (the render extra) is not installed")
    x, y, z = hostile_graph(INJECTION)
    assert render_png(z, renderer=any_renderer, title=HOSTILE[-1]).startswith(b"\x89PNG")


def test_frames_and_gif_of_hostile_labels_show_them_as_text(tmp_path, any_renderer):
    x, y, z = hostile_graph(INJECTION)
    for path in render_backward_frames(z, tmp_path / "frames", renderer=any_renderer):
        with open(path, encoding="utf-8") as file:
            svg = file.read()
        assert_no_link_or_script(svg)
        caption = next(t for t in svg_texts(svg) if t.startswith("step "))
        assert "dz/d" in caption
    pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    assert render_backward_gif(z, renderer=any_renderer).startswith(b"GIF89a")
    render_backward_frames(z, tmp_path / "png", renderer=any_renderer, format="png", scale=1)
    assert len(os.listdir(tmp_path / "png")) == 3


LONG_LABEL = "start" + "x" * 20_000 + "end"


@pytest.mark.parametrize("picture", ["svg", "slide", "player", "frames", "gif"])
def test_a_label_of_20000_characters_is_drawn_shortened_keeping_both_ends(
        any_renderer, tmp_path, picture):
    """Graphviz refuses a string of more than 16,384 bytes: the label is shortened around "…"."""
    from autograd_core.seeing.drawn import MAX_NAME_CHARS

    x, y, z = hostile_graph(LONG_LABEL)
    draw = {
        "svg": lambda: render_svg(z, renderer=any_renderer),
        "slide": lambda: render_svg(z, renderer=any_renderer, slide=True),
        "player": lambda: backward_player(z, renderer=any_renderer).html,
        "frames": lambda: open(render_backward_frames(z, tmp_path / "f", renderer=any_renderer)[-1],
                               encoding="utf-8").read(),
        "gif": lambda: render_backward_gif(z, renderer=any_renderer),
    }
    if picture == "gif":
        pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
        assert draw[picture]().startswith(b"GIF89a")
        return
    page = draw[picture]()
    names = [t for t in svg_texts(page[page.index("<svg"):]) if t.startswith("start")]
    assert names and all(len(name) <= MAX_NAME_CHARS + len(" (y)") for name in names)
    assert all("…" in name and name.startswith("startxxx") for name in names)
    assert any(name.endswith("xxxend") for name in names)


def test_a_title_too_long_to_draw_is_refused_naming_its_length():
    import nn

    x, y, z = hostile_graph("x")
    with pytest.raises(ValueError, match=r"render_svg\(title=...\): a title of 20,000 characters"):
        render_svg(z, title="t" * 20_000)
    with pytest.raises(ValueError, match=r"layers_to_dot\(title=...\): a title of 20,000 characters"):
        nn.layers_to_dot(nn.MLP(2, [1], seed=0), [1.0, 2.0], title="t" * 20_000)


@pytest.mark.parametrize("label", HOSTILE)
def test_the_pages_hold_no_link_and_one_script(any_renderer, label):
    x, y, z = hostile_graph(label)
    for page in (backward_player(z, renderer=any_renderer).html,
                 forward_player(z, x, renderer=any_renderer).html):
        assert page.count("<script") == 2 and page.count("</script>") == 2
        assert not has_link(page)
        assert not re.search(r"<[^>]*\bon\w+\s*=", page)
        assert not re.search(r"<img\b", page)


# ----------------------------------------------------------------------
# In a real browser: the pages show the labels, and nothing runs
# ----------------------------------------------------------------------

def test_in_a_browser_hostile_labels_are_shown_and_nothing_they_hold_runs(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    for k, label in enumerate(HOSTILE):
        x, y, z = hostile_graph(label)
        for name, player in (("backward", backward_player(z)), ("forward", forward_player(z, x))):
            path = player.save(str(tmp_path / f"{name}{k}.html"))
            url = "file://" + os.path.abspath(path)
            browser.get(url)
            browser.find_element(By.ID, "last").click()
            texts = browser.execute_script(
                "return Array.from(document.querySelectorAll('#graph text')).map(t => t.textContent)")
            # a name on its own row, or "name = data" (a slide's boxes of two rows)
            assert shown(label) in [t.split(" = ")[0] if " = " in t else t for t in texts]
            step_text = browser.find_element(By.ID, "step-text").text
            assert step_text
            for group in browser.find_elements(By.CSS_SELECTOR, "#graph g.node"):
                browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                                       "{bubbles: true}))", group)
            assert browser.current_url == url
            assert browser.execute_script("return window.__injected") is None
            assert browser.execute_script(
                "return document.querySelectorAll('a, img, [href], [onerror]').length") == 0
            with pytest.raises(NoAlertPresentException):
                browser.switch_to.alert.text


def character_lefts(browser, element_id, characters, start):
    """The left edge on screen of each of ``characters``, found in turn in the text from ``start``."""
    return browser.execute_script("""
        var node = document.getElementById(arguments[0]).firstChild;
        var text = node.textContent, from = arguments[2], lefts = [];
        arguments[1].forEach(function (c) {
          var i = text.indexOf(c, from); from = i + 1;
          var range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
          lefts.push(range.getBoundingClientRect().left);
        });
        return lefts;""", element_id, characters, start)


def test_in_a_browser_a_step_reads_left_to_right_whatever_direction_its_names_are_written_in(
        browser, tmp_path):
    """A label with U+202E showed "= 24" as "= 42"; one in Arabic, "= 1 · 8" as "8 · 1 =". """
    x = Value(2.0, label="x\u202e")
    y = 3 * x - 2
    y.label = "اختبار"
    z = y ** 2
    z.label = "z"
    path = backward_player(z).save(str(tmp_path / "directions.html"))
    browser.get("file://" + os.path.abspath(path))
    steps = {1: ["=", "1", "·", "8", "="], 3: ["=", "8", "·", "3", "=", "2", "4"]}
    for k, characters in steps.items():
        browser.execute_script(f"var s = document.getElementById('slider'); s.value = {k}; "
                               f"s.dispatchEvent(new Event('input'));")
        text = browser.execute_script("return document.getElementById('step-text').textContent")
        assert "\u202e" not in text
        start = text.rindex("= ", 0, text.rindex(" · "))
        lefts = character_lefts(browser, "step-text", characters, start)
        assert lefts == sorted(lefts), (k, text[start:], lefts)
