"""Neurons, layers and multi-layer perceptrons built from ``Value`` s.

A neuron computes  out = f(Σᵢ wᵢ·xᵢ + b)  where the net input is ONE node
(``weighted_sum``), whose local derivatives are

    ∂net/∂wᵢ = xᵢ,    ∂net/∂xᵢ = wᵢ,    ∂net/∂b = 1,

followed by one activation node f. A layer is a list of neurons that see the
same inputs; an MLP is a chain of layers.

Every parameter is labelled with where it sits, counting from 0 as Python
does: ``"L1.n0.w2"`` is ``model.layers[1].neurons[0].w[2]``, the weight from
input 2 of layer 1 into its neuron 0, and ``"L1.n0.b"`` is that neuron's bias.
So is every node a call makes: ``"L1.n0.net"`` is that neuron's net input
Σ w·x + b and ``"L1.n0.out"`` its output (a softmax layer adds ``"L1.n0.exp"``,
``"L1.n0.shifted"`` and ``"L1.exp_sum"``), so a trace of a network's backward
pass names every number. (The losses label theirs: ``loss``, ``loss.term0``, ….)
"""

import math
import numbers
import random
from typing import NamedTuple

from autograd_core import Value, weighted_sum
from autograd_core.core import PASS_LOCK

from .activations import activation_function, check_layer_activation, softmax


class LayerValues(NamedTuple):
    """What one layer computed for one input: ``nets`` (each neuron's Σ w·x + b) and ``outs``.

    For a softmax layer ``outs`` is softmax(nets); for the identity, ``outs`` are ``nets``.
    ``MLP.forward_layers`` gives one per layer.

    Raises:
        Nothing: a plain pair of lists.

    Examples:
        >>> from autograd_core import Value
        >>> values = LayerValues(nets=[Value(0.5)], outs=[Value(0.5).tanh()])
        >>> round(values.outs[0].data, 4)
        0.4621
    """

    nets: list
    outs: list


class Module:
    """Anything with parameters: ``parameters()``, ``zero_grad()``, ``state_dict()``.

    Raises:
        ValueError: from ``load_state_dict``, a state of the wrong labels or shape.

    Examples:
        >>> neuron = Neuron(2, seed=0)
        >>> isinstance(neuron, Module), len(neuron.parameters())
        (True, 3)
    """

    def parameters(self):
        """Every trainable ``Value``, in a fixed order."""
        return []

    def zero_grad(self):
        """Set every parameter's ``grad`` to 0 (gradients accumulate otherwise).

        Never in the middle of a ``backward()`` in another thread: it holds the
        lock every backward pass holds."""
        with PASS_LOCK:
            for p in self.parameters():
                p.grad = 0.0

    def state_dict(self):
        """``{label: number}`` for every parameter, in ``parameters()`` order."""
        return {p.label: p.data for p in self.parameters()}

    def load_state_dict(self, state):
        """Set every parameter from ``{label: number}``, as ``state_dict()`` gives.

        The keys must be exactly this model's labels and every value a finite
        number; otherwise ValueError, and no parameter is changed.
        """
        params = self.parameters()
        new_values = _checked_state(state, [p.label for p in params], type(self).__name__)
        for p, number in zip(params, new_values):
            p.data = number


