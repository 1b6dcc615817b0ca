"""``fit``: the training loop, in its three variants from the lecture notes.

One update per batch of samples:

    loss = loss_fn([model(x) for x in batch_X], batch_Y)
    optimizer.zero_grad();  loss.backward();  optimizer.step()

* batch gradient descent:       ``batch_size=None`` (every sample, one update per epoch)
* mini-batch gradient descent:  ``batch_size=b``    (updates on b samples at a time)
* stochastic gradient descent:  ``batch_size=1``    (an update after every sample)
"""

import numbers
import random

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
    unless ``verbose=False``.
    """
    n = _check_data(X, Y)
    epochs = _positive_int(epochs, "epochs")
    batch_size = n if batch_size is None else min(_positive_int(batch_size, "batch_size"), n)
    if not callable(loss):
        raise TypeError(f"fit: loss must be a function like mse_loss, got {type(loss).__name__}: {loss!r}")
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "zero_grad")):
        raise TypeError(f"fit: optimizer must have step() and zero_grad(), got {type(optimizer).__name__}")
    if target_loss is not None and not isinstance(target_loss, numbers.Real):
        raise TypeError(f"fit: target_loss must be a number or None, got {target_loss!r}")

    rng = random.Random(seed)
    order = list(range(n))
    progress = ProgressLine(epochs, stream) if verbose else None
    losses = []
    for epoch in range(1, epochs + 1):
        if shuffle and batch_size < n:
            rng.shuffle(order)
        total = 0.0
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            predictions = [model(X[i]) for i in batch]
            batch_loss = loss(predictions, [Y[i] for i in batch])
            optimizer.zero_grad()
            batch_loss.backward()
            optimizer.step()
            total += batch_loss.data * len(batch)
        epoch_loss = total / n
        losses.append(epoch_loss)
        reached = target_loss is not None and epoch_loss <= target_loss
        if progress:
            if reached or epoch == epochs:
                progress.finish(epoch, epoch_loss, "  (target loss reached)" if reached else "")
            else:
                progress.update(epoch, epoch_loss)
        if reached:
            break
    return losses


def _check_data(X, Y):
    for name, data in (("X", X), ("Y", Y)):
        if not isinstance(data, (list, tuple)):
            raise TypeError(f"fit: {name} must be a list of samples, got {type(data).__name__}")
    if len(X) != len(Y):
        raise ValueError(f"fit: {len(X)} inputs in X but {len(Y)} targets in Y; they must match")
    if not X:
        raise ValueError("fit: X and Y are empty; there is nothing to train on")
    return len(X)


def _positive_int(x, name):
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 1:
        raise ValueError(f"fit: {name} must be a positive int, got {x!r}")
    return int(x)
