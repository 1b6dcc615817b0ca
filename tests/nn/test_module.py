"""Neurons, layers and MLPs: structure, labels, seeding, the notes' networks, bad input."""

import math

import pytest

import nn
from autograd_core import Value
from autograd_core.examples import NETWORK_2_2_2
from nn import MLP, Layer, Neuron

# The step-by-step 2-2-2 example (Yeum, “Neural Network”): inputs, targets, w1..w8, b1, b2.
STEP_BY_STEP_WEIGHTS = NETWORK_2_2_2["weights"]
STEP_BY_STEP_BIASES = NETWORK_2_2_2["biases"]
STEP_BY_STEP_INPUTS = NETWORK_2_2_2["inputs"]
STEP_BY_STEP_TARGETS = NETWORK_2_2_2["targets"]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def step_by_step_network():
    return MLP.from_weights(STEP_BY_STEP_WEIGHTS, STEP_BY_STEP_BIASES, ["sigmoid", "sigmoid"])


# ----------------------------------------------------------------------
# Structure and labels
# ----------------------------------------------------------------------

def test_neuron_has_one_weight_per_input_and_a_bias():
    neuron = Neuron(3, seed=0)
    assert len(neuron.w) == 3 and isinstance(neuron.b, Value)
    assert neuron.parameters() == neuron.w + [neuron.b]


def test_neuron_without_bias_has_only_weights():
    neuron = Neuron(3, bias=False, seed=0)
    assert neuron.b is None and neuron.parameters() == neuron.w


def test_neuron_net_input_is_one_weighted_sum_node():
    neuron = Neuron.from_weights([2.0, -1.0], 0.5, activation="identity")
    out = neuron([3.0, 4.0])
    assert out.op == "Σw·x+b" and out.data == 2.0 * 3.0 - 1.0 * 4.0 + 0.5
    assert out.inputs == (neuron.w[0], neuron.w[1], neuron.b)
    assert out.local_grads == (3.0, 4.0, 1.0)


def test_neuron_applies_its_activation_to_the_net_input():
    neuron = Neuron.from_weights([1.0], 0.0, activation="tanh")
    out = neuron([0.5])
    assert out.op == "tanh" and out.inputs[0].op == "Σw·x+b"
    assert out.data == pytest.approx(math.tanh(0.5))


def test_neuron_passes_the_gradient_on_to_value_inputs():
    neuron = Neuron.from_weights([2.0, -3.0], 1.0, activation="identity")
    x = [Value(1.0), Value(1.0)]
    neuron(x).backward()
    assert [v.grad for v in x] == [2.0, -3.0]


def test_mlp_parameters_are_ordered_layer_neuron_weights_then_bias():
    model = MLP(2, [3, 1], seed=0)
    labels = [p.label for p in model.parameters()]
    assert labels == [
        "L0.n0.w0", "L0.n0.w1", "L0.n0.b",
        "L0.n1.w0", "L0.n1.w1", "L0.n1.b",
        "L0.n2.w0", "L0.n2.w1", "L0.n2.b",
        "L1.n0.w0", "L1.n0.w1", "L1.n0.w2", "L1.n0.b",
    ]


def test_parameter_label_matches_its_place_in_the_model():
    model = MLP(2, [3, 2], seed=0)
    assert model.layers[1].neurons[0].w[2].label == "L1.n0.w2"
    assert model.layers[0].neurons[2].b.label == "L0.n2.b"


def test_standalone_layer_and_neuron_labels_are_short():
    assert [p.label for p in Neuron(2, seed=0).parameters()] == ["w0", "w1", "b"]
    assert Layer(2, 2, seed=0).parameters()[3].label == "n1.w0"


def test_mlp_with_one_output_returns_a_value():
    assert isinstance(MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)


