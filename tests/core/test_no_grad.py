"""no_grad(): values without a graph, in this thread only."""

import asyncio
import inspect
import sys
import threading

import pytest

from autograd_core import Value, enable_grad, is_grad_enabled, no_grad


def test_operations_under_no_grad_record_no_inputs():
    x = Value(3.0)
    with no_grad():
        y = (x * x).tanh() + 1
    assert y.inputs == () and y.local_grads == ()
    assert y.data == __import__("math").tanh(9.0) + 1


def test_recording_resumes_after_the_block():
    x = Value(3.0)
    with no_grad():
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert (x * x).inputs == (x, x)


def test_recording_resumes_after_an_error_inside_the_block():
    try:
        with no_grad():
            Value(-1.0).log()
    except ValueError:
        pass
    assert is_grad_enabled()


def test_no_grad_works_as_a_decorator():
    @no_grad()
    def evaluate(x):
        return x * 2

    assert evaluate(Value(1.0)).inputs == ()


def test_sqrt_of_zero_is_fine_when_no_derivative_is_needed():
    with no_grad():
        assert Value(0.0).sqrt().data == 0.0


# ----------------------------------------------------------------------
# The mode belongs to a thread
# ----------------------------------------------------------------------

def _in_thread(target):
    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_a_thread_inside_no_grad_does_not_stop_another_thread_recording():
    inside, done = threading.Event(), threading.Event()

    def evaluate():
        with no_grad():
            inside.set()
            done.wait(10)

    thread = _in_thread(evaluate)
    assert inside.wait(10)
    x = Value(3.0)
    y = x * x
    done.set()
    thread.join(10)
    assert y.inputs == (x, x)


def test_another_threads_no_grad_is_not_seen_by_is_grad_enabled():
    inside, done = threading.Event(), threading.Event()

    def evaluate():
        with no_grad():
            inside.set()
            done.wait(10)

    thread = _in_thread(evaluate)
    inside.wait(10)
    seen = is_grad_enabled()
    done.set()
    thread.join(10)
    assert seen is True


def test_a_new_thread_starts_recording_even_while_this_one_is_in_no_grad():
    seen = []
    with no_grad():
        thread = _in_thread(lambda: seen.append(is_grad_enabled()))
        thread.join(10)
    assert seen == [True]


def test_two_threads_leaving_no_grad_in_crossed_order_leave_recording_on():
    # A enters, B enters, A leaves, B leaves: with one shared flag, B would
    # restore the "off" it saw when it entered, and recording would stay off.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def a():
        with no_grad():
            a_in.set()
            b_in.wait(10)
        a_out.set()

    def b():
        a_in.wait(10)
        with no_grad():
            b_in.set()
            a_out.wait(10)

    threads = [_in_thread(a), _in_thread(b)]
    for thread in threads:
        thread.join(10)
    assert is_grad_enabled()
    x = Value(2.0)
    assert (x * x).inputs == (x, x)


def test_many_threads_entering_and_leaving_no_grad_leave_recording_on_everywhere():
    start = threading.Barrier(8)
    seen_after = []

    def work():
        start.wait(10)
        for _ in range(2000):
            with no_grad():
                with enable_grad():
                    pass
        seen_after.append(is_grad_enabled())

    threads = [_in_thread(work) for _ in range(8)]
    for thread in threads:
        thread.join(30)
    assert seen_after == [True] * 8
    assert is_grad_enabled()
    late = []
    _in_thread(lambda: late.append(is_grad_enabled())).join(10)
    assert late == [True]


# ----------------------------------------------------------------------
# enable_grad, and no_grad as a decorator
# ----------------------------------------------------------------------

def test_enable_grad_records_again_inside_no_grad():
    x = Value(2.0)
    with no_grad():
        with enable_grad():
            y = x * x
        z = x * x
    assert y.inputs == (x, x) and z.inputs == ()


