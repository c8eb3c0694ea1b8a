"""Where frameworks disagree: every entry's FrameworkName data, and ``name@framework`` specs
(``get("leaky_relu@keras")``) with their labels, round trips and one-line errors."""

from __future__ import annotations

import json
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
    chosen = {b.name: b for b in select(["*relu*@keras"])}
    keras_relus = {name for name in ALL_NAMES  # by name or alias, as wildcards match
                   if any("relu" in key for key in (name, *lookup(name).aliases))
                   and any(f.framework == "keras" for f in lookup(name).frameworks)}
    assert {"leaky_relu", "prelu", "relu", "relu6"} <= set(chosen) == keras_relus
    assert {b.framework for b in chosen.values()} == {"keras"}
    assert chosen["leaky_relu"].params == {"negative_slope": 0.2}
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


# --------------------------------------------------------------------------------------------
# info, list and the figures show it
# --------------------------------------------------------------------------------------------


def test_list_json_carries_every_entrys_frameworks(invoke):
    result = invoke("list", "--format", "json")
    records = {record["name"]: record for record in json.loads(result.output)}
    assert set(records) == set(ALL_NAMES)
    for name, record in records.items():
        assert record["framework"] is None
        assert record["frameworks"] == [shipped.to_json() for shipped in lookup(name).frameworks]
    keras = next(f for f in records["leaky_relu"]["frameworks"] if f["framework"] == "keras")
    assert keras == {"framework": "keras", "title": "Keras",
                     "name": "keras.activations.leaky_relu", "defaults": {"negative_slope": 0.2},
                     "note": "the layer keras.layers.LeakyReLU defaults to 0.3"}


def test_list_json_of_a_framework_spec_shows_its_values(invoke):
    result = invoke("list", "leaky_relu@keras", "*shrink@mlx", "--format", "json")
    records = json.loads(result.output)
    assert [(r["spec"], r["framework"]) for r in records] == [
        ("leaky_relu@keras:negative_slope=0.2", "keras"),
        ("hardshrink@mlx:lambd=0.5", "mlx"), ("softshrink@mlx:lambd=0.5", "mlx")]
    assert records[0]["params"] == {"negative_slope": 0.2}
    assert records[0]["parameters"] == {"negative_slope": 0.01}  # actviz's own default


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_info_json_carries_the_table_in_the_cards_language(invoke, lang):
    data = json.loads(invoke("info", "gelu", "--lang", lang, "--format", "json").output)
    assert data["framework"] is None
    jax = next(f for f in data["frameworks"] if f["framework"] == "jax")
    assert jax["name"] == "jax.nn.gelu(approximate=False)" and jax["defaults"] == {}
    assert jax["note"] == lookup("gelu").in_framework("jax").note_in(lang)
    assert bool(re.search(r"[\u4e00-\u9fff]", jax["note"])) == (lang == "zh")
    keras = json.loads(invoke("info", "leaky_relu@keras", "--format", "json").output)
    assert keras["framework"] == "keras" and keras["params"] == {"negative_slope": 0.2}
    assert keras["label"] == "LeakyReLU (Keras: a=0.2)"


def test_info_shows_the_table_with_the_disagreements(invoke):
    shown = invoke("info", "leaky_relu", env={"COLUMNS": "100"}).output
    section = shown[shown.index("In frameworks"):shown.index("Reference")]
    rows = [line.strip("│ ") for line in section.splitlines()]
    assert any(r.startswith("PyTorch     torch.nn.LeakyReLU  negative_slope=0.01") for r in rows)
    assert any(r.startswith("Keras       keras.activations.leaky_relu  negative_slope=0.2 "
                            "(actviz: 0.01)") for r in rows)
    assert "actviz plot leaky_relu@keras draws it with that framework's defaults." in section
    zh = invoke("info", "leaky_relu", "--lang", "zh", env={"COLUMNS": "100"}).output
    assert "各框架中的实现" in zh and "negative_slope=0.2（actviz 为 0.01）" in zh
    assert "没有 β 参数：β 固定为 1" in invoke("info", "softplus", "--lang", "zh").output


def test_info_markdown_has_the_table_and_a_card_without_frameworks_says_so(invoke):
    lines = invoke("info", "softplus", "--format", "markdown").output.splitlines()
    start = lines.index("## In frameworks")
    assert lines[start + 2:start + 5] == [
        "| framework | name | defaults | note |", "|---|---|---|---|",
        "| PyTorch | `torch.nn.Softplus` | beta=1 | threshold=20: returns x itself where βx > "
        "20, which is below log(1 + e^(βx))/β by up to e^(−20)/β ≈ 2e-9/β |"]
    assert "`actviz plot softplus@pytorch` draws it with that framework's defaults." in lines
    gaussian = invoke("info", "gaussian", "--lang", "zh", "--format", "markdown").output
    assert "## 各框架中的实现\n\nactviz 所知的框架" in gaussian