class Neuron(Module):
    """out = activation(Σᵢ wᵢ·xᵢ + b).

    Weights and bias start uniform in [-1/√nin, 1/√nin], as PyTorch's
    ``nn.Linear``. ``seed`` makes that reproducible (an int, or a
    ``random.Random`` to draw from); ``bias=False`` leaves out b. ``name``
    prefixes the parameters' labels (``"L0.n1"`` gives ``"L0.n1.w0"``, …).

    Calling it on a list of ``nin`` numbers or ``Value`` s returns ``out``, a ``Value``.

    Raises:
        ValueError: ``nin`` that is not a positive int, an unknown activation,
            or, when called, an input of the wrong length.

    Examples:
        >>> neuron = Neuron(2, activation="sigmoid", seed=0)
        >>> out = neuron([0.05, 0.10])
        >>> out.label, 0.0 < out.data < 1.0, len(neuron.parameters())
        ('out', True, 3)
    """

    def __init__(self, nin, activation="tanh", seed=None, bias=True, name=""):
        nin = _check_size(nin, "Neuron(nin=...)")
        rng = _rng(seed, "Neuron(seed=...)")
        bound = 1.0 / math.sqrt(nin)
        weights = [rng.uniform(-bound, bound) for _ in range(nin)]
        b = rng.uniform(-bound, bound) if bias else None
        self._setup(weights, b, activation, name)

    @classmethod
    def from_weights(cls, weights, bias=None, activation="tanh", name=""):
        """A neuron with the given weights and bias (``None``: no bias parameter)."""
        weights = [_finite(w, "Neuron.from_weights", f"weight {i}") for i, w in enumerate(weights)]
        _check_size(len(weights), "Neuron.from_weights: the number of weights")
        if bias is not None:
            bias = _finite(bias, "Neuron.from_weights", "bias")
        neuron = cls.__new__(cls)
        neuron._setup(weights, bias, activation, name)
        return neuron

    def _setup(self, weights, bias, activation, name):
        self._activate = activation_function(activation)
        self.activation = check_layer_activation(activation)     # "elu(alpha=0.5)" written one way
        self.name = name
        prefix = f"{name}." if name else ""
        self.w = [Value(w, label=f"{prefix}w{i}") for i, w in enumerate(weights)]
        self.b = None if bias is None else Value(bias, label=f"{prefix}b")
        self.nin = len(self.w)
        # Made once here, not at every call: labelling a node is then one assignment.
        self._net_label = f"{prefix}net"
        self._out_label = f"{prefix}out"

    def __call__(self, x):
        try:
            fits = len(x) == self.nin
        except TypeError:
            fits = False
        if not fits:
            raise _size_error(self, x)
        return self._net_and_output(x)[1]

    def _net_and_output(self, x):
        """(net, out) for inputs ``x`` (already checked), both labelled: the neuron's one forward pass."""
        net = weighted_sum(self.w, x, self.b)
        net.label = self._net_label
        out = self._activate(net)
        if out is not net:                     # "identity" returns the net input itself
            out.label = self._out_label
        return net, out

    def parameters(self):
        return self.w if self.b is None else self.w + [self.b]

    def __repr__(self):
        bias = "" if self.b is not None else ", bias=False"
        return f"Neuron({self.nin}, activation={self.activation!r}{bias})"


