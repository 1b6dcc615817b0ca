"""gradcheck: the engine against central differences."""

import pytest

from autograd_core import GradcheckError, Value, gradcheck
from autograd_core import value as value_module


def test_gradcheck_passes_for_a_correct_function():
    assert gradcheck(lambda a, b: (a * b + a.sigmoid() / b).tanh() + a ** b, [0.5, 1.3])


def test_gradcheck_reports_every_input_when_a_derivative_is_wrong(monkeypatch):
    def wrong_sin(self):
        # value of sin, derivative of -cos: deliberately wrong
        return value_module._node(value_module.math.sin(self.data), "sin", (self,), (1.0,))

    monkeypatch.setattr(Value, "sin", wrong_sin)
    with pytest.raises(GradcheckError) as failure:
        gradcheck(lambda a, b: a.sin() * b, [0.4, 2.0])
    message = str(failure.value)
    assert "input 0" in message and "input 1" in message
    assert "MISMATCH" in message and "analytic" in message and "numeric" in message


def test_gradcheck_needs_a_value_result():
    with pytest.raises(TypeError, match="must return a Value"):
        gradcheck(lambda a: 3.0, [1.0])
