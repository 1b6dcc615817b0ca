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
    document["version"] = 2
    with pytest.raises(ValueError, match="format version 2 is not supported"):
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
    with pytest.raises(ValueError, match=r"weights\[0\]\[0\]\[0\] must be a number, got str"):
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