class Layer(Module):
    """``nout`` neurons that all see the same ``nin`` inputs.

    ``activation="softmax"`` turns the neurons' net inputs z into
    softmax(z) together. A layer with one neuron returns a ``Value``,
    otherwise a list.

    Raises:
        ValueError: sizes that are not positive ints, an unknown activation,
            or, when called, an input of the wrong length.

    Examples:
        >>> layer = Layer(2, 3, activation="softmax", seed=0)
        >>> round(sum(p.data for p in layer([1.0, 2.0])), 12)
        1.0
    """

    def __init__(self, nin, nout, activation="tanh", seed=None, bias=True, name=""):
        nin = _check_size(nin, "Layer(nin=...)")
        nout = _check_size(nout, "Layer(nout=...)")
        activation = check_layer_activation(activation)
        rng = _rng(seed, "Layer(seed=...)")
        neuron_activation = "identity" if activation == "softmax" else activation
        neurons = [Neuron(nin, neuron_activation, rng, bias, _neuron_name(name, j)) for j in range(nout)]
        self._setup(neurons, activation, name)

    @classmethod
    def from_weights(cls, weights, biases=None, activation="tanh", name=""):
        """A layer from ``weights[j][i]`` (input i to neuron j) and ``biases[j]``."""
        activation = check_layer_activation(activation)
        _check_weight_rows(weights, biases, "Layer.from_weights")
        if biases is None:
            biases = [None] * len(weights)
        neuron_activation = "identity" if activation == "softmax" else activation
        neurons = [Neuron.from_weights(row, b, neuron_activation, _neuron_name(name, j))
                   for j, (row, b) in enumerate(zip(weights, biases))]
        layer = cls.__new__(cls)
        layer._setup(neurons, activation, name)
        return layer

    def _setup(self, neurons, activation, name):
        self.neurons = neurons
        self.activation = activation
        self.name = name
        self.nin = neurons[0].nin
        self.nout = len(neurons)
        self.has_bias = neurons[0].b is not None
        self._softmax_labels = None         # made at the first softmax call: most layers never need them

    def __call__(self, x):
        if _length(x) != self.nin:
            raise _size_error(self, x)
        outs = self._outputs(x)
        return outs[0] if len(outs) == 1 else outs

    def _outputs(self, x):
        """The outputs as a list, always (inputs already checked)."""
        return self._values(x).outs

    def forward_layers(self, x):
        """``[LayerValues]``: this layer's net inputs and outputs for ``x``, as ``MLP.forward_layers``.

        Returns:
            A list of one ``LayerValues`` (``nets``, ``outs``).

        Raises:
            ValueError: ``x`` of the wrong length.
            TypeError: ``x`` that is not a list.

        Examples:
            >>> layer = Layer.from_weights([[1.0, 2.0]], [0.5], "identity")
            >>> [v.data for v in layer.forward_layers([1.0, 1.0])[0].outs]
            [3.5]
        """
        if _length(x) != self.nin:
            raise _size_error(self, x)
        return [self._values(x)]

    def _values(self, x):
        """The layer's ``LayerValues`` for inputs ``x`` (already checked)."""
        nets, outs = [], []
        for neuron in self.neurons:
            net, out = neuron._net_and_output(x)
            nets.append(net)
            outs.append(out)
        if self.activation == "softmax":
            outs = softmax(outs)
            if self._softmax_labels is None:
                prefix = f"{self.name}." if self.name else ""
                total = f"{prefix}exp_sum"
                self._softmax_labels = [(f"{prefix}n{j}.out", f"{prefix}n{j}.exp", f"{prefix}n{j}.shifted",
                                         total) for j in range(len(self.neurons))]
            for p, labels in zip(outs, self._softmax_labels):
                _label_softmax_output(p, labels)
        return LayerValues(nets, outs)

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer({self.nin}, {self.nout}, activation={self.activation!r})"


