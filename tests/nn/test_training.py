"""fit: the three gradient-descent variants, XOR, early stopping, progress display, bad input."""

import io

import pytest

import nn
from autograd_core import Value
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


def constant_loss(predictions, targets):
    """A loss that ignores the model: a leaf Value."""
    return Value(0.25)


def loss_of_numbers(predictions, targets):
    """A loss computed from the predictions' numbers, not from the predictions: a float."""
    return sum((p.data - t) ** 2 for p, t in zip(predictions, targets))


def loss_of_copies(predictions, targets):
    """A loss with a graph, but of copies of the predictions, not of the model."""
    return mse_loss([Value(p.data) for p in predictions], targets)


@pytest.mark.parametrize("loss, kind", [
    (constant_loss, r"returned a Value that is not computed from the model \(a leaf: Value\(data=0.25"),
    (loss_of_copies, r"returned a Value that is not computed from the model"),
])
def test_a_loss_not_computed_from_the_model_is_an_error_naming_it_before_any_update(loss, kind):
    model = MLP(2, [2, 1], seed=0)
    optimizer = CountingSGD(model.parameters(), lr=0.1)
    before = model.state_dict()
    with pytest.raises(ValueError, match=rf"fit: the loss function {loss.__name__} {kind}"):
        fit(model, *nn.xor(), loss, optimizer, epochs=3, verbose=False)
    assert model.state_dict() == before and optimizer.steps == 0


@pytest.mark.parametrize("result", [0.5, 1, None, [Value(1.0)]])
def test_a_loss_returning_something_other_than_a_value_is_an_error_naming_it_before_any_update(result):
    model = MLP(2, [2, 1], seed=0)
    optimizer = CountingSGD(model.parameters(), lr=0.1)
    before = model.state_dict()

    def my_loss(predictions, targets):
        return result

    with pytest.raises(TypeError, match=rf"fit: the loss function my_loss returned "
                                        rf"{type(result).__name__} .*, not a Value"):
        fit(model, *nn.xor(), my_loss, optimizer, epochs=3, verbose=False)
    assert model.state_dict() == before and optimizer.steps == 0


def test_a_loss_of_the_predictions_numbers_says_to_use_the_values():
    model, optimizer = tiny_setup()
    with pytest.raises(TypeError, match=r"loss_of_numbers returned float .*compute it from the "
                                        r"predictions it is given, with Value operations on them"):
        fit(model, *nn.xor(), loss_of_numbers, optimizer, epochs=1, verbose=False)


def test_a_loss_that_turns_into_a_leaf_later_is_stopped_before_that_batchs_update():
    calls = []

    def flaky_loss(predictions, targets):
        calls.append(1)
        return mse_loss(predictions, targets) if len(calls) == 1 else Value(0.0)

    model = MLP(2, [2, 1], seed=0)
    optimizer = CountingSGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"flaky_loss .*a leaf.*This batch's update was not made") as error:
        fit(model, *nn.xor(), flaky_loss, optimizer, epochs=3, verbose=False)
    assert optimizer.steps == 1 and len(error.value.losses) == 1    # epoch 1 was trained


def test_a_loss_with_zero_gradient_is_still_trained_on():
    # computed from the model, whatever its gradient: a dead relu unit is not an error
    model = MLP(2, [1], activation="relu", seed=0)
    for p in model.parameters():
        p.data = -1.0
    losses = fit(model, *nn.xor(), mse_loss, SGD(model.parameters(), lr=0.1), epochs=2, verbose=False)
    assert len(losses) == 2


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


def test_fit_inside_no_grad_is_an_error_and_changes_nothing():
    from autograd_core import no_grad
    model, optimizer = tiny_setup()
    before = model.state_dict()
    with no_grad():
        with pytest.raises(RuntimeError, match=r"fit: gradient recording is switched off .*no_grad\(\)"):
            fit(model, *nn.xor(), mse_loss, optimizer, epochs=3, verbose=False)
    assert model.state_dict() == before


# ----------------------------------------------------------------------
# Every sample is checked before the first update
# ----------------------------------------------------------------------

def moons_with(position, bad, in_targets=False):
    X, Y = nn.make_moons(200, noise=0.1, seed=0)
    if in_targets:
        Y[position] = bad
    else:
        X[position][1] = bad
    return X, Y