def test_mlp_with_several_outputs_returns_a_list():
    out = MLP(2, [3, 2], seed=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 2


def test_layer_with_one_neuron_returns_a_value_and_with_more_a_list():
    assert isinstance(Layer(2, 1, seed=0)([1.0, 2.0]), Value)
    assert len(Layer(2, 3, seed=0)([1.0, 2.0])) == 3


def test_hidden_layers_use_activation_and_the_last_output_activation():
    model = MLP(2, [3, 3, 1], activation="relu", output_activation="sigmoid", seed=0)
    assert [layer.activation for layer in model.layers] == ["relu", "relu", "sigmoid"]
    assert model([1.0, -1.0]).op == "sigmoid"


def test_mlp_output_activation_defaults_to_identity():
    assert MLP(2, [2, 1], seed=0)([1.0, 2.0]).op == "Σw·x+b"


def test_zero_grad_resets_every_parameter_gradient():
    model = MLP(2, [2, 1], seed=0)
    model([1.0, 2.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_repr_shows_the_architecture():
    assert repr(MLP(2, [4, 1], output_activation="sigmoid", seed=0)) == "MLP(2 -> [4 tanh, 1 sigmoid])"


# ----------------------------------------------------------------------
# Initialisation
# ----------------------------------------------------------------------

def test_same_seed_gives_the_same_parameters():
    a, b = MLP(3, [4, 2], seed=42), MLP(3, [4, 2], seed=42)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]


def test_different_seeds_give_different_parameters():
    a, b = MLP(3, [4, 2], seed=1), MLP(3, [4, 2], seed=2)
    assert [p.data for p in a.parameters()] != [p.data for p in b.parameters()]


def test_no_seed_gives_different_parameters_each_time():
    a, b = MLP(3, [4, 2]), MLP(3, [4, 2])
    assert [p.data for p in a.parameters()] != [p.data for p in b.parameters()]


def test_initial_parameters_lie_within_one_over_root_fan_in():
    layer = Layer(16, 8, seed=0)
    assert all(abs(p.data) <= 1.0 / math.sqrt(16) for p in layer.parameters())


def test_neurons_of_a_seeded_layer_differ_from_each_other():
    layer = Layer(3, 2, seed=0)
    assert [w.data for w in layer.neurons[0].w] != [w.data for w in layer.neurons[1].w]


# ----------------------------------------------------------------------
# Activations
# ----------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("identity", -0.5),
    ("step", 0.0),
    ("sigmoid", 1.0 / (1.0 + math.exp(0.5))),
    ("tanh", math.tanh(-0.5)),
    ("arctan", math.atan(-0.5)),
    ("relu", 0.0),
    ("leaky_relu", -0.005),
    ("elu", math.exp(-0.5) - 1.0),
    ("softplus", math.log1p(math.exp(-0.5))),
])
def test_each_activation_name_computes_its_function(name, expected):
    neuron = Neuron.from_weights([1.0], 0.0, activation=name)
    assert neuron([-0.5]).data == pytest.approx(expected, rel=1e-12)


def test_known_activations_list_every_name():
    assert nn.known_activations() == [
        "identity", "step", "sigmoid", "tanh", "arctan", "relu", "leaky_relu", "elu", "softplus", "softmax"]


def test_unknown_activation_is_an_error_listing_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*sigmoid.*softmax"):
        MLP(2, [2, 1], activation="swish")


def test_softmax_is_not_an_activation_of_one_neuron():
    with pytest.raises(ValueError, match="whole layer"):
        Neuron(2, activation="softmax")


def test_softmax_layer_outputs_probabilities_of_its_net_inputs():
    layer = Layer.from_weights([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, 0.0, 0.0], activation="softmax")
    probs = layer([0.8, 1.2])
    exps = [math.exp(0.8), math.exp(1.2), math.exp(2.0)]
    assert [p.data for p in probs] == pytest.approx([e / sum(exps) for e in exps], rel=1e-12)


# ----------------------------------------------------------------------
# The lecture notes' networks
# ----------------------------------------------------------------------