class MLP(Module):
    """A multi-layer perceptron: ``nin`` inputs, then one layer per entry of ``nouts``.

    ``activation`` is used by the hidden layers, ``output_activation`` by the
    last one. Parameters are ordered layer by layer, neuron by neuron,
    weights then bias. One output gives a ``Value``, several a list.

        >>> model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
        >>> len(model.parameters())        # 4·(2+1) + 1·(4+1)
        17

    Raises:
        ValueError: sizes that are not positive ints, no layer at all, an
            unknown activation, or, when called, an input of the wrong length.
    """

    def __init__(self, nin, nouts, activation="tanh", output_activation="identity", seed=None, bias=True):
        nin = _check_size(nin, "MLP(nin=...)")
        nouts = [_check_size(n, "MLP(nouts=...)") for n in _as_list(nouts, "MLP(nouts=...)")]
        if not nouts:
            raise ValueError("MLP(nouts=...): needs at least one layer size, got []")
        activation = check_layer_activation(activation)
        output_activation = check_layer_activation(output_activation)
        rng = _rng(seed, "MLP(seed=...)")
        sizes = [nin] + nouts
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[l], sizes[l + 1], output_activation if l == last else activation, rng, bias, f"L{l}")
            for l in range(len(nouts))
        ]
        self.nin = nin

    @classmethod
    def from_weights(cls, weights, biases, activations, same_parameters_as=None):
        """An MLP with exactly the given numbers, as the lecture notes write them.

        ``weights[l][j][i]`` is the weight from input i to neuron j of layer l
        (one row per neuron, w_ji in the notes); ``biases[l][j]`` is the bias
        of neuron j of layer l. ``biases=None`` means no bias parameters at
        all, and ``biases[l] = None`` none in layer l. ``activations`` holds
        one name per layer (or one name for every layer).

        ``same_parameters_as[l] = k`` makes layer l use the very parameters
        (the same ``Value`` s) of the earlier layer k, as one PyTorch
        ``Linear`` used twice in a ``Sequential`` does: both uses add to the
        same gradients, and an optimizer updates them once. The two layers'
        weights and biases must then be the same numbers. ``None`` (or
        ``None`` entries) for layers with parameters of their own.
        """
        weights = _as_list(weights, "MLP.from_weights(weights=...)")
        if not weights:
            raise ValueError("MLP.from_weights: weights must hold at least one layer, got []")
        nlayers = len(weights)
        if isinstance(activations, str):
            activations = [activations] * nlayers
        activations = _as_list(activations, "MLP.from_weights(activations=...)")
        if len(activations) != nlayers:
            raise ValueError(
                f"MLP.from_weights: {nlayers} layers of weights but {len(activations)} activations; "
                f"give one activation name per layer")
        if biases is None:
            biases = [None] * nlayers
        biases = _as_list(biases, "MLP.from_weights(biases=...)")
        if len(biases) != nlayers:
            raise ValueError(
                f"MLP.from_weights: {nlayers} layers of weights but {len(biases)} layers of biases")

        nin = None
        for l, (rows, layer_biases) in enumerate(zip(weights, biases)):
            nin = _check_weight_rows(rows, layer_biases, "MLP.from_weights", f"[{l}]",
                                     nin, f"layer {l - 1} has {nin} neurons")
        sources = _checked_sources(same_parameters_as, weights, biases, nlayers)
        model = cls.__new__(cls)
        model.layers = [Layer.from_weights(w, b, a, f"L{l}")
                        for l, (w, b, a) in enumerate(zip(weights, biases, activations))]
        model.nin = model.layers[0].nin
        for layer, k in zip(model.layers, sources):
            if k is not None:
                for neuron, source in zip(layer.neurons, model.layers[k].neurons):
                    neuron.w, neuron.b = source.w, source.b
        return model

    def same_parameters_as(self):
        """For each layer, the earlier layer whose parameters (the same ``Value`` s) it uses, or None."""
        first_use = {}
        return [_none_if_same(first_use.setdefault(tuple(map(id, layer.parameters())), l), l)
                for l, layer in enumerate(self.layers)]

    @property
    def nouts(self):
        """The number of neurons in each layer."""
        return [layer.nout for layer in self.layers]

    def __call__(self, x):
        if _length(x) != self.nin:
            raise _size_error(self, x)
        for layer in self.layers:
            x = layer._outputs(x)
        return x[0] if len(x) == 1 else x

    def forward_layers(self, x):
        """Every layer's net inputs and outputs for the input ``x``: a list of ``LayerValues``.

        The same forward pass as ``model(x)`` (the same nodes, labelled
        ``L0.n1.net``, ``L0.n1.out``, …), keeping what each layer computed:
        what the notes call H_in and H_out, or net_h1 and out_h1.

        Returns:
            list of ``LayerValues``: ``nets`` (each neuron's Σ w·x + b) and
                ``outs`` (the layer's outputs) for each layer, first to last.

        Raises:
            ValueError: ``x`` of the wrong length.
            TypeError: ``x`` that is not a list.

        Examples:
            >>> model = MLP.from_weights([[[0.5, -1.0]], [[2.0]]], [[0.0], [1.0]], "identity")
            >>> [[v.data for v in layer.outs] for layer in model.forward_layers([1.0, 1.0])]
            [[-0.5], [0.0]]
        """
        if _length(x) != self.nin:
            raise _size_error(self, x)
        values = []
        for layer in self.layers:
            values.append(layer._values(x))
            x = values[-1].outs
        return values

    def parameters(self):
        """Every parameter once, even one that several layers share (as PyTorch's ``parameters()``)."""
        return list(dict.fromkeys(p for layer in self.layers for p in layer.parameters()))

    def weights(self):
        """The weights as ``weights[l][j][i]`` numbers, as ``from_weights`` takes them."""
        return [[[w.data for w in n.w] for n in layer.neurons] for layer in self.layers]

    def biases(self):
        """The biases as ``biases[l][j]`` numbers (``None`` for a layer without)."""
        return [[n.b.data for n in layer.neurons] if layer.has_bias else None for layer in self.layers]

    def __repr__(self):
        shared = [f" (layer {k}'s parameters)" if k is not None else ""
                  for k in self.same_parameters_as()]
        layers = ", ".join(f"{layer.nout} {layer.activation}{note}" for layer, note in zip(self.layers, shared))
        return f"MLP({self.nin} -> [{layers}])"


