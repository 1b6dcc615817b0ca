"""nn.to_torch / nn.from_torch: the same network in PyTorch, same outputs and gradients to 1e-12."""

import random
import sys

import pytest

import nn

CONVERTIBLE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"]
TOLERANCE = 1e-12


def random_inputs(count, nin, seed=0):
    rng = random.Random(seed)
    return [[rng.uniform(-3.0, 3.0) for _ in range(nin)] for _ in range(count)]


def test_without_torch_to_torch_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)      # import torch now fails
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ImportError, match=r"nn.to_torch needs PyTorch.*pip install 'autograd-core\[torch\]'"):
        nn.to_torch(model)


def test_without_torch_from_torch_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ImportError, match=r"nn.from_torch needs PyTorch.*pip install torch"):
        nn.from_torch(object())


# ----------------------------------------------------------------------
# With PyTorch installed.
# ----------------------------------------------------------------------

@pytest.fixture
def torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize("activation", CONVERTIBLE)
def test_to_torch_gives_the_same_outputs(torch, activation):
    model = nn.MLP(3, [5, 4, 2], activation=activation, output_activation=activation, seed=1)
    twin = nn.to_torch(model)
    for x in random_inputs(10, 3):
        ours = [v.data for v in model(x)]
        theirs = twin(torch.tensor(x, dtype=torch.float64)).tolist()
        assert ours == pytest.approx(theirs, abs=TOLERANCE, rel=0)


def test_to_torch_gives_the_same_softmax_outputs(torch):
    model = nn.MLP(2, [4, 3], activation="tanh", output_activation="softmax", seed=2)
    twin = nn.to_torch(model)
    for x in random_inputs(10, 2):
        assert [v.data for v in model(x)] == pytest.approx(
            twin(torch.tensor(x, dtype=torch.float64)).tolist(), abs=TOLERANCE, rel=0)


def test_to_torch_computes_a_batch_of_rows_like_one_row_at_a_time(torch):
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    X = random_inputs(6, 2)
    batch = nn.to_torch(model)(torch.tensor(X, dtype=torch.float64))
    assert batch.shape == (6, 1)
    assert batch[:, 0].tolist() == pytest.approx([model(x).data for x in X], abs=TOLERANCE, rel=0)


@pytest.mark.parametrize("activation", CONVERTIBLE)
def test_to_torch_gives_the_same_parameter_gradients(torch, activation):
    model = nn.MLP(2, [4, 3, 1], activation=activation, output_activation="sigmoid", seed=3)
    twin = nn.to_torch(model)
    X = random_inputs(5, 2, seed=4)
    Y = [1.0, 0.0, 1.0, 1.0, 0.0]
    loss = nn.bce_loss([model(x) for x in X], Y)
    model.zero_grad()
    loss.backward()
    predictions = twin(torch.tensor(X, dtype=torch.float64))[:, 0]
    torch_loss = torch.nn.functional.binary_cross_entropy(predictions, torch.tensor(Y, dtype=torch.float64))
    torch_loss.backward()
    assert loss.data == pytest.approx(torch_loss.item(), abs=TOLERANCE, rel=0)
    linears = [m for m in twin if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(model.layers, linears):
        for j, neuron in enumerate(layer.neurons):
            assert [w.grad for w in neuron.w] == pytest.approx(linear.weight.grad[j].tolist(),
                                                               abs=TOLERANCE, rel=0)
            assert neuron.b.grad == pytest.approx(linear.bias.grad[j].item(), abs=TOLERANCE, rel=0)


def test_to_torch_gives_the_same_input_gradients(torch):
    from autograd_core import Value
    model = nn.MLP(3, [4, 1], activation="tanh", output_activation="identity", seed=5)
    point = [0.5, -1.25, 2.0]
    x = [Value(v) for v in point]
    model(x).backward()
    tx = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    nn.to_torch(model)(tx).sum().backward()
    assert [v.grad for v in x] == pytest.approx(tx.grad.tolist(), abs=TOLERANCE, rel=0)


def test_to_torch_keeps_layers_without_bias(torch):
    model = nn.MLP(2, [3, 1], activation="relu", seed=0, bias=False)
    twin = nn.to_torch(model)
    assert all(m.bias is None for m in twin if isinstance(m, torch.nn.Linear))
    x = [0.7, -0.4]
    assert model(x).data == pytest.approx(twin(torch.tensor(x, dtype=torch.float64)).item(),
                                          abs=TOLERANCE, rel=0)


def test_round_trip_keeps_every_weight_exactly(torch):
    model = nn.MLP(3, [4, 2], activation="elu", output_activation="softmax", seed=6)
    back = nn.from_torch(nn.to_torch(model))
    assert back.weights() == model.weights()
    assert back.biases() == model.biases()
    assert [layer.activation for layer in back.layers] == ["elu", "softmax"]


def test_from_torch_reads_a_model_built_in_pytorch(torch):
    torch.manual_seed(0)
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8),
                                     torch.nn.Tanh(), torch.nn.Linear(8, 1), torch.nn.Sigmoid())
    model = nn.from_torch(sequential)
    assert repr(model) == "MLP(2 -> [8 relu, 8 tanh, 1 sigmoid])"
    wide = sequential.to(torch.float64)   # float32 weights are exact in float64
    for x in random_inputs(10, 2):
        assert model(x).data == pytest.approx(wide(torch.tensor(x, dtype=torch.float64)).item(),
                                              abs=TOLERANCE, rel=0)


