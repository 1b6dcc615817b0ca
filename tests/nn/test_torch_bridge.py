"""nn.to_torch / nn.from_torch: the same network in PyTorch, same outputs and gradients to 1e-12."""

import math
import random
import sys

import pytest

import nn
from autograd_core import Value

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
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Flatten())
    with pytest.raises(ValueError, match=r"module 1 \(Flatten\) has no counterpart"):
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


def test_from_torch_refuses_an_empty_stack(torch):
    with pytest.raises(ValueError, match="has no Linear layer"):
        nn.from_torch(torch.nn.Sequential())


def test_round_trip_keeps_layers_without_bias(torch):
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0, bias=False)
    back = nn.from_torch(nn.to_torch(model))
    assert back.biases() == [None, None] and back.weights() == model.weights()



# ----------------------------------------------------------------------
# Every module from_torch accepts, against PyTorch float64 around its thresholds
# ----------------------------------------------------------------------

def _accepted_modules(torch):
    """(module, the input where its formula changes) for every activation module from_torch reads."""
    nn_ = torch.nn
    return [
        (nn_.Identity(), 0.0), (nn_.Sigmoid(), 0.0), (nn_.Tanh(), 0.0), (nn_.ReLU(), 0.0),
        (nn_.LeakyReLU(), 0.0), (nn_.LeakyReLU(0.2), 0.0), (nn_.LeakyReLU(-0.5), 0.0),
        (nn_.ELU(), 0.0), (nn_.ELU(0.5), 0.0), (nn_.ELU(2.5), 0.0),
        (nn_.Softplus(), 20.0), (nn_.Softplus(threshold=1), 1.0), (nn_.Softplus(threshold=5), 5.0),
        (nn_.Softplus(beta=2, threshold=1), 0.5), (nn_.Softplus(beta=0.5, threshold=5), 10.0),
        (nn_.Softplus(beta=3, threshold=-1), -1 / 3), (nn_.Softplus(threshold=40), 40.0),
    ]


ACCEPTED_IDS = ["Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "LeakyReLU(0.2)", "LeakyReLU(-0.5)",
                "ELU", "ELU(0.5)", "ELU(2.5)", "Softplus", "Softplus(threshold=1)", "Softplus(threshold=5)",
                "Softplus(beta=2,threshold=1)", "Softplus(beta=0.5,threshold=5)",
                "Softplus(beta=3,threshold=-1)", "Softplus(threshold=40)"]


def _around(edge):
    """Inputs on both sides of ``edge``: one ulp, 1e-9, 0.5 and 5 away, and far out."""
    return sorted({edge, math.nextafter(edge, -math.inf), math.nextafter(edge, math.inf),
                   edge - 1e-9, edge + 1e-9, edge - 0.5, edge + 0.5, edge - 5.0, edge + 5.0,
                   -40.0, 40.0, -800.0, 700.0})


def _close(a, b):
    """Equal to rounding. PyTorch computes a sigmoid's slope as s·(1 - s) and tanh's as 1 - t²,
    which lose their digits as s and t near 1 (tanh at -40: 0 where sech² is 7e-35), so a slope
    is judged to 1e-15 of 1, as well as to 1e-13 of itself: a wrong branch is off by far more."""
    return math.isclose(a, b, rel_tol=1e-13, abs_tol=1e-15)


@pytest.mark.parametrize("index", range(len(ACCEPTED_IDS)), ids=ACCEPTED_IDS)
def test_every_accepted_module_gives_pytorchs_values_and_gradients_around_its_threshold(torch, index):
    module, edge = _accepted_modules(torch)[index]
    linear = torch.nn.Linear(1, 1, dtype=torch.float64)      # weight 1, bias 0: the net input is x
    with torch.no_grad():
        linear.weight.fill_(1.0)
        linear.bias.fill_(0.0)
    sequential = torch.nn.Sequential(linear, module)
    model = nn.from_torch(sequential)
    wrong = []
    for x in _around(edge):
        point = Value(x)
        model.zero_grad()
        out = model([point])
        out.backward()
        linear.zero_grad()
        tx = torch.tensor([[x]], dtype=torch.float64, requires_grad=True)
        expected = sequential(tx)
        expected.sum().backward()
        ours = (out.data, point.grad, model.layers[0].neurons[0].w[0].grad, model.layers[0].neurons[0].b.grad)
        theirs = (expected.item(), tx.grad.item(), linear.weight.grad.item(), linear.bias.grad.item())
        if not all(_close(a, b) for a, b in zip(ours, theirs)):
            wrong.append((x, ours, theirs))
    assert wrong == []


