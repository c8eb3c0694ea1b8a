"""The Python API: actviz.get, names, select, and its error messages."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import actviz
from actviz.activations.registry import lookup
from actviz.errors import ParameterError, UnknownActivationError
from tests.conftest import ALL_NAMES

ISSUE_ENTRIES = (
    "identity step sigmoid tanh relu leaky_relu prelu rrelu elu selu celu gelu gelu_tanh silu "
    "swish mish softplus softsign hardtanh relu6 hardsigmoid hardswish logsigmoid tanhshrink "
    "softshrink hardshrink"
).split()


def test_names_are_sorted_and_hold_every_entry_of_the_issue():
    assert ALL_NAMES == sorted(ALL_NAMES)
    assert set(ISSUE_ENTRIES) <= set(ALL_NAMES)
    assert len(ALL_NAMES) >= 27


@pytest.mark.parametrize(
    ("alias", "name"),
    [("linear", "identity"), ("binary_step", "step"), ("heaviside", "step"),
     ("hard_silu", "hardswish"), ("squared_relu", "relu2"), ("siren", "sine"),
     ("logistic", "sigmoid"), ("Leaky-ReLU", "leaky_relu"), (" GELU ", "gelu")],
)
def test_aliases_and_spelling_variants_resolve(alias, name):
    assert actviz.get(alias).name == name


@pytest.mark.parametrize(
    ("name", "defaults"),
    [("leaky_relu", {"negative_slope": 0.01}), ("prelu", {"a": 0.25}),
     ("rrelu", {"lower": 1 / 8, "upper": 1 / 3}), ("elu", {"alpha": 1.0}),
     ("celu", {"alpha": 1.0}), ("swish", {"beta": 1.0}), ("softplus", {"beta": 1.0}),
     ("hardtanh", {"min_val": -1.0, "max_val": 1.0}), ("softshrink", {"lambd": 0.5}),
     ("hardshrink", {"lambd": 0.5})],
)
def test_pytorch_defaults(name, defaults):
    assert actviz.get(name).params == defaults


def test_string_and_keyword_parameters_agree_and_keywords_win():
    a, b = actviz.get("elu", alpha=0.5), actviz.get("elu:alpha=0.5")
    assert a.params == b.params == {"alpha": 0.5}
    assert actviz.get("elu:alpha=0.5", alpha=2).params == {"alpha": 2.0}
    assert float(a(-1.0)) == pytest.approx(0.5 * (np.exp(-1) - 1), rel=1e-15)


def test_spec_round_trips_and_label_shows_values():
    act = actviz.get("hardtanh:min_val=-2")
    assert actviz.get(act.spec).params == act.params
    assert act.label == "HardTanh (a=-2, b=1)"
    assert repr(actviz.get("relu")) == "actviz.get('relu')"
    assert actviz.get("rrelu").derivative(-1.0) == pytest.approx((1 / 8 + 1 / 3) / 2)


@pytest.mark.parametrize(
    ("spec", "params", "message"),
    [
        ("gelux", {}, "unknown activation 'gelux'; did you mean 'gelu'"),
        ("sigmod", {}, "did you mean 'sigmoid'"),
        ("", {}, "an activation name is required"),
        ("elu:alpah=2", {}, "unknown parameter 'alpah' for elu (did you mean 'alpha'?)"),
        ("relu:alpha=1", {}, "relu takes no parameters, got 'alpha'"),
        ("elu:alpha=abc", {}, "parameter 'alpha' of elu must be a number in (0, 1e6], got 'abc'"),
        ("elu:alpha=nan", {}, "must be a finite number in (0, 1e6]"),
        ("elu", {"alpha": float("inf")}, "must be a finite number in (0, 1e6]"),
        ("softplus:beta=0", {}, "parameter 'beta' of softplus must be in (0, 1e6], got 0"),
        ("leaky_relu:negative_slope=2", {}, "must be in [0, 1], got 2"),
        ("elu:alpha", {}, "cannot read 'alpha' in 'elu:alpha': write parameters as key=value"),
        ("elu:alpha=1,alpha=2", {}, "parameter 'alpha' is given twice"),
        ("elu:", {}, "nothing after ':'"),
        ("rrelu:lower=0.5,upper=0.1", {}, "lower (0.5) must not exceed upper (0.1)"),
        ("hardtanh:min_val=1", {}, "min_val (1) must be less than max_val (1)"),
        ("elu", {"alpha": True}, "must be a number, got True"),
    ],
)
def test_errors_name_the_problem_and_the_valid_range(spec, params, message):
    with pytest.raises((UnknownActivationError, ParameterError)) as error:
        actviz.get(spec, **params)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_non_numeric_input_is_a_clear_error():
    with pytest.raises(ParameterError, match="x must be a number or an array of numbers"):
        actviz.get("relu")("abc")


def test_select_patterns():
    assert [a.name for a in actviz.select(["hard*"])] == [
        "hard_mish", "hardshrink", "hardsigmoid", "hardswish", "hardtanh"]
    chosen = actviz.select(["relu", "elu:alpha=2", "relu"])
    assert [a.spec for a in chosen] == ["relu", "elu:alpha=2.0"]
    assert len(actviz.select()) == len(ALL_NAMES)
    with pytest.raises(UnknownActivationError, match="no activation matches 'zz\\*'"):
        actviz.select(["zz*"])


def test_register_refuses_a_taken_name():
    with pytest.raises(ValueError, match="already registered"):
        actviz.register(lookup("relu"))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_declared_formulas_render_in_mathtext(name, caplog):
    """In the house style: a glyph its fonts lack would be logged and drawn as a box."""
    from matplotlib.mathtext import MathTextParser

    from actviz.render.canvas import style_context

    declaration = lookup(name)
    with style_context(None), caplog.at_level("WARNING", logger="matplotlib"):
        for formula in (declaration.formula, declaration.derivative_formula):
            MathTextParser("agg").parse(f"${formula}$", dpi=100)
    assert not caplog.messages


@pytest.mark.parametrize("name", ALL_NAMES)
def test_kink_conventions_are_documented(name):
    act = actviz.get(name)
    if act.breakpoints and act.properties.continuity in ("C0", "discontinuous"):
        assert act.activation.at_breakpoints, f"{name}: say which one-sided f' is returned"


# f and f' at every kink, as PyTorch 2.13.0's autograd returns them in float64 (measured with
# torch.nn.functional and .backward(); RReLU in evaluation mode).  SELU's f'(0) differs in the
# last bit: PyTorch multiplies the rounded λ and α, actviz rounds the exact product once.
PYTORCH_KINKS = [
    ("relu", 0.0, 0.0, 0.0), ("leaky_relu", 0.0, 0.0, 0.01), ("prelu", 0.0, 0.0, 0.25),
    ("rrelu", 0.0, 0.0, 0.22916666666666666), ("elu", 0.0, 0.0, 1.0),
    ("selu", 0.0, 0.0, 1.7580993408473768), ("celu:alpha=2", 0.0, 0.0, 1.0),
    ("hardtanh", -1.0, -1.0, 0.0), ("hardtanh", 1.0, 1.0, 0.0),
    ("relu6", 0.0, 0.0, 0.0), ("relu6", 6.0, 6.0, 0.0),
    ("hardsigmoid", -3.0, 0.0, 0.0), ("hardsigmoid", 3.0, 1.0, 0.0),
    ("hardswish", -3.0, 0.0, 0.0), ("hardswish", 3.0, 3.0, 1.0),
    ("softshrink", -0.5, 0.0, 0.0), ("softshrink", 0.5, 0.0, 0.0),
    ("hardshrink", -0.5, 0.0, 0.0), ("hardshrink", 0.5, 0.0, 0.0),
    ("softsign", 0.0, 0.0, 1.0),
]


@pytest.mark.parametrize(("spec", "x", "value", "slope"), PYTORCH_KINKS)
def test_kinks_follow_pytorch_autograd(spec, x, value, slope):
    act = actviz.get(spec)
    assert float(act(x)) == value
    assert float(act.derivative(x)) == slope


def test_threads_may_be_the_first_to_look_names_up():
    """The registry loads once, and threads that arrive meanwhile wait for the whole of it."""
    code = (
        "import threading, actviz\n"
        "names = ['relu', 'gelu', 'silu', 'tanh', 'mish', 'elu', 'hardswish', 'softplus']\n"
        "barrier = threading.Barrier(len(names))\n"
        "found = []\n"
        "def look_up(name):\n"
        "    barrier.wait()\n"
        "    found.append(actviz.get(name).name)\n"
        "threads = [threading.Thread(target=look_up, args=(n,)) for n in names]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(sorted(found) == sorted(names))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "True", done.stderr[-2000:]
