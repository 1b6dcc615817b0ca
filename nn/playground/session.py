"""``PlaygroundSession``: one network training on one data set, asked and answered in plain JSON.

The page of the Backprop Playground talks to this object only. Every
method takes and returns plain data (dicts, lists, strings, numbers), so a
host can carry the calls over any wire: the local server does, over a
WebSocket, and the same object can run unchanged in a browser under
Pyodide. It is pure Python on ``nn`` and ``autograd_core`` 's public
functions: it starts no thread, opens no socket and keeps no timer (a host
that plays calls ``step`` again and again). A lock makes each call whole:
two calls from two threads run one after the other; only ``pause`` reaches
into a ``step`` that trains, which stops between two updates. One call does
a bounded amount of work (``MAX_WORK_PER_CALL``), so none holds the lock
for long. Every change raises ``revision``, so a host can tell the newer of
two states.

    >>> session = PlaygroundSession({"dataset": "xor", "hidden": [4], "seed": 1})
    >>> session.step()["epoch"]
    1
    >>> session.inspect("L0.n0.w1")["formula"][0]
    "dloss/dL0.n0.w1 = Σ over the batch's 10 samples of dloss/dL0.n0.net · ∂L0.n0.net/∂L0.n0.w1"

One epoch is what ``nn.fit`` does in one epoch: the training points in a
new random order (unless a batch holds all of them), cut into batches; for
each, the loss of the batch, ``zero_grad``, ``backward`` and one
optimizer step. Its training loss is the mean of the batch losses, each
measured before its update, as ``fit`` reports it.

A page's request that does not fit is refused with a ``PlaygroundError``
(a ``ValueError``) whose message names what was sent and what was
expected; nothing has changed then.
"""

import contextlib
import functools
import inspect
import math
import numbers
import random
import threading

from autograd_core import no_grad

from .. import losses as nn_losses
from ..module import MLP
from ..optim import SGD, Adam
from . import data as plane_data
from . import explain, export
from . import grids as plane_grids
from . import network as drawn
from .network import Shape
from .settings import (ACTIVATION_NAMES, DATA_KEYS, DATASET_NAMES, DEFAULTS, LOSS_NAMES,
                       MAX_HIDDEN_LAYERS, MAX_NEURONS, MAX_POINTS, MIXED, MODEL_KEYS, OPTIMIZER_NAMES,
                       USER_DATASET, PlaygroundError, checked_changes, finite_number, limits, shown)

LOSSES = {
    # name: (loss function, the output layer's activation, how to read the output as P(class 1))
    "bce_with_logits": (nn_losses.bce_with_logits_loss, "identity", "sigmoid"),
    "bce": (nn_losses.bce_loss, "sigmoid", "clamp"),
    "mse": (nn_losses.mse_loss, "sigmoid", "clamp"),
}

LOSS_TITLES = {"bce_with_logits": "cross-entropy of σ(output)", "bce": "cross-entropy, sigmoid output",
               "mse": "squared error, sigmoid output"}

MOMENTUM = 0.9
OPTIMIZER_TITLES = {"sgd": "SGD", "momentum": f"SGD, momentum {MOMENTUM}", "adam": "Adam"}

GRID_SIZE = 24
"""Cells per side of the heat maps of the prediction and of each neuron's output."""

GRADIENT_GRID_SIZE = 12
"""Cells per side of the heat maps of each neuron's gradient (a backward pass per cell)."""

MAX_GRID_SIZE = 64
MAX_CURVE_POINTS = 400
"""The loss curves are thinned to at most this many points before they are sent."""

MAX_KEPT_CURVE_POINTS = 20 * MAX_CURVE_POINTS
"""The most points a loss curve keeps (see ``LossCurve``)."""

MAX_EPOCHS_PER_CALL = 100

PAUSE_FINISHES = 50_000
"""A pause lets the epoch under way finish when at most this much work of it is left (about a
tenth of a second), so small networks stop at the end of an epoch; otherwise it stops
training between two updates (units as in ``MAX_WORK_PER_CALL``)."""

MAX_WORK_PER_CALL = 2_000_000
"""The most work one ``step`` may do, so that no call holds the session for long.

A unit of work is one parameter taking part in one sample's forward and
backward pass, or in one update: an epoch on n training points in b
batches through a network of p weights and biases is p·(n + b) units. On
a small machine a unit takes one or two microseconds, so a call does at
most a few seconds of work; the largest network on the most points, one
point a batch, is 786,000 units an epoch, so any one epoch fits."""

CALLS = ("state", "configure", "reset", "step", "play", "pause", "inspect", "backward",
         "add_point", "remove_point", "export")
"""The methods a page may call through ``call``, and nothing else."""