def test_step_by_step_example_total_error():
    model = step_by_step_network()
    error = nn.sse_loss(model(STEP_BY_STEP_INPUTS), STEP_BY_STEP_TARGETS)
    assert error.data == pytest.approx(0.298371109, abs=1e-9)


def test_step_by_step_example_forward_outputs():
    outputs = step_by_step_network()(STEP_BY_STEP_INPUTS)
    assert [o.data for o in outputs] == pytest.approx([0.75136507, 0.772928465], abs=1e-8)


def test_step_by_step_example_gradient_of_w5():
    model = step_by_step_network()
    nn.sse_loss(model(STEP_BY_STEP_INPUTS), STEP_BY_STEP_TARGETS).backward()
    w5 = model.layers[1].neurons[0].w[0]
    assert w5.grad == pytest.approx(0.082167041, abs=1e-9)


def test_step_by_step_example_one_sgd_step_on_the_weights():
    model = step_by_step_network()
    nn.sse_loss(model(STEP_BY_STEP_INPUTS), STEP_BY_STEP_TARGETS).backward()
    weights = [p for layer in model.layers for n in layer.neurons for p in n.w]
    nn.SGD(weights, lr=0.5).step()
    w1, w5 = model.layers[0].neurons[0].w[0], model.layers[1].neurons[0].w[0]
    assert w5.data == pytest.approx(0.35891648, abs=1e-8)
    assert w1.data == pytest.approx(0.149780716, abs=1e-9)
    assert model.biases() == STEP_BY_STEP_BIASES


def test_step_by_step_example_all_updated_weights():
    model = step_by_step_network()
    nn.sse_loss(model(STEP_BY_STEP_INPUTS), STEP_BY_STEP_TARGETS).backward()
    nn.SGD([p for layer in model.layers for n in layer.neurons for p in n.w], lr=0.5).step()
    assert model.weights() == [
        [[pytest.approx(0.149780716, abs=1e-9), pytest.approx(0.19956143, abs=1e-8)],
         [pytest.approx(0.24975114, abs=1e-8), pytest.approx(0.29950229, abs=1e-8)]],
        [[pytest.approx(0.35891648, abs=1e-8), pytest.approx(0.408666186, abs=1e-9)],
         [pytest.approx(0.511301270, abs=1e-9), pytest.approx(0.561370121, abs=1e-9)]],
    ]


def step_by_step_error_on_floats(w):
    """E_total of the 2-2-2 example for weights w1..w8, on plain floats."""
    h1 = sigmoid(w[0] * 0.05 + w[1] * 0.10 + 0.35)
    h2 = sigmoid(w[2] * 0.05 + w[3] * 0.10 + 0.35)
    o1 = sigmoid(w[4] * h1 + w[5] * h2 + 0.60)
    o2 = sigmoid(w[6] * h1 + w[7] * h2 + 0.60)
    return 0.5 * (0.01 - o1) ** 2 + 0.5 * (0.99 - o2) ** 2


def test_step_by_step_example_error_after_one_step():
    model = step_by_step_network()
    nn.sse_loss(model(STEP_BY_STEP_INPUTS), STEP_BY_STEP_TARGETS).backward()
    nn.SGD([p for layer in model.layers for n in layer.neurons for p in n.w], lr=0.5).step()
    error = nn.sse_loss(model(STEP_BY_STEP_INPUTS), STEP_BY_STEP_TARGETS)
    # The notes print 0.291027924, but their own updated weights give 0.2910277737.
    notes_updated_weights = [0.149780716, 0.19956143, 0.24975114, 0.29950229,
                             0.35891648, 0.408666186, 0.511301270, 0.561370121]
    assert error.data == pytest.approx(step_by_step_error_on_floats(notes_updated_weights), abs=1e-9)


