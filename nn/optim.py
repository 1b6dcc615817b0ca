"""Optimizers: turning gradients into parameter updates, as ``torch.optim`` does.

Use them the PyTorch way:

    optimizer.zero_grad()      # grads accumulate otherwise
    loss.backward()            # fills p.grad for every parameter p
    optimizer.step()           # moves every p.data against its gradient

A step checks before it changes anything: a gradient that is nan or inf
raises ValueError, and a step that would make a parameter (or an
optimizer's running state) infinite raises OverflowError; either names the
parameter, and the parameters and the optimizer's state stay as they were.

Threads may share an optimizer and its parameters: each ``step()`` and
``zero_grad()`` is taken whole, one at a time, and never in the middle of a
``backward()`` (they hold the lock every backward pass holds), so four
threads' 100 steps each are exactly 400 steps.
"""

import math
import numbers

from autograd_core import Value
from autograd_core.core import PASS_LOCK


class Optimizer:
    """Holds a list of parameters (``Value`` s); subclasses define ``step()``.

    Raises:
        TypeError: a parameter that is not a ``Value``.

    Examples:
        >>> from autograd_core import Value
        >>> w = Value(1.0, label="w")
        >>> optimizer = SGD([w], lr=0.1)
        >>> (w * w).backward()
        >>> optimizer.step(); optimizer.zero_grad()
        >>> w.data, w.grad                                  # 1 − 0.1 · 2
        (0.8, 0.0)
    """

    def __init__(self, params):
        name = type(self).__name__
        if isinstance(params, Value) or not hasattr(params, "__iter__"):
            raise TypeError(f"{name}: params must be a list of Values (e.g. model.parameters()), "
                            f"got {type(params).__name__}")
        params = list(params)
        if not params:
            raise ValueError(f"{name}: got an empty parameter list")
        seen = set()
        for i, p in enumerate(params):
            if not isinstance(p, Value):
                raise TypeError(f"{name}: params[{i}] must be a Value, got {type(p).__name__}: {p!r}")
            if id(p) in seen:
                raise ValueError(f"{name}: params[{i}] ({p.label or p!r}) appears twice; "
                                 f"it would be updated twice per step")
            seen.add(id(p))
        self.params = params

    def zero_grad(self):
        """Set every parameter's ``grad`` to 0."""
        with PASS_LOCK:
            for p in self.params:
                p.grad = 0.0

    def _check_gradients(self):
        """ValueError naming the first parameter whose gradient is nan or inf."""
        for i, p in enumerate(self.params):
            if not math.isfinite(p.grad):
                raise ValueError(
                    f"{type(self).__name__}.step: parameter {_name(i, p)} has gradient {p.grad!r}, "
                    f"which is not a finite number; nothing was updated (look for the operation "
                    f"that produced it, e.g. a log of 0 or an overflow)")

    def _check_state(self, what, values):
        """OverflowError naming the first parameter whose ``what`` would become infinite."""
        for i, (p, x) in enumerate(zip(self.params, values)):
            if not math.isfinite(x):
                raise OverflowError(
                    f"{type(self).__name__}.step: the {what} of parameter {_name(i, p)} would become "
                    f"{x!r} (data {p.data!r}, grad {p.grad!r}); nothing was updated (the gradient "
                    f"is too large; try a smaller loss scale or clip the gradients)")

    def _apply(self, new_data):
        """Write the new parameter values, after checking that all are finite."""
        for i, (p, x) in enumerate(zip(self.params, new_data)):
            if not math.isfinite(x):
                raise OverflowError(
                    f"{type(self).__name__}.step: parameter {_name(i, p)} would become {x!r} "
                    f"(data {p.data!r}, grad {p.grad!r}); try a smaller learning rate")
        for p, x in zip(self.params, new_data):
            p.data = x


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum, as ``torch.optim.SGD``.

    Without momentum:   p ← p - lr·g
    With momentum μ:    v ← μ·v + g    (v = g on the first step),
                        p ← p - lr·v

    Raises:
        ValueError: ``lr`` or ``momentum`` that is not a finite number >= 0; and,
            from ``step``, a gradient that is not finite, naming the parameter.
        TypeError: a parameter that is not a ``Value``.

    Examples:
        >>> from autograd_core import Value
        >>> theta = Value(-4.0)
        >>> optimizer = SGD([theta], lr=0.1)
        >>> for _ in range(3):                              # the notes' θ², from −4
        ...     optimizer.zero_grad()
        ...     (theta ** 2).backward()
        ...     optimizer.step()
        >>> round(theta.data, 6)
        -2.048
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params)
        self.lr = _non_negative(lr, "SGD", "lr")
        self.momentum = _non_negative(momentum, "SGD", "momentum")
        self.velocities = None

    def step(self):
        """One update of every parameter, as ``torch.optim.SGD``: p ← p − lr·p.grad, or with
        momentum μ, v ← μ·v + p.grad (v = p.grad at the first step) and p ← p − lr·v.

        Returns:
            None: the parameters' ``data`` is updated in place.

        Raises:
            ValueError: a parameter whose ``grad`` is not finite, naming it; no parameter
                is changed then.

        Examples:
            >>> from autograd_core import Value
            >>> w = Value(1.0, label="w")
            >>> (w * w).backward()                  # dw²/dw = 2
            >>> SGD([w], lr=0.1).step()
            >>> w.data                              # 1 − 0.1 · 2
            0.8
        """
        with PASS_LOCK:         # whole, whatever other threads do (see the module's docstring)
            self._step()

    def _step(self):
        self._check_gradients()
        lr = self.lr
        if not self.momentum:
            self._apply([p.data - lr * p.grad for p in self.params])
            return
        mu = self.momentum
        if self.velocities is None:
            velocities = [p.grad for p in self.params]
        else:
            velocities = [mu * v + p.grad for v, p in zip(self.velocities, self.params)]
        self._check_state("velocity", velocities)
        self._apply([p.data - lr * v for p, v in zip(self.params, velocities)])
        self.velocities = velocities


