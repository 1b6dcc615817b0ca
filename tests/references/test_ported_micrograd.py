"""micrograd's test suite (``test/test_engine.py``), ported to this engine.

The two expressions are micrograd's, written the same way; ``c += c + 1``
works because ``+=`` falls back to ``c = c + (c + 1)``. The reference is
PyTorch in float64 (as micrograd's tests use), and also the numbers micrograd's
README prints for the second expression, so the tests say something without
PyTorch installed. micrograd compares the second expression to 1e-6
absolute; here it is 1e-12 relative.
"""

import pytest

from autograd_core import Value


def sanity_check_expression(x):
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    return y


def more_ops_expression(a, b):
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return g


def test_sanity_check():
    torch = pytest.importorskip("torch")
    x = Value(-4.0)
    y = sanity_check_expression(x)
    y.backward()

    xpt = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    ypt = sanity_check_expression(xpt)
    ypt.backward()

    assert y.data == ypt.item()             # forward pass, exactly
    assert x.grad == xpt.grad.item()        # backward pass, exactly


def test_sanity_check_by_hand():
    # z = 3x + 2 = -10, q = relu(z) + z·x = 40, h = z² = 100, y = h + q + q·x = -20;
    # dy/dx = 2z·3 + (1 + x)(z + 3x) + q = -60 + (-3)(-22) + 40 = 46
    x = Value(-4.0)
    y = sanity_check_expression(x)
    y.backward()
    assert (y.data, x.grad) == (-20.0, 46.0)


def test_more_ops():
    torch = pytest.importorskip("torch")
    a, b = Value(-4.0), Value(2.0)
    g = more_ops_expression(a, b)
    g.backward()

    apt = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    bpt = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
    gpt = more_ops_expression(apt, bpt)
    gpt.backward()

    assert g.data == pytest.approx(gpt.item(), rel=1e-12)
    assert a.grad == pytest.approx(apt.grad.item(), rel=1e-12)
    assert b.grad == pytest.approx(bpt.grad.item(), rel=1e-12)


def test_more_ops_matches_the_numbers_in_micrograds_readme():
    a, b = Value(-4.0), Value(2.0)
    g = more_ops_expression(a, b)
    g.backward()
    assert round(g.data, 4) == 24.7041           # "prints 24.7041, the outcome of this forward pass"
    assert round(a.grad, 4) == 138.8338          # "prints 138.8338, i.e. the numerical value of dg/da"
    assert round(b.grad, 4) == 645.5773          # "prints 645.5773, i.e. the numerical value of dg/db"


def test_backward_twice_does_not_double_inner_gradients():
    # micrograd's backward() re-adds into every node's grad; here, as in PyTorch,
    # only the leaves accumulate.
    a, b = Value(-4.0), Value(2.0)
    g = more_ops_expression(a, b)
    g.backward()
    first = a.grad
    a.grad = 0.0
    g.backward()
    assert a.grad == first


def test_a_deep_chain_backpropagates_without_recursion():
    # micrograd sorts its graph recursively and fails past about 1,000 nodes.
    x = Value(1.0)
    y = x
    for _ in range(20_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0
