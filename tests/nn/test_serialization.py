"""save/load as JSON, state_dict/load_state_dict: exact round trips and clear errors."""

import json
import math

import pytest

import nn
from nn import MLP


def trained_looking_model():
    return MLP(3, [4, 2], activation="relu", output_activation="softmax", seed=3)


# ----------------------------------------------------------------------
# save / load
# ----------------------------------------------------------------------

def test_load_gives_back_every_parameter_exactly(tmp_path):
    model = trained_looking_model()
    model.parameters()[0].data = 0.1 + 0.2            # a float that needs all 17 digits
    nn.save(model, tmp_path / "model.json")
    loaded = nn.load(tmp_path / "model.json")
    assert loaded.state_dict() == model.state_dict()


def test_load_rebuilds_the_architecture(tmp_path):
    model = trained_looking_model()
    nn.save(model, tmp_path / "model.json")
    loaded = nn.load(tmp_path / "model.json")
    assert repr(loaded) == repr(model) == "MLP(3 -> [4 relu, 2 softmax])"


def test_loaded_model_computes_the_same_outputs(tmp_path):
    model = trained_looking_model()
    nn.save(model, tmp_path / "model.json")
    loaded = nn.load(tmp_path / "model.json")
    x = [0.3, -1.2, 2.0]
    assert [o.data for o in loaded(x)] == [o.data for o in model(x)]


def test_a_model_without_biases_round_trips(tmp_path):
    model = MLP.from_weights([[[1.0, 2.0]], [[0.5]]], None, ["tanh", "identity"])
    nn.save(model, tmp_path / "model.json")
    loaded = nn.load(tmp_path / "model.json")
    assert loaded.biases() == [None, None] and loaded.weights() == [[[1.0, 2.0]], [[0.5]]]


def test_saved_file_is_json_with_format_and_version(tmp_path):
    nn.save(MLP(2, [1], seed=0), tmp_path / "model.json")
    document = json.loads((tmp_path / "model.json").read_text())
    assert document["format"] == "autograd-core-mlp" and document["version"] == 1
    assert document["architecture"] == {"nin": 2, "layers": [{"nout": 1, "activation": "identity", "bias": True}]}


def test_save_accepts_only_an_mlp(tmp_path):
    with pytest.raises(TypeError, match="save: expected an MLP, got Layer"):
        nn.save(nn.Layer(2, 2), tmp_path / "layer.json")


def write_document(tmp_path, document):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document))
    return path


def saved_document(tmp_path):
    nn.save(MLP(2, [2, 1], seed=0), tmp_path / "model.json")
    return json.loads((tmp_path / "model.json").read_text())


def test_loading_a_file_that_is_not_json_is_an_error(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(b"\x80\x04\x95 this is a pickle, not JSON")
    with pytest.raises(ValueError, match="not a JSON model file"):
        nn.load(path)


def test_loading_truncated_json_is_an_error(tmp_path):
    path = tmp_path / "model.json"
    nn.save(MLP(2, [1], seed=0), path)
    path.write_text(path.read_text()[:40])
    with pytest.raises(ValueError, match="not a JSON model file"):
        nn.load(path)


def test_loading_some_other_json_is_an_error_naming_the_expected_format(tmp_path):
    path = write_document(tmp_path, {"name": "not a model"})
    with pytest.raises(ValueError, match="not a saved MLP \\(expected format 'autograd-core-mlp', found None\\)"):
        nn.load(path)


def test_loading_a_json_list_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="not a saved MLP"):
        nn.load(write_document(tmp_path, [1, 2, 3]))


def test_loading_a_newer_version_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    document["version"] = 3
    with pytest.raises(ValueError, match=r"format version 3 is not supported \(this library reads "
                                         r"versions 1 and 2\)"):
        nn.load(write_document(tmp_path, document))


def test_loading_a_file_without_weights_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    del document["weights"]
    with pytest.raises(ValueError, match="no 'weights' entry"):
        nn.load(write_document(tmp_path, document))


def test_loading_weights_of_the_wrong_shape_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    document["weights"][1][0].append(0.5)
    with pytest.raises(ValueError, match=r"weights\[1\]\[0\] has 3 weights but layer 0 has 2 neurons"):
        nn.load(write_document(tmp_path, document))


