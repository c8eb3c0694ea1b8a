"""CSV, Markdown, LaTeX and JSON exports, each parsed back."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

import actviz
from actviz.analysis.depth import DepthSettings
from actviz.analysis.saturation import saturation_report
from actviz.analysis.tables import value_table
from actviz.render.export import (
    latex_text,
    saturation_json,
    saturation_sheets,
    to_csv,
    to_latex,
    to_markdown,
    value_sheet,
    value_table_json,
)

X = np.array([-math.inf, -40.0, -0.5, 0.0, 1e-3, 40.0, math.inf])


@pytest.fixture(scope="module")
def table():
    return value_table([actviz.get("sigmoid"), actviz.get("elu:alpha=0.5")], X)


@pytest.fixture(scope="module")
def report():
    acts = [actviz.get(n) for n in ("sigmoid", "relu", "hardshrink")]
    return saturation_report(acts, depth=DepthSettings(layers=4, width=8, seed=2))


def test_csv_holds_every_float_exactly(table):
    rows = list(csv.reader(io.StringIO(to_csv(value_sheet(table)))))
    assert rows[0] == ["x", "sigmoid f(x)", "sigmoid f'(x)", "elu:alpha=0.5 f(x)",
                       "elu:alpha=0.5 f'(x)"]
    body = np.array([[float(v) for v in row] for row in rows[1:]])
    np.testing.assert_array_equal(body[:, 0], X)
    np.testing.assert_array_equal(body[:, 1], table.columns[0].f)
    np.testing.assert_array_equal(body[:, 4], table.columns[1].df)
    assert rows[2][2] == "4.248354255291589e-18"  # σ'(-40), all 16 digits


def test_markdown_is_a_pipe_table_with_right_aligned_numbers(table):
    lines = to_markdown(value_sheet(table), precision=4).splitlines()
    assert lines[0] == ("| x | Sigmoid f(x) | Sigmoid f′(x) | ELU (α=0.5) f(x) "
                        "| ELU (α=0.5) f′(x) |")
    assert lines[1] == "| ---: | ---: | ---: | ---: | ---: |"
    assert lines[3] == "| -40 | 4.248e-18 | 4.248e-18 | -0.5 | 2.124e-18 |"
    assert lines[-1] == "| inf | 1 | 0 | inf | 1 |"
    assert len(lines) == 2 + len(X)


def test_latex_is_booktabs_with_grouped_headers(table):
    text = to_latex(value_sheet(table), precision=6)
    lines = text.splitlines()
    assert r"\begin{tabular}{rrrrr}" in lines
    for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
        assert lines.count(rule) == 1
    assert lines.index(r"\toprule") < lines.index(r"\midrule") < lines.index(r"\bottomrule")
    assert r"\multicolumn{2}{c}{Sigmoid} & \multicolumn{2}{c}{ELU ($\alpha$=0.5)} \\" in text
    assert r"\cmidrule(lr){2-3} \cmidrule(lr){4-5}" in text
    assert r"$-40$ & $4.24835 \times 10^{-18}$ & $4.24835 \times 10^{-18}$" in text
    assert r"$\infty$ & $1$ & $0$ & $\infty$ & $1$ \\" in text
    # every row has as many cells as the column spec
    body = lines[lines.index(r"\midrule") + 1: lines.index(r"\bottomrule")]
    assert all(row.count(" & ") == 4 and row.endswith(r" \\") for row in body)


def test_latex_escapes_text():
    assert latex_text("50% a_b & c#") == r"50\% a\_b \& c\#"
    assert latex_text("x ~ N(0, 1²) λ ≥ ∞") == r"x $\sim$ N(0, 1$^2$) $\lambda$ $\geq$ $\infty$"


def test_value_json_round_trips_with_inf_as_strings(table):
    data = json.loads(json.dumps(value_table_json(table)))
    assert data["x"] == ["-inf", -40.0, -0.5, 0.0, 0.001, 40.0, "inf"]
    assert [a["name"] for a in data["activations"]] == ["sigmoid", "elu"]
    assert data["activations"][1]["params"] == {"alpha": 0.5}
    f = np.array([float(v) for v in data["activations"][1]["f"]])
    np.testing.assert_array_equal(f, table.columns[1].f)
    assert data["activations"][0]["df"][1] == 4.248354255291589e-18
    no_df = value_table([actviz.get("relu")], X, derivative=False)
    assert value_table_json(no_df)["activations"][0]["df"] is None


def test_saturation_json_has_the_documented_shape(report):
    text = json.dumps(saturation_json(report), allow_nan=False)  # no bare NaN or Infinity
    data = json.loads(text)
    assert list(data) == ["threshold", "sigma", "activations", "depth"]
    relu = data["activations"][1]
    assert list(relu) == ["name", "params", "label", "max_abs_derivative", "argmax",
                          "max_abs_derivative_plateaus", "max_abs_derivative_tails",
                          "active_intervals", "saturating", "saturated_fraction",
                          "dead_fraction", "mean_abs_derivative"]
    # ReLU's |f'| = 1 on all of x > 0: no single argmax, the plateau instead
    assert relu["argmax"] is None and relu["max_abs_derivative_plateaus"] == [[0.0, "inf"]]
    assert data["activations"][0]["argmax"] == 0.0  # sigmoid's
    assert relu["active_intervals"] == [[0.0, "inf", False, False]]
    assert relu["dead_fraction"] == 0.5
    shrink = data["activations"][2]
    assert shrink["active_intervals"] == [["-inf", -0.5, False, False],
                                          [0.5, "inf", False, False]]
    depth = data["depth"]
    assert (depth["layers"], depth["width"], depth["init"], depth["seed"]) == (4, 8, "he", 2)
    assert set(depth["gradient_norm"]) == {"sigmoid", "relu", "hardshrink"}
    assert depth["gradient_norm"]["relu"][-1] == 1.0 and len(depth["dead_fraction"]["relu"]) == 4
    no_depth = saturation_report([actviz.get("relu")])
    assert saturation_json(no_depth)["depth"] is None


def test_saturation_csv_then_depth_rows(report):
    text = to_csv(*saturation_sheets(report, "csv"))
    table_part, depth_part = text.split("\n\n")
    rows = list(csv.DictReader(io.StringIO(table_part)))
    assert [r["activation"] for r in rows] == ["sigmoid", "relu", "hardshrink"]
    sigmoid = rows[0]
    low, high = sigmoid["active_intervals"].strip("[]").split(", ")
    assert abs(float(high) - 4.5848633391223546) < 1e-9 and float(low) == -float(high)
    assert rows[1]["active_intervals"] == "(0.0, inf)" and rows[1]["dead_fraction"] == "0.5"
    assert rows[2]["active_intervals"] == "(-inf, -0.5) ∪ (0.5, inf)"
    layers = list(csv.DictReader(io.StringIO(depth_part)))
    assert len(layers) == 3 * 4 and layers[3] == {
        "activation": "sigmoid", "layer": "4", "gradient_norm": "1.0", "dead_fraction": "0.0"
    }


def test_saturation_markdown_and_latex_have_three_tables(report):
    markdown = to_markdown(*saturation_sheets(report, "markdown"), precision=4)
    assert markdown.count("| activation |") == 3
    assert "| relu | 1 | x > 0 | (0, ∞) | left | 50% | 50% | 0.5 |" in markdown
    assert r"\|f′\| ≥ 0.01 on" in markdown  # pipes inside cells are escaped
    latex = to_latex(*saturation_sheets(report, "latex"), precision=4)
    assert latex.count(r"\toprule") == latex.count(r"\bottomrule") == 3
    assert r"$(-\infty, -0.5) \cup (0.5, \infty)$" in latex
    assert r"$50$\,\%" in latex
