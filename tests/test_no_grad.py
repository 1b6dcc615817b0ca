"""no_grad(): values without a graph."""

from autograd_core import Value, is_grad_enabled, no_grad


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
