"""What a Value looks like in a REPL."""

from autograd_core import Value


def test_repr_shows_data_grad_op_and_label():
    x = Value(2.0)
    z = (3 * x - 2) ** 2
    z.label = "z"
    z.backward()
    assert repr(z) == "Value(data=16.0, grad=1.0, op='**2', label='z')"


def test_repr_of_an_unlabelled_leaf_is_short():
    assert repr(Value(2)) == "Value(data=2.0, grad=0.0)"


def test_values_have_no_instance_dict():
    # __slots__: a typo such as `x.gard = 1` fails instead of passing silently
    x = Value(1.0)
    try:
        x.gard = 1.0
    except AttributeError:
        pass
    else:
        raise AssertionError("setting an unknown attribute should fail")
