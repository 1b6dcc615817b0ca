"""collector_paused: the garbage collector off for a block, and back as it was after."""

import gc
import threading

import pytest

from autograd_core import Value, collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_user_switched_off_stays_off():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_blocks_nest_and_an_error_still_restores_the_collector():
    with pytest.raises(ZeroDivisionError):
        with collector_paused():
            with collector_paused():
                pass
            assert not gc.isenabled()
            1 / 0
    assert gc.isenabled()


def test_as_a_decorator():
    @collector_paused()
    def build():
        assert not gc.isenabled()
        y = Value(1.0)
        for _ in range(100):
            y = y * 0.5 + 1.0
        y.backward()
        return y
    assert build().data == pytest.approx(2.0)
    assert gc.isenabled()


def test_threads_each_in_a_block_leave_the_collector_on_after_the_last():
    inside = threading.Barrier(5)        # four threads in their blocks, and this one
    leave = threading.Event()

    def work():
        with collector_paused():
            inside.wait()
            leave.wait()
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for t in threads:
        t.join()
    assert gc.isenabled()


def test_nothing_is_left_for_the_collector_after_a_paused_graph():
    gc.collect()
    with collector_paused():
        x = Value(0.5)
        y = x
        for _ in range(2000):
            y = (y * x).tanh() + 1.0
        y.backward()
        del y
    assert gc.collect() == 0