# The matrix-form example (“Feedforward and Backpropagation”): 3 samples x 4 features, 4-2-3 sigmoid, no biases.
MATRIX_X = [[4.9, 3.0, 1.4, 0.2], [6.4, 3.2, 4.5, 1.5], [5.8, 2.7, 5.1, 1.9]]
MATRIX_Y = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
MATRIX_W1 = [[0.7, 0.4], [-0.8, 0.0], [0.3, -0.4], [0.1, 0.1]]   # W1[i][j]: input i -> hidden j
MATRIX_W2 = [[0.0, -0.1, 0.2], [0.6, -0.5, 0.5]]                 # W2[j][k]: hidden j -> output k


def transpose(matrix):
    return [list(column) for column in zip(*matrix)]


def matrix_form_reference():
    """The notes' matrix recipe on plain floats: MSE and ∂MSE/∂W1, ∂MSE/∂W2.

    MSE = 1/(2N) Σ (O_out - Y)² over all N = 9 entries (which is what the
    notes' printed numbers use).
    """
    n = sum(len(row) for row in MATRIX_Y)
    h_out = [[sigmoid(sum(x[i] * MATRIX_W1[i][j] for i in range(4))) for j in range(2)] for x in MATRIX_X]
    o_out = [[sigmoid(sum(h[j] * MATRIX_W2[j][k] for j in range(2))) for k in range(3)] for h in h_out]
    mse = sum((o - y) ** 2 for orow, yrow in zip(o_out, MATRIX_Y) for o, y in zip(orow, yrow)) / (2 * n)
    o_delta = [[(o_out[e][k] - MATRIX_Y[e][k]) * o_out[e][k] * (1 - o_out[e][k]) for k in range(3)]
               for e in range(3)]
    w2_update = [[sum(h_out[e][j] * o_delta[e][k] for e in range(3)) / n for k in range(3)] for j in range(2)]
    h_error = [[sum(o_delta[e][k] * MATRIX_W2[j][k] for k in range(3)) for j in range(2)] for e in range(3)]
    h_delta = [[h_error[e][j] * h_out[e][j] * (1 - h_out[e][j]) for j in range(2)] for e in range(3)]
    w1_update = [[sum(MATRIX_X[e][i] * h_delta[e][j] for e in range(3)) / n for j in range(2)]
                 for i in range(4)]
    return mse, w1_update, w2_update


def matrix_form_network_and_loss():
    model = MLP.from_weights([transpose(MATRIX_W1), transpose(MATRIX_W2)], None, "sigmoid")
    loss = 0.5 * nn.mse_loss([model(x) for x in MATRIX_X], MATRIX_Y)
    return model, loss


def test_matrix_form_network_has_no_bias_parameters():
    model, _ = matrix_form_network_and_loss()
    assert len(model.parameters()) == 4 * 2 + 2 * 3
    assert model.biases() == [None, None]


def test_matrix_form_example_loss():
    _, loss = matrix_form_network_and_loss()
    reference_mse, _, _ = matrix_form_reference()
    assert loss.data == pytest.approx(reference_mse, rel=1e-12)
    assert round(loss.data, 3) == 0.138          # the notes' MSE


def test_matrix_form_example_gradients_match_the_matrix_recipe():
    model, loss = matrix_form_network_and_loss()
    loss.backward()
    _, w1_update, w2_update = matrix_form_reference()
    grads1 = [[w.grad for w in n.w] for n in model.layers[0].neurons]
    grads2 = [[w.grad for w in n.w] for n in model.layers[1].neurons]
    assert grads1 == [pytest.approx(row, rel=1e-9) for row in transpose(w1_update)]
    assert grads2 == [pytest.approx(row, rel=1e-9) for row in transpose(w2_update)]


def test_matrix_form_example_gradients_match_the_notes_printed_updates():
    model, loss = matrix_form_network_and_loss()
    loss.backward()
    notes_w1_update = [[0.002, 0.031], [0.001, 0.015], [0.000, 0.022], [0.000, 0.007]]
    notes_w2_update = [[0.023, 0.003, 0.020], [0.013, 0.003, 0.019]]
    grads1 = transpose([[w.grad for w in n.w] for n in model.layers[0].neurons])
    grads2 = transpose([[w.grad for w in n.w] for n in model.layers[1].neurons])
    assert grads1 == [pytest.approx(row, abs=1e-3) for row in notes_w1_update]
    assert grads2 == [pytest.approx(row, abs=1e-3) for row in notes_w2_update]