def test_loading_weights_that_disagree_with_the_architecture_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    document["architecture"]["layers"][0]["nout"] = 3
    with pytest.raises(ValueError, match="weights do not match the architecture"):
        nn.load(write_document(tmp_path, document))


def test_loading_an_unknown_activation_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    document["architecture"]["layers"][0]["activation"] = "swish"
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        nn.load(write_document(tmp_path, document))


def test_loading_a_malformed_architecture_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    document["architecture"] = {"nin": 2}
    with pytest.raises(ValueError, match="malformed architecture"):
        nn.load(write_document(tmp_path, document))


def test_loading_a_nan_weight_is_an_error(tmp_path):
    path = tmp_path / "model.json"
    nn.save(MLP.from_weights([[[1.5]]], None, "identity"), path)
    path.write_text(path.read_text().replace("1.5", "NaN"))
    with pytest.raises(ValueError, match="NaN, which is not a finite number"):
        nn.load(path)


def test_loading_a_string_weight_is_an_error(tmp_path):
    document = saved_document(tmp_path)
    document["weights"][0][0][0] = "0.5"
    with pytest.raises(ValueError, match=r"weights\[0\]\[0\]\[0\] \(layer 0, neuron 0, weight 0\) must be a number, got str"):
        nn.load(write_document(tmp_path, document))


# ----------------------------------------------------------------------
# state_dict / load_state_dict
# ----------------------------------------------------------------------

def test_state_dict_maps_labels_to_numbers_in_parameter_order():
    model = MLP(2, [2, 1], seed=0)
    state = model.state_dict()
    assert list(state) == [p.label for p in model.parameters()]
    assert list(state.values()) == [p.data for p in model.parameters()]


def test_load_state_dict_copies_another_models_parameters():
    source, target = MLP(2, [3, 1], seed=1), MLP(2, [3, 1], seed=2)
    target.load_state_dict(source.state_dict())
    assert target.state_dict() == source.state_dict()
    assert target([0.5, -0.5]).data == source([0.5, -0.5]).data


def test_state_dict_is_a_copy_not_a_view():
    model = MLP(2, [1], seed=0)
    state = model.state_dict()
    model.parameters()[0].data += 1.0
    assert state["L0.n0.w0"] != model.parameters()[0].data


def test_load_state_dict_with_a_missing_key_names_it_and_changes_nothing():
    model = MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    state = {label: 0.0 for label in before}
    del state["L1.n0.b"]
    with pytest.raises(ValueError, match=r"missing keys \['L1.n0.b'\]"):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_load_state_dict_of_a_different_shape_names_the_extra_keys():
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(ValueError, match=r"unexpected keys \['L0.n0.w2'"):
        model.load_state_dict(MLP(3, [2, 1], seed=0).state_dict())


def test_load_state_dict_with_a_bad_value_changes_nothing():
    model = MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    state = {label: 0.0 for label in before}
    state["L1.n0.w1"] = math.inf
    with pytest.raises(ValueError, match="'L1.n0.w1' must be a finite number, got inf"):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_load_state_dict_needs_a_dict():
    with pytest.raises(TypeError, match="expected a dict of label -> number, got list"):
        MLP(2, [1], seed=0).load_state_dict([0.0, 0.0, 0.0])


# ----------------------------------------------------------------------
# save: the old file survives any failure
# ----------------------------------------------------------------------

import os
import signal
import subprocess
import sys

from autograd_core import files


def test_a_failure_in_the_middle_of_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    nn.save(MLP(2, [1], seed=0), path)
    old = path.read_bytes()

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        nn.save(MLP(5, [10, 10, 1], seed=1), path)
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["model.json"]          # no temporary file left behind


def test_a_ctrl_c_in_the_middle_of_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    nn.save(MLP(2, [1], seed=0), path)
    old = path.read_bytes()
    real_replace = files.os.replace

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        nn.save(MLP(5, [10, 1], seed=1), path)
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert path.read_bytes() == old and os.listdir(tmp_path) == ["model.json"]


