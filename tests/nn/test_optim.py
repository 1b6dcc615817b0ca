"""SGD and Adam against hand-computed updates (and PyTorch, when it is installed)."""

import math
import sys
import threading

import pytest

from autograd_core import Value
from autograd_core.core import PASS_LOCK
from nn import SGD, Adam


def param(data, grad):
    p = Value(data, label="p")
    p.grad = grad
    return p


# ----------------------------------------------------------------------
# SGD
# ----------------------------------------------------------------------

def test_sgd_step_moves_against_the_gradient():
    p = param(1.0, 0.5)
    SGD([p], lr=0.1).step()
    assert p.data == 1.0 - 0.1 * 0.5


def test_sgd_step_uses_the_gradient_of_each_parameter():
    a, b = param(1.0, 2.0), param(-1.0, -4.0)
    SGD([a, b], lr=0.25).step()
    assert (a.data, b.data) == (0.5, 0.0)


def test_sgd_with_momentum_first_step_uses_the_gradient_itself():
    p = param(1.0, 0.5)
    SGD([p], lr=0.1, momentum=0.9).step()
    assert p.data == 1.0 - 0.1 * 0.5


def test_sgd_with_momentum_accumulates_velocity():
    p = param(1.0, 0.5)
    optimizer = SGD([p], lr=0.1, momentum=0.9)
    optimizer.step()                # v = 0.5,                p = 1 - 0.05
    p.grad = 0.2
    optimizer.step()                # v = 0.9·0.5 + 0.2 = 0.65, p = 0.95 - 0.065
    assert p.data == pytest.approx(0.95 - 0.1 * 0.65, abs=1e-15)


def test_zero_grad_resets_every_parameter():
    a, b = param(1.0, 2.0), param(1.0, 3.0)
    SGD([a, b], lr=0.1).zero_grad()
    assert (a.grad, b.grad) == (0.0, 0.0)


# ----------------------------------------------------------------------
# Adam
# ----------------------------------------------------------------------

def test_adam_first_step_moves_by_about_lr_whatever_the_gradient_scale():
    # m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps)
    for g in (1e-3, 1.0, 1e3):
        p = param(0.0, g)
        Adam([p], lr=0.01).step()
        assert p.data == pytest.approx(-0.01 * g / (abs(g) + 1e-8), rel=1e-12)


