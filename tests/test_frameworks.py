"""Where frameworks disagree: every entry's FrameworkName data, and ``name@framework`` specs
(``get("leaky_relu@keras")``) with their labels, round trips and one-line errors."""

from __future__ import annotations

import re

import pytest

import actviz
from actviz.activations.registry import (
    FRAMEWORK_ALIASES, FRAMEWORKS, FrameworkName, lookup, select, split_framework,
)
from actviz.errors import FrameworkError, ParameterError, UnknownActivationError
from tests.conftest import ALL_NAMES

SHIPPED = [(name, shipped.framework) for name in ALL_NAMES for shipped in lookup(name).frameworks]


# --------------------------------------------------------------------------------------------
# The data, for every registered entry (a new one is checked the moment it is registered)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_NAMES)
def test_each_framework_is_listed_once_with_a_name(name):
    frameworks = [shipped.framework for shipped in lookup(name).frameworks]
    assert len(frameworks) == len(set(frameworks)), f"{name} lists a framework twice"
    assert set(frameworks) <= set(FRAMEWORKS)
    assert all(shipped.name.strip() for shipped in lookup(name).frameworks)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_framework_defaults_are_valid_parameters_of_the_entry(name):
    activation = lookup(name)
    for shipped in activation.frameworks:
        assert set(shipped.defaults) <= set(activation.defaults), (name, shipped.framework)
        bound = activation.bind_in(shipped.framework)  # validates every value and the check
        assert bound.params == {**activation.defaults, **shipped.defaults}
        assert bound.framework == shipped.framework


@pytest.mark.parametrize("name", ALL_NAMES)
def test_notes_come_in_english_and_chinese_and_name_real_entries(name):
    for shipped in lookup(name).frameworks:
        if isinstance(shipped.note, str):
            assert not re.search(r"[\u4e00-\u9fff]", shipped.note), "a str note is English"
            continue
        assert set(shipped.note) == {"en", "zh"} and all(shipped.note.values())
        en, zh = (re.findall(r"`([^`]+)`", shipped.note[lang]) for lang in ("en", "zh"))
        assert en == zh, f"{name}@{shipped.framework}: both languages name the same entries"
        for span in en:
            actviz.get(span)  # raises for a name that is not registered


def test_the_disagreements_the_issue_names_are_recorded():
    slopes = {shipped.framework: shipped.defaults["negative_slope"]
              for shipped in lookup("leaky_relu").frameworks}
    assert slopes["pytorch"] == slopes["jax"] == slopes["mlx"] == 0.01
    assert slopes["keras"] == slopes["tensorflow"] == 0.2
    # JAX's gelu defaults to the tanh form: plain jax.nn.gelu is listed under gelu_tanh.
    assert lookup("gelu_tanh").in_framework("jax").name == "jax.nn.gelu"
    assert lookup("gelu").in_framework("jax").name == "jax.nn.gelu(approximate=False)"
    assert "`gelu_tanh`" in lookup("gelu").in_framework("jax").note_in("en")
    assert "threshold=20" in lookup("softplus").in_framework("pytorch").note_in("zh")


def test_a_note_falls_back_to_english_and_is_checked_when_declared():
    english_only = FrameworkName("jax", "jax.nn.relu", note="plain text")
    assert english_only.note_in("zh") == "plain text"
    assert FrameworkName("jax", "jax.nn.relu", note={"en": "a", "zh": ""}).note_in("zh") == "a"
    assert english_only.to_json("zh") == {"framework": "jax", "title": "JAX",
                                          "name": "jax.nn.relu", "defaults": {},
                                          "note": "plain text"}
    with pytest.raises(ValueError, match="framework must be one of"):
        FrameworkName("caffe", "caffe.ReLU")
    with pytest.raises(ValueError, match="needs an 'en' text"):
        FrameworkName("jax", "jax.nn.relu", note={"zh": "只有中文"})


# --------------------------------------------------------------------------------------------
# name@framework
# --------------------------------------------------------------------------------------------


def test_a_framework_spec_starts_from_that_frameworks_defaults():
    assert actviz.get("leaky_relu@keras").params == {"negative_slope": 0.2}
    assert actviz.get("leaky_relu@pytorch").params == {"negative_slope": 0.01}
    assert actviz.get("prelu@keras").params == {"a": 0.0}
    # Explicit values override the framework's, in the spec or as keywords.
    assert actviz.get("leaky_relu@keras:negative_slope=0.3").params == {"negative_slope": 0.3}
    assert actviz.get("leaky_relu@keras", negative_slope=0.1).params == {"negative_slope": 0.1}