SAVING_CHILD = r"""
import resource, signal, sys
import nn
model = nn.MLP(100, [300, 1], seed=0)                 # a file of about 800 kB
# Python ignores SIGXFSZ, so a write past the limit fails with EFBIG (as on a full
# disk); with the default action the process is killed at that write instead.
if sys.argv[2] == "killed":
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
nn.save(model, sys.argv[1])
"""


@pytest.mark.parametrize("how", ["killed", "error"])
def test_a_process_stopped_in_the_middle_of_writing_leaves_the_old_model_file(tmp_path, how):
    # The operating system stops the child after 100 kB of the new file: killed
    # by SIGXFSZ, or its write fails as on a full disk.
    path = tmp_path / "model.json"
    original = MLP(3, [2, 1], seed=5)
    nn.save(original, path)
    old = path.read_bytes()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = subprocess.run([sys.executable, "-c", SAVING_CHILD, str(path), how], cwd=root,
                           capture_output=True, text=True, timeout=60)
    if how == "killed":
        assert child.returncode == -signal.SIGXFSZ
    else:
        assert child.returncode == 1 and "File too large" in child.stderr
    assert path.read_bytes() == old
    assert nn.load(path).state_dict() == original.state_dict()


def test_save_refuses_an_int_path_which_would_be_a_file_descriptor():
    with pytest.raises(TypeError, match="save: path must be a file name .* got int: 2"):
        nn.save(MLP(2, [1], seed=0), 2)


def test_load_refuses_an_int_path():
    with pytest.raises(TypeError, match="load: path must be a file name .* got int: 0"):
        nn.load(0)


# ----------------------------------------------------------------------
# load: limits, and every bad file answered with a ValueError naming it
# ----------------------------------------------------------------------

def test_load_refuses_a_file_larger_than_max_bytes_before_reading_it(tmp_path):
    path = tmp_path / "model.json"
    nn.save(MLP(2, [3, 1], seed=0), path)
    size = path.stat().st_size
    with pytest.raises(ValueError, match=rf"model.json'\): the file has {size:,} bytes, more than "
                                         rf"max_bytes = 100; pass a larger max_bytes"):
        nn.load(path, max_bytes=100)


def test_a_larger_max_bytes_lets_a_large_file_load(tmp_path):
    path = tmp_path / "model.json"
    model = MLP(2, [3, 1], seed=0)
    nn.save(model, path)
    size = path.stat().st_size
    assert nn.load(path, max_bytes=size).state_dict() == model.state_dict()


def test_the_default_size_limit_is_100_mb(tmp_path):
    assert nn.serialization.MAX_BYTES == 100_000_000
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(100_000_001)                          # sparse: no disk used
    with pytest.raises(ValueError, match="the file has 100,000,001 bytes, more than max_bytes = 100,000,000"):
        nn.load(path)


@pytest.mark.parametrize("max_bytes", [0, -1, 2.5, True, "1e9"])
def test_max_bytes_must_be_a_positive_int(tmp_path, max_bytes):
    with pytest.raises(ValueError, match="max_bytes must be a positive int"):
        nn.load(tmp_path / "model.json", max_bytes=max_bytes)


def test_deeply_nested_lists_are_a_value_error_naming_the_file(tmp_path):
    path = tmp_path / "deep.json"
    # spaces after it, so that it is not already refused as too many lists for its size
    path.write_text("[" * 100_000 + "]" * 100_000 + " " * 250_000)
    with pytest.raises(ValueError, match=r"load\('.*deep.json'\): not a JSON model file: .*nested too deeply"):
        nn.load(path)


def test_deeply_nested_weights_are_a_value_error_naming_the_place(tmp_path):
    document = saved_document(tmp_path)
    document["weights"][0][0][0] = json.loads("[" * 500 + "]" * 500)
    path = write_document(tmp_path, document)
    with open(path, "a") as f:
        f.write(" " * 2000)      # room for its lists in the memory budget
    with pytest.raises(ValueError, match=r"weights\[0\]\[0\]\[0\] \(layer 0, neuron 0, weight 0\) must be a number, got list"):
        nn.load(path)


