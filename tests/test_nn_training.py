"""fit: the three gradient-descent variants, XOR, early stopping, progress display, bad input."""

import io

import pytest

import nn
from nn import MLP, SGD, Adam, fit, mse_loss

XOR_SEEDS = [0, 1, 2, 3, 4]


def xor_accuracy(model, X, Y):
    return sum(round(model(x).data) == y for x, y in zip(X, Y))


@pytest.mark.parametrize("seed", XOR_SEEDS)
def test_xor_is_learned_with_adam_from_several_seeds(seed):
    X, Y = nn.xor()
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=seed)
    fit(model, X, Y, nn.bce_loss, Adam(model.parameters(), lr=0.1), epochs=500, verbose=False)
    assert xor_accuracy(model, X, Y) == 4


@pytest.mark.parametrize("seed", XOR_SEEDS)
def test_xor_is_learned_with_sgd_and_momentum_from_several_seeds(seed):
    X, Y = nn.xor()
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=seed)
    fit(model, X, Y, nn.bce_loss, SGD(model.parameters(), lr=0.5, momentum=0.9), epochs=500, verbose=False)
    assert xor_accuracy(model, X, Y) == 4


def test_loss_decreases_during_training():
    X, Y = nn.xor()
    model = MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    losses = fit(model, X, Y, nn.bce_loss, Adam(model.parameters(), lr=0.05), epochs=100, verbose=False)
    assert len(losses) == 100 and losses[-1] < losses[0] / 2


def manual_full_batch_steps(model, X, Y, lr, steps):
    """The training loop written out: one update on the whole batch per step."""
    params = model.parameters()
    losses = []
    for _ in range(steps):
        for p in params:
            p.grad = 0.0
        loss = mse_loss([model(x) for x in X], Y)
        loss.backward()
        for p in params:
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses


def test_full_batch_fit_is_one_update_per_epoch_on_all_samples():
    X, Y = nn.xor()
    a, b = MLP(2, [3, 1], seed=7), MLP(2, [3, 1], seed=7)
    losses = fit(a, X, Y, mse_loss, SGD(a.parameters(), lr=0.1), epochs=5, verbose=False)
    assert losses == manual_full_batch_steps(b, X, Y, lr=0.1, steps=5)
    assert a.state_dict() == b.state_dict()


class CountingSGD(SGD):
    def __init__(self, params, lr):
        super().__init__(params, lr)
        self.steps = 0

    def step(self):
        self.steps += 1
        super().step()


@pytest.mark.parametrize("batch_size, updates_per_epoch", [(None, 1), (1, 10), (4, 3), (10, 1), (50, 1)])
def test_number_of_updates_per_epoch_follows_the_batch_size(batch_size, updates_per_epoch):
    X, Y = nn.make_moons(10, noise=0.0, seed=0)
    model = MLP(2, [2, 1], seed=0)
    optimizer = CountingSGD(model.parameters(), lr=0.01)
    fit(model, X, Y, mse_loss, optimizer, epochs=3, batch_size=batch_size, verbose=False)
    assert optimizer.steps == 3 * updates_per_epoch


def test_stochastic_epoch_loss_is_the_mean_of_the_per_sample_losses_before_each_update():
    X, Y = [[1.0], [2.0]], [1.0, 0.0]
    model = MLP.from_weights([[[0.5]]], [[0.0]], "identity")
    losses = fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=1, batch_size=1,
                 shuffle=False, verbose=False)
    # sample 1: pred 0.5, loss 0.25, grad w = 2·(0.5-1)·1 = -1, grad b = -1 -> w = 0.6, b = 0.1
    # sample 2: pred 0.6·2 + 0.1 = 1.3, loss 1.69
    assert losses == [pytest.approx((0.25 + 1.69) / 2, rel=1e-14)]


def test_same_seed_shuffles_the_same_way():
    X, Y = nn.make_moons(20, noise=0.1, seed=0)
    runs = []
    for _ in range(2):
        model = MLP(2, [3, 1], seed=0)
        runs.append(fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.05), epochs=3,
                        batch_size=4, seed=123, verbose=False))
    assert runs[0] == runs[1]


def test_different_seeds_shuffle_differently():
    X, Y = nn.make_moons(20, noise=0.1, seed=0)
    runs = []
    for seed in (1, 2):
        model = MLP(2, [3, 1], seed=0)
        runs.append(fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.05), epochs=3,
                        batch_size=4, seed=seed, verbose=False))
    assert runs[0] != runs[1]


def test_fit_stops_early_at_the_target_loss():
    X, Y = nn.xor()
    model = MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    losses = fit(model, X, Y, nn.bce_loss, Adam(model.parameters(), lr=0.1), epochs=1000,
                 target_loss=0.1, verbose=False)
    assert losses[-1] <= 0.1 and all(loss > 0.1 for loss in losses[:-1])
    assert len(losses) < 1000