def test_a_figure_with_a_frameworks_defaults_is_titled_with_it(tmp_path):
    from actviz.analysis.sampling import sample_curves
    from actviz.analysis.sweep import sweep_activations
    from actviz.render.figures import curve_figure

    figure = curve_figure(sample_curves([actviz.get("leaky_relu@keras")], -6, 6, 101, True))
    assert figure.get_suptitle() == "LeakyReLU (Keras: a=0.2) and its derivative"
    sweep = sweep_activations("hardtanh@jax", "max_val=1,2")
    figure = curve_figure(sample_curves(sweep.activations, -6, 6, 101), sweep=sweep.key)
    assert figure.get_suptitle() == "HardTanh (JAX: b = 1, 2; a = \u22121)"


def test_plot_writes_the_framework_figure_and_refuses_a_bad_one_in_one_line(invoke, tmp_path):
    from tests.images import assert_png

    good = invoke("plot", "leaky_relu@keras", "-d", "-o", tmp_path / "keras.png", "--dpi", "40")
    assert good.exit_code == 0, good.output
    assert_png(tmp_path / "keras.png", 6.4, 6.4, 40)
    for spec, message in [("leaky_relu@kears", "unknown framework 'kears'"),
                          ("rrelu@keras", "Keras ships no rrelu; try 'rrelu@pytorch'")]:
        bad = invoke("plot", spec, "-o", tmp_path / "bad.png")
        assert bad.exit_code == 2 and "Traceback" not in bad.output
        assert len(bad.output.splitlines()) == 1
        assert bad.output.startswith("actviz: error: ") and message in bad.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keras.png"]


def test_a_batch_config_takes_framework_specs_and_their_errors(invoke, tmp_path):
    config = tmp_path / "figures.toml"
    config.write_text('[[figure]]\nkind = "compare"\n'
                      'activations = ["leaky_relu@pytorch", "leaky_relu@keras"]\n'
                      'output = "slopes.png"\n', encoding="utf-8")
    planned = invoke("batch", config, "--out-dir", tmp_path / "out", "--dry-run")
    assert planned.exit_code == 0 and "slopes.png" in planned.output
    config.write_text('[[figure]]\nkind = "plot"\nactivations = ["prelu@jax"]\n'
                      'output = "x.png"\n', encoding="utf-8")
    refused = invoke("batch", config, "--out-dir", tmp_path / "out")
    assert refused.exit_code == 2
    assert refused.output.strip().endswith(
        "activations: JAX ships no prelu; try 'prelu@pytorch', 'prelu@keras', 'prelu@mlx' or "
        "'prelu@timm'")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("spec", "key"), [
    ("leaky_relu@keras", "leaky_relu@keras"),
    ("leaky_relu@keras:negative_slope=0.3", "leaky_relu@keras:negative_slope=0.3"),
    ("leaky_relu@keras:negative_slope=0.01", "leaky_relu@keras:negative_slope=0.01"),
    ("leaky_relu", "leaky_relu"),
])
def test_table_and_csv_keys_name_the_framework_and_give_the_activation_back(spec, key):
    from actviz.analysis.keys import activation_key

    bound = actviz.get(spec)
    assert activation_key(bound) == key
    assert actviz.get(key).params == bound.params and actviz.get(key).label == bound.label


def test_a_declaration_with_bad_framework_data_is_refused():
    from actviz.activations.registry import Activation, Interval, Parameter, Properties

    def declare(*frameworks):
        return Activation(
            name="halve", title="Halve", family="test", formula="f(x) = x/2",
            derivative_formula="f'(x) = 1/2", function=lambda x, k: x / 2,
            derivative=lambda x, k: 0.5 + 0 * x, reference="(a test)",
            parameters=(Parameter("k", 1.0, "unused"),),
            properties=Properties(Interval.open(-1, 1), True, True, "C∞", True, "none", False),
            frameworks=frameworks)

    declare(FrameworkName("jax", "jax.halve", {"k": 2.0}))
    with pytest.raises(ValueError, match=r"jax.halve sets \['slope'\], which are not parameters"):
        declare(FrameworkName("jax", "jax.halve", {"slope": 2.0}))
    with pytest.raises(ValueError, match=r"frameworks \['jax'\] are listed more than once"):
        declare(FrameworkName("jax", "jax.halve"), FrameworkName("jax", "jax.half"))


@pytest.mark.parametrize(("spec", "message"), [
    ("f(x)=x @ x", "'@' is not allowed"),
    ("x@x", "'x@x' is neither an activation name nor a formula: write a formula as f(x)=x@x"),
])
def test_a_formula_using_at_keeps_the_formula_readers_message(spec, message):
    from actviz.errors import FormulaError

    with pytest.raises(FormulaError, match=re.escape(message)):
        actviz.get(spec)