def test_a_400_digit_integer_weight_is_a_value_error(tmp_path):
    path = tmp_path / "model.json"
    nn.save(MLP.from_weights([[[1.5]]], None, "identity"), path)
    path.write_text(path.read_text().replace("1.5", "9" * 400))
    with pytest.raises(ValueError, match=r"model.json'\): weights\[0\]\[0\]\[0\] \(layer 0, neuron 0, weight 0\) is "
                                         r"<an int of about 400 digits>, too large for a float"):
        nn.load(path)


def test_a_5000_digit_integer_is_a_value_error(tmp_path):
    path = tmp_path / "model.json"
    nn.save(MLP.from_weights([[[1.5]]], None, "identity"), path)
    path.write_text(path.read_text().replace("1.5", "9" * 5000))   # beyond Python's int-from-text limit
    with pytest.raises(ValueError, match=r"model.json'\): "):
        nn.load(path)


def test_a_file_that_is_not_utf8_is_a_value_error_naming_the_file(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(b'{"format": "\xff\xfe"}')
    with pytest.raises(ValueError, match=r"load\('.*model.json'\): not a JSON model file"):
        nn.load(path)


@pytest.mark.parametrize("key", ["format", "version"])
def test_a_huge_string_from_the_file_is_quoted_only_in_part(tmp_path, key):
    document = saved_document(tmp_path)
    document[key] = "x" * 2_000_000
    with pytest.raises(ValueError) as error:
        nn.load(write_document(tmp_path, document))
    message = str(error.value)
    assert len(message) < 400 and "characters left out" in message


def test_a_huge_string_weight_is_quoted_only_in_part(tmp_path):
    document = saved_document(tmp_path)
    document["weights"][0][0][0] = "7" * 1_000_000
    with pytest.raises(ValueError, match="must be a number, got str") as error:
        nn.load(write_document(tmp_path, document))
    assert len(str(error.value)) < 400


def test_a_huge_activation_name_is_quoted_only_in_part(tmp_path):
    document = saved_document(tmp_path)
    document["architecture"]["layers"][0]["activation"] = "s" * 1_000_000
    with pytest.raises(ValueError, match="unknown activation") as error:
        nn.load(write_document(tmp_path, document))
    assert len(str(error.value)) < 600


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(version=True), r"format version True is not supported"),
    (lambda d: d.update(version=1.0), r"format version 1.0 is not supported"),
    (lambda d: d["architecture"].update(nin=True), r"'nin' must be a positive int, got boolean True"),
    (lambda d: d["architecture"].update(nin=2.0), r"'nin' must be a positive int, got number 2.0"),
    (lambda d: d["architecture"]["layers"][0].update(bias=1), r"layers\[0\]\['bias'\] must be true or false, got number 1"),
    (lambda d: d["architecture"]["layers"][0].update(nout=True), r"layers\[0\]\['nout'\] must be a positive int, got boolean True"),
    (lambda d: d["architecture"]["layers"][1].update(activation=None), r"layers\[1\]\['activation'\] must be a str, got null None"),
    (lambda d: d["architecture"].update(layers={}), r"'layers' must be a non-empty list, got object"),
    (lambda d: d.update(architecture=[2]), r"'architecture' must be an object, got array"),
    (lambda d: d["weights"][0][0].__setitem__(0, True), r"weights\[0\]\[0\]\[0\] \(layer 0, neuron 0, weight 0\) must be a number, got bool True"),
    (lambda d: d["biases"][0].__setitem__(1, "0"), r"biases\[0\]\[1\] \(layer 0, neuron 1's bias\) must be a number, got str '0'"),
    (lambda d: d.update(weights={"a": 1}), r"weights must be a list, got object"),
], ids=["version-true", "version-float", "nin-true", "nin-float", "bias-1", "nout-true",
        "activation-null", "layers-object", "architecture-array", "weight-true", "bias-string",
        "weights-object"])
def test_types_are_checked_strictly(tmp_path, change, message):
    document = saved_document(tmp_path)
    change(document)
    with pytest.raises(ValueError, match=message):
        nn.load(write_document(tmp_path, document))


def test_an_int_weight_is_read_as_a_float(tmp_path):
    document = saved_document(tmp_path)
    document["weights"][0][0][0] = 3
    assert nn.load(write_document(tmp_path, document)).parameters()[0].data == 3.0


