import json
import os
import re

import pytest

import nn
from nn import MLP


def _model(seed=0):
    return MLP(2, [3, 2], seed=seed)


def test_save_load_round_trip_is_exact(tmp_path):
    a, b = _model(1), _model(2)
    path = tmp_path / "w.json"
    nn.save(a, path)
    nn.load(b, path)
    assert b.state_dict() == a.state_dict()
    doc = json.loads(path.read_text())
    assert doc["model"] == "MLP(2 → 3 relu → 2 linear)" and len(doc["parameters"]) == 17
    assert os.listdir(tmp_path) == ["w.json"]  # no temp file left behind


def test_save_replaces_atomically_and_cleans_up_on_failure(tmp_path):
    path = tmp_path / "w.json"
    nn.save(_model(1), path)
    original = path.read_text()
    bad = _model(2)
    bad.parameters()[0].data = float("nan")
    with pytest.raises(ValueError, match="layers.0.neurons.0.w.0 is nan"):
        nn.save(bad, path)
    assert path.read_text() == original and os.listdir(tmp_path) == ["w.json"]


@pytest.mark.parametrize("where", ["os.fsync", "os.replace"])
def test_a_save_that_fails_midway_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch, where):
    path = tmp_path / "w.json"
    nn.save(_model(1), path)
    original = path.read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(f"autograd.files.{where}", crash)  # after the temp file is written, or at the rename
    with pytest.raises(OSError, match="disk full"):
        nn.save(_model(2), path)
    assert path.read_text() == original and os.listdir(tmp_path) == ["w.json"]
    model = _model(3)
    nn.load(model, path)
    assert model.state_dict() == _model(1).state_dict()


def _edit(change):
    """A corruption that rewrites the saved parameters object with ``change``."""

    def corrupt(text):
        doc = json.loads(text)
        doc["parameters"] = change(doc["parameters"])
        return json.dumps(doc)

    return corrupt


def _corruptions():
    return {
        "truncated": (lambda text: text[: len(text) // 2], "not valid JSON \\(truncated\\?\\)"),
        "not an object": (lambda text: "[1, 2]", "not a chainrule weights file"),
        "other version": (lambda text: text.replace('"version": 1', '"version": 9'), "has version 9"),
        "nan": (_edit(lambda p: {**p, next(iter(p)): float("nan")}), "NaN is not a finite number"),
        "string value": (
            _edit(lambda p: {**p, "layers.0.neurons.0.b": "x"}),
            "layers.0.neurons.0.b must be a number, got str",
        ),
        "list value": (
            _edit(lambda p: {**p, "layers.0.neurons.0.b": [1.0]}),
            "layers.0.neurons.0.b must be a number, got list",
        ),
        "missing name": (
            _edit(lambda p: dict(list(p.items())[:-1])),
            "16 values for 17 parameters .* missing: layers.1.neurons.1.b",
        ),
        "unexpected name": (_edit(lambda p: {**p, "layers.2.b": 0.5}), "unexpected: layers.2.b"),
        "no parameters": (_edit(lambda p: None), 'no "parameters" object'),
        "not utf-8": (lambda text: text.replace("format", "f\udcffrmat"), "not valid JSON"),
    }


@pytest.mark.parametrize("kind", list(_corruptions()))
def test_load_rejects_bad_files_and_leaves_model_unchanged(tmp_path, kind):
    corrupt, message = _corruptions()[kind]
    path = tmp_path / "w.json"
    nn.save(_model(1), path)
    path.write_bytes(corrupt(path.read_text()).encode("utf-8", "surrogateescape"))
    model = _model(2)
    before = model.state_dict()
    with pytest.raises(ValueError, match=message):
        nn.load(model, path)
    assert model.state_dict() == before


def test_load_rejects_another_architecture(tmp_path):
    path = tmp_path / "w.json"
    nn.save(MLP(2, [16, 16, 1], seed=0), path)
    model = _model(2)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"saved from MLP\(2 → 16 relu → 16 relu → 1 linear\).*unexpected: "):
        nn.load(model, path)
    assert model.state_dict() == before


def _set_first_parameter(text, raw):
    """The saved file with its first parameter's value replaced by the JSON text ``raw``."""
    return re.sub(r'("layers\.0\.neurons\.0\.w\.0": )[^,\n]+', lambda m: m.group(1) + raw, text, count=1)


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("1" + "0" * 400, "an integer of 401 digits"),
        ("-" + "9" * 5000, "an integer of 5,000 digits"),  # more digits than Python turns into an int
        ("1e400", "1e400"),
    ],
)
def test_load_names_file_and_parameter_of_a_number_too_large_for_a_float(tmp_path, raw, shown):
    path = tmp_path / "w.json"
    nn.save(_model(1), path)
    path.write_text(_set_first_parameter(path.read_text(), raw))
    model = _model(2)
    before = model.state_dict()
    with pytest.raises(ValueError) as caught:
        nn.load(model, path)
    assert str(caught.value).startswith(f"load: {path}")
    assert f"layers.0.neurons.0.w.0 is {shown}, too large for a float" in str(caught.value)
    assert model.state_dict() == before


@pytest.mark.parametrize("text", ["[" * 100_000, '{"format": ' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_load_of_deeply_nested_json_is_a_value_error_naming_the_file(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text)
    model = _model(2)
    before = model.state_dict()
    with pytest.raises(ValueError, match=f"load: {re.escape(str(path))} .*nest.* too deep"):
        nn.load(model, path)
    assert model.state_dict() == before
