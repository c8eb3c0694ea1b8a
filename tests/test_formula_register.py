"""actviz.register (formulas, function pairs, declarations), formula scopes for batch configs,
and registered formulas in `actviz list`."""

from __future__ import annotations

import json

import numpy as np
import pytest

import actviz
from actviz.errors import ActvizError, FormulaError


def test_register_a_formula_then_get_it_by_name(isolated_registry):
    assert actviz.register("approx_gelu", formula="x*sigmoid(1.702*x)") == "approx_gelu"
    assert "approx_gelu" in actviz.names()
    act = actviz.get("approx_gelu")
    assert act.name == act.spec == "approx_gelu" and act.label == "approx_gelu"
    assert act.activation.formula == r"f(x) = x \sigma\left(1.702 x\right)"
    assert float(act(1.0)) == pytest.approx(1 / (1 + np.exp(-1.702)), rel=1e-15)
    assert [a.name for a in actviz.select(["approx*"])] == ["approx_gelu"]


def test_register_with_parameters_and_ranges(isolated_registry):
    actviz.register("swish_b", formula="x*sigmoid(beta*x)", parameters={"beta": 1.5},
                    title="Swish-β", aliases=("swishb",))
    assert actviz.get("swishb:beta=2").params == {"beta": 2.0}
    assert actviz.get("swish_b").label == "Swish-β (β=1.5)"
    bounded = actviz.Parameter("beta", 1.0, "sharpness", low=0.0, low_open=True, symbol="β")
    actviz.register("swish_c", formula="f(x; beta=1)=x*sigmoid(beta*x)", parameters=[bounded])
    with pytest.raises(actviz.ParameterError, match=r"must be in \(0, ∞\)"):
        actviz.get("swish_c", beta=-1)


def test_register_refuses_bad_formulas_and_clashes_at_once(isolated_registry):
    with pytest.raises(FormulaError, match="activation 'bad': formula error at column 3: "
                                           "unknown function 'sigmod'"):
        actviz.register("bad", formula="x*sigmod(x)")
    with pytest.raises(ActvizError, match="'relu' is already registered"):
        actviz.register("relu", formula="max(x, 0)")
    with pytest.raises(ActvizError, match="lower-case letters"):
        actviz.register("Bad Name", formula="x")
    actviz.register("relu", formula="max(x, 0)", replace=True)
    assert actviz.get("relu").activation.family == "formula"


def test_registering_a_formula_does_not_import_sympy(tmp_path):
    import subprocess
    import sys

    script = ("import sys, actviz\n"
              "actviz.register('approx_gelu', formula='x*sigmoid(1.702*x)')\n"
              "actviz.get('relu'); names = actviz.names()\n"
              "print('approx_gelu' in names, 'sympy' in sys.modules)\n"
              "actviz.get('approx_gelu'); print('sympy' in sys.modules)\n")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               cwd=tmp_path, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["True", "False", "True"]


def test_register_a_function_pair_infers_its_properties(isolated_registry):
    actviz.register("cube_root", function=np.cbrt, derivative=lambda x: 1 / (3 * np.cbrt(x)**2),
                    tex=r"\sqrt[3]{x}", derivative_tex=r"\frac{1}{3 x^{2/3}}")
    act = actviz.get("cube_root")
    assert act.activation.formula == r"f(x) = \sqrt[3]{x}"
    props = act.properties
    assert props.monotonic and props.zero_centred and props.continuity == "C0"
    assert str(props.range) == "(-∞, ∞)"


def test_register_a_declaration_still_works(isolated_registry):
    declaration = actviz.get("sigmoid").activation
    twin = type(declaration)(**{**declaration.__dict__, "name": "sigmoid_twin", "aliases": ()})
    assert actviz.register(twin) == "sigmoid_twin"
    assert actviz.get("sigmoid_twin").activation is twin


def test_list_json_shows_both_formulas_of_a_registered_formula(isolated_registry, invoke):
    actviz.register("approx_gelu", formula="x*sigmoid(1.702*x)", summary="GELU, cheaply")
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0
    record = next(r for r in json.loads(result.output) if r["name"] == "approx_gelu")
    assert record["formula"] == r"f(x) = x \sigma\left(1.702 x\right)"
    assert record["derivative_formula"] == (
        r"f'(x) = \left(1.702 x \sigma\left(-1.702 x\right) + 1\right) \sigma\left(1.702 x\right)")
    assert record["family"] == "formula" and record["summary"] == "GELU, cheaply"
    assert record["properties"]["saturating"] == "left"
    assert record["properties"]["range"] == "[-0.16361, ∞)"
    rich = invoke("list")
    assert "approx_gelu" in rich.output and "σ(1.702 x)" in rich.output


# -- scopes: the named formulas of one batch config ------------------------------------------


CONFIG = {
    "approx_gelu": {"formula": "x*sigmoid(1.702*x)", "title": "GELU (σ approx.)"},
    "swish_b": {"formula": "x*sigmoid(beta*x)", "parameters": {"beta": 1.5}},
    "soft": "f(x; k=2)=softplus(k*x)/k",
}


def test_a_scope_defines_names_for_one_run_only():
    scope = actviz.FormulaScope(CONFIG)
    assert scope.names() == ["approx_gelu", "soft", "swish_b"]
    assert scope.get("approx_gelu").label == "GELU (σ approx.)"
    assert scope.get("swish_b:beta=3").params == {"beta": 3.0}
    assert scope.get("soft", k=4).params == {"k": 4.0}
    assert scope.get("relu").name == "relu"  # other names come from the registry
    with pytest.raises(actviz.UnknownActivationError):
        actviz.get("approx_gelu")
    with scope.active():
        assert actviz.get("approx_gelu").name == "approx_gelu"
        assert actviz.get("swish_b").params == {"beta": 1.5}
        assert "approx_gelu" not in actviz.names()  # scoped, not registered
    with pytest.raises(actviz.UnknownActivationError):
        actviz.get("swish_b")


@pytest.mark.parametrize("config,words", [
    ({"relu": "max(x, 0)"}, "'relu' is already registered; give the formula another name"),
    ({"approx": {"formula": "x*sigmod(x)"}}, "activation 'approx': formula error at column 3"),
    ({"approx": {"formla": "x"}}, "give a formula"),
    ({"approx": {"formula": "x", "colour": "red"}}, "unknown key(s) colour"),
    ({"approx": {"formula": "beta*x", "parameters": {"beta": "big"}}},
     "the default of beta must be a number"),
    ({"Approx": "x"}, "must be lower-case letters"),
    ({"approx": 3}, "give a formula"),
])
def test_a_scope_refuses_bad_definitions_when_made(config, words):
    with pytest.raises(FormulaError) as refused:
        actviz.FormulaScope(config)
    assert words in str(refused.value)