def test_adam_two_steps_match_the_bias_corrected_update():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    p = param(1.0, 0.5)
    optimizer = Adam([p], lr=lr, betas=(b1, b2), eps=eps)
    optimizer.step()
    p.grad = -0.3
    optimizer.step()
    # by hand
    data, m, v = 1.0, 0.0, 0.0
    for t, g in enumerate([0.5, -0.3], start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        data -= lr * m_hat / (math.sqrt(v_hat) + eps)
    assert p.data == pytest.approx(data, rel=1e-14)


def test_adam_with_zero_gradient_does_not_move():
    p = param(2.0, 0.0)
    Adam([p], lr=0.1).step()
    assert p.data == 2.0


# ----------------------------------------------------------------------
# Against PyTorch (skipped when it is not installed)
# ----------------------------------------------------------------------

GRADIENT_SEQUENCE = [[0.5, -1.5, 2.0], [0.1, 0.3, -0.2], [-0.7, 0.0, 1.1], [0.05, -2.5, 0.4]]


def run_ours(make_optimizer):
    params = [param(x, 0.0) for x in (1.0, -0.5, 0.25)]
    optimizer = make_optimizer(params)
    for grads in GRADIENT_SEQUENCE:
        for p, g in zip(params, grads):
            p.grad = g
        optimizer.step()
    return [p.data for p in params]


def run_torch(torch, make_optimizer):
    tensor = torch.tensor([1.0, -0.5, 0.25], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([tensor])
    for grads in GRADIENT_SEQUENCE:
        tensor.grad = torch.tensor(grads, dtype=torch.float64)
        optimizer.step()
    return tensor.detach().tolist()


def test_sgd_with_momentum_matches_pytorch():
    torch = pytest.importorskip("torch")
    ours = run_ours(lambda ps: SGD(ps, lr=0.1, momentum=0.9))
    theirs = run_torch(torch, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
    assert ours == pytest.approx(theirs, rel=1e-13, abs=1e-15)


def test_adam_matches_pytorch():
    torch = pytest.importorskip("torch")
    ours = run_ours(lambda ps: Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6))
    theirs = run_torch(torch, lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6))
    assert ours == pytest.approx(theirs, rel=1e-13, abs=1e-15)


# ----------------------------------------------------------------------
# Bad input
# ----------------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda ps: SGD(ps, lr=-0.1), lambda ps: Adam(ps, lr=-0.1)])
def test_negative_learning_rate_is_an_error(make):
    with pytest.raises(ValueError, match="lr must be a finite number >= 0, got -0.1"):
        make([Value(1.0)])


def test_nan_learning_rate_is_an_error():
    with pytest.raises(ValueError, match="lr must be a finite number >= 0, got nan"):
        SGD([Value(1.0)], lr=float("nan"))


def test_learning_rate_must_be_a_number():
    with pytest.raises(TypeError, match="lr must be a number, got str"):
        SGD([Value(1.0)], lr="0.1")


def test_negative_momentum_is_an_error():
    with pytest.raises(ValueError, match="momentum must be a finite number >= 0"):
        SGD([Value(1.0)], lr=0.1, momentum=-0.5)


@pytest.mark.parametrize("betas", [(1.0, 0.999), (0.9, 1.5)])
def test_adam_beta_of_one_or_more_is_an_error(betas):
    with pytest.raises(ValueError, match=r"betas\[\d\] must lie in \[0, 1\)"):
        Adam([Value(1.0)], betas=betas)


def test_adam_betas_must_be_a_pair():
    with pytest.raises(TypeError, match="betas must be a pair"):
        Adam([Value(1.0)], betas=0.9)


def test_adam_eps_of_zero_is_an_error():
    with pytest.raises(ValueError, match="eps must be > 0"):
        Adam([Value(1.0)], eps=0.0)


def test_empty_parameter_list_is_an_error():
    with pytest.raises(ValueError, match="SGD: got an empty parameter list"):
        SGD([], lr=0.1)


def test_parameter_that_is_not_a_value_is_an_error():
    with pytest.raises(TypeError, match=r"Adam: params\[1\] must be a Value, got float"):
        Adam([Value(1.0), 2.0])


def test_a_single_value_instead_of_a_list_is_an_error():
    with pytest.raises(TypeError, match="params must be a list of Values"):
        SGD(Value(1.0), lr=0.1)


def test_a_parameter_listed_twice_is_an_error():
    p = Value(1.0, label="w")
    with pytest.raises(ValueError, match=r"params\[1\] \('w'\) appears twice"):
        SGD([p, p], lr=0.1)


def test_a_step_that_would_overflow_raises_and_changes_nothing():
    a, b = param(1.0, 1.0), param(1.0, 1e308)
    optimizer = SGD([a, b], lr=1e10, momentum=0.9)
    with pytest.raises(OverflowError, match=r"parameter 'p' \(params\[1\]\) would become -inf"):
        optimizer.step()
    assert (a.data, b.data) == (1.0, 1.0)
    assert optimizer.velocities is None


def test_an_adam_step_that_would_overflow_keeps_its_state():
    p = param(1e308, -1.0)
    optimizer = Adam([p], lr=1e308)
    with pytest.raises(OverflowError):
        optimizer.step()
    assert (p.data, optimizer.t, optimizer.m, optimizer.v) == (1e308, 0, [0.0], [0.0])


# ----------------------------------------------------------------------
# Non-finite gradients: refused before anything changes
# ----------------------------------------------------------------------

def snapshot(optimizer):
    """Everything a step could change: the parameters and the optimizer's state."""
    state = {key: value for key, value in vars(optimizer).items() if key != "params"}
    return [p.data for p in optimizer.params], repr(state)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("make", [lambda ps: SGD(ps, lr=0.1), lambda ps: SGD(ps, lr=0.1, momentum=0.9),
                                  lambda ps: Adam(ps, lr=0.1)], ids=["sgd", "sgd-momentum", "adam"])
def test_a_step_refuses_a_non_finite_gradient_naming_the_parameter(make, bad):
    a, b = param(1.0, 0.5), Value(2.0, label="L0.n1.w0")
    # Setting .grad to nan or inf is refused, and backward() raises before it
    # leaves one; only code writing the slot itself could, which the step catches.
    b._grad = bad
    optimizer = make([a, b])
    before = snapshot(optimizer)
    with pytest.raises(ValueError, match=rf"parameter 'L0.n1.w0' \(params\[1\]\) has gradient {bad!r}"):
        optimizer.step()
    assert snapshot(optimizer) == before


def test_a_parameter_without_a_label_is_named_by_its_position():
    optimizer = SGD([Value(1.0), Value(1.0), Value(1.0)], lr=0.1)
    optimizer.params[2]._grad = math.nan      # see the test above
    with pytest.raises(ValueError, match=r"parameter params\[2\] has gradient nan"):
        optimizer.step()


def test_adam_refuses_a_gradient_whose_square_overflows_and_changes_nothing():
    a, b = param(1.0, 0.5), Value(-3.0, label="w")
    b.grad = 1e200                     # finite, but (1 - β₂)·g² = inf
    optimizer = Adam([a, b], lr=0.1)
    before = snapshot(optimizer)
    with pytest.raises(OverflowError, match=r"second moment v .* of parameter 'w' \(params\[1\]\) would become inf"):
        optimizer.step()
    assert snapshot(optimizer) == before


def test_adam_keeps_training_after_refusing_a_huge_gradient():
    # Before the check, v became inf and the parameter never moved again.
    p = param(1.0, 1e200)
    optimizer = Adam([p], lr=0.1)
    with pytest.raises(OverflowError):
        optimizer.step()
    p.grad = 0.5
    optimizer.step()
    assert p.data == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-12)