class RecordingSGD(SGD):
    def __init__(self, params, lr):
        super().__init__(params, lr)
        self.steps = 0

    def step(self):
        self.steps += 1
        super().step()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 10 ** 400], ids=["nan", "inf", "int-10**400"])
def test_a_non_finite_input_in_sample_100_is_found_before_any_update(bad):
    X, Y = moons_with(100, bad)
    model = MLP(2, [3, 1], seed=0)
    optimizer = RecordingSGD(model.parameters(), lr=0.1)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"fit: X\[100\]\[1\] is .*must be a finite number"):
        fit(model, X, Y, mse_loss, optimizer, epochs=1, batch_size=1, shuffle=False, verbose=False)
    assert optimizer.steps == 0 and model.state_dict() == before


def test_a_nan_target_is_found_before_any_update():
    X, Y = moons_with(150, float("nan"), in_targets=True)
    model = MLP(2, [3, 1], seed=0)
    optimizer = RecordingSGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"fit: Y\[150\] is float: nan"):
        fit(model, X, Y, mse_loss, optimizer, epochs=1, batch_size=1, verbose=False)
    assert optimizer.steps == 0


def test_an_input_that_is_not_a_number_names_the_sample():
    X, Y = moons_with(7, "0.5")
    with pytest.raises(TypeError, match=r"fit: X\[7\]\[1\] must be a number, got str: '0.5'"):
        fit(MLP(2, [1], seed=0), X, Y, mse_loss, SGD(MLP(2, [1]).parameters(), lr=0.1), epochs=1)


def test_a_sample_of_the_wrong_size_late_in_the_data_is_found_before_any_update():
    X, Y = nn.make_moons(200, noise=0.1, seed=0)
    X[120] = [0.5, 0.5, 0.5]
    model = MLP(2, [3, 1], seed=0)
    optimizer = RecordingSGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"fit: X\[120\]: the model expected 2 inputs, got 3"):
        fit(model, X, Y, mse_loss, optimizer, epochs=1, batch_size=1, verbose=False)
    assert optimizer.steps == 0


def test_a_target_of_a_different_shape_names_the_sample():
    X, Y = [[0.0], [1.0], [2.0]], [[1.0, 0.0], [0.0, 1.0], 1.0]
    model = MLP(1, [2], seed=0)
    with pytest.raises(ValueError, match=r"fit: Y\[2\] is a single number but Y\[0\] is a list of 2"):
        fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=1)


def test_an_error_message_quotes_at_most_a_short_piece_of_a_bad_sample():
    X, Y = moons_with(3, "x" * 100_000)
    with pytest.raises(TypeError) as error:
        fit(MLP(2, [1], seed=0), X, Y, mse_loss, SGD(MLP(2, [1]).parameters(), lr=0.1), epochs=1)
    assert len(str(error.value)) < 200


# ----------------------------------------------------------------------
# Ctrl-C: real SIGINTs sent to this process while fit runs
# ----------------------------------------------------------------------

import os
import signal
import subprocess
import sys
import threading
import time


def ctrl_c():
    os.kill(os.getpid(), signal.SIGINT)


class CtrlCInsideStep(SGD):
    """Sends Ctrl-C (``count`` times) halfway through writing the new parameter values,
    on update number ``at``."""

    def __init__(self, params, lr, at, count=1):
        super().__init__(params, lr)
        self.updates, self.at, self.count = 0, at, count

    def _apply(self, new_data):
        self.updates += 1
        if self.updates != self.at:
            return super()._apply(new_data)
        half = len(new_data) // 2
        for p, x in zip(self.params[:half], new_data[:half]):
            p.data = x
        for _ in range(self.count):
            ctrl_c()
        for p, x in zip(self.params[half:], new_data[half:]):
            p.data = x


def counting_loss(send_at, count=1):
    """mse_loss that sends Ctrl-C ``count`` times while computing the loss of batch ``send_at``."""
    calls = [0]

    def loss(predictions, targets):
        calls[0] += 1
        if calls[0] == send_at:
            for _ in range(count):
                ctrl_c()
        return mse_loss(predictions, targets)
    loss.calls = calls
    return loss