# The 3-layer ReLU / sigmoid / softmax example (Yeum, “Neural Network”); W[i][j] is input i -> neuron j.
RSS_INPUT = [0.1, 0.2, 0.7]
RSS_W = [
    [[0.1, 0.2, 0.3], [0.3, 0.2, 0.7], [0.4, 0.3, 0.9]],
    [[0.2, 0.3, 0.5], [0.3, 0.5, 0.7], [0.6, 0.4, 0.8]],
    [[0.1, 0.4, 0.8], [0.3, 0.7, 0.2], [0.5, 0.2, 0.9]],
]
RSS_TARGET = [1.0, 0.0, 0.0]


def rss_network():
    return MLP.from_weights([transpose(w) for w in RSS_W], [[1.0] * 3] * 3, ["relu", "sigmoid", "softmax"])


def rss_loss_on_floats(weights):
    """Cross-entropy of the example network, plain floats, for central differences."""
    h = RSS_INPUT
    for layer, activation in zip(weights, ["relu", "sigmoid", "softmax"]):
        z = [sum(h[i] * layer[i][j] for i in range(3)) + 1.0 for j in range(3)]
        if activation == "relu":
            h = [max(0.0, v) for v in z]
        elif activation == "sigmoid":
            h = [sigmoid(v) for v in z]
        else:
            exps = [math.exp(v) for v in z]
            h = [e / sum(exps) for e in exps]
    return -sum(t * math.log(p) for t, p in zip(RSS_TARGET, h))


def test_relu_sigmoid_softmax_example_first_layer_matches_the_notes():
    model = rss_network()
    hidden = model.layers[0]([0.1, 0.2, 0.7])
    assert [h.data for h in hidden] == pytest.approx([1.35, 1.27, 1.8], abs=1e-12)


def test_relu_sigmoid_softmax_example_gradients_match_central_differences():
    model = rss_network()
    nn.cross_entropy_loss(model(RSS_INPUT), RSS_TARGET).backward()
    eps = 1e-6
    for l in range(3):
        for i in range(3):
            for j in range(3):
                up = [[row[:] for row in w] for w in RSS_W]
                down = [[row[:] for row in w] for w in RSS_W]
                up[l][i][j] += eps
                down[l][i][j] -= eps
                numeric = (rss_loss_on_floats(up) - rss_loss_on_floats(down)) / (2 * eps)
                analytic = model.layers[l].neurons[j].w[i].grad
                assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-9), (l, i, j)


# ----------------------------------------------------------------------
# Bad input
# ----------------------------------------------------------------------

def test_calling_an_mlp_with_too_few_inputs_names_both_sizes():
    with pytest.raises(ValueError, match="expected 3 inputs, got 2"):
        MLP(3, [2, 1], seed=0)([1.0, 2.0])


def test_calling_a_layer_with_too_many_inputs_names_both_sizes():
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        Layer(2, 2, seed=0)([1.0, 2.0, 3.0])


def test_calling_a_neuron_with_the_wrong_number_of_inputs_names_both_sizes():
    with pytest.raises(ValueError, match="expected 2 inputs, got 1"):
        Neuron(2, seed=0)([1.0])


def test_calling_a_model_with_a_bare_number_asks_for_a_list():
    with pytest.raises(TypeError, match="expected a list of 1 inputs, got float"):
        MLP(1, [1], seed=0)(0.5)


