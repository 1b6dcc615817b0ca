"""Threads sharing one graph: each pass is taken whole, so the passes add up exactly.

PyTorch lets several threads call ``backward()`` on one graph (with
``retain_graph=True``) and the leaves get exactly the sum. Each test runs
many trials with the interpreter switching threads every microsecond, so a
pass that another one could see half-done would show.
"""

import sys
import threading

import pytest

from autograd_core import Value, backward_steps, grad, weighted_sum
from autograd_core.examples import network_2_2_2

THREADS = 4
TRIALS = 30


@pytest.fixture(autouse=True)
def switch_threads_often():
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _run_together(work):
    start = threading.Barrier(THREADS)
    errors = []

    def run():
        try:
            start.wait()
            work()
        except BaseException as error:          # noqa: BLE001 - reported below
            errors.append(error)
    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def _deep_graph():
    """A graph with shared intermediate nodes, deep enough for a switch mid-pass."""
    x, w = Value(0.3, label="x"), Value(-0.7, label="w")
    h = x
    for k in range(200):
        h = weighted_sum([w, x], [h, 0.01 * k]).tanh() + h * 0.5
    return x, w, h


def test_threads_calling_backward_on_one_graph_add_up_exactly():
    for _ in range(TRIALS):
        x, w, root = _deep_graph()
        root.backward()
        once = (x.grad, w.grad)
        x.grad = w.grad = 0.0
        _run_together(root.backward)
        assert (x.grad, w.grad) == pytest.approx((THREADS * once[0], THREADS * once[1]),
                                                 rel=1e-12)


def test_threads_calling_backward_on_the_notes_network_add_up_exactly():
    nodes = network_2_2_2()
    weights = [nodes[f"w{k}"] for k in range(1, 9)]
    nodes["E"].backward()
    once = [w.grad for w in weights]
    for w in weights:
        w.grad = 0.0
    for _ in range(TRIALS):
        _run_together(nodes["E"].backward)
    assert [w.grad for w in weights] == pytest.approx([TRIALS * THREADS * g for g in once],
                                                      rel=1e-12)


def test_threads_calling_grad_get_the_same_answer_and_change_no_grad():
    x, w, root = _deep_graph()
    (expected,) = grad(root, [x])
    answers = []
    _run_together(lambda: answers.extend(d.data for d in grad(root, [x]) for _ in range(3)))
    assert answers == [expected.data] * (THREADS * 3) and x.grad == 0.0


def test_threads_stepping_through_traces_add_up_like_backward():
    x, w, root = _deep_graph()
    root.backward()
    once = x.grad
    x.grad = w.grad = 0.0
    _run_together(lambda: [None for _ in backward_steps(root)])
    assert x.grad == pytest.approx(THREADS * once, rel=1e-12)


def test_a_trace_and_backward_running_together_add_up():
    x, w, root = _deep_graph()
    root.backward()
    once = x.grad
    x.grad = 0.0
    calls = iter(range(THREADS))

    def one_or_the_other():
        if next(calls) % 2:
            root.backward()
        else:
            for _ in backward_steps(root):
                pass
    _run_together(one_or_the_other)
    assert x.grad == pytest.approx(THREADS * once, rel=1e-12)