def test_first_ctrl_c_stops_at_the_end_of_the_update_and_returns_the_losses_so_far():
    X, Y = nn.xor()
    model = MLP(2, [3, 1], seed=0)
    stream = io.StringIO()
    loss = counting_loss(send_at=5)
    losses = fit(model, X, Y, loss, SGD(model.parameters(), lr=0.1), epochs=1000, stream=stream)
    assert len(losses) == 5 and loss.calls[0] == 5
    twin = MLP(2, [3, 1], seed=0)
    assert losses == manual_full_batch_steps(twin, X, Y, lr=0.1, steps=5)
    assert model.state_dict() == twin.state_dict()         # the 5th update was made in full


def test_first_ctrl_c_ends_the_progress_line_saying_where_training_stopped():
    X, Y = nn.xor()
    model = MLP(2, [3, 1], seed=0)
    stream = io.StringIO()
    fit(model, X, Y, counting_loss(send_at=5), SGD(model.parameters(), lr=0.1), epochs=1000, stream=stream)
    text = stream.getvalue()
    assert text.endswith("(stopped by Ctrl-C at the end of epoch 5)\n") and text.count("\n") == 1
    assert text.startswith("epoch 5/1000")


def test_ctrl_c_in_the_middle_of_an_epoch_says_which_update_and_averages_the_samples_seen():
    X, Y = nn.make_moons(10, noise=0.0, seed=0)
    model = MLP(2, [2, 1], seed=0)
    stream = io.StringIO()
    losses = fit(model, X, Y, counting_loss(send_at=14), SGD(model.parameters(), lr=0.01),
                 epochs=50, batch_size=4, stream=stream)
    # 3 updates per epoch (4 + 4 + 2 samples): update 14 is the 2nd of epoch 5
    assert len(losses) == 5
    assert "(stopped by Ctrl-C after update 2 of 3 in epoch 5; its loss is the mean over the 8 of 10 samples seen)" in stream.getvalue()


def test_ctrl_c_inside_the_optimizer_update_never_leaves_parameters_half_updated():
    X, Y = nn.xor()
    model = MLP(2, [8, 1], seed=0)
    optimizer = CtrlCInsideStep(model.parameters(), lr=0.1, at=3)
    losses = fit(model, X, Y, mse_loss, optimizer, epochs=100, verbose=False)
    twin = MLP(2, [8, 1], seed=0)
    assert len(losses) == 3
    assert losses == manual_full_batch_steps(twin, X, Y, lr=0.1, steps=3)
    assert model.state_dict() == twin.state_dict()


class TerminalStream(io.StringIO):
    """Looks like a terminal, so the progress line is redrawn as training goes."""

    def isatty(self):
        return True


def test_second_ctrl_c_interrupts_at_once_and_ends_the_progress_line():
    X, Y = nn.xor()
    model = MLP(2, [3, 1], seed=0)
    stream = TerminalStream()
    send = counting_loss(send_at=4, count=2)

    def slow_loss(predictions, targets):
        time.sleep(0.11)                     # longer than the redraw interval: each epoch is drawn
        return send(predictions, targets)
    with pytest.raises(KeyboardInterrupt) as interrupted:
        fit(model, X, Y, slow_loss, SGD(model.parameters(), lr=0.1), epochs=1000, stream=stream)
    assert send.calls[0] == 4                                # nothing ran after the second Ctrl-C
    assert len(interrupted.value.losses) == 3               # the losses so far travel with it
    assert stream.getvalue().startswith("\repoch 1/1000")
    assert stream.getvalue().endswith("loss %.6g  (interrupted in epoch 4: KeyboardInterrupt)\n"
                                      % interrupted.value.losses[-1])


def test_second_ctrl_c_inside_the_optimizer_update_waits_for_the_update_to_finish():
    X, Y = nn.xor()
    model = MLP(2, [8, 1], seed=0)
    optimizer = CtrlCInsideStep(model.parameters(), lr=0.1, at=2, count=2)
    with pytest.raises(KeyboardInterrupt):
        fit(model, X, Y, mse_loss, optimizer, epochs=100, verbose=False)
    twin = MLP(2, [8, 1], seed=0)
    manual_full_batch_steps(twin, X, Y, lr=0.1, steps=2)
    assert model.state_dict() == twin.state_dict()


def test_fit_puts_back_the_ctrl_c_handler_it_found():
    before = signal.getsignal(signal.SIGINT)
    model, optimizer = tiny_setup()
    fit(model, *nn.xor(), mse_loss, optimizer, epochs=2, verbose=False)
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(KeyboardInterrupt):
        ctrl_c()