def test_an_accepted_softmax_gives_pytorchs_values_and_gradients(torch):
    linear = torch.nn.Linear(2, 3, dtype=torch.float64)
    sequential = torch.nn.Sequential(linear, torch.nn.Softmax(dim=-1))
    model = nn.from_torch(sequential)
    for point in ([0.5, -1.5], [40.0, -40.0], [700.0, 0.0]):
        xs = [Value(v) for v in point]
        model.zero_grad()
        out = model(xs)
        (out[0] - 2 * out[2]).backward()
        tx = torch.tensor(point, dtype=torch.float64, requires_grad=True)
        linear.zero_grad()
        expected = sequential(tx)
        (expected[0] - 2 * expected[2]).backward()
        assert all(_close(a, b) for a, b in zip([v.data for v in out], expected.tolist()))
        assert all(_close(a, b) for a, b in zip([v.grad for v in xs], tx.grad.tolist()))


def test_softplus_with_a_low_threshold_is_modelled_not_replaced(torch):
    # Softplus(threshold=1) at x = 1.5 is 1.5, where ln(1 + e^1.5) is 1.70
    sequential = torch.nn.Sequential(torch.nn.Linear(1, 1, dtype=torch.float64), torch.nn.Softplus(threshold=1))
    model = nn.from_torch(sequential)
    assert model.layers[0].activation == "softplus(beta=1.0, threshold=1.0)"
    for x in (-3.0, 0.9, 1.7, 4.0):
        assert _close(model([x]).data, sequential(torch.tensor([x], dtype=torch.float64)).item())


@pytest.mark.parametrize("activation, module", [
    ("softplus(beta=2, threshold=1)", "Softplus(beta=2.0, threshold=1.0)"),
    ("leaky_relu(negative_slope=0.2)", "LeakyReLU(negative_slope=0.2)"),
    ("elu(alpha=0.5)", "ELU(alpha=0.5)"),
    ("softplus", "Softplus(beta=1.0, threshold=40.0)"),
])
def test_activations_with_parameters_go_to_pytorch_and_back(torch, activation, module):
    model = nn.MLP(2, [3, 1], activation=activation, seed=0)
    twin = nn.to_torch(model)
    assert repr(twin[1]) == module
    assert nn.from_torch(twin).layers[0].activation == model.layers[0].activation
    for x in random_inputs(10, 2):
        assert _close(model(x).data, twin(torch.tensor(x, dtype=torch.float64)).item())


# ----------------------------------------------------------------------
# A Linear used twice: shared parameters
# ----------------------------------------------------------------------

def _gradients_agree(model, sequential, point):
    """Backward through both; the engine's parameter gradients against each Linear's."""
    x = Value(point[0]), Value(point[1])
    model.zero_grad()
    out = model(list(x))
    out.backward()
    sequential.zero_grad()
    tx = torch_module().tensor(point, dtype=torch_module().float64, requires_grad=True)
    expected = sequential(tx)
    expected.sum().backward()
    assert _close(out.data, expected.item())
    assert all(_close(a.grad, b) for a, b in zip(x, tx.grad.tolist()))
    linears = [m for m in sequential if isinstance(m, torch_module().nn.Linear)]
    for layer, linear in zip(model.layers, linears):
        for j, neuron in enumerate(layer.neurons):
            assert all(_close(w.grad, g) for w, g in zip(neuron.w, linear.weight.grad[j].tolist()))
            assert _close(neuron.b.grad, linear.bias.grad[j].item())


def torch_module():
    import torch
    return torch