def test_sgd_momentum_refuses_a_velocity_that_would_overflow():
    p = param(0.0, 1e308)
    optimizer = SGD([p], lr=0.0, momentum=0.9)
    optimizer.step()                   # v = 1e308, lr 0 keeps p at 0
    with pytest.raises(OverflowError, match="velocity of parameter 'p'"):
        optimizer.step()               # v = 0.9e308 + 1e308 = inf
    assert optimizer.velocities == [1e308] and p.data == 0.0


# ----------------------------------------------------------------------
# Threads sharing an optimizer: every step is taken whole
# ----------------------------------------------------------------------

def _steps_in_threads(make, threads, steps_each):
    params = [Value(1.0, label=f"p{i}") for i in range(40)]
    for p in params:
        p.grad = 0.5
    optimizer = make(params)

    def work():
        for _ in range(steps_each):
            optimizer.step()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return [p.data for p in params]


@pytest.mark.parametrize("make", [lambda ps: SGD(ps, lr=0.01, momentum=0.9),
                                  lambda ps: Adam(ps, lr=0.01)], ids=["SGD momentum", "Adam"])
def test_four_threads_stepping_one_optimizer_take_exactly_all_their_steps(make):
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        one_thread = _steps_in_threads(make, 1, 200)
        for _ in range(5):
            assert _steps_in_threads(make, 4, 50) == one_thread
    finally:
        sys.setswitchinterval(interval)


def test_a_zero_grad_in_another_thread_never_lands_inside_a_backward_pass():
    x = Value(0.5, label="x")
    y = x * 1.0
    for _ in range(1999):
        y = y + x * 1.0              # dy/dx = 2000, added up edge by edge during the pass
    optimizer = SGD([x], lr=0.1)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    seen = []
    try:
        def pass_and_read():
            for _ in range(20):
                with PASS_LOCK:
                    y.backward()
                    seen.append(x.grad)
                    x.grad = 0.0
        zeroing = threading.Thread(target=lambda: [optimizer.zero_grad() for _ in range(2000)])
        passing = threading.Thread(target=pass_and_read)
        zeroing.start(); passing.start(); zeroing.join(); passing.join()
    finally:
        sys.setswitchinterval(interval)
    assert seen == [2000.0] * 20
