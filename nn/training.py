"""``fit``: the training loop, in its three variants from the lecture notes.

One update per batch of samples:

    loss = loss_fn([model(x) for x in batch_X], batch_Y)
    optimizer.zero_grad();  loss.backward();  optimizer.step()

* batch gradient descent:       ``batch_size=None`` (every sample, one update per epoch)
* mini-batch gradient descent:  ``batch_size=b``    (updates on b samples at a time)
* stochastic gradient descent:  ``batch_size=1``    (an update after every sample)

Ctrl-C stops training cleanly: the first one ends training after the
current update and ``fit`` returns the losses so far; a second one
interrupts at once (see ``interrupts.py``).
"""

import math
import numbers
import random

from autograd_core import Value, collector_paused, is_grad_enabled, topological_order

from .interrupts import StopOnCtrlC
from .progress import ProgressLine


def fit(model, X, Y, loss, optimizer, epochs, batch_size=None, shuffle=True, seed=None,
        target_loss=None, verbose=True, stream=None):
    """Train ``model`` on inputs ``X`` and targets ``Y``; return the loss of every epoch.

    ``loss(predictions, targets)`` is a loss function such as ``mse_loss``
    and ``optimizer`` an optimizer over ``model.parameters()``. With
    ``shuffle`` the samples are visited in a new random order each epoch
    (reproducible with ``seed``). An epoch's loss is the mean of its batch
    losses weighted by batch size, each measured before its update. Training
    stops early once an epoch's loss is at most ``target_loss``. Progress is
    shown on one updating line on ``stream`` (standard error by default)
    unless ``verbose=False``; a stream that fails to write switches the
    display off with a warning, and training goes on.

    Before the first update every sample is checked: each ``X[i]`` a list of
    ``model.nin`` finite numbers, each ``Y[i]`` a finite number or a list of
    them, all of one shape; the error names the sample (``X[100][1] is nan``).
    Inside ``no_grad()`` nothing could be trained, so that is an error too,
    as is a loss that returns a float, or a ``Value`` not computed from the
    model (a leaf, say), which would train nothing: each is found before the
    update it would have driven.

    Each step (forward, loss, backward, update) runs inside
    ``collector_paused()``: its graph forms no cycles, so Python's cycle
    collector has nothing to find there, and walking it as it grows would
    only cost time; the collector is as it was after each step.

    Ctrl-C: the first one stops training once the current update is complete
    (never halfway through the optimizer's writing of new values), ends the
    progress line saying where it stopped (even with ``verbose=False``), and
    ``fit`` returns the losses so far; the last one is the mean over the
    samples seen when an epoch was cut short. A second Ctrl-C raises
    ``KeyboardInterrupt`` at once; like any error raised during training, it
    carries the losses so far as its ``losses`` attribute.

    Returns:
        list: the loss of every epoch, as floats.

    Raises:
        ValueError: a sample of the wrong size or not finite (named), ``X`` and
            ``Y`` of different lengths, ``epochs`` or ``batch_size`` that is not
            a positive int; ``RuntimeError`` inside ``no_grad()``.
        KeyboardInterrupt: a second Ctrl-C, carrying ``losses``.

    Examples:
        >>> import nn
        >>> X, Y = nn.xor()
        >>> model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
        >>> optimizer = nn.Adam(model.parameters(), lr=0.1)
        >>> losses = fit(model, X, Y, nn.bce_with_logits_loss, optimizer, epochs=200, verbose=False)
        >>> len(losses), losses[-1] < 0.01 < losses[0]
        (200, True)
    """
    if not is_grad_enabled():
        raise RuntimeError(
            "fit: gradient recording is switched off (fit was called inside no_grad()), so "
            "the loss would have no graph and no parameter could be trained; call fit "
            "outside the no_grad() block")
    n = _check_data(X, Y, getattr(model, "nin", None))
    epochs = _positive_int(epochs, "epochs")
    batch_size = n if batch_size is None else min(_positive_int(batch_size, "batch_size"), n)
    if not callable(loss):
        raise TypeError(f"fit: loss must be a function like mse_loss, got {type(loss).__name__}: {loss!r}")
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "zero_grad")):
        raise TypeError(f"fit: optimizer must have step() and zero_grad(), got {type(optimizer).__name__}")
    if target_loss is not None and not isinstance(target_loss, numbers.Real):
        raise TypeError(f"fit: target_loss must be a number or None, got {target_loss!r}")

    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"fit: seed must be an int or None, got {_shown(seed)}")
    rng = random.Random(None if seed is None else int(seed))
    order = list(range(n))
    updates_per_epoch = -(-n // batch_size)
    progress = ProgressLine(epochs, stream) if verbose else None
    losses = []
    with StopOnCtrlC() as ctrl_c:
        try:
            for epoch in range(1, epochs + 1):
                if shuffle and batch_size < n:
                    rng.shuffle(order)
                total, seen = 0.0, 0
                for update, start in enumerate(range(0, n, batch_size), start=1):
                    batch = order[start:start + batch_size]
                    # The step's graph forms no cycles: the collector has nothing to
                    # find in it, and is kept from walking it as it grows.
                    with collector_paused():
                        predictions = [model(X[i]) for i in batch]
                        batch_loss = loss(predictions, [Y[i] for i in batch])
                        _check_loss_result(batch_loss, loss, model, first=epoch == update == 1)
                        optimizer.zero_grad()
                        batch_loss.backward()
                        with ctrl_c.updating():
                            optimizer.step()
                    total += batch_loss.data * len(batch)
                    seen += len(batch)
                    if ctrl_c.stop_requested and seen < n:
                        losses.append(total / seen)
                        _say_stopped(progress, stream, epochs, epoch, losses[-1],
                                     f"  (stopped by Ctrl-C after update {update} of "
                                     f"{updates_per_epoch} in epoch {epoch}; its loss is the mean "
                                     f"over the {seen} of {n} samples seen)")
                        return losses
                epoch_loss = total / n
                losses.append(epoch_loss)
                reached = target_loss is not None and epoch_loss <= target_loss
                if ctrl_c.stop_requested and not reached and epoch < epochs:
                    _say_stopped(progress, stream, epochs, epoch, epoch_loss,
                                 f"  (stopped by Ctrl-C at the end of epoch {epoch})")
                    return losses
                if progress:
                    if reached or epoch == epochs:
                        progress.finish(epoch, epoch_loss, "  (target loss reached)" if reached else "")
                    else:
                        progress.update(epoch, epoch_loss)
                if reached:
                    break
        except BaseException as error:
            # The line ends, so that a traceback does not start in the middle of it,
            # and the losses so far travel with the error.
            if progress:
                progress.abandon(f"  (interrupted in epoch {len(losses) + 1}: {type(error).__name__})")
            try:
                error.losses = losses
            except AttributeError:
                pass
            raise
    return losses


def _check_loss_result(result, loss, model, first):
    """The loss must be a ``Value`` computed from the predictions (on the ``first`` batch: from ``model``).

    A float (or anything else) has no ``backward()``; a leaf ``Value``, or one
    computed from copies of the predictions' numbers, would train nothing,
    silently. Checked before the optimizer takes its step. The walk through
    the graph, to see that it reaches one of the model's parameters, is made
    on the first batch only.
    """
    name = getattr(loss, "__name__", None) or type(loss).__name__
    how = ("compute it from the predictions it is given, with Value operations on them "
           "(not on their .data), as mse_loss does")
    unchanged = "Nothing was updated" if first else "This batch's update was not made"
    if not isinstance(result, Value):
        raise TypeError(f"fit: the loss function {name} returned {type(result).__name__} "
                        f"{_cut(repr(result))}, not a Value, so there is nothing to call backward() "
                        f"on; {how}. {unchanged}")
    if result.inputs and not (first and not _reaches_a_parameter(result, model)):
        return
    leaf = "a leaf: " if not result.inputs else ""
    raise ValueError(f"fit: the loss function {name} returned a Value that is not computed from "
                     f"the model ({leaf}{_cut(repr(result), 80)}), so backward() would reach no "
                     f"parameter and nothing would be trained; {how}. {unchanged}")


def _reaches_a_parameter(result, model):
    """Does the graph of ``result`` lead back to one of ``model``'s parameters?"""
    try:
        parameters = {id(p) for p in model.parameters()}
    except AttributeError:          # a model without parameters(): nothing to look for
        return True
    return any(id(node) in parameters for node in topological_order(result))


def _say_stopped(progress, stream, epochs, epoch, loss, note):
    """Ends the progress line with ``note``; even with ``verbose=False`` a Ctrl-C is answered."""
    if progress is None:
        progress = ProgressLine(epochs, stream, redraw=False)
    progress.finish(epoch, loss, note)


def _check_data(X, Y, nin=None):
    """The number of samples, after checking every one of them (before any update)."""
    for name, data in (("X", X), ("Y", Y)):
        if not isinstance(data, (list, tuple)):
            raise TypeError(f"fit: {name} must be a list of samples, got {type(data).__name__}")
    if len(X) != len(Y):
        raise ValueError(f"fit: {len(X)} inputs in X but {len(Y)} targets in Y; they must match")
    if not X:
        raise ValueError("fit: X and Y are empty; there is nothing to train on")
    for i, x in enumerate(X):
        if not isinstance(x, (list, tuple)):
            raise TypeError(f"fit: X[{i}] must be a list of input numbers, got {_shown(x)}")
        if nin is not None and len(x) != nin:
            raise ValueError(f"fit: X[{i}]: the model expected {nin} inputs, got {len(x)}")
        for j, number in enumerate(x):
            _check_number(number, f"X[{i}][{j}]")
    first_shape = _shape(Y[0])
    for i, y in enumerate(Y):
        if isinstance(y, (list, tuple)):
            for j, number in enumerate(y):
                _check_number(number, f"Y[{i}][{j}]")
        else:
            _check_number(y, f"Y[{i}]")
        if _shape(y) != first_shape:
            raise ValueError(f"fit: Y[{i}] is {_shape(y)} but Y[0] is {first_shape}; "
                             f"every target must have the same shape")
    return len(X)


def _check_number(x, where):
    number = x.data if isinstance(x, Value) else x
    if not isinstance(number, numbers.Real):
        raise TypeError(f"fit: {where} must be a number, got {_shown(x)}")
    try:
        finite = math.isfinite(number)
    except OverflowError:           # an int too large for a float
        finite = False
    if not finite:
        raise ValueError(f"fit: {where} is {_shown(number)}; every input and target must be "
                         f"a finite number (found before any update)")


def _shape(y):
    return f"a list of {len(y)}" if isinstance(y, (list, tuple)) else "a single number"


def _shown(x, limit=60):
    """``type: repr`` of a value for an error message, cut to ``limit`` characters."""
    return f"{type(x).__name__}: {_cut(repr(x), limit)}"


def _cut(text, limit=60):
    """``text`` cut to ``limit`` characters, for an error message."""
    return text[:limit] + "…" if len(text) > limit else text


def _positive_int(x, name):
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 1:
        raise ValueError(f"fit: {name} must be a positive int, got {x!r}")
    return int(x)