def test_a_failed_call_changes_no_parameter():
    model = MLP(3, [2, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError):
        model([1.0])
    assert model.state_dict() == before


@pytest.mark.parametrize("nin", [0, -1])
def test_layer_sizes_must_be_positive(nin):
    with pytest.raises(ValueError, match="positive int"):
        MLP(nin, [2])


def test_layer_sizes_must_be_ints():
    with pytest.raises(TypeError, match="positive int, got float"):
        Layer(2, 1.5)


def test_mlp_needs_at_least_one_layer():
    with pytest.raises(ValueError, match="at least one layer"):
        MLP(2, [])


def test_from_weights_rejects_rows_of_different_lengths():
    with pytest.raises(ValueError, match=r"weights\[0\]\[1\] has 3 weights but weights\[0\]\[0\] has 2"):
        MLP.from_weights([[[1.0, 2.0], [1.0, 2.0, 3.0]]], None, "tanh")


def test_from_weights_rejects_a_layer_that_does_not_fit_the_one_before():
    with pytest.raises(ValueError, match=r"weights\[1\]\[0\] has 3 weights but layer 0 has 2 neurons"):
        MLP.from_weights([[[1.0], [2.0]], [[1.0, 2.0, 3.0]]], None, "tanh")


def test_from_weights_rejects_biases_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"biases\[0\] has 1 entries but there are 2 neurons"):
        MLP.from_weights([[[1.0], [2.0]]], [[0.5]], "tanh")


def test_from_weights_rejects_the_wrong_number_of_activations():
    with pytest.raises(ValueError, match="2 layers of weights but 1 activations"):
        MLP.from_weights([[[1.0]], [[1.0]]], None, ["tanh"])


def test_from_weights_rejects_the_wrong_number_of_bias_layers():
    with pytest.raises(ValueError, match="2 layers of weights but 1 layers of biases"):
        MLP.from_weights([[[1.0]], [[1.0]]], [[0.0]], "tanh")


def test_from_weights_rejects_a_non_finite_weight():
    with pytest.raises(ValueError, match=r"weights\[0\]\[0\]\[1\] \(layer 0, neuron 0, weight 1\) must be finite, got nan"):
        MLP.from_weights([[[1.0, float("nan")]]], None, "tanh")


def test_from_weights_rejects_a_non_number_weight():
    with pytest.raises(TypeError, match=r"weights\[0\]\[0\]\[0\] \(layer 0, neuron 0, weight 0\) must be a number, got str"):
        MLP.from_weights([[["1"]]], None, "tanh")


def test_from_weights_rejects_an_empty_model():
    with pytest.raises(ValueError, match="at least one layer"):
        MLP.from_weights([], None, [])


def test_from_weights_allows_no_bias_in_one_layer_only():
    model = MLP.from_weights([[[1.0], [2.0]], [[1.0, 1.0]]], [None, [0.5]], ["relu", "identity"])
    assert [p.label for p in model.parameters()] == ["L0.n0.w0", "L0.n1.w0", "L1.n0.w0", "L1.n0.w1", "L1.n0.b"]
    assert model([1.0]).data == 3.5


def test_layer_from_weights_rejects_rows_of_different_lengths():
    with pytest.raises(ValueError, match=r"Layer.from_weights: weights\[1\] has 1 weights but weights\[0\] has 2"):
        Layer.from_weights([[1.0, 2.0], [3.0]])


def test_layer_from_weights_rejects_biases_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"biases has 3 entries but there are 2 neurons"):
        Layer.from_weights([[1.0], [2.0]], [0.0, 0.0, 0.0])


# ----------------------------------------------------------------------
# Numbers too large for a float: named, never a bare OverflowError
# ----------------------------------------------------------------------

HUGE = 10**400


def test_from_weights_names_the_layer_neuron_and_weight_of_a_number_too_large_for_a_float():
    with pytest.raises(ValueError, match=r"MLP.from_weights: weights\[1\]\[0\]\[1\] \(layer 1, neuron 0, "
                                         r"weight 1\) is <an int of about 400 digits>, too large for a float"):
        MLP.from_weights([[[0.5], [0.5]], [[0.5, HUGE]]], None, "tanh")