@pytest.mark.parametrize(("written", "framework"), [
    ("leaky_relu@Keras", "keras"), ("Leaky-ReLU@keras", "keras"), ("lrelu@keras", "keras"),
    ("relu@torch", "pytorch"), ("gelu@tf", "tensorflow"), (" relu @ jax ", "jax"),
])
def test_names_aliases_and_framework_spellings_are_forgiving(written, framework):
    assert actviz.get(written).framework == framework


@pytest.mark.parametrize(("name", "framework"), SHIPPED)
def test_the_spec_round_trips_and_evaluates_like_the_entry(name, framework):
    bound = actviz.get(f"{name}@{framework}")
    again = actviz.get(bound.spec)
    assert (again.spec, again.label, again.params) == (bound.spec, bound.label, bound.params)
    plain = lookup(name).bind(**bound.params)
    assert float(bound(0.75)) == float(plain(0.75))
    assert float(bound.derivative(-0.75)) == float(plain.derivative(-0.75))


def test_labels_and_specs_say_whose_defaults_were_used():
    keras = actviz.get("leaky_relu@keras")
    assert keras.label == "LeakyReLU (Keras: a=0.2)"
    assert keras.spec == "leaky_relu@keras:negative_slope=0.2"
    assert actviz.get("relu@torch").label == "ReLU (PyTorch)"
    assert actviz.get("relu@torch").spec == "relu@pytorch"
    assert actviz.get("leaky_relu").label == "LeakyReLU (a=0.01)"  # unchanged without one
    assert actviz.get("leaky_relu@keras:negative_slope=0.3").non_default_params == {
        "negative_slope": 0.3}
    assert keras.non_default_params == {}  # measured from Keras' defaults


def test_a_wildcard_with_a_framework_selects_what_it_ships_at_its_defaults():
    chosen = select(["*relu*@keras"])
    assert [b.name for b in chosen] == ["leaky_relu", "prelu", "relu", "relu6"]
    assert {b.framework for b in chosen} == {"keras"}
    assert chosen[0].params == {"negative_slope": 0.2}
    with pytest.raises(UnknownActivationError, match=r"no activation matches 'gauss\*@jax'"):
        select(["gauss*@jax"])


def test_lookup_checks_the_framework_too():
    assert lookup("leaky_relu@keras") is lookup("leaky_relu")
    with pytest.raises(FrameworkError):
        lookup("rrelu@jax")


@pytest.mark.parametrize(("spec", "error", "message"), [
    ("leaky_relu@kears", FrameworkError,
     "unknown framework 'kears'; did you mean 'keras'? (actviz knows pytorch, jax, keras, "
     "tensorflow, mlx, timm; torch and tf work too)"),
    ("rrelu@jax", FrameworkError, "JAX ships no rrelu; try 'rrelu@pytorch'"),
    ("prelu@jax", FrameworkError,
     "JAX ships no prelu; try 'prelu@pytorch', 'prelu@keras', 'prelu@mlx' or 'prelu@timm'"),
    ("gaussian@mlx", FrameworkError,
     "MLX ships no gaussian, nor does any other framework actviz knows"),
    ("relu@", FrameworkError, "nothing after '@' in 'relu@': write e.g. leaky_relu@keras"),
    ("@keras", UnknownActivationError,
     "an activation name is required before '@' in '@keras', e.g. leaky_relu@keras"),
    ("relu@jax@keras", FrameworkError, "unknown framework 'jax@keras'"),
    ("sigmod@keras", UnknownActivationError, "unknown activation 'sigmod'; did you mean"),
])
def test_bad_framework_specs_get_one_clear_line(spec, error, message):
    with pytest.raises(error) as raised:
        actviz.get(spec)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_a_framework_spec_still_validates_the_values_given():
    with pytest.raises(ParameterError, match="parameter 'negative_slope' of leaky_relu"):
        actviz.get("leaky_relu@keras:negative_slope=2")
    with pytest.raises(ParameterError, match="unknown parameter 'slope' for leaky_relu"):
        actviz.get("leaky_relu@keras:slope=0.1")


def test_split_framework_and_the_aliases():
    assert split_framework("leaky_relu@keras") == ("leaky_relu", "keras")
    assert split_framework("relu") == ("relu", None)
    assert set(FRAMEWORK_ALIASES.values()) <= set(FRAMEWORKS)