# ----------------------------------------------------------------------
# Checks and helpers.
# ----------------------------------------------------------------------

def _label_softmax_output(p, labels):
    """Label p = e / Σ e of a softmax layer, its e = exp(z − max z), z − max z and the Σ e."""
    out, exp, shifted, total = labels
    p.label = out
    if len(p.inputs) == 2:
        e, s = p.inputs
        e.label, s.label = exp, total
        if e.inputs:
            e.inputs[0].label = shifted


def _length(x):
    """len(x), or -1 for something without a length (a bare number, say)."""
    try:
        return len(x)
    except TypeError:
        return -1


def _size_error(module, x):
    """The error for a call with the wrong number of inputs (or no list at all)."""
    who = type(module).__name__
    try:
        got = f"got {len(x)}"
    except TypeError:
        return TypeError(f"{who}: expected a list of {module.nin} inputs, got {type(x).__name__}: {x!r}")
    return ValueError(f"{who}: expected {module.nin} inputs, {got}")


def _check_size(n, where):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{where}: expected a positive int, got {type(n).__name__}: {n!r}")
    if n < 1:
        raise ValueError(f"{where}: expected a positive int, got {n!r}")
    return int(n)


def _finite(x, where, what):
    """``x`` as a finite float, or an error naming ``what`` (the weight, say) and the number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: {what} must be a number, got {type(x).__name__}: {_short(x)}")
    try:
        number = float(x)
    except OverflowError:           # an int (or Fraction) beyond the largest float, 1.8e308
        raise _too_large(where, what, x) from None
    if not math.isfinite(number):
        raise ValueError(f"{where}: {what} must be finite, got {_short(x)}")
    return number


def _too_large(where, what, x):
    return ValueError(f"{where}: {what} is {_short(x)}, too large for a float (at most about 1.8e308)")


def _short(x, limit=80):
    """``repr(x)`` for an error message: a huge int by its size, anything else cut to ``limit``."""
    if isinstance(x, numbers.Integral) and int(x).bit_length() > 200:
        return f"<an int of about {int(int(x).bit_length() * 0.30103)} digits>"
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + "…"


def _as_list(x, where):
    if isinstance(x, (list, tuple)):
        return x
    raise TypeError(f"{where}: expected a list, got {type(x).__name__}: {x!r}")


def _check_weight_rows(rows, biases, where, at="", nin=None, nin_source=""):
    """Check one layer's weight rows ``weights{at}`` and biases; return its number of neurons.

    ``nin`` (if known) is how many weights each row must have, and
    ``nin_source`` says where that number comes from.
    """
    layer = f"layer {at[1:-1]}, " if at else ""
    rows = _as_list(rows, f"{where}: weights{at}")
    if not rows:
        raise ValueError(f"{where}: weights{at} has no neurons; a layer needs at least one row")
    for j, row in enumerate(rows):
        row = _as_list(row, f"{where}: weights{at}[{j}]")
        if nin is None:
            if not row:
                raise ValueError(f"{where}: weights{at}[{j}] is empty; a neuron needs at least one input")
            nin = len(row)
        elif len(row) != nin:
            source = nin_source if j == 0 else f"weights{at}[0] has {nin}"
            raise ValueError(
                f"{where}: weights{at}[{j}] has {len(row)} weights but {source}; "
                f"weights[j][i] is the weight from input i to neuron j")
        for i, w in enumerate(row):
            _finite(w, where, f"weights{at}[{j}][{i}] ({layer}neuron {j}, weight {i})")
    if biases is not None:
        biases = _as_list(biases, f"{where}: biases{at}")
        if len(biases) != len(rows):
            raise ValueError(
                f"{where}: biases{at} has {len(biases)} entries but there are {len(rows)} neurons")
        for j, b in enumerate(biases):
            _finite(b, where, f"biases{at}[{j}] ({layer}neuron {j}'s bias)")
    return len(rows)


def _checked_sources(same_parameters_as, weights, biases, nlayers):
    """``same_parameters_as`` as a list of None or an earlier layer with the same numbers."""
    where = "MLP.from_weights(same_parameters_as=...)"
    if same_parameters_as is None:
        return [None] * nlayers
    sources = _as_list(same_parameters_as, where)
    if len(sources) != nlayers:
        raise ValueError(f"{where}: {nlayers} layers but {len(sources)} entries; give one per layer "
                         f"(None for a layer with parameters of its own)")
    for l, k in enumerate(sources):
        if k is None:
            continue
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 <= k < l:
            raise ValueError(f"{where}: entry {l} must be None or the index of an earlier layer "
                             f"(0 to {l - 1}), got {_short(k)}")
        if weights[l] != weights[k] or biases[l] != biases[k]:
            part = "weights" if weights[l] != weights[k] else "biases"
            raise ValueError(f"{where}: layer {l} is to use the parameters of layer {k}, but "
                             f"{part}[{l}] and {part}[{k}] differ; give the same numbers for both")
    return [None if k is None else int(k) for k in sources]


def _none_if_same(k, l):
    return None if k == l else k


def _checked_state(state, labels, who):
    """The new parameter values, in ``labels`` order, or ValueError if ``state`` does not fit."""
    where = f"{who}.load_state_dict"
    if not isinstance(state, dict):
        raise TypeError(f"{where}: expected a dict of label -> number, got {type(state).__name__}")
    known = set(labels)
    missing = [k for k in labels if k not in state]
    unexpected = [k for k in state if k not in known]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing keys {missing}")
        if unexpected:
            parts.append(f"unexpected keys {unexpected}")
        raise ValueError(f"{where}: the state does not fit this model: {'; '.join(parts)}")
    values = []
    for label in labels:
        number = state[label]
        if isinstance(number, bool) or not isinstance(number, numbers.Real):
            raise ValueError(f"{where}: {label!r} must be a finite number, got {_short(number)}")
        try:
            number = float(number)
        except OverflowError:
            raise _too_large(where, f"{label!r}{_position(label)}", state[label]) from None
        if not math.isfinite(number):
            raise ValueError(f"{where}: {label!r} must be a finite number, got {number!r}")
        values.append(number)
    return values


def _position(label):
    """Where a parameter labelled ``"L1.n0.w2"`` sits, in words: `` (layer 1, neuron 0, weight 2)``."""
    words = {"L": "layer", "n": "neuron", "w": "weight"}
    parts = []
    for part in label.split("."):
        if part == "b":
            parts.append("bias")
        elif part[:1] in words and part[1:].isdigit():
            parts.append(f"{words[part[:1]]} {part[1:]}")
        else:
            return ""
    return f" ({', '.join(parts)})"


def _rng(seed, where):
    """A random generator: ``seed`` itself if it is one, else one seeded with it.

    Any integer type seeds it (int, numpy.int64, ...), as does None (a fresh
    random seed); a bool or anything else is refused.
    """
    if isinstance(seed, random.Random):
        return seed
    if seed is None:
        return random.Random()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{where}: seed must be an int, a random.Random or None, "
                        f"got {type(seed).__name__}: {_short(seed)}")
    return random.Random(int(seed))


def _neuron_name(layer_name, j):
    return f"{layer_name}.n{j}" if layer_name else f"n{j}"