def test_a_model_of_a_hundred_thousand_parameters_loads_in_little_memory(tmp_path):
    import tracemalloc
    path = tmp_path / "model.json"
    nn.save(MLP(100, [1000, 1], seed=0), path)            # 102,001 parameters, about 2.7 MB
    tracemalloc.start()
    try:
        model = nn.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(model.parameters()) == 102_001
    # the model itself (a Value, its float and its label per parameter) is about 25 MB
    assert peak < 12 * path.stat().st_size


def test_a_float_literal_beyond_the_float_range_is_a_value_error(tmp_path):
    path = tmp_path / "model.json"
    nn.save(MLP.from_weights([[[1.5]]], None, "identity"), path)
    path.write_text(path.read_text().replace("1.5", "1e400"))      # json reads it as inf
    with pytest.raises(ValueError, match=r"model.json'\): weights\[0\]\[0\]\[0\] \(layer 0, neuron 0, "
                                         r"weight 0\) is a number too large for a float \(read as inf\)"):
        nn.load(path)


@pytest.mark.parametrize("number", [2**1024 - 1, -(2**1024 - 2**970)], ids=["2^1024-1", "-(2^1024-2^970)"])
def test_an_integer_just_beyond_the_float_range_names_its_layer_neuron_and_weight(tmp_path, number):
    # 1024 bits, as many as the largest float has, yet it rounds up to 2^1024
    document = saved_document(tmp_path)
    document["weights"][0][1][0] = number
    with pytest.raises(ValueError, match=r"model.json'\): weights\[0\]\[1\]\[0\] \(layer 0, neuron 1, "
                                         r"weight 0\) is <an int of about 308 digits>, too large for a float"):
        nn.load(write_document(tmp_path, document))


# ----------------------------------------------------------------------
# Layers that share their parameters
# ----------------------------------------------------------------------

def shared_model():
    """A 2-2-2-1 network whose second layer uses the first layer's parameters."""
    return MLP.from_weights([[[0.5, -1.0], [2.0, 0.25]], [[0.5, -1.0], [2.0, 0.25]], [[1.0, -1.0]]],
                            [[0.1, -0.2], [0.1, -0.2], [0.0]], ["tanh", "sigmoid", "identity"],
                            same_parameters_as=[None, 0, None])


def test_a_model_with_shared_layers_round_trips_sharing_its_parameters(tmp_path):
    model = shared_model()
    nn.save(model, tmp_path / "model.json")
    document = json.loads((tmp_path / "model.json").read_text())
    assert document["version"] == 2
    assert [layer.get("same_parameters_as") for layer in document["architecture"]["layers"]] == [None, 0, None]
    back = nn.load(tmp_path / "model.json")
    assert back.same_parameters_as() == [None, 0, None]
    assert back.layers[1].neurons[1].w[0] is back.layers[0].neurons[1].w[0]
    assert back.state_dict() == model.state_dict() and len(back.parameters()) == 9
    assert back([0.3, 0.7]).data == model([0.3, 0.7]).data


def test_a_model_without_shared_layers_is_still_written_as_version_1(tmp_path):
    nn.save(MLP(2, [2, 1], seed=0), tmp_path / "model.json")
    assert json.loads((tmp_path / "model.json").read_text())["version"] == 1


def test_same_parameters_as_in_a_version_1_file_is_an_error(tmp_path):
    nn.save(shared_model(), tmp_path / "model.json")
    document = json.loads((tmp_path / "model.json").read_text())
    document["version"] = 1
    with pytest.raises(ValueError, match=r"layers\[1\] has 'same_parameters_as', which only a version 2"):
        nn.load(write_document(tmp_path, document))


@pytest.mark.parametrize("source, message", [
    (1, r"'same_parameters_as'\] must be the index of an earlier layer \(0 to 0\), got number 1"),
    (True, r"must be the index of an earlier layer \(0 to 0\), got boolean True"),
    ("0", r"must be the index of an earlier layer \(0 to 0\), got string '0'"),
])
def test_same_parameters_as_must_name_an_earlier_layer(tmp_path, source, message):
    nn.save(shared_model(), tmp_path / "model.json")
    document = json.loads((tmp_path / "model.json").read_text())
    document["architecture"]["layers"][1]["same_parameters_as"] = source
    with pytest.raises(ValueError, match=message):
        nn.load(write_document(tmp_path, document))