def test_a_linear_used_twice_becomes_two_layers_with_the_same_parameters(torch):
    torch.manual_seed(1)
    shared = torch.nn.Linear(2, 2, dtype=torch.float64)
    sequential = torch.nn.Sequential(shared, torch.nn.Tanh(), shared, torch.nn.Tanh(),
                                     torch.nn.Linear(2, 1, dtype=torch.float64))
    model = nn.from_torch(sequential)
    assert model.same_parameters_as() == [None, 0, None]
    assert len(model.parameters()) == 6 + 3
    _gradients_agree(model, sequential, [0.7, -1.3])        # gradients of both uses add up


def test_two_linears_holding_the_same_parameters_become_layers_with_the_same_parameters(torch):
    torch.manual_seed(2)
    first, second = torch.nn.Linear(2, 2, dtype=torch.float64), torch.nn.Linear(2, 2, dtype=torch.float64)
    second.weight, second.bias = first.weight, first.bias
    sequential = torch.nn.Sequential(first, torch.nn.ReLU(), second, torch.nn.Sigmoid(),
                                     torch.nn.Linear(2, 1, dtype=torch.float64))
    model = nn.from_torch(sequential)
    assert model.same_parameters_as() == [None, 0, None]
    _gradients_agree(model, sequential, [0.4, 0.9])


def test_to_torch_gives_shared_layers_back_as_one_linear_used_twice(torch):
    torch.manual_seed(3)
    shared = torch.nn.Linear(2, 2, dtype=torch.float64)
    model = nn.from_torch(torch.nn.Sequential(shared, torch.nn.Tanh(), shared, torch.nn.Tanh()))
    twin = nn.to_torch(model)
    assert twin[0] is twin[2] and len(list(twin.parameters())) == 2


def test_a_linear_sharing_only_its_weight_is_refused(torch):
    first, second = torch.nn.Linear(2, 2), torch.nn.Linear(2, 2)
    second.weight = first.weight
    with pytest.raises(ValueError, match=r"module 2 \(Linear\) shares its weight with module 0 but has a "
                                         r"bias of its own"):
        nn.from_torch(torch.nn.Sequential(first, torch.nn.Tanh(), second))


# ----------------------------------------------------------------------
# What cannot be reproduced exactly is refused, naming the module and why
# ----------------------------------------------------------------------

def test_a_linear_subclass_with_its_own_forward_is_refused(torch):
    class HalvedLinear(torch.nn.Linear):
        def forward(self, x):
            return super().forward(x) / 2

    sequential = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh(), HalvedLinear(2, 1))
    with pytest.raises(ValueError, match=r"module 2 \(HalvedLinear\) is HalvedLinear, a subclass of Linear "
                                         r"with its own forward\(\), which may compute anything"):
        nn.from_torch(sequential)


def test_any_subclass_of_a_known_module_is_refused(torch):
    class MyLinear(torch.nn.Linear):
        pass

    class MyTanh(torch.nn.Tanh):
        pass

    with pytest.raises(ValueError, match=r"module 0 \(MyLinear\) is MyLinear, a subclass of Linear, which "
                                         r"may compute something else"):
        nn.from_torch(torch.nn.Sequential(MyLinear(2, 1)))
    with pytest.raises(ValueError, match=r"module 1 \(MyTanh\) is MyTanh, a subclass of Tanh"):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1), MyTanh()))


def test_a_sequential_subclass_with_its_own_forward_is_refused(torch):
    class Reversed(torch.nn.Sequential):
        def forward(self, x):
            return -super().forward(x)

    with pytest.raises(ValueError, match=r"the Sequential is Reversed, a subclass of Sequential with its own"):
        nn.from_torch(Reversed(torch.nn.Linear(2, 1)))


def test_a_parametrized_linear_is_refused(torch):
    linear = torch.nn.Linear(2, 2)
    torch.nn.utils.parametrize.register_parametrization(linear, "weight", torch.nn.Identity())
    with pytest.raises(ValueError, match=r"module 0 \(ParametrizedLinear\) is parametrized"):
        nn.from_torch(torch.nn.Sequential(linear))


