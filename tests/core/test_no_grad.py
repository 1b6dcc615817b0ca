"""no_grad(): values without a graph, in this thread only."""

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