def test_no_grad_without_parentheses_works_as_a_decorator():
    @no_grad
    def evaluate(x):
        return x * 2, is_grad_enabled()

    y, enabled = evaluate(Value(1.0))
    assert y.inputs == () and enabled is False and is_grad_enabled()


def test_no_grad_as_a_decorator_keeps_the_functions_name():
    @no_grad
    def evaluate(x):
        """Doc."""
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Doc."


def test_no_grad_given_something_other_than_a_function_says_how_to_write_it():
    with pytest.raises(TypeError, match=r"no_grad\(\) takes no arguments; use `with no_grad\(\):`"):
        no_grad(3)


def test_no_grad_on_a_generator_applies_while_it_runs_and_not_between_its_yields():
    @no_grad()
    def generate():
        for _ in range(3):
            yield is_grad_enabled()

    inside, between = [], []
    for enabled in generate():
        inside.append(enabled)
        between.append(is_grad_enabled())
    assert inside == [False, False, False]
    assert between == [True, True, True]


def test_no_grad_on_a_generator_without_parentheses_applies_while_it_runs():
    @no_grad
    def generate():
        yield is_grad_enabled()

    assert list(generate()) == [False] and is_grad_enabled()


def test_a_no_grad_generator_passes_on_sent_values_and_its_return_value():
    @no_grad()
    def accumulate():
        total = 0
        while True:
            received = yield total
            if received is None:
                return total
            total += received

    generator = accumulate()
    assert next(generator) == 0
    assert generator.send(2) == 2 and generator.send(3) == 5
    with pytest.raises(StopIteration) as stop:
        generator.send(None)
    assert stop.value.value == 5


def test_a_no_grad_generator_handles_thrown_errors_and_close_inside_the_mode():
    seen = []

    @no_grad()
    def generate():
        try:
            yield 1
        except KeyError:
            seen.append(("caught", is_grad_enabled()))
            yield 2
        finally:
            seen.append(("finally", is_grad_enabled()))

    generator = generate()
    next(generator)
    assert generator.throw(KeyError("k")) == 2
    generator.close()
    assert seen == [("caught", False), ("finally", False)]
    assert is_grad_enabled()


def test_a_generator_left_unfinished_does_not_leave_recording_off():
    @no_grad()
    def generate():
        yield 1
        yield 2

    generator = generate()
    next(generator)
    assert is_grad_enabled()
    del generator
    assert is_grad_enabled()


# ----------------------------------------------------------------------
# backward() on something computed under no_grad
# ----------------------------------------------------------------------

def test_backward_on_a_result_computed_under_no_grad_is_an_error_saying_so():
    x = Value(3.0)
    with no_grad():
        y = x * x
    with pytest.raises(RuntimeError, match="computed under no_grad"):
        y.backward()
    assert x.grad == 0.0


def test_backward_on_a_leaf_made_under_no_grad_is_still_allowed():
    with no_grad():
        x = Value(3.0)
    x.backward()
    assert x.grad == 1.0


# ----------------------------------------------------------------------
# One no_grad() object shared by threads
# ----------------------------------------------------------------------

def test_one_no_grad_object_entered_by_two_threads_gives_each_back_its_own_state():
    # A (recording) enters the shared block, then B (already inside its own
    # no_grad) enters it too; A leaves first. A must get back "on", B "off".
    shared = no_grad()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def a():
        with shared:
            a_in.set()
            b_in.wait(10)
        seen["a after"] = is_grad_enabled()
        a_out.set()

    def b():
        with no_grad():
            a_in.wait(10)
            with shared:
                b_in.set()
                a_out.wait(10)
            seen["b after"] = is_grad_enabled()
        seen["b outside"] = is_grad_enabled()

    threads = [_in_thread(a), _in_thread(b)]
    for thread in threads:
        thread.join(10)
    assert seen == {"a after": True, "b after": False, "b outside": True}


