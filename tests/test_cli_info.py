"""`actviz info NAME` and `actviz info --guide` on the command line: formats, languages,
one-line errors, and a light start-up."""

from __future__ import annotations

import json

import pytest

from tests.cli_checks import assert_one_line_error, run_and_list_modules


def test_relu_card_in_chinese(invoke):
    result = invoke("info", "relu", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "ReLU" in result.output.splitlines()[0]
    for words in ("公式", "f(x) = max(0, x)", "值域", "[0, ∞)", "神经元死亡", "优点", "缺点",
                  "应用场景", "隐藏层", "Nair & Hinton"):
        assert words in result.output, words


def test_sigmoid_card_in_english(invoke):
    result = invoke("info", "logistic")  # an alias names the same card
    assert result.exit_code == 0, result.output
    assert "Sigmoid" in result.output.splitlines()[0]
    assert "0.25 at x = 0" in result.output
    assert "σ(x) = 1/(1 + e^(-x))" in result.output
    assert "Rumelhart, Hinton & Williams" in result.output


def test_card_as_json_at_a_parameter_value(invoke):
    result = invoke("info", "elu:alpha=0.5", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["spec"] == "elu:alpha=0.5" and data["params"] == {"alpha": 0.5}
    assert data["properties"]["range"] == "(-0.5, ∞)"
    assert data["formula"].startswith(r"f(x) = x\ (x > 0)")  # mathtext in JSON
    assert data["lang"] == "en" and data["strengths"] and data["weaknesses"]


def test_card_as_markdown(invoke):
    result = invoke("info", "gelu", "--format", "markdown", "--lang", "zh")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# GELU" and "## 性质" in lines and "## 优点" in lines


def test_guide_in_every_format(invoke):
    rich = invoke("info", "--guide")
    assert rich.exit_code == 0, rich.output
    assert "Which activation should I use?" in rich.output
    assert "Start with relu" in rich.output and "actviz softmax" in rich.output
    zh = invoke("info", "--guide", "--lang", "zh", "--format", "markdown")
    assert zh.output.startswith("# 该用哪个激活函数？") and "## 隐藏层" in zh.output
    data = json.loads(invoke("info", "--guide", "--format", "json").output)
    assert [s["key"] for s in data["sections"]] == ["hidden", "output", "why"]
    assert data["facts"]["sigmoid_peak"] == 0.25


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give an activation NAME (e.g. 'actviz info relu') or --guide"),
        (["relu", "--guide"], "give either NAME ('relu') or --guide, not both"),
        (["sigmod"], "unknown activation 'sigmod'; did you mean 'sigmoid' or 'logsigmoid'?"),
        (["elu:alpha=-1"], "parameter 'alpha' of elu must be in (0, 1e6], got -1"),
        (["elu:alpah=1"], "unknown parameter 'alpah' for elu (did you mean 'alpha'?)"),
        (["elu:alpha"], "write parameters as key=value"),
        (["relu", "--lang", "fr"], "Invalid value for '--lang'"),
        (["relu", "--format", "csv"], "Invalid value for '--format'"),
        (["relu", "tanh"], "Got unexpected extra argument (tanh)"),
    ],
)
def test_bad_input_is_one_line_with_exit_2(runner, args, message):
    from actviz.cli import cli

    assert_one_line_error(runner.invoke(cli, ["info", *args]), message)


def test_info_runs_without_matplotlib_or_sympy():
    stdout, loaded = run_and_list_modules(["info", "sigmoid"], ("matplotlib", "sympy"))
    assert "0.25 at x = 0" in stdout
    assert loaded == {"matplotlib": False, "sympy": False}


def test_a_formula_gets_a_card_without_notes(invoke):
    result = invoke("info", "f(x; beta=1.5)=x*sigmoid(beta*x)", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "x σ(β x)" in result.output and "用户公式" in result.output
    assert "这个激活函数没有说明文字" in result.output
    assert "beta (β)   1.5" in result.output