def _exclusive(method):
    """Run ``method`` holding the session's lock (a re-entrant one: methods call each other)."""
    @functools.wraps(method)
    def locked(self, /, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return locked


class PlaygroundSession:
    """One model, its data and its training, for one page.

    ``settings`` changes the defaults (see ``settings.DEFAULTS``). ``model``
    (an ``nn.MLP`` with 2 inputs and 1 output) and ``X``, ``Y`` (points of
    the plane and labels 0/1) start it on a network and data of your own;
    ``loss`` names the loss (``"bce_with_logits"``, ``"bce"`` or ``"mse"``),
    by default the one that fits the model's output activation. The model is
    trained in place; ``session.model`` is the network the page ends with.
    A change of the network on the page builds a new one that keeps what it
    can of yours: each hidden layer's activation, and which layers have biases;
    yours is then put back as it was given (its weights and its ``.grad``).
    Opening the page (or Reset) changes nothing in your model: its ``.grad``
    are kept (and not shown) until the page's first update.
    """

    def __init__(self, settings=None, model=None, X=None, Y=None, loss=None):
        self._lock = threading.RLock()
        self._playing = False
        self._pauses = 0
        self._revision = 0
        self._user_model = None
        self._user_data = None
        current = dict(DEFAULTS)
        current["hidden"] = list(DEFAULTS["hidden"])
        if (X is None) != (Y is None):
            raise ValueError("nn.playground: give both X and Y (points and their labels), or neither")
        if X is not None:
            self._user_data = plane_data.user_data(X, Y, MAX_POINTS)
            current["dataset"] = USER_DATASET           # "points" stays what the page's own sets get
            current["train_percent"] = 100
        shape = None
        if model is not None:
            current.update(_settings_of_model(model, loss))
            shape = Shape.of(model)
            self._user_model = (model, drawn.numbers_of(model), [p.grad for p in model.parameters()])
        elif loss is not None:
            current["loss"] = loss
        if settings:
            current = checked_changes(current, settings, self._dataset_names())
        if loss is not None and current["loss"] not in LOSSES:
            raise ValueError(f"nn.playground: loss must be one of {', '.join(LOSSES)}, got {loss!r}")
        if shape is None:
            shape = Shape.uniform(len(current["hidden"]), current["activation"])
        elif {key: current[key] for key in MODEL_KEYS} != _settings_of_model(model, current["loss"]):
            shape = shape.for_settings(current)
            self._user_model = None                     # the settings asked for another network
        self._settings = current
        self._shape = shape
        self._data_version = 0
        self._use_data(self._new_data(current))
        self._start_training(self._user_model[0] if self._user_model else self._new_model(current, shape))

    # ------------------------------------------------------------------
    # The one door a host opens to a page.
    # ------------------------------------------------------------------

    def call(self, name, args=None):
        """``getattr(self, name)(**args)`` for a name in ``CALLS``; anything else is refused.

        ``args`` must be a dict (or None). The answer is plain JSON data.
        """
        if not isinstance(name, str) or name not in CALLS:
            raise PlaygroundError(f"unknown call {shown(name)}; the calls are {', '.join(CALLS)}")
        if args is None:
            args = {}
        if not isinstance(args, dict) or not all(isinstance(key, str) for key in args):
            raise PlaygroundError(f"{name}: the arguments must be an object, got {shown(args)}")
        method = getattr(self, name)
        try:
            inspect.signature(method).bind(**args)
        except TypeError as error:
            raise PlaygroundError(f"{name}: {error}") from None
        return method(**args)

    # ------------------------------------------------------------------
    # Settings, data and the network.
    # ------------------------------------------------------------------

    @property
    def model(self):
        """The network the page shows (a new one each time its architecture is changed)."""
        return self._model

    @property
    def playing(self):
        """True between ``play()`` and ``pause()``: a host keeps calling ``step`` then."""
        return self._playing

    @property
    def epoch(self):
        """The epochs trained to their end (an epoch a pause stopped is finished by the next step)."""
        return self._epoch

    @property
    def revision(self):
        """A number that grows with every change: of two states, the one with the larger is the newer."""
        return self._revision

    @_exclusive
    def settings(self):
        """The current settings, a copy."""
        current = dict(self._settings)
        current["hidden"] = list(current["hidden"])
        return current

    @_exclusive
    def configure(self, /, **changes):
        """Change settings; answer with the new state (without the heat maps).

        New data (``dataset``, ``noise``, ``points``, ``train_percent``,
        ``seed``) or a new network (``hidden``, ``activation``, ``loss``)
        starts training afresh at epoch 0; a new ``optimizer`` starts its
        state afresh; ``learning_rate``, ``batch_size`` and ``speed`` take
        effect from the next update. Everything a change needs (the new data,
        the new network) is made before any of it is used: a change that
        cannot be made is refused, and nothing has changed then.
        """
        new = checked_changes(self._settings, changes, self._dataset_names())
        old = self._settings
        changed = {key for key in new if new[key] != old[key]}
        if new["dataset"] == USER_DATASET:
            for key in ("points", "noise"):
                if key in changed:
                    raise PlaygroundError(f"{key}: the data is your own, as given to nn.playground; "
                                          f"pick one of the page's data sets to change its {key}")
        shape, user_model = self._shape, self._user_model
        if changed & set(MODEL_KEYS):
            shape = shape.for_settings(new)
            user_model = None                           # the page's own network from now on
        data = self._new_data(new) if changed & set(DATA_KEYS) else None
        model = None
        if changed & set(DATA_KEYS + MODEL_KEYS):
            model = user_model[0] if user_model else self._new_model(new, shape)
        # Everything is made: from here on nothing can fail.
        if self._user_model is not None and user_model is None:
            _put_back(self._user_model)                 # yours, as you gave it
        self._settings, self._shape, self._user_model = new, shape, user_model
        if data is not None:
            self._use_data(data)
        if model is not None:
            self._start_training(model)
        elif "optimizer" in changed:
            self._optimizer = self._make_optimizer()
        elif "learning_rate" in changed:
            self._optimizer.lr = new["learning_rate"]
        self._revision += 1
        return self.state(grids=False)

    def _dataset_names(self):
        return DATASET_NAMES + ((USER_DATASET,) if self._user_data else ())

    def _new_data(self, s):
        """``(X, Y, train, plane)`` for settings ``s``."""
        if s["dataset"] == USER_DATASET:
            X, Y = self._user_data
            X, Y = [list(p) for p in X], list(Y)
        else:
            X, Y = plane_data.generate(s["dataset"], s["points"], s["noise"], s["seed"])
        train = plane_data.training_count(len(X), s["train_percent"])
        return X, Y, [True] * train + [False] * (len(X) - train), \
            plane_data.plane_of(X, generated=s["dataset"] != USER_DATASET)

    def _use_data(self, data):
        self._X, self._Y, self._train, self._plane = data
        self._data_version += 1

    def _new_model(self, s, shape):
        return drawn.build(s, shape, LOSSES[s["loss"]][1])

    def _make_optimizer(self):
        s = self._settings
        params = self._model.parameters()
        if s["optimizer"] == "adam":
            return Adam(params, lr=s["learning_rate"])
        return SGD(params, lr=s["learning_rate"], momentum=MOMENTUM if s["optimizer"] == "momentum" else 0.0)

    def _start_training(self, model):
        """Epoch 0 on ``model``: at its first weights, a fresh optimizer.

        A model of the user's own is put back as it was given, weights and
        ``.grad`` (which the page does not show until its first update).
        """
        self._grads_not_ours = self._user_model is not None and model is self._user_model[0]
        if self._grads_not_ours:
            _put_back(self._user_model)
        else:
            model.zero_grad()
        self._model = model
        self._optimizer = self._make_optimizer()
        self._rng = random.Random(self._settings["seed"])
        self._order_version = None
        self._unfinished = None
        self._epoch = 0
        self._train_curve = LossCurve([(0, self._mean_loss(self._training_indices()))])   # from the first weights
        self._test_curve = LossCurve()
        self._last_update = None
        self._last_batch = None                 # the last update's points, numbered as the points are now
        self._playing = False

    @_exclusive
    def reset(self):
        """Back to epoch 0: the first weights again, the optimizer's state cleared; same data."""
        self._start_training(self._user_model[0] if self._user_model else
                             self._new_model(self._settings, self._shape))
        self._revision += 1
        return self.state(grids=False)

    # ------------------------------------------------------------------
    # Training.
    # ------------------------------------------------------------------

    def step(self, epochs=1, while_playing=False):
        """Train ``epochs`` epochs (1 by default, as the Playground's step button); answer with the epoch and loss.

        A ``pause()`` made after the call (from another thread, while it
        trains or waits for another call to end) stops it: at the end of the
        epoch under way if little of it is left (``PAUSE_FINISHES``), else
        between two updates; the next step then finishes that epoch, update
        for update as if it had not stopped (``epoch_progress`` says how far
        it got). ``while_playing``: train only while the session plays (what
        a host that plays asks for). One call does at most
        ``MAX_WORK_PER_CALL`` units of work; more is refused, saying how many
        epochs fit.

        An update the optimizer refuses (a gradient or a new weight that is
        not finite) stops training: the weights are those of the updates
        before it, playing stops, and the error says where it happened.
        """
        pauses = self._pauses           # a pause from now on stops it, even while it waits for the lock
        with self._lock:
            return self._step(epochs, while_playing, pauses)

    def _step(self, epochs, while_playing, pauses):
        if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) \
                or not 1 <= epochs <= MAX_EPOCHS_PER_CALL:
            raise PlaygroundError(f"step: epochs must be a whole number from 1 to "
                                  f"{MAX_EPOCHS_PER_CALL}; got {shown(epochs)}")
        if not isinstance(while_playing, bool):
            raise PlaygroundError(f"step: while_playing must be true or false, got {shown(while_playing)}")
        self._check_work(epochs)

        def stopped():
            return self._pauses != pauses or (while_playing and not self._playing)

        finished = 0
        while finished < epochs and not stopped():
            if self._train_until_epoch_ends(stopped):
                finished += 1
        self._revision += 1
        return {"epoch": self._epoch, "train_loss": self._train_curve[-1][1], "stopped": finished < epochs,
                "epoch_progress": self._epoch_progress()}

    def _check_work(self, epochs):
        n = len(self._training_indices())
        batches = math.ceil(n / min(self._settings["batch_size"], n))
        weights = drawn.drawn_parameter_count(self._model)
        per_epoch = weights * (n + batches)
        if epochs * per_epoch > MAX_WORK_PER_CALL:
            most = MAX_WORK_PER_CALL // per_epoch
            raise PlaygroundError(
                f"step: {epochs} epochs are too much work for one call: {n} training points in "
                f"{batches} batches through {weights} weights and biases are {per_epoch:,} units an "
                f"epoch (a unit: one parameter in one point's pass, or in one update), and one call "
                f"does at most {MAX_WORK_PER_CALL:,}, so that the page stays responsive; ask for at "
                f"most {most} epoch{'' if most == 1 else 's'} at a time, or train on fewer points, "
                f"in larger batches or with a smaller network")

    def _train_until_epoch_ends(self, stopped):
        """Train the epoch under way (or a new one) batch after batch; True if it ended, False if ``stopped()``.

        As ``fit`` does, each epoch shuffles the order the last one left (new
        points start it afresh) unless one batch holds every point, and the
        epoch's training loss is the mean of its batch losses, each measured
        before its update.
        """
        if self._unfinished is None:
            if self._order_version != self._data_version:
                self._order = self._training_indices()
                self._order_version = self._data_version
            if min(self._settings["batch_size"], len(self._order)) < len(self._order):
                self._rng.shuffle(self._order)
            self._unfinished = {"next": 0, "total": 0.0, "samples": 0, "batches": 0}
        unfinished, order = self._unfinished, self._order
        loss_fn = LOSSES[self._settings["loss"]][0]
        model, optimizer = self._model, self._optimizer
        params = model.parameters()
        X, Y = self._X, self._Y
        weights = drawn.drawn_parameter_count(model)
        while unfinished["next"] < len(order):
            if stopped():
                left = len(order) - unfinished["next"]
                if weights * (left + math.ceil(left / self._settings["batch_size"])) > PAUSE_FINISHES:
                    return False
            start = unfinished["next"]
            batch = order[start:start + self._settings["batch_size"]]   # a new list: the record below keeps it
            try:
                batch_loss = loss_fn([model(X[i]) for i in batch], [Y[i] for i in batch])
                optimizer.zero_grad()
                batch_loss.backward()
                before = [p.data for p in params]
                optimizer.step()                      # checks everything before it writes anything
            except (ArithmeticError, ValueError) as error:
                # The engine refuses a number that is not finite (a weight or gradient
                # that overflowed): the weights stay those of the updates before.
                self._playing = False
                raise PlaygroundError(
                    f"training stopped in epoch {self._epoch + 1}, at the update on points "
                    f"{batch[:5]}{'…' if len(batch) > 5 else ''}: {error}. Try a smaller "
                    f"learning rate, then Reset") from None
            self._last_update = (batch, before, self._epoch + 1, optimizer, optimizer.lr)
            self._last_batch = list(batch)
            self._grads_not_ours = False
            unfinished["total"] += batch_loss.data * len(batch)
            unfinished["next"] = start + len(batch)
            unfinished["samples"] += len(batch)
            unfinished["batches"] += 1
        self._epoch += 1
        self._train_curve.add(self._epoch, unfinished["total"] / unfinished["samples"])
        self._unfinished = None
        return True

    def _epoch_progress(self):
        """``[batches done, batches in all]`` of an epoch a pause stopped, else None."""
        if self._unfinished is None or not self._unfinished["batches"]:
            return None
        left = len(self._order) - self._unfinished["next"]
        done = self._unfinished["batches"]
        return [done, done + math.ceil(left / self._settings["batch_size"])]

    def _training_indices(self):
        return [i for i, is_train in enumerate(self._train) if is_train]

    def _test_indices(self):
        return [i for i, is_train in enumerate(self._train) if not is_train]

    @_exclusive
    def play(self):
        """Mark the session as playing: its host then calls ``step`` until ``pause``."""
        self._playing = True
        self._revision += 1
        return {"playing": True}

    def pause(self):
        """Stop playing, and stop a ``step`` that is training (from any thread), after its current update."""
        self._playing = False           # seen between two updates by a step that is training now,
        self._pauses += 1               # which holds the lock: so these are set before taking it
        with self._lock:
            self._revision += 1
            return {"playing": False}

    # ------------------------------------------------------------------
    # What the page draws.
    # ------------------------------------------------------------------

    def _probability(self, output):
        """P(class 1) from the network's output ``Value``: σ(z) for a score, else the output clamped to [0, 1]."""
        if LOSSES[self._settings["loss"]][2] == "sigmoid":
            return output.sigmoid().data
        return min(1.0, max(0.0, output.data))

    def _mean_loss(self, indices):
        """The loss over the points ``indices`` at the current weights, no graph kept."""
        if not indices:
            return None
        loss_fn = LOSSES[self._settings["loss"]][0]
        try:
            with no_grad():
                return loss_fn([self._model(self._X[i]) for i in indices], [self._Y[i] for i in indices]).data
        except (ArithmeticError, ValueError):
            return None                     # it overflows: the page shows no number ("–")

    @_exclusive
    def state(self, grids=True, gradient_grids=False, test_loss=True, grid_size=GRID_SIZE,
              data_version=None):
        """Everything the page shows, as plain data.

        The costly parts are asked for: ``grids`` (the prediction and every
        neuron's output over the plane), ``gradient_grids`` (every hidden
        neuron's d output/d out over the plane) and ``test_loss`` (the loss on
        the test points now, added to the test curve). The points are left
        out when the page already has ``data_version``.
        """
        for name, flag in (("grids", grids), ("gradient_grids", gradient_grids), ("test_loss", test_loss)):
            if not isinstance(flag, bool):
                raise PlaygroundError(f"state: {name} must be true or false, got {shown(flag)}")
        if isinstance(grid_size, bool) or not isinstance(grid_size, int) or not 2 <= grid_size <= MAX_GRID_SIZE:
            raise PlaygroundError(f"state: grid_size must be a whole number from 2 to {MAX_GRID_SIZE}; "
                                  f"got {shown(grid_size)}")
        if test_loss and self._test_indices() and (not self._test_curve or self._test_curve[-1][0] != self._epoch):
            self._test_curve.add(self._epoch, self._mean_loss(self._test_indices()))
        answer = {
            "revision": self._revision,
            "epoch": self._epoch,
            "epoch_progress": self._epoch_progress(),
            "playing": self._playing,
            "settings": self.settings(),
            "choices": self._choices(),
            "loss": {
                "train": _thinned(self._train_curve),
                "test": _thinned(self._test_curve),
                "last_train": self._train_curve[-1][1],
                "last_test": self._test_curve[-1][1] if self._test_curve else None,
            },
            "network": self._network(),
            "update": None if self._last_update is None else
            {"epoch": self._last_update[2], "batch_size": len(self._last_update[0])},
            "data": {"version": self._data_version, "plane": list(self._plane),
                     "train_count": sum(self._train), "test_count": len(self._train) - sum(self._train)},
        }
        if data_version != self._data_version:
            answer["data"]["points"] = [[x, y, int(label), int(is_train)]
                                        for (x, y), label, is_train in zip(self._X, self._Y, self._train)]
        try:
            if grids:
                answer["grid"] = plane_grids.output_grids(self._model, self._plane, grid_size, self._probability)
            if gradient_grids:
                answer["gradient_grid"] = plane_grids.gradient_grids(self._model, self._plane,
                                                                     GRADIENT_GRID_SIZE)
        except (ArithmeticError, ValueError) as error:
            answer["problem"] = f"the heat maps cannot be drawn: {error}"
        return answer

    def _network(self):
        """Layers of neurons, each with its weights and bias as ``[key, value, .grad, label]``.

        ``.grad`` is None before the first update on a model of your own (its
        ``.grad`` are not of the page's training).

        Neurons and parameters go by their keys (``L0.n1``, ``L0.n1.w0``: where
        they sit); ``label`` is the label the parameter carries, which the page
        only shows (a network of your own may label its parameters as it likes).
        """
        def entry(key, p):
            return [key, p.data, None if self._grads_not_ours else p.grad, _label_text(p.label)]

        layers = []
        for l, layer in enumerate(self._model.layers):
            neurons = []
            for j, neuron in enumerate(layer.neurons):
                neurons.append({
                    "label": drawn.neuron_key(l, j),
                    "activation": layer.activation,
                    "weights": [entry(drawn.weight_key(l, j, i), w) for i, w in enumerate(neuron.w)],
                    "bias": None if neuron.b is None else entry(drawn.bias_key(l, j), neuron.b),
                })
            layers.append(neurons)
        return {"inputs": ["x0", "x1"], "layers": layers}

    def _choices(self):
        """Each choice on the page as ``[name, title]`` pairs, and the bounds."""
        datasets = [[name, plane_data.DATASETS[name].title] for name in DATASET_NAMES]
        if self._user_data:
            datasets.append([USER_DATASET, "Your data"])
        activations = [[name, name] for name in ACTIVATION_NAMES]
        if self._settings["activation"] not in ACTIVATION_NAMES:        # a network of your own
            activations.append([self._settings["activation"], _activation_title(self._shape)])
        return {"dataset": datasets,
                "activation": activations,
                "loss": [[name, LOSS_TITLES[name]] for name in LOSS_NAMES],
                "optimizer": [[name, OPTIMIZER_TITLES[name]] for name in OPTIMIZER_NAMES],
                "limits": limits()}

    # ------------------------------------------------------------------
    # Opening a gradient.
    # ------------------------------------------------------------------

    def _current_batch(self):
        """The batch of the last update (without the points removed since), or the first batch an
        epoch without shuffling takes: before any update, or if every point of that batch is gone."""
        if self._last_batch:
            return list(self._last_batch)
        order = self._training_indices()
        return order[:min(self._settings["batch_size"], len(order))]

    def _batch_note(self, batch):
        """Which points ``batch`` (the current batch) is, as the page writes it."""
        if self._last_update is None:
            return f"the first {len(batch)} training points (no update yet)"
        size, epoch = len(self._last_update[0]), self._last_update[2]
        if not self._last_batch:
            return (f"the first {len(batch)} training points (the points of the last update, in epoch "
                    f"{epoch}, have been removed)")
        if len(self._last_batch) < size:
            return (f"the {len(batch)} training points left of the last update's {size} (epoch {epoch}; "
                    f"the others have been removed)")
        return f"the {len(batch)} training points of the last update (epoch {epoch})"

    @_exclusive
    def inspect(self, label):
        """dloss/dw of the parameter drawn at ``label`` on the current batch, written out; the last update of it.

        ``label`` is where the parameter sits (``L0.n1.w0``, ``L1.n0.b``),
        whatever label the parameter itself carries. The current batch is the
        one the last update used (before the first update, the first
        ``batch_size`` training points). dloss/dw is taken at the current
        weights, so after an update it is the gradient the next update on the
        same batch would use; the last update used ``w.grad``, taken before
        it. The model is left as it was.
        """
        found = drawn.parameter_at(self._model, label) if isinstance(label, str) else None
        if found is None:
            keys = drawn.positions(self._model)
            what = ("a parameter's place such as 'L0.n0.w1'" if not isinstance(label, str) else
                    f"one of this network's parameters, from {keys[0][0]!r} to {keys[-1][0]!r}")
            raise PlaygroundError(f"inspect: label must be {what}; got {shown(label)}")
        own, (layer_index, neuron_index, index) = found
        copy = drawn.labelled_copy(self._model)
        parameter, _ = drawn.parameter_at(copy, label)
        layer = copy.layers[layer_index]
        batch = self._current_batch()
        loss_fn = LOSSES[self._settings["loss"]][0]
        note = self._batch_note(batch)
        with _overflow_named(f"inspect: dloss/d{label} on {note}"):
            answer = explain.inspect_parameter(
                copy, loss_fn, [self._X[i] for i in batch], [self._Y[i] for i in batch], parameter,
                layer.activation, f"x{index}" if layer_index == 0 and index is not None else None,
                layer.neurons[neuron_index].b is not None, note)
        answer.update(key=label, own_label=_label_text(own.label), batch_indices=batch,
                      last_update=explain.update_text(self._update_record(), label))
        return answer

    def _update_record(self):
        """The last update's numbers per parameter, with the optimizer's state after it."""
        if self._last_update is None:
            return None
        batch, before, epoch, optimizer, lr = self._last_update
        params = self._model.parameters()
        place = {id(p): i for i, p in enumerate(params)}
        kind = "adam" if isinstance(optimizer, Adam) else "momentum" if optimizer.momentum else "sgd"
        # Nothing but an update changes the weights, the gradients or the optimizer's
        # state, and every update replaces this record: they are still those of the last one.
        record = {"batch": batch, "before": before, "epoch": epoch,
                  "after": [p.data for p in params], "grads": [p.grad for p in params],
                  "index": {key: place[id(p)] for key, p, _ in drawn.positions(self._model)},
                  "lr": lr, "optimizer": kind}
        if isinstance(optimizer, Adam):
            beta1, beta2 = optimizer.betas
            t = optimizer.t
            record.update(t=t, eps=optimizer.eps,
                          m_hat=[m / (1.0 - beta1 ** t) for m in optimizer.m],
                          v_hat=[v / (1.0 - beta2 ** t) for v in optimizer.v])
        elif optimizer.momentum:
            record.update(velocity=list(optimizer.velocities), momentum=optimizer.momentum)
        return record

    @_exclusive
    def backward(self, index, data_version=None):
        """Point ``index`` 's backward pass, one chain-rule step at a time (``backward_steps``).

        ``data_version`` (as the page last received it) guards against a
        click on a point that has since moved: a stale version is refused.
        """
        i = self._point_index(index, data_version, "backward")
        loss_fn = LOSSES[self._settings["loss"]][0]
        copy = drawn.labelled_copy(self._model)
        with _overflow_named(f"backward: point {i}'s backward pass"):
            answer = explain.sample_backward(copy, loss_fn, self._X[i], self._Y[i], drawn.positions(copy))
            with no_grad():
                probability = self._probability(self._model(self._X[i]))
        answer.update(index=i, point=list(self._X[i]), label=self._Y[i], train=self._train[i],
                      probability=probability)
        return answer

    def _point_index(self, index, data_version, where):
        if data_version is not None and data_version != self._data_version:
            raise PlaygroundError(f"{where}: the points have changed since the page drew them; "
                                  f"click the point again")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self._X):
            raise PlaygroundError(f"{where}: index must be the number of a point, from 0 to "
                                  f"{len(self._X) - 1}; got {shown(index)}")
        return index

    # ------------------------------------------------------------------
    # Editing the data.
    # ------------------------------------------------------------------

    @_exclusive
    def add_point(self, x, y, label, train=True):
        """Add a point of class ``label`` (0 or 1) at (x, y) on the plane, to the training points by default.

        Training goes on from where it is, with the new point.
        """
        x0, x1, y0, y1 = self._plane
        for name, value in (("x", x), ("y", y)):
            if finite_number(value) is None:
                raise PlaygroundError(f"add_point: {name} must be a finite number, got {shown(value)}")
        x, y = float(x), float(y)
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            raise PlaygroundError(f"add_point: ({x:g}, {y:g}) lies outside the plane "
                                  f"[{x0:g}, {x1:g}] × [{y0:g}, {y1:g}]")
        if label not in (0, 1) or isinstance(label, bool):
            raise PlaygroundError(f"add_point: label must be 0 or 1, got {shown(label)}")
        if not isinstance(train, bool):
            raise PlaygroundError(f"add_point: train must be true or false, got {shown(train)}")
        if len(self._X) >= MAX_POINTS:
            raise PlaygroundError(f"add_point: the data already holds {len(self._X)} points, "
                                  f"the most the page allows; remove some first")
        self._X.append([x, y])
        self._Y.append(float(label))
        self._train.append(train)
        self._data_version += 1
        self._test_curve = LossCurve()
        self._revision += 1
        return self.state(grids=False)

    @_exclusive
    def remove_point(self, index, data_version=None):
        """Remove point ``index``; the last training point stays."""
        i = self._point_index(index, data_version, "remove_point")
        if self._train[i] and sum(self._train) == 1:
            raise PlaygroundError("remove_point: this is the last training point; the network "
                                  "needs at least one to train on")
        del self._X[i], self._Y[i], self._train[i]
        if self._unfinished is not None:
            # The epoch a pause stopped goes on without the point; the others keep their places.
            done = self._order[:self._unfinished["next"]]
            self._unfinished["next"] -= i in done
            self._order[:] = [k - (k > i) for k in self._order if k != i]
        self._data_version += 1
        self._test_curve = LossCurve()
        if self._last_batch:                    # the last update's points, numbered as they are now
            self._last_batch = [k - (k > i) for k in self._last_batch if k != i]
        self._revision += 1
        return self.state(grids=False)

    # ------------------------------------------------------------------
    # Taking the network away.
    # ------------------------------------------------------------------

    @_exclusive
    def export(self, format):
        """The network as ``nn.save`` 's JSON (``format="json"``) or as Python code (``"python"``)."""
        if format == "json":
            return {"format": "json", "filename": "playground-model.json", "text": export.as_json(self._model)}
        if format == "python":
            s = self._settings
            sizes = "-".join(str(n) for n in [2] + s["hidden"] + [1])
            epochs = f"{self._epoch} epoch{'' if self._epoch == 1 else 's'}"
            units = (f"{s['activation']} units" if s["activation"] != MIXED else
                     f"hidden units of {', '.join(self._shape.activations)}")
            data = ("your own data" if s["dataset"] == USER_DATASET else
                    f"the {plane_data.DATASETS[s['dataset']].title.lower()} data set")
            note = (f"A {sizes} network of {units}, {epochs} on {data} ({len(self._X)} points) "
                    f"with the {s['loss']} loss and {OPTIMIZER_TITLES[s['optimizer']]} "
                    f"(learning rate {s['learning_rate']:g}, batches of {s['batch_size']}).")
            return {"format": "python", "filename": "playground_model.py",
                    "text": export.as_python(self._model, note)}
        raise PlaygroundError(f"export: format must be 'json' or 'python', got {shown(format)}")