@pytest.mark.parametrize("hook", ["forward", "forward_pre", "full_backward"])
def test_a_module_with_hooks_is_refused(torch, hook):
    linear = torch.nn.Linear(2, 1)
    getattr(linear, f"register_{hook}_hook")(lambda *args: None)
    with pytest.raises(ValueError, match=r"module 0 \(Linear\) has .*hooks, which may change what it computes"):
        nn.from_torch(torch.nn.Sequential(linear))


def test_a_weight_with_a_gradient_hook_is_refused(torch):
    linear = torch.nn.Linear(2, 1)
    linear.weight.register_hook(lambda g: 2 * g)
    with pytest.raises(ValueError, match=r"module 0 \(Linear\): its weight has a gradient hook"):
        nn.from_torch(torch.nn.Sequential(linear))


def test_complex_weights_are_refused(torch):
    linear = torch.nn.Linear(2, 1, dtype=torch.complex128)
    with pytest.raises(ValueError, match=r"module 0 \(Linear\) has complex weights \(torch.complex128\); "
                                         r"the engine's numbers are real"):
        nn.from_torch(torch.nn.Sequential(linear))


def test_a_frozen_linear_is_refused_saying_how_to_read_it(torch):
    linear = torch.nn.Linear(2, 1).requires_grad_(False)
    with pytest.raises(ValueError, match=r"module 0 \(Linear\): its weight has requires_grad=False.*"
                                         r"requires_grad_\(True\)"):
        nn.from_torch(torch.nn.Sequential(linear))


def test_a_non_finite_weight_is_refused_naming_it(torch):
    linear = torch.nn.Linear(2, 2)
    with torch.no_grad():
        linear.weight[1, 0] = float("nan")
    with pytest.raises(ValueError, match=r"module 0 \(Linear\): weight\[1, 0\] is nan"):
        nn.from_torch(torch.nn.Sequential(linear))


@pytest.mark.parametrize("module, message", [
    ("Softplus(beta=-1)", r"beta must be > 0"),
    ("ELU(alpha=float('inf'))", r"has alpha=inf; it must be a finite number"),
    ("GELU()", r"has no counterpart here"),
])
def test_activation_modules_that_cannot_be_reproduced_are_refused(torch, module, message):
    built = eval(f"torch.nn.{module}", {"torch": torch})   # noqa: S307 (test table of module calls)
    with pytest.raises(ValueError, match=message):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1), built))


@pytest.mark.parametrize("dropout", ["Dropout(0.5).eval()", "Dropout(0.0)"])
def test_a_dropout_that_passes_its_input_through_is_skipped_like_identity(torch, dropout):
    torch.manual_seed(0)
    first, second = (torch.nn.Linear(2, 3, dtype=torch.float64),
                     torch.nn.Linear(3, 1, dtype=torch.float64))
    built = eval(f"torch.nn.{dropout}", {"torch": torch})   # noqa: S307 (test table of module calls)
    sequential = torch.nn.Sequential(first, torch.nn.Tanh(), built, second)
    model = nn.from_torch(sequential)
    assert model.nouts == [3, 1]
    for x in random_inputs(5, 2):
        expected = sequential(torch.tensor([x], dtype=torch.float64)).item()
        assert math.isclose(model(x).data, expected, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def test_a_dropout_in_training_mode_is_refused_saying_to_call_eval(torch):
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Dropout(0.5))
    with pytest.raises(ValueError, match=r"module 1 \(Dropout\) is in training mode with p=0.5: it zeroes "
                                         r"inputs at random.*call .eval\(\) on the Sequential first"):
        nn.from_torch(sequential)


def test_a_float32_sequential_is_read_exactly_and_computes_as_its_float64_copy(torch):
    torch.manual_seed(0)
    sequential = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
    model = nn.from_torch(sequential)
    assert model.weights()[0] == sequential[0].weight.double().tolist()
    as_float64 = sequential.double()
    for x in random_inputs(5, 2):
        expected = as_float64(torch.tensor([x], dtype=torch.float64)).item()
        assert math.isclose(model(x).data, expected, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
