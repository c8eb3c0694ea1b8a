"""``actviz precision`` and ``actviz.precision``: the formats, the JSON shape, the tables."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

import actviz
from tests.cli_checks import assert_one_line_error, modules_after

SIDE_KEYS = {
    "saturates_from", "gradient_zero_from", "f_overflows_from", "gradient_overflows_from",
    "textbook_f_fails_from", "textbook_f_failure", "textbook_gradient_fails_from",
    "textbook_gradient_failure", "f_error_rounded", "f_error_in_dtype",
    "gradient_error_rounded", "gradient_error_in_dtype",
}


def test_json_has_the_issue_shape_with_null_where_a_side_has_no_point(invoke):
    result = invoke("precision", "sigmoid", "relu", "--dtype", "float16,float8_e4m3fn",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"dtypes", "activations"}
    assert data["dtypes"] == ["float16", "float8_e4m3fn"]
    assert [a["name"] for a in data["activations"]] == ["sigmoid", "relu"]
    for entry in data["activations"]:
        assert set(entry) == {"name", "params", "dtypes"}
        assert set(entry["dtypes"]) == {"float16", "float8_e4m3fn"}
        for sides in entry["dtypes"].values():
            assert set(sides) == {"left", "right"}
            assert all(set(numbers) == SIDE_KEYS for numbers in sides.values())
    sigmoid, relu = data["activations"]
    assert sigmoid["dtypes"]["float16"]["left"]["gradient_zero_from"] == 17.34375
    assert relu["dtypes"]["float16"]["right"]["gradient_zero_from"] is None
    assert relu["dtypes"]["float16"]["right"]["textbook_gradient_fails_from"] is None


def test_default_formats_are_float32_float16_bfloat16(invoke):
    data = json.loads(invoke("precision", "tanh", "--format", "json").stdout)
    assert data["dtypes"] == ["float32", "float16", "bfloat16"]
    saturates = data["activations"][0]["dtypes"]["float32"]["right"]["saturates_from"]
    assert 9.0 < saturates < 9.02  # tanh rounds to 1 from |x| ≈ 9 in float32


def test_csv_has_every_key_at_full_precision_and_empty_cells_for_null(invoke):
    result = invoke("precision", "sigmoid", "--dtype", "float16", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["dtype"], r["side"]) for r in rows] == [("float16", "left"), ("float16", "right")]
    assert set(rows[0]) == {"activation", "dtype", "side"} | SIDE_KEYS
    assert rows[0]["gradient_zero_from"] == "17.34375"
    assert rows[0]["f_overflows_from"] == ""
    assert rows[1]["textbook_gradient_failure"] == "wrong"


def test_markdown_shows_the_formats_digits_and_how_the_textbook_form_fails(invoke):
    result = invoke("precision", "sigmoid", "--dtype", "float16", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| activation | format | side | f from \\|x\\| = limit |")
    assert "| sigmoid | float16 | left | 17.344 | — | 17.344 | — | 11.094 (0) | 11.094 (0) |" \
        in result.stdout
    assert "7.3398 (off)" in lines[3]


def test_rich_output_is_a_table_with_the_numbers(invoke):
    result = invoke("precision", "silu", "--dtype", "bfloat16", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for group in ("f from |x|", "f′ from |x|", "textbook fails at", "max error"):
        assert group in result.stdout
    assert "silu" in result.stdout and "bfloat16" in result.stdout


def test_formulas_and_parameters_work(invoke):
    result = invoke("precision", "f(x)=x*sigmoid(x)", "elu:alpha=0.5", "--dtype", "float16",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    formula, elu = json.loads(result.stdout)["activations"]
    assert formula["dtypes"]["float16"]["left"]["gradient_zero_from"] == 20.296875
    assert elu["params"] == {"alpha": 0.5}


@pytest.mark.parametrize("args,message", [
    (["sigmoid", "--dtype", "float8_e4m3f"], "did you mean 'float8_e4m3fn' or 'float8_e4m3'?"),
    (["sigmoid", "--dtype", "float16,,bfloat16"], "empty dtype name"),
    (["sigmod"], "unknown activation 'sigmod'"),
    (["sigmoid", "--format", "latex"], "'latex' is not one of"),
])
def test_bad_input_is_one_line_exit_2(invoke, args, message):
    assert_one_line_error(invoke("precision", *args), message)


def test_the_api_returns_a_result_with_the_numbers_and_the_tables():
    result = actviz.precision(["sigmoid"], dtypes=["float16", "float8_e5m2"])
    assert repr(result) == "<PrecisionResult sigmoid in float16, float8_e5m2>"
    assert result.numbers("sigmoid", "float16", "left").gradient_zero_from == 17.34375
    assert json.loads(result.to_json())["dtypes"] == ["float16", "float8_e5m2"]
    assert result.rows[0]["gradient_zero_from"] == 17.34375
    assert result.rows[0]["f_overflows_from"] is None
    with pytest.raises(actviz.ActvizError, match="unknown option 'dtype'"):
        actviz.precision(["sigmoid"], dtype="float16")


@pytest.mark.parametrize("args,message", [
    (("relu", "float16", "left"), "no activation 'relu'; it has sigmoid, elu:alpha=0.5"),
    (("sigmoid", "float32", "left"), "no format 'float32'; it has float16"),
    (("sigmoid", "float16", "up"), "no side 'up'; it has left, right"),
])
def test_numbers_of_what_the_report_does_not_hold_is_a_clear_error(args, message):
    result = actviz.precision(["sigmoid", "elu:alpha=0.5"], dtypes="float16")
    with pytest.raises(actviz.ActvizError, match=message):
        result.numbers(*args)
    # A full spec finds its entry too: elu at its default alpha is keyed "elu".
    assert actviz.precision(["elu"], dtypes="float16").numbers(
        "elu:alpha=1.0", "float16", "left").gradient_zero_from > 0


def test_precision_imports_no_matplotlib_and_ml_dtypes_only_for_its_formats():
    _, loaded = modules_after(
        "import actviz; actviz.precision(['sigmoid'], dtypes='float16')",
        ("matplotlib", "ml_dtypes"))
    assert loaded == {"matplotlib": False, "ml_dtypes": False}  # numpy formats only
    _, loaded = modules_after(
        "import actviz; actviz.precision(['sigmoid'], dtypes='bfloat16')", ("ml_dtypes",))
    assert loaded["ml_dtypes"]


# -- table --dtype ---------------------------------------------------------------------------


def test_table_rounds_x_f_and_the_gradient_to_the_format(invoke):
    result = invoke("table", "sigmoid", "--at", "0.1,17.3,17.4", "--dtype", "float16",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dtype"] == "float16"
    assert data["x"] == [0.0999755859375, 17.296875, 17.40625]  # the float16 inputs
    (sigmoid,) = data["activations"]
    assert sigmoid["f"] == [0.52490234375, 1.0, 1.0]
    # σ' rounds to 0 in float16 from |x| = 17.34375 on (see actviz precision)
    assert sigmoid["df"][1] == 2**-24 and sigmoid["df"][2] == 0.0


def test_table_without_dtype_keeps_its_json_shape(invoke):
    data = json.loads(invoke("table", "sigmoid", "--at", "0.1", "--format", "json").stdout)
    assert set(data) == {"x", "activations"} and data["x"] == [0.1]


def test_table_shows_the_formats_digits(invoke):
    result = invoke("table", "tanh", "--at", "0.1,6", "--dtype", "bfloat16",
                    "--format", "markdown")
    assert "| 0.1001 | 0.09961 | 0.9883 |" in result.stdout  # 4 digits: bfloat16's 8 bits
    assert "| 6 | 1 | 2.456e-5 |" in result.stdout
    more = invoke("table", "tanh", "--at", "0.1", "--dtype", "bfloat16", "--precision", "8",
                  "--format", "markdown")
    assert "0.099609375" in more.stdout  # --precision still decides when given


def test_table_refuses_an_unknown_format_in_one_line(invoke):
    assert_one_line_error(invoke("table", "tanh", "--dtype", "float8"), "unknown dtype 'float8'")


# -- plot and compare --dtype ----------------------------------------------------------------


def _rounded_curve(result):
    original, rounded = result.curves
    assert original.activation.spec == rounded.activation.spec  # the same activation, twice
    return original, rounded


def test_plot_draws_the_rounded_curve_beside_the_float64_one():
    from actviz.analysis.dtypes import lookup_dtype

    result = actviz.plot("sigmoid", dtype="float8_e4m3fn", derivative=True, xmin=-10, xmax=10)
    original, rounded = _rounded_curve(result)
    assert original.activation.label == "Sigmoid"
    assert rounded.activation.label == "Sigmoid in float8_e4m3fn, f′ = 0 for |x| ≥ 7"
    e4m3fn = lookup_dtype("float8_e4m3fn")
    for x, y in rounded.function.segments + rounded.derivative.segments:
        assert (e4m3fn.round(y) == y).all()  # a staircase of representable values
    x, slope = rounded.derivative.joined()
    assert (slope[np.abs(x) >= 7] == 0).all() and (slope[np.abs(x) < 6] > 0).all()
    _, exact_slope = original.derivative.joined()
    assert (exact_slope > 0).all()  # the float64 gradient never reaches 0 here
    from actviz.render.panels import curve_layout

    top, bottom = curve_layout(result.curves, compare=True).panels
    assert bottom.zero_from == (-7.0, 7.0) and top.zero_from == ()  # marked in the f′ panel


def test_compare_rounds_every_activation_and_keeps_its_table_to_the_originals():
    result = actviz.compare(["sigmoid", "tanh"], dtype="bfloat16")
    labels = [curve.activation.label for curve in result.curves]
    assert labels == ["Sigmoid", "Sigmoid in bfloat16, f′ = 0 for |x| ≥ 93",
                      "Tanh", "Tanh in bfloat16, f′ = 0 for |x| ≥ 47.25"]
    assert [c.label for c in result.table.comparisons] == ["Sigmoid", "Tanh"]


def test_a_one_sided_zero_gradient_is_named_by_its_side():
    result = actviz.plot("silu", dtype="float16")
    assert result.curves[1].activation.label == "SiLU in float16, f′ = 0 for x ≤ −20.2969"


def test_plot_dtype_figure_and_chart(invoke, tmp_path):
    from tests.images import assert_drawn, pixels_near, read_png

    target, plain = tmp_path / "sigmoid.png", tmp_path / "plain.png"
    result = invoke("plot", "sigmoid", "-d", "--dtype", "float8_e4m3fn", "--xmin", "-10",
                    "--xmax", "10", "-o", target)
    assert result.exit_code == 0, result.output
    image = read_png(target)
    assert_drawn(image)
    invoke("plot", "sigmoid", "-d", "--xmin", "-10", "--xmax", "10", "-o", plain)
    # the dotted grey lines where f′ rounds to 0 (x = ±7) are on the figure, not on the plain one
    assert pixels_near(image, "#595959", 0.02) > pixels_near(read_png(plain), "#595959", 0.02)
    chart = invoke("plot", "tanh", "--dtype", "float8_e4m3fn", env={"COLUMNS": "120"})
    assert "Tanh in float8_e4m3fn, f′ = 0 for |x| ≥ 4.5" in chart.stdout


@pytest.mark.parametrize("args,message", [
    (["plot", "sigmoid", "--dtype", "float9"], "unknown dtype 'float9'"),
    (["plot", "elu", "--sweep", "alpha=1,2", "--dtype", "float16"], "cannot be combined"),
    (["compare", "sigmoid", "tanh", "--dtype", "half"], "unknown dtype 'half'"),
])
def test_bad_dtype_requests_fail_in_one_line_and_write_nothing(invoke, tmp_path, args, message):
    target = tmp_path / "figure.png"
    assert_one_line_error(invoke(*args, "-o", target), message)
    assert not target.exists()


def test_batch_makes_precision_reports_and_rounded_tables(invoke, tmp_path):
    config = tmp_path / "notes.toml"
    config.write_text(
        '[[figure]]\nkind = "precision"\nactivations = ["sigmoid"]\ndtype = "float16"\n'
        'output = "sigmoid.json"\n\n'
        '[[figure]]\nkind = "table"\nactivations = ["sigmoid"]\nat = [17.4]\n'
        'dtype = "float16"\noutput = "table.csv"\n'
    )
    result = invoke("batch", config)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "sigmoid.json").read_text())
    assert report["activations"][0]["dtypes"]["float16"]["left"]["gradient_zero_from"] == 17.34375
    rows = list(csv.DictReader(io.StringIO((tmp_path / "table.csv").read_text())))
    assert rows == [{"x": "17.40625", "sigmoid f(x)": "1.0", "sigmoid f'(x)": "0.0"}]


def test_a_side_with_no_such_point_is_each_formats_own_undefined_marker():
    result = actviz.precision(["relu"], dtypes="float16")  # relu's right side never rounds
    latex_rows = [line for line in result.to_latex().splitlines() if line.startswith("relu")]
    markdown_rows = [line for line in result.to_markdown().splitlines() if "| relu" in line]
    assert len(latex_rows) == len(markdown_rows) == 2
    # A raw em dash is not LaTeX in every engine (pdflatex without a Unicode setup).
    assert all(row.isascii() and " --- " in row for row in latex_rows)
    assert all("| \u2014 |" in row for row in markdown_rows)
    assert ",," in result.to_csv() and "\u2014" not in result.to_csv()
