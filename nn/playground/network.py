"""The network the page trains: its parameters found by position, and new networks built from the settings.

The page names every neuron and parameter by where it sits, as ``nn``
labels a network it builds: ``L1.n3`` is neuron 3 of layer 1, ``L1.n3.w2``
its weight from input 2, ``L1.n3.b`` its bias. Those names are *keys*
made from positions, never read from the labels a parameter carries: a
network of the user's own may have relabelled any of them (with any text
at all), and the page only shows such a label, as text.

What the page explains (formulas, chain-rule paths, backward steps) is
computed on ``labelled_copy(model)``, the same network with the same
numbers and the labels ``nn`` gives, so every node it names is named by
its position too.

A new network is built from the settings (hidden sizes, activation, loss,
seed) and a ``Shape``: what the settings do not say about a network of the
user's own and a new one keeps, each hidden layer's activation and which
layers have biases. A change the page cannot build is refused, naming why,
before anything changes.
"""

from dataclasses import dataclass

from ..module import MLP
from .settings import MIXED, PlaygroundError


def neuron_key(layer, neuron):
    """``L1.n3``: neuron 3 of layer 1."""
    return f"L{layer}.n{neuron}"


def weight_key(layer, neuron, index):
    """``L1.n3.w2``: the weight from input 2 into neuron 3 of layer 1."""
    return f"{neuron_key(layer, neuron)}.w{index}"


def bias_key(layer, neuron):
    """``L1.n3.b``: the bias of neuron 3 of layer 1."""
    return f"{neuron_key(layer, neuron)}.b"


def positions(model):
    """``[(key, parameter, (layer, neuron, index))]`` for every drawn weight and bias, layer by layer.

    ``index`` is None for a bias. A parameter several layers share appears
    once for each place it is drawn.
    """
    found = []
    for l, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                found.append((weight_key(l, j, i), w, (l, j, i)))
            if neuron.b is not None:
                found.append((bias_key(l, j), neuron.b, (l, j, None)))
    return found


def parameter_at(model, key):
    """``(parameter, (layer, neuron, index))`` drawn at ``key``, or None."""
    return next(((p, where) for k, p, where in positions(model) if k == key), None)


def drawn_parameter_count(model):
    """Weights and biases as drawn (a shared one counted at every use): what one sample passes through."""
    return sum(len(neuron.w) + (neuron.b is not None) for layer in model.layers for neuron in layer.neurons)


def labelled_copy(model):
    """The same network (numbers, activations, biases, shared layers) labelled by position, as ``nn`` labels it."""
    return MLP.from_weights(model.weights(), model.biases(), [layer.activation for layer in model.layers],
                            same_parameters_as=model.same_parameters_as())


def numbers_of(model):
    """Every parameter's number, in ``parameters()`` order (what ``restore`` puts back)."""
    return [p.data for p in model.parameters()]


def restore(model, numbers):
    """Put back the numbers ``numbers_of`` gave, by position (labels may repeat, or be anything)."""
    for p, number in zip(model.parameters(), numbers):
        p.data = number


@dataclass(frozen=True)
class Shape:
    """What a new network takes from the last one that the settings do not say.

    ``activations``: one per hidden layer; ``biases``: for each layer, the
    output layer last, whether its neurons have a bias. The page's own
    networks have one activation everywhere and biases everywhere.
    """
    activations: tuple
    biases: tuple

    @classmethod
    def of(cls, model):
        """The shape of a user's ``model``."""
        return cls(tuple(layer.activation for layer in model.layers[:-1]),
                   tuple(layer.has_bias for layer in model.layers))

    @classmethod
    def uniform(cls, hidden_layers, activation):
        return cls((activation,) * hidden_layers, (True,) * (hidden_layers + 1))

    @property
    def activation(self):
        """The activation setting: the one every hidden layer has, ``MIXED``, or None without hidden layers."""
        names = set(self.activations)
        return names.pop() if len(names) == 1 else MIXED if names else None

    def for_settings(self, settings):
        """The shape of a network with ``settings`` ' hidden sizes and activation; refused if it cannot be told.

        A change of the activation gives every hidden layer the new one. A
        change of the number of hidden layers needs every hidden layer to be
        of one kind (activation and bias), which new layers then take.
        """
        hidden = len(settings["hidden"])
        activation = settings["activation"]
        kinds = set(zip(self.activations, self.biases[:-1]))
        if hidden != len(self.activations):
            if activation == MIXED:
                raise PlaygroundError(
                    f"hidden: the hidden layers of this network have different activations "
                    f"({', '.join(self.activations)}), so the page cannot tell which a new layer "
                    f"should have; pick one activation for all of them first, then change the layers")
            if len({bias for _, bias in kinds}) > 1:
                raise PlaygroundError(
                    "hidden: some hidden layers of this network have biases and some have not, so the "
                    "page cannot tell whether a new layer should; change the neurons of a layer, the "
                    "activation or the loss, but not the number of layers")
            bias = kinds.pop()[1] if kinds else self.biases[-1]
            return Shape((activation,) * hidden, (bias,) * hidden + (self.biases[-1],))
        activations = self.activations if activation == MIXED else (activation,) * hidden
        return Shape(activations, self.biases)


def build(settings, shape, output_activation):
    """A new network of ``settings`` ' sizes and seed, of ``shape``, with first weights drawn from the seed.

    The page's own shape gives exactly ``MLP(2, hidden + [1], activation, output_activation, seed)``.
    """
    sizes = list(settings["hidden"]) + [1]
    activations = set(shape.activations)
    if len(activations) <= 1 and len(set(shape.biases)) == 1:
        activation = activations.pop() if activations else "tanh"
        return MLP(2, sizes, activation=activation, output_activation=output_activation,
                   seed=settings["seed"], bias=shape.biases[0])
    drawn = MLP(2, sizes, seed=settings["seed"])
    biases = [numbers if has_bias else None for numbers, has_bias in zip(drawn.biases(), shape.biases)]
    return MLP.from_weights(drawn.weights(), biases, list(shape.activations) + [output_activation])