def test_fit_does_not_copy_or_change_the_data():
    X, Y = nn.xor()
    X_before, Y_before = [row[:] for row in X], Y[:]
    model = MLP(2, [2, 1], seed=0)
    fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=2, batch_size=1, seed=0, verbose=False)
    assert (X, Y) == (X_before, Y_before)


# ----------------------------------------------------------------------
# Progress display
# ----------------------------------------------------------------------

def test_progress_is_one_line_ending_with_the_last_epoch():
    X, Y = nn.xor()
    model = MLP(2, [2, 1], seed=0)
    stream = io.StringIO()
    losses = fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=3, stream=stream)
    text = stream.getvalue()
    assert text.endswith("\n") and text.count("\n") == 1
    assert text.startswith("epoch 3/3  [####################]")
    assert text.rstrip().endswith(f"loss {losses[-1]:.6g}")


def test_progress_says_when_the_target_loss_was_reached():
    X, Y = nn.xor()
    model = MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    stream = io.StringIO()
    losses = fit(model, X, Y, nn.bce_loss, Adam(model.parameters(), lr=0.1), epochs=1000,
                 target_loss=0.1, stream=stream)
    assert f"epoch {len(losses)}/1000" in stream.getvalue()
    assert "target loss reached" in stream.getvalue()


def test_progress_goes_to_stderr_by_default(capsys):
    X, Y = nn.xor()
    model = MLP(2, [2, 1], seed=0)
    fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=2)
    captured = capsys.readouterr()
    assert captured.out == "" and "epoch 2/2" in captured.err


def test_verbose_false_prints_nothing(capsys):
    X, Y = nn.xor()
    model = MLP(2, [2, 1], seed=0)
    fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=2, verbose=False)
    assert capsys.readouterr() == ("", "")


def test_progress_redraws_the_same_line_during_a_long_run():
    from nn.progress import ProgressLine
    stream = io.StringIO()
    line = ProgressLine(100, stream, interval=0.0, redraw=True)
    line.update(5, 0.5)
    line.update(50, 0.25)
    line.finish(100, 0.125)
    assert stream.getvalue().split("\r")[1:] == [
        "epoch 5/100  [#...................]  loss 0.5",
        "epoch 50/100  [##########..........]  loss 0.25",
        "epoch 100/100  [####################]  loss 0.125\n"]


def test_progress_to_a_file_or_pipe_writes_only_the_final_line():
    from nn.progress import ProgressLine
    stream = io.StringIO()  # not a terminal
    line = ProgressLine(100, stream, interval=0.0)
    line.update(1, 0.5)
    line.finish(100, 0.125)
    assert stream.getvalue() == "epoch 100/100  [####################]  loss 0.125\n"


def test_progress_pads_a_shorter_line_to_cover_the_longer_one():
    from nn.progress import ProgressLine
    stream = io.StringIO()
    line = ProgressLine(10, stream, interval=0.0, redraw=True)
    line.update(1, 0.123456)
    line.update(2, 0.5)
    first, second = stream.getvalue().split("\r")[1:]
    assert len(second) == len(first)


# ----------------------------------------------------------------------
# Bad input
# ----------------------------------------------------------------------

def tiny_setup():
    model = MLP(2, [2, 1], seed=0)
    return model, SGD(model.parameters(), lr=0.1)


def test_fit_with_more_inputs_than_targets_names_both_counts():
    model, optimizer = tiny_setup()
    with pytest.raises(ValueError, match="4 inputs in X but 3 targets in Y"):
        fit(model, *nn.xor()[:1], [0.0, 1.0, 1.0], mse_loss, optimizer, epochs=1)


def test_fit_on_no_data_is_an_error():
    model, optimizer = tiny_setup()
    with pytest.raises(ValueError, match="nothing to train on"):
        fit(model, [], [], mse_loss, optimizer, epochs=1)


@pytest.mark.parametrize("epochs", [0, -3, 2.5])
def test_epochs_must_be_a_positive_int(epochs):
    model, optimizer = tiny_setup()
    with pytest.raises(ValueError, match=f"epochs must be a positive int, got {epochs}"):
        fit(model, *nn.xor(), mse_loss, optimizer, epochs=epochs)


def test_batch_size_must_be_a_positive_int():
    model, optimizer = tiny_setup()
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        fit(model, *nn.xor(), mse_loss, optimizer, epochs=1, batch_size=0)


def test_loss_must_be_a_function():
    model, optimizer = tiny_setup()
    with pytest.raises(TypeError, match="loss must be a function like mse_loss, got str"):
        fit(model, *nn.xor(), "mse", optimizer, epochs=1)


def test_optimizer_must_have_step_and_zero_grad():
    model, _ = tiny_setup()
    with pytest.raises(TypeError, match="optimizer must have step"):
        fit(model, *nn.xor(), mse_loss, model.parameters(), epochs=1)


def test_samples_of_the_wrong_size_are_reported_before_any_update():
    model, optimizer = tiny_setup()
    before = model.state_dict()
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        fit(model, [[1.0, 2.0, 3.0]], [1.0], mse_loss, optimizer, epochs=1)
    assert model.state_dict() == before
