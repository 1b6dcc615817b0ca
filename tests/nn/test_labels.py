"""Every node nn makes has a name saying where it sits; a user's labels are kept."""

import nn
from autograd_core import Value, backward_steps, topological_order


def test_a_neuron_labels_its_net_input_and_its_output():
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    out = model([0.5, -1.0])
    assert out.label == "L1.n0.out"
    assert out.inputs[0].label == "L1.n0.net"
    hidden_outs = [node for node in out.inputs[0].inputs if node.label.endswith(".out")]
    assert [node.label for node in hidden_outs] == ["L0.n0.out", "L0.n1.out", "L0.n2.out"]
    assert [node.inputs[0].label for node in hidden_outs] == ["L0.n0.net", "L0.n1.net", "L0.n2.net"]


def test_an_identity_neuron_is_its_net_input():
    (layer_out,) = [nn.Layer(2, 1, activation="identity", name="L0", seed=0)([1.0, 2.0])]
    assert layer_out.label == "L0.n0.net"


def test_a_softmax_layer_labels_its_probabilities_and_what_they_are_made_of():
    layer = nn.Layer(2, 2, activation="softmax", name="L3", seed=0)
    p0, p1 = layer([1.0, 2.0])
    assert (p0.label, p1.label) == ("L3.n0.out", "L3.n1.out")
    e, total = p0.inputs
    assert (e.label, total.label, e.inputs[0].label) == ("L3.n0.exp", "L3.exp_sum", "L3.n0.shifted")
    assert e.inputs[0].inputs[0].label == "L3.n0.net"


def test_the_loss_and_its_terms_are_labelled():
    loss = nn.mse_loss([Value(1.0, label="p0"), Value(2.0, label="p1")], [0.0, 0.0])
    assert loss.label == "loss"
    (total,) = loss.inputs
    assert total.label == "loss.sum"
    assert [t.label for t in total.inputs] == ["loss.term0", "loss.term1"]
    assert [t.inputs[0].label for t in total.inputs] == ["loss.term0.in", "loss.term1.in"]


def test_every_node_of_a_trained_networks_graph_has_a_name():
    model = nn.MLP(2, [4, 1], activation="relu", seed=1)
    X, Y = nn.make_moons(6, seed=0)
    loss = nn.hinge_loss([model(x) for x in X], [2 * y - 1 for y in Y])
    assert all(node.label for node in topological_order(loss))


def test_a_trace_of_a_network_names_what_each_number_is():
    model = nn.MLP(1, [1], activation="sigmoid", seed=0)
    loss = nn.sse_loss(model([0.5]), 1.0)
    first = str(next(backward_steps(loss)))
    assert first.startswith("dloss/dloss.sum += dloss/dloss · ∂loss/∂loss.sum")


def test_labels_the_user_set_are_kept():
    p = Value(0.3, label="my_prediction")
    q = p * 2
    q.label = "doubled"
    loss = nn.mse_loss([q], [0.0])
    assert (p.label, q.label) == ("my_prediction", "doubled")
    assert loss.label == "loss"


def test_the_label_strings_are_made_once_per_neuron_not_per_call():
    model = nn.MLP(2, [2, 1], seed=0)
    first = model([0.1, 0.2])
    second = model([0.3, 0.4])
    assert first.label is second.label
    assert first.inputs[0].label is second.inputs[0].label


# ----------------------------------------------------------------------
# The notes' names, for pictures
# ----------------------------------------------------------------------

def test_the_notes_name_of_a_weight_is_w_layer_to_from_counting_from_1():
    # weights[l][j][i] is the weight from input i to neuron j of layer l: the notes' w_ji^(l+1)
    model = nn.MLP.from_weights([[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
                                [[0.35, 0.35], [0.60, 0.60]], "sigmoid")
    names = {nn.notes_name(p.label): p.data for p in model.parameters()}
    assert names == {"w⁽¹⁾₁₁": 0.15, "w⁽¹⁾₁₂": 0.20, "w⁽¹⁾₂₁": 0.25, "w⁽¹⁾₂₂": 0.30, "b⁽¹⁾₁": 0.35,
                     "b⁽¹⁾₂": 0.35, "w⁽²⁾₁₁": 0.40, "w⁽²⁾₁₂": 0.45, "w⁽²⁾₂₁": 0.50,
                     "w⁽²⁾₂₂": 0.55, "b⁽²⁾₁": 0.60, "b⁽²⁾₂": 0.60}


def test_the_notes_names_of_a_neurons_net_input_and_output_and_of_the_loss():
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    out = model([0.5, -1.0])
    loss = nn.sse_loss([out], [1.0])
    assert nn.notes_name(out.label) == "out⁽²⁾₁"
    assert nn.notes_name(out.inputs[0].label) == "net⁽²⁾₁"
    assert nn.notes_name(loss.label) == "E"
    inside = [node for node in topological_order(loss) if node.label.startswith("loss.")]
    assert inside and all(nn.notes_name(node.label) is None for node in inside)


def test_an_index_of_ten_or_more_is_set_off_by_a_comma_and_other_labels_are_kept():
    assert nn.notes_name("L0.n9.w0") == "w⁽¹⁾₁₀,₁"
    assert nn.notes_name("L11.n0.b") == "b⁽¹²⁾₁"
    assert nn.notes_name("ŷ") == "ŷ"
    assert nn.notes_name("L1.exp_sum") == "L1.exp_sum"
