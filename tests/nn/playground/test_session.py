"""The Backprop Playground's session, without a server or a browser: every answer checked by number."""

import json
import math
import os
import re
import subprocess
import sys
import threading
import time

import pytest

import nn
from autograd_core import no_grad
from autograd_core.core import format_number
from nn.playground import PlaygroundError, PlaygroundSession
from nn.playground import grids as plane_grids
from nn.playground import network as drawn
from nn.playground.settings import MAX_POINTS
from playground_helpers import ROOT


def small_session(**settings):
    defaults = {"dataset": "xor", "points": 40, "hidden": [3], "seed": 2}
    defaults.update(settings)
    return PlaygroundSession(defaults)


def copy_of(model):
    """An independent MLP with the same numbers."""
    return nn.MLP.from_weights(model.weights(), model.biases(), [layer.activation for layer in model.layers])


def points_of(session):
    points = session.state(grids=False, test_loss=False)["data"]["points"]
    return [[p[0], p[1]] for p in points], [float(p[2]) for p in points], [bool(p[3]) for p in points]


def training_data(session):
    X, Y, train = points_of(session)
    return [x for x, t in zip(X, train) if t], [y for y, t in zip(Y, train) if t]


def batch_gradients(model, X, Y, loss=nn.bce_with_logits_loss):
    """Each parameter's dloss/dw on (X, Y) by the engine's own backward(), on a copy."""
    reference = copy_of(model)
    loss([reference(x) for x in X], Y).backward()
    return {p.label: p.grad for p in reference.parameters()}


def as_json(answer):
    """The answer through JSON and back: it must be plain data, with no NaN."""
    return json.loads(json.dumps(answer, allow_nan=False))


# ----------------------------------------------------------------------
# Training
# ----------------------------------------------------------------------

def test_a_step_trains_one_epoch():
    session = small_session()
    assert session.state(grids=False)["epoch"] == 0
    assert session.step()["epoch"] == 1
    assert session.state(grids=False)["epoch"] == 1


def test_one_full_batch_step_moves_every_weight_by_exactly_minus_eta_times_its_gradient():
    session = small_session(batch_size=MAX_POINTS, optimizer="sgd", learning_rate=0.5)
    before = copy_of(session.model)
    X, Y = training_data(session)
    gradients = batch_gradients(before, X, Y)
    session.step()
    for old, new in zip(before.parameters(), session.model.parameters()):
        assert new.data == old.data - 0.5 * gradients[old.label]
        assert new.data != old.data


def test_an_epoch_is_what_fit_does_in_an_epoch_the_same_losses_bit_for_bit():
    session = small_session(batch_size=4, optimizer="sgd", learning_rate=0.3, seed=5)
    model = copy_of(session.model)
    X, Y = training_data(session)
    losses = nn.fit(model, X, Y, nn.bce_with_logits_loss, nn.SGD(model.parameters(), lr=0.3),
                    epochs=3, batch_size=4, seed=5, verbose=False)
    session.step(3)
    train_curve = session.state(grids=False)["loss"]["train"]
    assert [loss for epoch, loss in train_curve[1:]] == losses
    assert session.model.weights() == model.weights() and session.model.biases() == model.biases()


def test_the_training_loss_falls():
    session = small_session(optimizer="adam", learning_rate=0.05, hidden=[6])
    first = session.step()["train_loss"]
    last = session.step(60)["train_loss"]
    assert last < 0.5 * first


def test_changing_the_learning_rate_keeps_the_epoch_and_the_weights():
    session = small_session()
    session.step(2)
    weights = session.model.weights()
    state = session.configure(learning_rate=0.3)
    assert state["epoch"] == 2 and session.model.weights() == weights
    assert state["settings"]["learning_rate"] == 0.3


def test_new_data_or_a_new_network_starts_again_at_epoch_0():
    session = small_session()
    session.step(2)
    assert session.configure(dataset="circle")["epoch"] == 0
    session.step()
    state = session.configure(hidden=[2, 2])
    assert state["epoch"] == 0 and session.model.nouts == [2, 2, 1]


def test_reset_gives_the_first_weights_again():
    session = small_session()
    first = session.model.weights()
    session.step(3)
    assert session.model.weights() != first
    assert session.reset()["epoch"] == 0
    assert session.model.weights() == first