def test_from_weights_names_the_neuron_of_a_bias_too_large_for_a_float():
    from fractions import Fraction
    with pytest.raises(ValueError, match=r"biases\[0\]\[1\] \(layer 0, neuron 1's bias\) is "
                                         r"Fraction\(1000.*too large for a float"):
        MLP.from_weights([[[0.5], [0.5]]], [[0.0, Fraction(HUGE, 3)]], "tanh")


def test_layer_from_weights_names_the_neuron_and_weight_of_a_number_too_large_for_a_float():
    with pytest.raises(ValueError, match=r"Layer.from_weights: weights\[1\]\[0\] \(neuron 1, weight 0\) "
                                         r"is <an int of about 400 digits>, too large"):
        Layer.from_weights([[0.5], [HUGE]])


def test_neuron_from_weights_names_the_weight_too_large_for_a_float():
    with pytest.raises(ValueError, match=r"Neuron.from_weights: weight 2 is <an int of about 400 digits>, "
                                         r"too large for a float"):
        Neuron.from_weights([0.5, 0.5, HUGE])
    with pytest.raises(ValueError, match=r"Neuron.from_weights: bias is <an int of about 308 digits>, "
                                         r"too large for a float"):
        Neuron.from_weights([0.5], 2**1024)


def test_load_state_dict_names_the_parameter_too_large_for_a_float_and_changes_nothing():
    model = MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    state = dict(before, **{"L1.n0.w1": HUGE})
    with pytest.raises(ValueError, match=r"'L1.n0.w1' \(layer 1, neuron 0, weight 1\) is "
                                         r"<an int of about 400 digits>, too large for a float"):
        model.load_state_dict(state)
    assert model.state_dict() == before



# ----------------------------------------------------------------------
# Layers that use the parameters of an earlier layer
# ----------------------------------------------------------------------

ROWS = [[0.5, -1.0], [2.0, 0.25]]


def tied_model(same=(None, 0, None)):
    return MLP.from_weights([ROWS, ROWS, [[1.0, -1.0]]], [[0.1, -0.2], [0.1, -0.2], [0.3]],
                            ["tanh", "sigmoid", "identity"], same_parameters_as=list(same))


def test_a_layer_with_the_same_parameters_uses_the_very_same_values():
    model = tied_model()
    for first, second in zip(model.layers[0].neurons, model.layers[1].neurons):
        assert first.w is second.w and first.b is second.b
    assert model.same_parameters_as() == [None, 0, None]
    assert repr(model) == "MLP(2 -> [2 tanh, 2 sigmoid (layer 0's parameters), 1 identity])"


def test_shared_parameters_are_listed_once():
    model = tied_model()
    assert [p.label for p in model.parameters()] == [
        "L0.n0.w0", "L0.n0.w1", "L0.n0.b", "L0.n1.w0", "L0.n1.w1", "L0.n1.b", "L2.n0.w0", "L2.n0.w1", "L2.n0.b"]
    assert list(model.state_dict()) == [p.label for p in model.parameters()]


def test_a_shared_parameters_gradient_is_the_sum_over_both_uses():
    # the same network with untied layers: the shared gradient is the sum of the two
    tied, untied = tied_model(), tied_model(same=(None, None, None))
    x = [0.3, -0.7]
    tied(x).backward()
    untied(x).backward()
    for first, second, shared in zip(untied.layers[0].parameters(), untied.layers[1].parameters(),
                                     tied.layers[0].parameters()):
        assert shared.grad == pytest.approx(first.grad + second.grad, rel=1e-15)
        assert first.grad != 0.0 and second.grad != 0.0


def test_an_optimizer_steps_a_shared_parameter_once():
    model = tied_model()
    model(([0.3, -0.7])).backward()
    weight = model.layers[0].neurons[0].w[0]
    before, slope = weight.data, weight.grad
    nn.SGD(model.parameters(), lr=0.1).step()
    assert weight.data == before - 0.1 * slope