def test_from_torch_reads_a_linear_layer_without_activation_as_identity(torch):
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Identity(), torch.nn.Linear(3, 1))
    assert [layer.activation for layer in nn.from_torch(sequential).layers] == ["identity", "identity"]


@pytest.mark.parametrize("activation", ["step", "arctan"])
def test_to_torch_refuses_activations_pytorch_has_no_module_for(torch, activation):
    model = nn.MLP(2, [2, 1], activation=activation, seed=0)
    with pytest.raises(ValueError, match=f"layer 0 uses activation '{activation}'"):
        nn.to_torch(model)


def test_to_torch_refuses_something_that_is_not_an_mlp(torch):
    with pytest.raises(TypeError, match="nn.to_torch: expected an nn.MLP, got Neuron"):
        nn.to_torch(nn.Neuron(2, seed=0))


def test_from_torch_refuses_something_that_is_not_a_sequential(torch):
    with pytest.raises(TypeError, match="nn.from_torch: expected a torch.nn.Sequential, got Linear"):
        nn.from_torch(torch.nn.Linear(2, 1))


def test_from_torch_refuses_a_module_it_has_no_counterpart_for(torch):
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.5))
    with pytest.raises(ValueError, match=r"module 1 \(Dropout\) has no counterpart"):
        nn.from_torch(sequential)


def test_from_torch_refuses_an_activation_before_any_linear_layer(torch):
    with pytest.raises(ValueError, match=r"module 0 \(Tanh\) comes before any Linear layer"):
        nn.from_torch(torch.nn.Sequential(torch.nn.Tanh(), torch.nn.Linear(2, 1)))


def test_from_torch_refuses_two_activations_in_a_row(torch):
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh(), torch.nn.ReLU())
    with pytest.raises(ValueError, match=r"module 2 \(ReLU\) follows another activation \(tanh\)"):
        nn.from_torch(sequential)


def test_from_torch_refuses_layers_whose_sizes_do_not_chain(torch):
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(4, 1))
    with pytest.raises(ValueError, match=r"module 1 \(Linear\) takes 4 inputs but the layer before it has 3"):
        nn.from_torch(sequential)


def test_from_torch_refuses_a_leaky_relu_slope_other_than_ours(torch):
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.LeakyReLU(0.2))
    with pytest.raises(ValueError, match="negative_slope=0.2; only 0.01"):
        nn.from_torch(sequential)


def test_from_torch_refuses_an_empty_stack(torch):
    with pytest.raises(ValueError, match="has no Linear layer"):
        nn.from_torch(torch.nn.Sequential())


def test_round_trip_keeps_layers_without_bias(torch):
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0, bias=False)
    back = nn.from_torch(nn.to_torch(model))
    assert back.biases() == [None, None] and back.weights() == model.weights()