def test_two_threads_stepping_at_once_give_whole_epochs():
    session = small_session(hidden=[4], points=100)
    threads = [threading.Thread(target=session.step, args=(5,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    curve = session.state(grids=False, test_loss=False)["loss"]["train"]
    assert session.epoch == 10 and [epoch for epoch, _ in curve] == list(range(11))


# ----------------------------------------------------------------------
# Opening a weight's gradient
# ----------------------------------------------------------------------

@pytest.mark.parametrize("label", ["L0.n1.w0", "L0.n2.b", "L1.n0.w2", "L1.n0.b"])
def test_inspect_gives_the_gradient_backward_gives_on_the_same_batch(label):
    session = small_session(batch_size=5)
    session.step(2)
    answer = session.inspect(label)
    X, Y, _ = points_of(session)
    batch = answer["batch_indices"]
    assert len(batch) == 5
    expected = batch_gradients(session.model, [X[i] for i in batch], [Y[i] for i in batch])[label]
    assert answer["grad"] == pytest.approx(expected, rel=1e-13, abs=1e-16)


def test_inspect_agrees_with_a_central_difference_of_the_loss():
    session = small_session(batch_size=10)
    session.step()
    label = "L0.n0.w1"
    answer = session.inspect(label)
    X, Y, _ = points_of(session)
    batch = answer["batch_indices"]

    def loss_at(w):
        model = copy_of(session.model)
        next(p for p in model.parameters() if p.label == label).data = w
        with no_grad():
            return nn.bce_with_logits_loss([model(X[i]) for i in batch], [Y[i] for i in batch]).data

    w = answer["value"]
    h = 1e-6
    assert answer["grad"] == pytest.approx((loss_at(w + h) - loss_at(w - h)) / (2 * h), rel=1e-6, abs=1e-9)


def test_inspect_lists_every_chain_rule_path_and_they_add_up_to_the_gradient():
    session = small_session(batch_size=5, hidden=[3, 2])
    session.step()
    answer = session.inspect("L0.n1.w0")
    paths = answer["paths"]
    # from L0.n1 the loss is reached through each of the 2 neurons of layer 1, for each of 5 points
    assert paths["count"] == 5 * 2
    assert paths["total"] == pytest.approx(answer["grad"], rel=1e-12)
    first = paths["shown"][0]
    assert first["nodes"][0] == "loss" and first["nodes"][-1] == "L0.n1.w0"
    assert "∂L0.n1.net/∂L0.n1.w0" in first["text"]
    assert first["product"] == pytest.approx(math.prod(first["locals"]), rel=1e-12)
    assert first["weights"][-1] == "L0.n1.w0" and first["weights"][0].startswith("L2.n0.w")
    assert sum(share["product"] for share in answer["samples"]) == pytest.approx(answer["grad"], rel=1e-12)


def test_inspect_writes_the_formula_in_the_notes_notation():
    session = small_session()
    answer = session.inspect("L0.n2.w1")
    assert answer["formula"][0].startswith("dloss/dL0.n2.w1 = Σ over the batch's 10 samples of "
                                           "dloss/dL0.n2.net · ∂L0.n2.net/∂L0.n2.w1")
    assert answer["formula"][1].startswith("∂L0.n2.net/∂L0.n2.w1 = x1")
    assert "∂L0.n2.out/∂L0.n2.net = 1 − L0.n2.out²" in answer["formula"][2]


@pytest.mark.parametrize("activation, derivative", [
    ("sigmoid", "∂L0.n0.out/∂L0.n0.net = L0.n0.out·(1 − L0.n0.out)"),
    ("relu", "∂L0.n0.out/∂L0.n0.net = 1 if L0.n0.net > 0, else 0"),
    ("arctan", "∂L0.n0.out/∂L0.n0.net = 1 / (1 + L0.n0.net²)"),
])
def test_the_formula_of_each_activation_comes_from_its_operation(activation, derivative):
    session = small_session(activation=activation, hidden=[3, 2])
    formula = session.inspect("L1.n1.w0")["formula"]
    assert formula[1].startswith("∂L1.n1.net/∂L1.n1.w0 = L0.n0.out")
    assert derivative in session.inspect("L0.n0.b")["formula"][2]
    assert session.inspect("L0.n0.b")["formula"][1].startswith("∂L0.n0.net/∂L0.n0.b = 1")


def test_inspect_shows_the_last_sgd_update_with_its_numbers():
    session = small_session(batch_size=MAX_POINTS, learning_rate=0.25)
    before = copy_of(session.model)
    X, Y = training_data(session)
    gradient = batch_gradients(before, X, Y)["L0.n0.w0"]
    session.step()
    update = session.inspect("L0.n0.w0")["last_update"]
    old = before.parameters()[0].data
    assert update["before"] == old and update["grad"] == gradient
    assert update["after"] == old - 0.25 * gradient == session.model.parameters()[0].data
    assert update["lines"][0].startswith(f"L0.n0.w0.grad = {format_number(gradient)}   (dloss/dL0.n0.w0 on "
                                         f"that batch at the weights before the update")
    assert update["lines"][1].startswith("L0.n0.w0 ← L0.n0.w0 − η·L0.n0.w0.grad = ")


def test_inspect_shows_an_adam_update_as_adam_computes_it():
    session = small_session(optimizer="adam", learning_rate=0.01)
    session.step()
    update = session.inspect("L1.n0.b")["last_update"]
    assert "m̂" in update["lines"][1] and update["optimizer"] == "adam"
    # Adam's first step moves every parameter by about lr, whatever its gradient
    assert abs(update["after"] - update["before"]) == pytest.approx(0.01, rel=1e-3)


def test_inspect_changes_nothing_in_the_model():
    session = small_session()
    session.step()
    grads = [p.grad for p in session.model.parameters()]
    weights = session.model.weights()
    session.inspect("L0.n0.w0")
    assert [p.grad for p in session.model.parameters()] == grads and session.model.weights() == weights


def test_inspect_refuses_a_label_the_network_does_not_have():
    session = small_session()
    with pytest.raises(PlaygroundError, match=r"inspect: label must be one of this network's parameters, "
                                              r"from 'L0.n0.w0' to 'L1.n0.b'; got 'L9.n0.w0'"):
        session.inspect("L9.n0.w0")
    with pytest.raises(PlaygroundError, match="inspect: label must be a parameter's place such as 'L0.n0.w1'"):
        session.inspect(3)


# ----------------------------------------------------------------------
# One point's backward pass
# ----------------------------------------------------------------------

def test_a_points_backward_steps_add_up_to_the_gradient_backward_gives():
    session = small_session(hidden=[3, 2])
    session.step(2)
    answer = session.backward(4)
    X, Y, _ = points_of(session)
    expected = batch_gradients(session.model, [X[4]], [Y[4]])
    added = {}
    for step in answer["steps"]:
        if step["input"] in expected:
            added[step["input"]] = added.get(step["input"], 0.0) + step["contribution"]
    assert added == pytest.approx(expected, rel=1e-15, abs=0.0)
    assert answer["gradients"] == expected


def test_backward_steps_are_written_in_the_notes_notation_and_tied_to_the_drawing():
    session = small_session()
    steps = session.backward(0)["steps"]
    assert steps[0]["text"].startswith("dloss/dloss.sum += dloss/dloss · ∂loss/∂loss.sum = ")
    to_weight = next(s for s in steps if s["input"] == "L1.n0.w2")
    assert to_weight["text"].startswith("dloss/dL1.n0.w2 += dloss/dL1.n0.net · ∂L1.n0.net/∂L1.n0.w2 = ")
    assert to_weight["weight"] == "L1.n0.w2" and to_weight["neuron"] == "L1.n0"
    through = next(s for s in steps if s["input"] == "L0.n1.out")
    assert through["weight"] == "L1.n0.w1" and through["neuron"] == "L0.n1"
    assert through["contribution"] == through["upstream"] * through["local"]


def test_backward_leaves_the_gradients_as_they_were():
    session = small_session()
    session.step()
    grads = [p.grad for p in session.model.parameters()]
    session.backward(1)
    assert [p.grad for p in session.model.parameters()] == grads


def test_backward_refuses_a_point_that_is_not_there_or_has_moved():
    session = small_session()
    version = session.state(grids=False)["data"]["version"]
    with pytest.raises(PlaygroundError, match="backward: index must be the number of a point, from 0 to 39; got 40"):
        session.backward(40)
    session.add_point(0.5, 0.5, 1)
    with pytest.raises(PlaygroundError, match="the points have changed since the page drew them"):
        session.backward(0, data_version=version)


# ----------------------------------------------------------------------
# What the page draws
# ----------------------------------------------------------------------

def test_the_heat_maps_are_the_networks_own_outputs_at_the_cell_centres():
    session = small_session(hidden=[2])
    grid = session.state(grid_size=4)["grid"]
    centres = plane_grids.cell_centres(session.state(grids=False)["data"]["plane"], 4)
    neuron = session.model.layers[0].neurons[1]
    for k, (x0, x1) in enumerate(centres):
        by_hand = math.tanh(neuron.w[0].data * x0 + neuron.w[1].data * x1 + neuron.b.data)
        assert grid["neurons"]["L0.n1"][k] == pytest.approx(by_hand, abs=1e-4)
        z = session.model([x0, x1]).data
        assert grid["output"][k] == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-4)
    assert grid["neurons"]["x0"][:4] == pytest.approx([c[0] for c in centres[:4]], abs=1e-4)


def test_the_gradient_maps_hold_d_output_d_neuron():
    # With one hidden layer and no output activation, output = Σ wⱼ·hⱼ + b: d output/d hⱼ = wⱼ everywhere.
    session = small_session(hidden=[3])
    grid = session.state(gradient_grids=True)["gradient_grid"]
    weights = [w.data for w in session.model.layers[1].neurons[0].w]
    for j in range(3):
        assert set(grid["neurons"][f"L0.n{j}"]) == {round(weights[j], 4)}


def test_the_state_leaves_out_the_points_the_page_already_has():
    session = small_session()
    state = session.state(grids=False)
    assert len(state["data"]["points"]) == 40
    again = session.state(grids=False, data_version=state["data"]["version"])
    assert "points" not in again["data"]


def test_every_answer_is_plain_json():
    session = small_session()
    session.step()
    for answer in (session.state(gradient_grids=True), session.inspect("L0.n0.w0"), session.backward(0),
                   session.export("json"), session.export("python"), session.step()):
        assert as_json(answer) == answer


def test_a_long_run_keeps_a_bounded_loss_curve_from_epoch_0_to_the_last(monkeypatch):
    from nn.playground import session as session_module

    monkeypatch.setattr(session_module, "MAX_KEPT_CURVE_POINTS", 30)
    session = PlaygroundSession({"dataset": "xor", "points": 8, "hidden": [], "batch_size": 8})
    losses = [session.state(grids=False)["loss"]["last_train"]]
    for _ in range(100):
        losses.append(session.step()["train_loss"])
        session.state(grids=False)                        # a test loss for every epoch too
    curve = session.state(grids=False)["loss"]
    assert len(session._train_curve) <= 30 and len(session._test_curve) <= 30
    assert curve["train"][0] == [0, losses[0]] and curve["train"][-1] == [100, losses[-1]]
    assert curve["test"][-1][0] == 100
    assert all(losses[epoch] == loss for epoch, loss in curve["train"])
    assert [p[0] for p in curve["train"]] == list(range(0, 100, 4)) + [100]   # evenly spread


def test_the_test_loss_is_the_loss_on_the_test_points():
    session = small_session(train_percent=50)
    session.step()
    state = session.state(grids=False)
    X, Y, train = points_of(session)
    test_X = [x for x, t in zip(X, train) if not t]
    test_Y = [y for y, t in zip(Y, train) if not t]
    with no_grad():
        expected = nn.bce_with_logits_loss([session.model(x) for x in test_X], test_Y).data
    assert state["loss"]["last_test"] == expected
    assert state["data"]["train_count"] == 20 == state["data"]["test_count"]


# ----------------------------------------------------------------------
# Editing the data
# ----------------------------------------------------------------------

def test_an_added_point_trains_from_the_next_epoch_on():
    session = small_session()
    session.add_point(1.5, -2.0, 1)
    X, Y, train = points_of(session)
    assert X[-1] == [1.5, -2.0] and Y[-1] == 1.0 and train[-1] is True
    assert session.step()["epoch"] == 1


def test_adding_points_stops_at_the_limit():
    session = small_session(points=MAX_POINTS - 1)
    session.add_point(0.0, 0.0, 0)
    with pytest.raises(PlaygroundError, match=f"already holds {MAX_POINTS} points, the most the page allows"):
        session.add_point(0.0, 0.0, 0)


@pytest.mark.parametrize("x, y, label, message", [
    (50.0, 0.0, 0, r"add_point: \(50, 0\) lies outside the plane \[-6, 6\] × \[-6, 6\]"),
    (float("nan"), 0.0, 0, "add_point: x must be a finite number, got nan"),
    ("1", 0.0, 0, "add_point: x must be a finite number, got '1'"),
    (0.0, 0.0, 2, "add_point: label must be 0 or 1, got 2"),
    (0.0, 0.0, True, "add_point: label must be 0 or 1, got True"),
])
def test_a_point_that_does_not_fit_is_refused(x, y, label, message):
    session = small_session()
    with pytest.raises(PlaygroundError, match=message):
        session.add_point(x, y, label)
    assert len(points_of(session)[0]) == 40


def test_the_last_training_point_cannot_be_removed():
    session = PlaygroundSession(X=[[0.0, 0.0], [1.0, 1.0]], Y=[0, 1], settings={"train_percent": 50})
    with pytest.raises(PlaygroundError, match="this is the last training point"):
        session.remove_point(0)
    session.remove_point(1)
    assert points_of(session)[0] == [[0.0, 0.0]]


def test_a_removed_point_leaves_the_last_update_and_its_other_points():
    session = small_session()
    session.step(3)
    update = session.state(grids=False)["update"]
    batch = session.inspect("L0.n0.w0")["batch_indices"]
    removed = batch[1]
    session.remove_point(removed)
    assert session.state(grids=False)["update"] == update          # the update happened all the same
    answer = session.inspect("L0.n0.w0")
    expected = [k - (k > removed) for k in batch if k != removed]
    assert answer["batch_indices"] == expected
    assert answer["batch"] == (f"the {len(expected)} training points left of the last update's {len(batch)} "
                               f"(epoch 3; the others have been removed)")
    assert answer["last_update"]["epoch"] == 3 and answer["last_update"]["batch_size"] == len(batch)
    X, Y, _ = points_of(session)
    reference = batch_gradients(session.model, [X[k] for k in expected], [Y[k] for k in expected])
    assert answer["grad"] == pytest.approx(reference["L0.n0.w0"], rel=1e-12)
    for k in sorted(expected, reverse=True):                        # the whole batch gone
        session.remove_point(k)
    assert session.inspect("L0.n0.w0")["batch"].startswith(
        "the first 10 training points (the points of the last update, in epoch 3, have been removed)")


# ----------------------------------------------------------------------
# Bounds and bad requests
# ----------------------------------------------------------------------

@pytest.mark.parametrize("changes, message", [
    ({"points": 5000}, r"points must be a whole number from 4 to 1000; got 5000"),
    ({"hidden": [9]}, r"hidden \(neurons in a layer\) must be a whole number from 1 to 8; got 9"),
    ({"hidden": [2] * 7}, r"hidden: at most 6 hidden layers; got 7"),
    ({"hidden": "4,4"}, r"hidden must be a list of layer sizes such as \[4, 4\]; got '4,4'"),
    ({"learning_rate": 0}, r"learning_rate must be a number above 0 and at most 10; got 0"),
    ({"learning_rate": float("nan")}, r"learning_rate must be a number above 0 and at most 10; got nan"),
    ({"learning_rate": "0.1"}, r"learning_rate must be a number above 0 and at most 10; got '0.1'"),
    ({"speed": 1000}, r"speed \(epochs per update\) must be a whole number from 1 to 50; got 1000"),
    ({"batch_size": 0}, r"batch_size must be a whole number from 1 to 1000; got 0"),
    ({"dataset": "__import__('os')"}, r"dataset must be one of circle, gaussian, xor, spiral, moons; "
                                      r"got \"__import__\('os'\)\""),
    ({"activation": "softmax"}, r"activation must be one of identity, step, sigmoid, tanh"),
    ({"momentum": 0.5}, r"configure: unknown setting 'momentum'; the settings are dataset, noise"),
    ({"noise": True}, r"noise \(percent\) must be a whole number from 0 to 50; got True"),
])
def test_a_setting_out_of_bounds_is_refused_and_nothing_changes(changes, message):
    session = small_session()
    session.step()
    before = session.settings(), session.model.weights(), session.epoch
    with pytest.raises(PlaygroundError, match=message):
        session.configure(**changes)
    assert (session.settings(), session.model.weights(), session.epoch) == before


def test_a_change_with_one_bad_setting_changes_none_of_them():
    session = small_session()
    with pytest.raises(PlaygroundError, match="points must be"):
        session.configure(learning_rate=0.5, points=0)
    assert session.settings()["learning_rate"] == 0.1


@pytest.mark.parametrize("name, args, message", [
    ("__init__", {}, r"unknown call '__init__'; the calls are state, configure"),
    ("_make_model", {}, r"unknown call '_make_model'"),
    (["step"], {}, r"unknown call \['step'\]"),
    ("step", [1], r"step: the arguments must be an object, got \[1\]"),
    ("step", {"epochs": 10 ** 9}, r"step: epochs must be a whole number from 1 to 100; got 1000000000"),
    ("step", {"epochs": 1, "evil": "x"}, r"step: got an unexpected keyword argument 'evil'"),
    ("inspect", {}, r"inspect: missing a required argument: 'label'"),
    ("export", {"format": "pickle"}, r"export: format must be 'json' or 'python', got 'pickle'"),
    ("state", {"grid_size": 10 ** 6}, r"state: grid_size must be a whole number from 2 to 64"),
])
def test_a_page_can_call_only_the_sessions_calls_with_checked_arguments(name, args, message):
    session = small_session()
    with pytest.raises(PlaygroundError, match=message):
        session.call(name, args)
    assert session.epoch == 0


def test_a_call_by_name_answers_as_the_method_does():
    session = small_session()
    assert session.call("step", {"epochs": 2}) == {"epoch": 2, "stopped": False, "epoch_progress": None,
                                                   "train_loss": session.state(grids=False)["loss"]["last_train"]}


# ----------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------

def test_the_json_export_loads_with_nn_load_and_gives_the_same_outputs(tmp_path):
    session = small_session(hidden=[4, 2])
    session.step(3)
    answer = session.export("json")
    path = tmp_path / answer["filename"]
    path.write_text(answer["text"], encoding="utf-8")
    loaded = nn.load(str(path))
    X, _, _ = points_of(session)
    assert [loaded(x).data for x in X] == [session.model(x).data for x in X]


def test_the_python_export_rebuilds_the_same_network_in_a_fresh_interpreter(tmp_path):
    session = small_session(hidden=[3, 3], activation="relu")
    session.step(3)
    answer = session.export("python")
    path = tmp_path / answer["filename"]
    path.write_text(answer["text"], encoding="utf-8")
    X, _, _ = points_of(session)
    script = ("import json, runpy, sys\n"
              "model = runpy.run_path(sys.argv[1])['model']\n"
              "print(json.dumps([model(x).data for x in json.loads(sys.argv[2])]))\n")
    run = subprocess.run([sys.executable, "-c", script, str(path), json.dumps(X)], capture_output=True,
                         text=True, cwd=ROOT, timeout=60, env={**os.environ, "PYTHONPATH": ROOT})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [session.model(x).data for x in X]
    assert "A 2-3-3-1 network of relu units, 3 epochs on the exclusive or data set (40 points)" in answer["text"]


# ----------------------------------------------------------------------
# A model and data of the user's own
# ----------------------------------------------------------------------

def test_a_users_model_trains_in_place_and_reset_brings_back_its_weights():
    X, Y = nn.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    first = model.weights()
    session = PlaygroundSession(model=model, X=X, Y=Y, settings={"optimizer": "adam"})
    settings = session.settings()
    assert (settings["dataset"], settings["loss"], settings["hidden"], settings["train_percent"]) == \
        ("yours", "bce", [4], 100)
    session.step(50)
    assert session.model is model and model.weights() != first
    session.reset()
    assert model.weights() == first


def test_opening_the_page_on_your_model_changes_nothing_in_it():
    X, Y = nn.xor()
    model = nn.MLP(2, [3, 1], seed=0)
    for k, p in enumerate(model.parameters()):
        p.grad = 0.25 * k                                 # left by a backward() of the user's own
    given = [(p.data, p.grad) for p in model.parameters()]
    session = PlaygroundSession(model=model, X=X, Y=Y)
    state = session.state(gradient_grids=True)
    session.inspect("L0.n1.w0")
    session.backward(2)
    assert [(p.data, p.grad) for p in model.parameters()] == given
    # the page does not show those .grad as its last update's
    assert all(w[2] is None for layer in state["network"]["layers"] for n in layer for w in n["weights"])
    session.step()
    shown = session.state(grids=False)["network"]["layers"][0][0]["weights"][0][2]
    assert shown == model.parameters()[0].grad and shown is not None
    session.reset()                                       # back as it was given
    assert [(p.data, p.grad) for p in model.parameters()] == given


def test_your_model_is_put_back_as_given_when_the_page_changes_its_layers():
    X, Y = nn.xor()
    model = nn.MLP(2, [3, 1], seed=0)
    model.parameters()[0].grad = 1.5
    given = [(p.data, p.grad) for p in model.parameters()]
    session = PlaygroundSession(model=model, X=X, Y=Y)
    session.step(5)
    assert [(p.data, p.grad) for p in model.parameters()] != given
    session.configure(hidden=[4])
    assert session.model is not model
    assert [(p.data, p.grad) for p in model.parameters()] == given


def test_a_neuron_you_renamed_keeps_its_heat_maps():
    X, Y = nn.xor()
    model = nn.MLP(2, [2, 1], seed=0)
    model.layers[0].neurons[0].name = "<b>first</b>"
    state = PlaygroundSession(model=model, X=X, Y=Y).state(gradient_grids=True)
    assert sorted(state["grid"]["neurons"]) == ["L0.n0", "L0.n1", "L1.n0", "x0", "x1"]
    assert sorted(state["gradient_grid"]["neurons"]) == ["L0.n0", "L0.n1"]


def test_a_gradient_that_overflows_is_refused_saying_so():
    X = [[0.0, 0.0], [1e6, 1e6], [-1e6, 1e6], [1e6, -1e6]]
    model = nn.MLP.from_weights([[[1e300, 1e300]], [[1e300]]], [[0.0], [0.0]], ["identity", "identity"])
    session = PlaygroundSession(model=model, X=X, Y=[0, 1, 1, 0])
    with pytest.raises(PlaygroundError, match=r"^inspect: dloss/dL0.n0.w0 on the first 4 training points "
                                              r"\(no update yet\) cannot be computed, a number overflows: "):
        session.inspect("L0.n0.w0")
    with pytest.raises(PlaygroundError, match=r"^backward: point 1's backward pass cannot be computed, "
                                              r"a number overflows: weighted_sum: the product w\[0\] \(L1.n0.w0\)·x\[0\] \(L0.n0.net\) "
                                                  r"= 1e\+300·2e\+306 is beyond a float"):
        session.backward(1)
    assert "problem" in session.state()                   # the rest of the page is drawn


def test_a_user_model_of_the_wrong_shape_is_refused_with_what_fits():
    with pytest.raises(ValueError, match="the model takes 3 inputs; give an MLP with nin=2"):
        PlaygroundSession(model=nn.MLP(3, [2, 1]))
    with pytest.raises(ValueError, match="the model has 2; give an MLP whose last layer has 1 neuron"):
        PlaygroundSession(model=nn.MLP(2, [2, 2]))


@pytest.mark.parametrize("X, Y, message", [
    ([[0.0, 0.0]], [2.0], r"Y\[0\] is 2.0; the page shows two classes, labelled 0 and 1"),
    ([[0.0, float("inf")]], [1.0], r"X\[0\]\[1\] is inf"),
    ([[0.0]], [1.0], r"X\[0\] must be a pair of numbers"),
    ([[0.0, 0.0]], [1.0, 0.0], "1 points in X but 2 labels in Y"),
])
def test_user_data_that_does_not_fit_the_page_is_refused(X, Y, message):
    with pytest.raises((ValueError, TypeError), match=message):
        PlaygroundSession(X=X, Y=Y)


def test_the_session_imports_no_server_library():
    code = ("import sys, nn\n"
            "from nn.playground import PlaygroundSession\n"
            "PlaygroundSession({'dataset': 'xor'}).step()\n"
            "print(sorted(m for m in ('starlette', 'uvicorn', 'anyio', 'asyncio', 'websockets') if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_training_that_overflows_stops_with_a_clear_error_and_keeps_the_weights():
    model = nn.MLP.from_weights([[[1e200, 1e200]], [[1e200]]], [[0.0], [0.0]], ["identity", "identity"])
    session = PlaygroundSession(model=model, X=[[1.0, 1.0], [2.0, 2.0]], Y=[0, 1], loss="mse")
    state = session.state()
    assert state["loss"]["last_train"] is None and state["problem"].startswith("the heat maps cannot be drawn")
    assert as_json(state) == state
    weights = model.weights()
    session.play()
    with pytest.raises(PlaygroundError, match=r"training stopped in epoch 1, at the update on points \[0, 1\]: "
                                              r"weighted_sum: the product .* is beyond a float .*Try a smaller learning rate"):
        session.step()
    assert model.weights() == weights and session.epoch == 0 and not session.playing


def test_the_size_and_noise_of_your_own_data_cannot_be_set():
    session = PlaygroundSession(X=[[0.0, 0.0], [1.0, 1.0]], Y=[0, 1])
    with pytest.raises(PlaygroundError, match="points: the data is your own"):
        session.configure(points=50)
    session.configure(dataset="moons", points=50)
    assert len(points_of(session)[0]) == 50


def test_from_one_point_of_your_own_to_a_set_of_the_page():
    session = PlaygroundSession(X=[[0.0, 0.0]], Y=[1])
    session.configure(dataset="circle")
    assert len(points_of(session)[0]) == 200


def test_the_sessions_docstring_examples_run_as_written():
    import doctest

    from nn.playground import session as session_module

    failed, attempted = doctest.testmod(session_module)
    assert attempted > 0 and failed == 0


# ----------------------------------------------------------------------
# A network of the user's own that the page cannot rebuild from its settings
# ----------------------------------------------------------------------

def mixed_model():
    """Hidden layers of relu and tanh, no biases, an identity output: no one activation setting says it."""
    return nn.MLP.from_weights([[[.1, .2], [.3, -.1], [.5, .2]], [[.1, .2, .3], [.2, -.3, .1]], [[.4, -.5]]],
                               None, ["relu", "tanh", "identity"])


def test_a_new_loss_for_a_model_of_mixed_activations_keeps_each_layers_activation_and_its_missing_biases():
    X, Y = nn.xor()
    session = PlaygroundSession(model=mixed_model(), X=X, Y=Y)
    assert session.settings()["activation"] == "mixed"
    state = session.configure(loss="mse")
    assert state["settings"]["loss"] == "mse" and state["settings"]["activation"] == "mixed"
    model = session.model
    assert [layer.activation for layer in model.layers] == ["relu", "tanh", "sigmoid"]
    assert model.biases() == [None, None, None] and model.nouts == [3, 2, 1]
    assert [n["activation"] for n in state["network"]["layers"][1]] == ["tanh", "tanh"]
    first = model.weights()
    session.step(2)
    assert session.reset()["epoch"] == 0 and session.model.weights() == first
    session.configure(hidden=[4, 1])                      # as many layers: each keeps its activation
    assert [layer.activation for layer in session.model.layers] == ["relu", "tanh", "sigmoid"]
    assert as_json(session.state(gradient_grids=True))


def test_a_change_the_page_cannot_build_is_refused_and_the_model_stays_as_it_was():
    X, Y = nn.xor()
    model = mixed_model()
    session = PlaygroundSession(model=model, X=X, Y=Y)
    session.step(3)
    trained, before = model.weights(), (session.settings(), session.epoch)
    with pytest.raises(PlaygroundError, match=r"hidden: the hidden layers of this network have different "
                                              r"activations \(relu, tanh\), so the page cannot tell which a "
                                              r"new layer should have; pick one activation for all of them"):
        session.configure(hidden=[3, 2, 2], learning_rate=0.5)
    assert (session.settings(), session.epoch) == before
    assert session.model is model and model.weights() == trained
    session.reset()                                       # still the user's model, back at its first weights
    assert session.model is model and model.weights() == mixed_model().weights()
    session.configure(activation="relu", hidden=[3, 2, 2])   # one activation first: then it can
    assert [layer.activation for layer in session.model.layers] == ["relu"] * 3 + ["identity"]
    assert session.model.biases() == [None] * 4


def test_a_change_is_made_whole_before_anything_changes(monkeypatch):
    session = small_session()
    session.step(2)
    before = session.settings(), session.model, session.model.weights(), session.epoch, points_of(session)

    def fails(*args):
        raise RuntimeError("cannot build")

    monkeypatch.setattr(drawn, "build", fails)
    with pytest.raises(RuntimeError, match="cannot build"):
        session.configure(dataset="moons", hidden=[2], loss="mse")
    assert (session.settings(), session.model, session.model.weights(), session.epoch, points_of(session)) == before


def test_a_users_model_with_layers_of_different_biases_keeps_its_number_of_layers():
    model = nn.MLP.from_weights([[[.1, .2]], [[.3]], [[.4]]], [[0.1], None, [0.2]], "tanh")
    session = PlaygroundSession(model=model)
    session.configure(hidden=[2, 3])
    assert session.model.biases()[1] is None and session.model.nouts == [2, 3, 1]
    with pytest.raises(PlaygroundError, match="some hidden layers of this network have biases and some have not"):
        session.configure(hidden=[2])
    assert session.model.nouts == [2, 3, 1]


# ----------------------------------------------------------------------
# Parameters go by their place, whatever their labels
# ----------------------------------------------------------------------

def relabelled_model():
    model = nn.MLP(2, [3, 1], seed=4)
    params = model.parameters()
    params[0].label = "<img src=x onerror=alert(1)>"
    params[1].label = params[2].label = "same"            # two parameters may share a label
    params[3].label = ""
    return model


def test_a_parameter_is_opened_by_its_place_whatever_its_label():
    X, Y = nn.xor()
    model = relabelled_model()
    session = PlaygroundSession(model=model, X=X, Y=Y)
    session.step(2)
    first = session.state()["network"]["layers"][0][0]
    assert first["weights"][0][0] == "L0.n0.w0" and first["weights"][0][3] == "<img src=x onerror=alert(1)>"
    assert first["label"] == "L0.n0" and first["bias"][0] == "L0.n0.b" and first["bias"][3] == "same"
    answer = session.inspect("L0.n0.w0")
    expected = batch_gradients(model, [X[i] for i in answer["batch_indices"]],
                               [float(Y[i]) for i in answer["batch_indices"]])
    assert answer["key"] == "L0.n0.w0" and answer["own_label"] == "<img src=x onerror=alert(1)>"
    assert answer["grad"] == pytest.approx(expected["L0.n0.w0"], rel=1e-13)    # the copy is labelled by place
    assert answer["formula"][1].startswith("∂L0.n0.net/∂L0.n0.w0 = x0")
    assert answer["last_update"]["lines"][1].startswith("L0.n0.w0 ← L0.n0.w0 − η·L0.n0.w0.grad")
    steps = session.backward(0)["steps"]
    assert any(step["weight"] == "L0.n0.w0" for step in steps)
    assert as_json(answer) == answer
    with pytest.raises(PlaygroundError, match="inspect: label must be one of this network's parameters"):
        session.inspect("<img src=x onerror=alert(1)>")
    session.reset()                                       # labels that repeat: put back by position
    assert model.parameters()[1].data == relabelled_model().parameters()[1].data


def test_a_label_too_long_to_show_is_cut():
    model = nn.MLP(2, [1], seed=0)
    model.parameters()[0].label = "w" * 10_000
    label = PlaygroundSession(model=model).state(grids=False)["network"]["layers"][0][0]["weights"][0][3]
    assert label == "w" * 80 + "…"


# ----------------------------------------------------------------------
# One call does bounded work, and a pause stops it
# ----------------------------------------------------------------------

LARGEST = {"points": 1000, "train_percent": 100, "hidden": [8] * 6, "batch_size": 1}


def test_a_step_of_too_much_work_is_refused_saying_how_many_epochs_fit():
    session = PlaygroundSession(LARGEST)
    # 393 weights and biases, 1000 points in 1000 batches: 786,000 units an epoch
    with pytest.raises(PlaygroundError, match=r"step: 100 epochs are too much work for one call: 1000 training "
                                              r"points in 1000 batches through 393 weights and biases are "
                                              r"786,000 units an epoch .* ask for at most 2 epochs at a time"):
        session.step(100)
    assert session.epoch == 0 and session.state(grids=False)["epoch_progress"] is None
    assert small_session().step(100)["epoch"] == 100      # a small network may take a hundred at once


def pause_after_updates(session, updates):
    """Make the session's optimizer call ``session.pause()`` after its ``updates``-th update."""
    optimizer = session._optimizer
    step, count = optimizer.step, [0]

    def counted():
        step()
        count[0] += 1
        if count[0] == updates:
            session.pause()
    optimizer.step = counted


def test_a_pause_stops_a_long_epoch_between_two_updates_and_the_next_step_finishes_it_as_fit_would():
    settings = {"dataset": "xor", "points": 400, "train_percent": 100, "hidden": [8, 8], "batch_size": 1}
    session, uninterrupted = PlaygroundSession(settings), PlaygroundSession(settings)
    pause_after_updates(session, 30)
    answer = session.step(2)
    assert answer == {"epoch": 0, "train_loss": answer["train_loss"], "stopped": True, "epoch_progress": [30, 400]}
    assert session.state(grids=False)["epoch_progress"] == [30, 400]
    assert session.step(2)["epoch"] == 2                  # the rest of epoch 1, then epoch 2
    uninterrupted.step(2)
    assert session.model.weights() == uninterrupted.model.weights()
    assert session.state(grids=False)["loss"]["train"] == uninterrupted.state(grids=False)["loss"]["train"]


def test_a_pause_lets_a_short_epoch_finish():
    session = small_session()
    pause_after_updates(session, 1)
    assert session.step(3) == {"epoch": 1, "train_loss": session.state(grids=False)["loss"]["last_train"],
                               "stopped": True, "epoch_progress": None}


def test_a_pause_from_another_thread_stops_a_step_that_trains():
    session = PlaygroundSession(LARGEST)
    answers = []
    worker = threading.Thread(target=lambda: answers.append(session.step(2)))
    worker.start()
    while session._last_update is None:                   # the first update is made
        time.sleep(0.001)
    session.pause()
    worker.join()
    (answer,) = answers
    assert answer["stopped"] and answer["epoch"] < 2


def test_a_removed_point_leaves_the_epoch_a_pause_stopped_on_the_others():
    settings = {"dataset": "xor", "points": 400, "train_percent": 100, "hidden": [8, 8], "batch_size": 1}
    session = PlaygroundSession(settings)
    pause_after_updates(session, 30)
    session.step()
    done, order = session._unfinished["next"], list(session._order)
    removed = order[0]                                    # a point the epoch has trained on
    session.remove_point(removed)
    assert session._unfinished["next"] == done - 1
    assert session._order == [k - (k > removed) for k in order if k != removed]
    assert session.step()["epoch"] == 1


# ----------------------------------------------------------------------
# Requests that do not fit, through the one door
# ----------------------------------------------------------------------

@pytest.mark.parametrize("name, args, message", [
    ("configure", {"self": 1}, r"configure: unknown setting 'self'"),
    ("configure", {"learning_rate": 10 ** 400}, r"learning_rate must be a number above 0 and at most 10; got 1000"),
    ("add_point", {"x": 10 ** 400, "y": 0, "label": 1}, r"add_point: x must be a finite number, got 1000"),
    ("step", {"self": 1}, r"step: got an unexpected keyword argument 'self'"),
    ("step", {"while_playing": 1}, r"step: while_playing must be true or false, got 1"),
])
def test_arguments_that_do_not_fit_are_named_and_change_nothing(name, args, message):
    session = small_session()
    before = session.settings(), session.epoch, len(points_of(session)[0])
    with pytest.raises(PlaygroundError, match=message):
        session.call(name, args)
    assert (session.settings(), session.epoch, len(points_of(session)[0])) == before


def test_coordinates_too_large_for_the_plane_are_refused_naming_the_point():
    with pytest.raises(ValueError, match=r"nn.playground: X\[1\]\[0\] is 1.7e\+308; the page's plane takes "
                                         r"coordinates from -1e\+06 to 1e\+06"):
        PlaygroundSession(X=[[0.0, 0.0], [1.7e308, 0.0]], Y=[0, 1])
    session = PlaygroundSession(X=[[0.0, 0.0], [1e6, -1e6]], Y=[0, 1])
    assert as_json(session.state()) and all(math.isfinite(c) for c in session.state()["data"]["plane"])


# ----------------------------------------------------------------------
# Every number on the page has a name of its own
# ----------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_the_gradient_the_last_update_used_is_named_apart_from_the_one_at_the_current_weights(optimizer):
    session = small_session(optimizer=optimizer)
    session.step()
    answer = session.inspect("L0.n1.w0")
    used = session.model.layers[0].neurons[1].w[0].grad
    assert answer["last_update"]["grad"] == used != answer["grad"]
    named = {}
    for line in answer["formula"] + answer["last_update"]["lines"]:
        # a name given a number: at the start of a line or of a clause ("m̂ = …, v̂ = …")
        for name, number in re.findall(r"(?:^|[(,] ?)(\S+) = (-?[\d.]+(?:e[-+]?\d+)?)", line):
            named.setdefault(name, set()).add(float(number))
    assert named["L0.n1.w0.grad"] == {float(format_number(used))}
    assert "dloss/dL0.n1.w0" not in named                 # the page writes it with answer["grad"] alone
    assert all(len(numbers) == 1 for numbers in named.values()), named


# ----------------------------------------------------------------------
# Words
# ----------------------------------------------------------------------

def test_a_bias_free_neuron_is_written_without_b():
    session = PlaygroundSession(model=nn.MLP(2, [2, 1], seed=0, bias=False))
    assert session.inspect("L0.n1.w0")["formula"][1] == "∂L0.n1.net/∂L0.n1.w0 = x0   (net = Σᵢ wᵢ·xᵢ, no bias)"
    assert small_session().inspect("L0.n1.w0")["formula"][1].endswith("(net = Σᵢ wᵢ·xᵢ + b)")


def test_the_python_export_says_whose_data_it_trained_on():
    X, Y = nn.xor()
    text = PlaygroundSession(model=mixed_model(), X=X, Y=Y).export("python")["text"]
    assert ("A 2-3-2-1 network of hidden units of relu, tanh, 0 epochs on your own data (4 points) "
            "with the bce_with_logits loss and SGD") in " ".join(text.split())


def test_a_backward_step_says_which_derivative_of_a_neuron_it_reaches():
    session = small_session(hidden=[3, 2])
    steps = session.backward(2)["steps"]
    parts = {(step["input"], step["input_neuron"], step["input_part"]) for step in steps}
    assert ("L0.n1.out", "L0.n1", "out") in parts and ("L1.n0.net", "L1.n0", "net") in parts
    assert ("L1.n0.w2", None, None) in parts and ("loss.sum", None, None) in parts


def test_a_pause_also_stops_a_step_that_waits_for_another_call():
    session = small_session()
    answers = []
    with session._lock:                                   # another call holds the session
        worker = threading.Thread(target=lambda: answers.append(session.step(5)))
        worker.start()
        time.sleep(0.2)                                   # the step waits for the lock
        pauser = threading.Thread(target=session.pause)
        pauser.start()
        time.sleep(0.2)
    worker.join()
    pauser.join()
    assert answers[0]["stopped"] and answers[0]["epoch"] < 5