@pytest.mark.parametrize("same, message", [
    ([None, 1, None], r"entry 1 must be None or the index of an earlier layer \(0 to 0\), got 1"),
    ([None, True, None], r"entry 1 must be None or the index of an earlier layer"),
    ([None, 0], r"3 layers but 2 entries"),
    ([None, None, 0], r"layer 2 is to use the parameters of layer 0, but weights\[2\] and weights\[0\] differ"),
])
def test_same_parameters_as_must_name_an_earlier_layer_with_the_same_numbers(same, message):
    with pytest.raises(ValueError, match=rf"MLP.from_weights\(same_parameters_as=...\): {message}"):
        tied_model(same)


def test_layers_with_the_same_weights_but_different_biases_cannot_share():
    with pytest.raises(ValueError, match=r"but biases\[1\] and biases\[0\] differ"):
        MLP.from_weights([ROWS, ROWS], [[0.1, -0.2], [0.1, 0.2]], "tanh", same_parameters_as=[None, 0])


# ----------------------------------------------------------------------
# Activations with PyTorch's parameters
# ----------------------------------------------------------------------

def _softplus_with_threshold(x, beta, threshold):
    """PyTorch's Softplus, on floats: x where β·x > threshold, else ln(1 + e^(β·x))/β."""
    return x if x * beta > threshold else math.log1p(math.exp(beta * x)) / beta


@pytest.mark.parametrize("beta, threshold", [(1.0, 1.0), (1.0, 20.0), (2.0, 1.0), (0.5, 5.0), (3.0, -1.0)])
def test_softplus_with_beta_and_threshold_is_x_itself_above_the_threshold(beta, threshold):
    activation = f"softplus(beta={beta}, threshold={threshold})"
    neuron = Neuron.from_weights([1.0], 0.0, activation=activation)
    edge = threshold / beta
    for x in [edge - 1.0, edge - 1e-9, edge, math.nextafter(edge, math.inf), edge + 1e-9, edge + 1.0]:
        net = Value(x)
        out = neuron([net])
        out.backward()
        expected_slope = 1.0 if x * beta > threshold else 1.0 / (1.0 + math.exp(-beta * x))
        assert out.data == pytest.approx(_softplus_with_threshold(x, beta, threshold), rel=1e-15)
        assert net.grad == pytest.approx(expected_slope, rel=1e-15)


def test_leaky_relu_and_elu_take_their_parameter():
    assert Neuron.from_weights([1.0], 0.0, "leaky_relu(negative_slope=0.2)")([-2.0]).data == -0.4
    assert Neuron.from_weights([1.0], 0.0, "elu(alpha=0.5)")([-2.0]).data == 0.5 * math.expm1(-2.0)


def test_an_activation_with_parameters_is_written_one_way():
    model = MLP(2, [2, 1], activation="elu( alpha = .5 )", output_activation="softplus(beta=2,threshold=inf)",
                seed=0)
    assert [layer.activation for layer in model.layers] == ["elu(alpha=0.5)",
                                                            "softplus(beta=2.0, threshold=inf)"]
    assert model.layers[0].neurons[0].activation == "elu(alpha=0.5)"


@pytest.mark.parametrize("name, message", [
    ("softplus(beta=2)", r"needs every parameter named, missing threshold; write it as "
                         r"softplus\(beta=..., threshold=...\)"),
    ("softplus(beta=0, threshold=1)", "beta must be > 0, got 0.0"),
    ("elu(alpha=nan)", r"'alpha=nan' is not name=number"),
    ("elu(a=1)", r"'a' is not one of its parameters"),
    ("elu(alpha=1, alpha=2)", r"'alpha' is given twice"),
    ("elu(alpha=1e400)", r"alpha must be finite, got inf"),
    ("tanh(x=1)", r"unknown activation 'tanh\(x=1\)'; the activations with parameters are "
                  r"leaky_relu\(negative_slope=...\), elu\(alpha=...\), softplus"),
])
def test_a_malformed_activation_with_parameters_says_how_to_write_it(name, message):
    with pytest.raises(ValueError, match=message):
        MLP(2, [1], activation=name)
