"""User formulas that overflow, leave their domain or grow without bound: every command still
answers in full, with gaps or "unbounded" where the numbers are not finite, and no traceback."""

from __future__ import annotations

import json

import numpy as np
import pytest

import actviz
from actviz.analysis.sampling import sample_curve
from actviz.cli import cli

WILD = ["f(x)=log(x)", "f(x)=sqrt(x)", "f(x)=1/x", "f(x)=x^2", "f(x)=exp(x)", "f(x)=tan(x)",
        "f(x)=log(-abs(x)-1)"]


@pytest.mark.parametrize("formula", WILD)
def test_sampled_curves_hold_only_finite_values(formula):
    curve = sample_curve(actviz.get(formula), -6, 6, 201, derivative=True)
    for trace in (curve.function, curve.derivative):
        for _, y in trace.segments:
            assert np.isfinite(y).all()
    assert curve.xrange == (-6.0, 6.0)


@pytest.mark.parametrize("formula", WILD)
@pytest.mark.parametrize("command", [["plot", "-d"], ["compare", "relu", "-d"], ["info"],
                                     ["table"]])
def test_every_command_answers_without_a_traceback(runner, formula, command, tmp_path):
    args = [command[0], *command[1:], formula] if command[0] != "compare" else [
        "compare", "relu", formula, "-d"]
    result = runner.invoke(cli, args, env={"COLUMNS": "80", "LINES": "24"})
    assert result.exit_code == 0 and result.exception is None, result.output + result.stderr
    figure = tmp_path / "f.png"
    if command[0] in ("plot", "compare"):
        result = runner.invoke(cli, [*args, "-o", str(figure)])
        assert result.exit_code == 0 and figure.stat().st_size > 1000


def test_unbounded_slopes_in_info_json_are_valid_json(runner):
    result = runner.invoke(cli, ["info", "f(x)=x^2", "--format", "json"])
    card = json.loads(result.output, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert card["max_abs_derivative"] == "inf"


@pytest.mark.parametrize("formula", ["f(x)=exp(x)", "f(x)=log(x)", "f(x)=x^2",
                                     "f(x)=sqrt(abs(x))"])
def test_saturation_of_wild_formulas_is_a_table_not_a_crash(runner, formula):
    result = runner.invoke(cli, ["saturation", formula, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    json.loads(result.output, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))


def test_an_oscillating_slope_is_refused_in_one_line(runner):
    result = runner.invoke(cli, ["saturation", "f(x)=sin(x)"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "changes sign" in result.stderr