class Adam(Optimizer):
    """Adam, exactly as ``torch.optim.Adam`` (bias-corrected moments). At step t:

        m ← β₁·m + (1 - β₁)·g            v ← β₂·v + (1 - β₂)·g²
        p ← p - (lr / (1 - β₁ᵗ)) · m / (√v / √(1 - β₂ᵗ) + ε)

    which is p - lr·m̂ / (√v̂ + ε) with m̂ = m/(1 - β₁ᵗ), v̂ = v/(1 - β₂ᵗ).

    Raises:
        ValueError: ``lr`` or ``eps`` that is not a finite number >= 0, betas
            outside [0, 1); and, from ``step``, a gradient that is not finite.
        TypeError: a parameter that is not a ``Value``.

    Examples:
        >>> from autograd_core import Value
        >>> w = Value(1.0)
        >>> optimizer = Adam([w], lr=0.1)
        >>> (w * w).backward(); optimizer.step()
        >>> round(w.data, 6)                                # the first step moves by lr
        0.9
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params)
        self.lr = _non_negative(lr, "Adam", "lr")
        self.eps = _non_negative(eps, "Adam", "eps")
        if self.eps == 0.0:
            raise ValueError("Adam: eps must be > 0 (it keeps m / (√v + eps) finite when v = 0), got 0.0")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        beta1 = _non_negative(betas[0], "Adam", "betas[0]")
        beta2 = _non_negative(betas[1], "Adam", "betas[1]")
        for i, beta in enumerate((beta1, beta2)):
            if beta >= 1.0:
                raise ValueError(f"Adam: betas[{i}] must lie in [0, 1), got {beta!r}")
        self.betas = (beta1, beta2)
        self.t = 0
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def step(self):
        """One update. A gradient so large that g² overflows (|g| above about 1e154)
        would make v infinite and freeze its parameter for good, so it is refused."""
        with PASS_LOCK:         # whole, whatever other threads do (see the module's docstring)
            self._step()

    def _step(self):
        self._check_gradients()
        beta1, beta2 = self.betas
        t = self.t + 1
        step_size = self.lr / (1.0 - beta1 ** t)
        sqrt_correction2 = math.sqrt(1.0 - beta2 ** t)
        eps = self.eps
        m_new, v_new, data_new = [], [], []
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            m = beta1 * m + (1.0 - beta1) * g
            v = beta2 * v + (1.0 - beta2) * g * g
            data_new.append(p.data - step_size * m / (math.sqrt(v) / sqrt_correction2 + eps))
            m_new.append(m)
            v_new.append(v)
        self._check_state("first moment m", m_new)
        self._check_state("second moment v (a running mean of grad²)", v_new)
        self._apply(data_new)
        self.t, self.m, self.v = t, m_new, v_new


def _name(i, p):
    """How an error names parameter i: its position, and its label when it has one."""
    return f"{p.label!r} (params[{i}])" if p.label else f"params[{i}]"


def _non_negative(x, who, what):
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{who}: {what} must be a number, got {type(x).__name__}: {x!r}")
    x = float(x)
    if not (math.isfinite(x) and x >= 0.0):
        raise ValueError(f"{who}: {what} must be a finite number >= 0, got {x!r}")
    return x