def test_one_no_grad_object_shared_by_many_threads_never_mixes_their_states():
    # Each thread enters the shared block from a state of its own, many times,
    # while the interpreter switches threads as often as it can.
    shared = no_grad()
    start = threading.Barrier(4)
    wrong = []

    def work(index):
        start.wait(10)
        outer = enable_grad() if index % 2 else no_grad()
        for trial in range(1500):
            with outer:
                before = is_grad_enabled()
                with shared:
                    if is_grad_enabled():
                        wrong.append((index, trial, "on inside"))
                if is_grad_enabled() != before:
                    wrong.append((index, trial, "changed after"))
        if not is_grad_enabled():
            wrong.append((index, "off at the end"))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [_in_thread(lambda i=i: work(i)) for i in range(4)]
        for thread in threads:
            thread.join(60)
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []
    assert is_grad_enabled()


# ----------------------------------------------------------------------
# no_grad on coroutines and async generators
# ----------------------------------------------------------------------

def test_no_grad_on_an_async_function_applies_while_it_runs_and_not_while_it_waits():
    @no_grad()
    async def evaluate(x, seen):
        seen.append(("evaluate starts", is_grad_enabled()))
        await asyncio.sleep(0)
        seen.append(("evaluate resumes", is_grad_enabled()))
        return x * 2

    async def other(seen):
        seen.append(("other", is_grad_enabled()))

    async def main():
        seen = []
        y, _ = await asyncio.gather(evaluate(Value(1.0), seen), other(seen))
        return y, seen

    y, seen = asyncio.run(main())
    assert y.inputs == () and y.data == 2.0
    assert seen == [("evaluate starts", False), ("other", True), ("evaluate resumes", False)]
    assert is_grad_enabled()


def test_no_grad_on_an_async_function_without_parentheses_keeps_it_an_async_function():
    @no_grad
    async def evaluate():
        """Doc."""
        return is_grad_enabled()

    assert inspect.iscoroutinefunction(evaluate)
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Doc."
    assert asyncio.run(evaluate()) is False and is_grad_enabled()


def test_a_no_grad_async_function_sees_its_errors_and_cancellation_inside_the_mode():
    seen = []

    @no_grad()
    async def wait_forever():
        try:
            await asyncio.sleep(3600)
        finally:
            seen.append(("finally", is_grad_enabled()))

    @no_grad()
    async def fail():
        await asyncio.sleep(0)
        raise KeyError("k")

    async def main():
        task = asyncio.create_task(wait_forever())
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        seen.append(("after cancel", is_grad_enabled()))
        with pytest.raises(KeyError):
            await fail()
        seen.append(("after error", is_grad_enabled()))

    asyncio.run(main())
    assert seen == [("finally", False), ("after cancel", True), ("after error", True)]


def test_no_grad_on_an_async_generator_applies_while_it_runs_and_not_between_its_items():
    @no_grad()
    async def generate():
        for _ in range(3):
            await asyncio.sleep(0)
            yield is_grad_enabled()

    async def main():
        inside, between = [], []
        async for enabled in generate():
            inside.append(enabled)
            between.append(is_grad_enabled())
        return inside, between

    assert inspect.isasyncgenfunction(generate)
    assert asyncio.run(main()) == ([False] * 3, [True] * 3)
    assert is_grad_enabled()


def test_a_no_grad_async_generator_passes_on_sent_values_thrown_errors_and_close():
    seen = []

    @no_grad
    async def accumulate():
        total = 0
        try:
            while True:
                try:
                    received = yield total
                except KeyError:
                    seen.append(("caught", is_grad_enabled()))
                    received = 100
                total += received
        finally:
            seen.append(("finally", is_grad_enabled()))

    async def main():
        generator = accumulate()
        assert await generator.asend(None) == 0
        assert await generator.asend(2) == 2
        assert await generator.athrow(KeyError("k")) == 102
        await generator.aclose()
        seen.append(("after close", is_grad_enabled()))

    asyncio.run(main())
    assert seen == [("caught", False), ("finally", False), ("after close", True)]