def test_a_shared_layer_whose_numbers_differ_in_the_file_is_an_error(tmp_path):
    nn.save(shared_model(), tmp_path / "model.json")
    document = json.loads((tmp_path / "model.json").read_text())
    document["weights"][1][0][0] = 0.75
    with pytest.raises(ValueError, match=r"layer 1 is to use the parameters of layer 0, but weights\[1\] "
                                         r"and weights\[0\] differ"):
        nn.load(write_document(tmp_path, document))


def test_parameters_shared_other_than_as_whole_layers_are_refused_by_save(tmp_path):
    model = MLP(2, [2, 2], seed=0)
    model.layers[1].neurons[0].w = model.layers[0].neurons[0].w
    with pytest.raises(ValueError, match="shared between layers other than as whole layers"):
        nn.save(model, tmp_path / "model.json")
    assert not (tmp_path / "model.json").exists()


def test_activations_with_parameters_round_trip(tmp_path):
    model = MLP(2, [3, 2, 1], activation="softplus(beta=2, threshold=1)",
                output_activation="leaky_relu(negative_slope=0.2)", seed=0)
    nn.save(model, tmp_path / "model.json")
    back = nn.load(tmp_path / "model.json")
    assert [layer.activation for layer in back.layers] == [
        "softplus(beta=2.0, threshold=1.0)", "softplus(beta=2.0, threshold=1.0)",
        "leaky_relu(negative_slope=0.2)"]
    assert back([0.4, -0.1]).data == model([0.4, -0.1]).data


# ----------------------------------------------------------------------
# Memory: at most BYTES_PER_FILE_BYTE per byte of file
# ----------------------------------------------------------------------

def test_a_file_of_neurons_written_in_four_bytes_each_is_refused_before_the_model_is_built(tmp_path):
    # [0], per neuron: a model of 180 bytes of memory per byte of file
    count = 20_000
    path = tmp_path / "model.json"
    path.write_text(json.dumps({
        "format": "autograd-core-mlp", "version": 1,
        "architecture": {"nin": 1, "layers": [{"nout": count, "activation": "elu", "bias": False}]},
        "weights": [[[0]] * count], "biases": None}, separators=(",", ":")))
    with pytest.raises(ValueError, match=r"model.json'\): loading this file would take about [\d.]+ MB of "
                                         r"memory, more than 50 bytes for each of its [\d,]+ bytes \(it holds "
                                         r"1 layer, 20,000 neurons and 20,000 weights and biases"):
        nn.load(path)


def test_a_file_of_nested_empty_lists_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "model.json"
    path.write_text("[" + ",".join(["[" * 100 + "]" * 100] * 300) + "]")
    with pytest.raises(ValueError, match=r"would take about [\d.]+ MB of memory, more than 50 bytes .*"
                                         r"\(its text holds so many lists, objects and numbers\)"):
        nn.load(path)


@pytest.mark.parametrize("weights, biases", [
    ([[[0.0]] * 600], [[0.0] * 600]),            # neurons of one weight: the most memory per byte
    ([[[0.0]] * 600], None),
    ([[[0.0]]] * 200, [[0.0]] * 200),            # layers of one neuron
    ([[[0.0] * 30] * 30], None),
])
def test_every_file_save_writes_loads_within_the_memory_budget(tmp_path, weights, biases):
    import tracemalloc
    from nn.load_budget import BYTES_PER_FILE_BYTE
    path = tmp_path / "model.json"
    nn.save(MLP.from_weights(weights, biases, "tanh"), path)
    tracemalloc.start()
    try:
        model = nn.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert model.weights() == weights
    assert peak <= BYTES_PER_FILE_BYTE * path.stat().st_size


@pytest.mark.parametrize("text, found", [("[]", "a JSON array"), ("{}", "None"), ("7", "a JSON number"),
                                         ('""', "a JSON string")])
def test_a_tiny_file_that_is_not_a_model_is_refused_for_what_it_holds_not_its_memory(
        tmp_path, text, found):
    path = tmp_path / "model.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=rf"not a saved MLP \(expected format 'autograd-core-mlp', "
                                         rf"found {found}\)"):
        nn.load(path)
