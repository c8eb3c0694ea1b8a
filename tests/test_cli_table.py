"""`actviz table` through the command line: formats, stdout/stderr, and every bad input."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys

import pytest

from tests.cli_checks import assert_one_line_error, run_and_list_modules


def test_default_rich_table_has_the_default_points_and_no_stderr(invoke):
    result = invoke("table", "sigmoid", "tanh", "relu")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert "Sigmoid" in lines[2] and "Tanh" in lines[2] and "ReLU" in lines[2]
    rows = [line for line in lines if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == [
        "-6", "-3", "-1", "-0.5", "0", "0.5", "1", "3", "6"
    ]
    assert "│    0 │        0.5        0.25 │         0           1 │    0      0 │" in lines


def test_small_values_keep_their_digits(invoke):
    result = invoke("table", "sigmoid", "--at", "40")
    assert "4.24835e-18" in result.stdout and "0.000000" not in result.stdout


def test_json_is_exact_and_echoes_x(invoke):
    result = invoke("table", "sigmoid", "elu:alpha=0.5", "--at", "0.1,-40,inf", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert data["x"] == [0.1, -40.0, "inf"]
    sigmoid, elu = data["activations"]
    assert sigmoid == {
        "name": "sigmoid", "params": {},
        "f": [0.52497918747894, 4.248354255291589e-18, 1.0],
        "df": [0.24937604019289197, 4.248354255291589e-18, 0.0],
    }
    assert elu["name"] == "elu" and elu["params"] == {"alpha": 0.5}


def test_range_options_give_an_even_grid(invoke):
    result = invoke("table", "relu", "--xmin", "-1", "--xmax", "1", "--points", "5",
                    "--format", "csv", "--no-derivative")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["x", "relu f(x)"], ["-1.0", "0.0"], ["-0.5", "0.0"], ["0.0", "0.0"],
                    ["0.5", "0.5"], ["1.0", "1.0"]]


def test_latex_and_markdown(invoke):
    latex = invoke("table", "gelu", "--format", "latex").stdout
    assert r"\toprule" in latex and r"\multicolumn{2}{c}{GELU}" in latex
    assert r"$-6$ & $-5.91953 \times 10^{-9}$" in latex
    markdown = invoke("table", "gelu", "--at", "0", "--format", "markdown").stdout
    assert markdown.splitlines()[2] == "| 0 | 0 | 0.5 |"


def test_precision_for_machine_formats_warns_on_stderr_only(invoke):
    result = invoke("table", "sigmoid", "--at", "1", "--format", "csv", "--precision", "3")
    assert result.exit_code == 0
    # σ'(1) correctly rounded (mpmath: 0.19661193324148185253…); it used to print an ulp above.
    assert result.stdout.splitlines()[1] == "1.0,0.7310585786300049,0.19661193324148185"
    assert result.stderr == (
        "actviz: warning: --precision does not apply to --format csv: "
        "it is written at full precision\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sigmoid", "--at", "1,,2"], "empty item 2 in --at '1,,2'"),
        (["sigmoid", "--at", "abc"], "'abc' in --at 'abc' is not a number"),
        (["sigmoid", "--at", "1,nan"], "'nan' in --at '1,nan' is NaN"),
        (["sigmoid", "--at", "1", "--points", "3"], "either --at or --xmin/--xmax/--points"),
        (["sigmoid", "--format", "xml"], "Invalid value for '--format'"),
        (["sigmoid", "--precision", "0"], "--precision must be an integer from 1 to 17, got 0"),
        (["sigmoid", "--precision", "18"], "--precision must be an integer from 1 to 17, got 18"),
        (["sigmoid", "--xmin", "2", "--xmax", "1"], "--xmin (2) must be less than --xmax (1)"),
        (["sigmoid", "--points", "1"], "--points must be between 2"),
        (["sigmod"], "unknown activation 'sigmod'; did you mean 'sigmoid'"),
        (["elu:alpha=-1"], "parameter 'alpha' of elu"),
        ([], "Missing argument 'NAME...'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_on_stdout(invoke, args, message):
    assert_one_line_error(invoke("table", *args), message)


def test_help_teaches_with_an_example(invoke):
    text = invoke("table", "--help").stdout
    assert "Example:" in text and "actviz table sigmoid tanh relu" in text


def test_console_script_prints_the_table():
    completed = subprocess.run(
        [sys.executable, "-m", "actviz", "table", "tanh", "--at", "20", "--format", "csv"],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    header, row = completed.stdout.splitlines()
    assert header == "x,tanh f(x),tanh f'(x)"
    x, f, df = (float(v) for v in row.split(","))
    assert (x, f) == (20.0, 1.0)
    assert df == pytest.approx(4 * math.exp(-40) / (1 + math.exp(-40)) ** 2, rel=1e-15, abs=0)


def test_a_table_never_loads_matplotlib():
    stdout, loaded = run_and_list_modules(["table", "relu", "--format", "csv"],
                                          ("matplotlib", "scipy", "rich"))
    assert stdout.startswith("x,relu f(x),relu f'(x)\n")
    assert loaded == {"matplotlib": False, "scipy": False, "rich": False}