@contextlib.contextmanager
def _overflow_named(what):
    """A number of the network that overflows while ``what`` is computed, refused saying so."""
    try:
        yield
    except (ArithmeticError, ValueError) as error:
        raise PlaygroundError(f"{what} cannot be computed, a number overflows: {error}") from None


def _put_back(user_model):
    """A model of the user's own the page no longer trains, back as it was given: weights and ``.grad``."""
    model, numbers, grads = user_model
    drawn.restore(model, numbers)
    for p, g in zip(model.parameters(), grads):
        p.grad = g


class LossCurve(list):
    """``(epoch, loss)`` points, at most ``MAX_KEPT_CURVE_POINTS`` of them, evenly spread over the epochs.

    The points kept are those of the epochs that are multiples of ``stride``,
    and the last one; when there are too many, ``stride`` doubles. So a page
    left playing for hours keeps a bounded curve (and thins it as fast), not a
    point for every epoch.
    """

    def __init__(self, points=()):
        super().__init__(points)
        self.stride = 1

    def add(self, epoch, loss):
        if len(self) > 1 and self[-1][0] % self.stride:
            self.pop()                    # it was kept only for being the last
        self.append((epoch, loss))
        while len(self) > MAX_KEPT_CURVE_POINTS:
            self.stride *= 2
            self[:-1] = [p for p in self[:-1] if p[0] % self.stride == 0]