def test_a_ctrl_c_from_a_timer_thread_stops_a_long_run():
    X, Y = nn.make_moons(50, noise=0.1, seed=0)
    model = MLP(2, [8, 8, 1], seed=0)
    timer = threading.Timer(0.5, ctrl_c)
    timer.start()
    try:
        losses = fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.01), epochs=1_000_000,
                     verbose=False)
    finally:
        timer.cancel()
    assert 0 < len(losses) < 1_000_000


def test_fit_in_another_thread_trains_as_usual():
    model, optimizer = tiny_setup()
    result = []
    thread = threading.Thread(
        target=lambda: result.append(fit(model, *nn.xor(), mse_loss, optimizer, epochs=3, verbose=False)))
    thread.start()
    thread.join()
    assert len(result[0]) == 3


CHILD = r"""
import sys
import nn
X, Y = nn.xor()
model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
optimizer = nn.Adam(model.parameters(), lr=0.01)
first = [True]
def loss(predictions, targets):
    if first[0]:
        first[0] = False
        print("training", flush=True)
    return nn.bce_loss(predictions, targets)
losses = nn.fit(model, X, Y, loss, optimizer, epochs=10_000_000)
print("returned", len(losses), flush=True)
"""


def test_ctrl_c_sent_to_a_training_process_returns_the_losses_and_exits_normally():
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    try:
        assert child.stdout.readline() == "training\n"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 0, err
    assert out.startswith("returned ") and int(out.split()[1]) >= 1
    assert "stopped by Ctrl-C" in err and "Traceback" not in err


# ----------------------------------------------------------------------
# A progress stream that fails
# ----------------------------------------------------------------------

class FailingStream:
    def write(self, text):
        raise OSError("disk full")

    def flush(self):
        pass


def test_a_failing_progress_stream_does_not_lose_the_losses():
    X, Y = nn.xor()
    model = MLP(2, [3, 1], seed=0)
    with pytest.warns(RuntimeWarning, match=r"progress display stopped: .*OSError: disk full"):
        losses = fit(model, X, Y, mse_loss, SGD(model.parameters(), lr=0.1), epochs=5,
                     stream=FailingStream())
    twin = MLP(2, [3, 1], seed=0)
    assert losses == manual_full_batch_steps(twin, X, Y, lr=0.1, steps=5)


def test_a_progress_stream_that_fails_while_redrawing_lets_training_finish():
    from nn.progress import ProgressLine
    line = ProgressLine(10, FailingStream(), interval=0.0, redraw=True)
    with pytest.warns(RuntimeWarning):
        line.update(1, 0.5)
    line.update(2, 0.25)                      # silent from now on
    line.finish(10, 0.125)
    assert isinstance(line.failed, OSError)


def test_an_error_during_training_carries_the_losses_so_far():
    X, Y = nn.xor()
    model = MLP(2, [3, 1], seed=0)
    calls = [0]

    def failing_loss(predictions, targets):
        calls[0] += 1
        if calls[0] == 3:
            raise ValueError("a loss that fails on its third call")
        return mse_loss(predictions, targets)
    with pytest.raises(ValueError, match="third call") as error:
        fit(model, X, Y, failing_loss, SGD(model.parameters(), lr=0.1), epochs=10, verbose=False)
    assert len(error.value.losses) == 2


def test_ctrl_c_with_verbose_false_still_says_where_training_stopped(capsys):
    X, Y = nn.xor()
    model = MLP(2, [3, 1], seed=0)
    losses = fit(model, X, Y, counting_loss(send_at=2), SGD(model.parameters(), lr=0.1), epochs=100,
                 verbose=False)
    captured = capsys.readouterr()
    assert len(losses) == 2 and captured.out == ""
    assert captured.err.startswith("epoch 2/100") and captured.err.endswith("(stopped by Ctrl-C at the end of epoch 2)\n")


def test_each_step_runs_with_the_collector_paused_and_leaves_it_as_it_was():
    import gc
    seen = []

    def loss(predictions, targets):
        seen.append(gc.isenabled())
        return nn.mse_loss(predictions, targets)
    X, Y = nn.xor()
    model = nn.MLP(2, [3, 1], seed=0)
    assert gc.isenabled()
    nn.fit(model, X, Y, loss, nn.SGD(model.parameters(), lr=0.1), epochs=2, verbose=False)
    assert seen and not any(seen) and gc.isenabled()
