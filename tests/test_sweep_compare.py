"""--sweep parsing and the numbers and table of `actviz compare`."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import actviz
from actviz.activations.registry import Interval
from actviz.analysis.compare import compare_all, distinct_activations
from actviz.analysis.sweep import parse_sweep, sweep_activations
from actviz.errors import OptionError, ParameterError, UnknownActivationError
from actviz.render.tables import comparison_table
from actviz.render.words import peak_words
from tests.spelling import assert_typed


def test_sweep_binds_one_activation_per_value():
    sweep = sweep_activations("leaky_relu", "negative_slope=0.01,0.1,0.3")
    assert sweep.key == "negative_slope"
    assert [a.params["negative_slope"] for a in sweep.activations] == [0.01, 0.1, 0.3]
    fixed = sweep_activations("hardtanh:max_val=2", "min_val=-2,-1")
    assert [a.params for a in fixed.activations] == [
        {"min_val": -2.0, "max_val": 2.0}, {"min_val": -1.0, "max_val": 2.0}]


@pytest.mark.parametrize(
    ("spec", "sweep", "error", "message"),
    [
        ("elu", "alpha", OptionError, "write KEY=V1,V2"),
        ("elu", "=1,2", OptionError, "write KEY=V1,V2"),
        ("elu", "alpha=1,,2", OptionError, "empty item 2 in --sweep 'alpha=1,,2'"),
        ("elu", "alpha=", OptionError, "--sweep needs at least one value"),
        ("elu", "alpha=1,1.0", OptionError, "repeats a value"),
        ("elu", "alph=1,2", ParameterError, "did you mean 'alpha'"),
        ("relu", "alpha=1,2", ParameterError, "relu takes no parameters"),
        ("elu", "alpha=1,-1", ParameterError, r"alpha' of elu must be in \(0, "),
        ("elu", "alpha=1,x", ParameterError, "must be a number"),
        ("elu:alpha=2", "alpha=1,3", ParameterError, "given both"),
        ("nope", "alpha=1", UnknownActivationError, "unknown activation"),
    ],
)
def test_bad_sweeps_name_the_problem(spec, sweep, error, message):
    with pytest.raises(error) as caught:
        sweep_activations(spec, sweep)
    assert_typed(caught, message)


def test_parse_sweep_limits_the_number_of_curves():
    assert parse_sweep(" alpha = 1, 2 ") == ("alpha", ["1", "2"])
    with pytest.raises(OptionError, match="at most"):
        parse_sweep("alpha=" + ",".join(str(i) for i in range(1, 20)))


def test_compare_records_hold_the_textbook_numbers():
    sigmoid, tanh = compare_all([actviz.get("sigmoid"), actviz.get("tanh")])
    assert (sigmoid.value_at_zero, sigmoid.slope_at_zero) == (0.5, 0.25)
    assert peak_words(sigmoid.peak) == "0.25 at x = 0"
    assert (tanh.value_at_zero, tanh.slope_at_zero, tanh.zero_centred) == (0.0, 1.0, True)
    assert sigmoid.range == Interval.open(0, 1) and sigmoid.saturating == "both"


def test_compare_needs_distinct_activations():
    with pytest.raises(OptionError, match="two or more"):
        distinct_activations(["relu"])
    with pytest.raises(OptionError, match="same activation"):
        distinct_activations(["elu", "elu:alpha=1"])
    assert len(distinct_activations(["elu", "elu:alpha=0.5"])) == 2


def test_comparison_table_text():
    console = Console(width=80, file=io.StringIO(), color_system=None, legacy_windows=False)
    console.print(comparison_table(compare_all([actviz.get("sigmoid"), actviz.get("relu")])))
    assert [line.rstrip() for line in console.file.getvalue().splitlines()] == [
        "Comparison",
        "┏━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓",
        "┃              ┃ Sigmoid       ┃ ReLU        ┃",
        "┡━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩",
        "│ range        │ (0, 1)        │ [0, ∞)      │",
        "│ f(0)         │ 0.5           │ 0           │",
        "│ f′(0)        │ 0.25          │ 0           │",
        "│ max |f′|     │ 0.25 at x = 0 │ 1 for x > 0 │",
        "│ zero-centred │ no            │ no          │",
        "│ monotonic    │ yes           │ yes         │",
        "│ saturating   │ both          │ left        │",
        "└──────────────┴───────────────┴─────────────┘",
    ]


def test_comparison_table_in_chinese(invoke):
    """`compare --lang zh` prints its table in Chinese too (every word from render/labels.py)."""
    result = invoke("compare", "sigmoid", "relu", "--lang", "zh", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    table = result.stdout[result.stdout.index("对比"):]
    for words in ("值域", "|f′| 最大值", "0.25，在 x = 0 处", "零中心", "单调", "饱和", "两侧",
                  "左侧", "是", "否"):
        assert words in table, words
    for english in ("Comparison", "range", "yes", "no", "both", "left", "zero-centred"):
        assert english not in table, english