def _thinned(curve, most=MAX_CURVE_POINTS):
    """At most ``most`` of the ``(epoch, loss)`` pairs, evenly spread, the last one kept."""
    if len(curve) <= most:
        return [list(p) for p in curve]
    stride = math.ceil(len(curve) / most)
    kept = curve[::stride]
    if kept[-1] is not curve[-1]:
        kept.append(curve[-1])
    return [list(p) for p in kept]


def _settings_of_model(model, loss):
    """The settings that describe a user's ``model``; ``ValueError`` if the page cannot show it."""
    if not isinstance(model, MLP):
        raise TypeError(f"nn.playground: model must be an nn.MLP, got {type(model).__name__}")
    if model.nin != 2:
        raise ValueError(f"nn.playground: the page's points have 2 coordinates, but the model "
                         f"takes {model.nin} inputs; give an MLP with nin=2")
    if model.nouts[-1] != 1:
        raise ValueError(f"nn.playground: the page shows two classes from one output, but the "
                         f"model has {model.nouts[-1]}; give an MLP whose last layer has 1 neuron")
    hidden = model.layers[:-1]
    if len(hidden) > MAX_HIDDEN_LAYERS or any(layer.nout > MAX_NEURONS for layer in hidden):
        raise ValueError(f"nn.playground: the page draws at most {MAX_HIDDEN_LAYERS} hidden layers "
                         f"of {MAX_NEURONS} neurons; "
                         f"the model has hidden layers of {[layer.nout for layer in hidden]}")
    output = model.layers[-1].activation
    if loss is None:
        loss = {"identity": "bce_with_logits", "sigmoid": "bce"}.get(output, "mse")
    elif loss not in LOSSES:
        raise ValueError(f"nn.playground: loss must be one of {', '.join(LOSSES)}, got {loss!r}")
    activation = Shape.of(model).activation or DEFAULTS["activation"]
    return {"hidden": [layer.nout for layer in hidden], "activation": activation, "loss": loss}


MAX_LABEL_CHARS = 80
"""A parameter's own label is sent to the page cut to this many characters."""


def _label_text(label):
    """A parameter's own label as the page shows it: text (any text at all), at most ``MAX_LABEL_CHARS``."""
    text = label if isinstance(label, str) else shown(label)
    return text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS] + "…"


def _activation_title(shape):
    """How the page names the activations of a network of your own whose hidden layers differ."""
    return "per layer: " + ", ".join(shape.activations)
