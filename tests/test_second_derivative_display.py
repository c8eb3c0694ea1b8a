"""-2/--second-derivative: f'' as a panel of plot and compare, as columns of table (issue 14)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

import actviz
from actviz.activations.registry import get
from tests.images import assert_png, pixels_near

TERMINAL = {"COLUMNS": "72", "LINES": "36"}
FIRST_CURVE = "#0072B2"  # the first colour of actviz's style


# -- plot and compare ------------------------------------------------------------------------


def test_the_api_samples_f2_with_its_jump_where_f1_has_a_kink():
    result = actviz.plot("elu:alpha=0.5", second_derivative=True, xmin=-2, xmax=2, points=41)
    curve = result.curves[0]
    assert result.panels == 2 and curve.derivative is None
    (jump,) = curve.second_derivative.jumps  # ELU'' = alpha e^x for x <= 0, 0 beyond
    assert (jump.x, jump.left, jump.right, jump.value) == (0.0, 0.5, 0.0, 0.5)
    x, y = curve.second_derivative.joined()
    kept = ~np.isnan(x) & (x != 0)  # at 0 the segments end at the one-sided limits
    assert np.array_equal(y[kept], result.activations[0].derivative(x[kept], order=2))
    assert repr(result) == "<PlotResult elu:alpha=0.5: f and f″ on [-2, 2]>"


def test_with_both_flags_the_panels_are_f_f1_f2():
    result = actviz.compare(["relu", "gelu"], derivative=True, second_derivative=True)
    assert result.panels == 3
    assert all(c.derivative is not None and c.second_derivative is not None
               for c in result.curves)
    assert repr(result).endswith("f, f′ and f″ on [-6, 6]>")


def test_a_third_panel_makes_the_png_taller_and_holds_the_curve(invoke, tmp_path):
    two, three = tmp_path / "two.png", tmp_path / "three.png"
    for target, flags in ((two, ["-d"]), (three, ["-d", "-2"])):
        result = invoke("plot", "softplus", *flags, "-o", target, "--dpi", 50)
        assert result.exit_code == 0, result.output
    assert_png(two, 6.4, 6.4, 50)
    image = assert_png(three, 6.4, 8.8, 50)  # 0.6 of the style's 4 in per added panel
    bottom = image[2 * image.shape[0] // 3:]
    assert pixels_near(bottom, FIRST_CURVE) > 50  # softplus'' is drawn in the last third


def test_the_terminal_chart_has_an_f2_panel(invoke):
    result = invoke("compare", "softplus", "sigmoid", "-2", env=TERMINAL)
    assert result.exit_code == 0, result.output
    assert "f″(x)" in result.stdout and "f′(x)" not in result.stdout


def test_a_plot_with_f2_only_is_titled_with_its_second_derivative():
    from actviz.render.panels import curve_layout

    curves = actviz.plot("softplus", second_derivative=True).curves
    layout = curve_layout(curves)
    assert layout.title == "Softplus (β=1) and its second derivative"
    assert [panel.formula is not None for panel in layout.panels] == [True, True]


# -- table -----------------------------------------------------------------------------------


def test_json_has_d2f_beside_df_only_when_asked(invoke):
    asked = json.loads(invoke("table", "elu:alpha=0.5", "-2", "--at", "-1,0,1",
                              "--format", "json").stdout)
    plain = json.loads(invoke("table", "elu:alpha=0.5", "--at", "-1,0,1",
                              "--format", "json").stdout)
    (column,) = asked["activations"]
    assert list(column) == ["name", "params", "f", "df", "d2f"]
    assert column["d2f"] == get("elu:alpha=0.5").derivative(np.array([-1.0, 0, 1]),
                                                             order=2).tolist()
    assert "d2f" not in plain["activations"][0]


def test_csv_header_names_the_f2_columns(invoke):
    result = invoke("table", "relu", "softplus", "-2", "--no-derivative", "--at", "0",
                    "--format", "csv")
    header, row = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["x", "relu f(x)", "relu f''(x)", "softplus f(x)", "softplus f''(x)"]
    assert float(row[4]) == 0.25  # softplus''(0) = sigmoid'(0)


@pytest.mark.parametrize("fmt, heading", [("markdown", "f″(x)"), ("latex", "$f''(x)$"),
                                          ("rich", "f″(x)")])
def test_every_format_for_people_has_the_f2_column(invoke, fmt, heading):
    result = invoke("table", "softplus", "-2", "--at", "0", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert heading in result.stdout


def test_the_api_table_holds_f2():
    values = actviz.table("gelu", second_derivative=True, at=[-1, 0, 2])
    (column,) = values.columns
    assert np.array_equal(column.d2f, get("gelu").derivative(values.x, order=2))
    assert repr(values) == "<TableValues gelu: f, f′, f″ at 3 x>"


def test_a_formula_whose_f2_is_wider_than_the_figure_is_titled_by_its_name(tmp_path):
    from actviz.render.figures import curve_figure

    curves = actviz.plot("f(x)=x*sigmoid(1.702*x)", second_derivative=True).curves
    figure = curve_figure(curves)
    top, bottom = (ax.get_title() for ax in figure.axes[:2])
    assert top == "$f(x) = x \\sigma\\left(1.702 x\\right)$"  # short: the formula stays
    assert bottom == "f″(x)"  # sympy's f'' takes 1.5 lines
    target = tmp_path / "own.png"
    actviz.plot("f(x)=x*sigmoid(1.702*x)", second_derivative=True).save(target)
    assert_png(target, 6.4, 6.4, 100)
