"""`actviz softmax`: outputs in every format, negative logits, the explanation, errors, figures."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from actviz.analysis.softmax import softmax
from actviz.render.canvas import find_cjk_family
from actviz.render.report_figures import temperature_looks
from actviz.render.tables import bar
from actviz.render.words import significant
from tests.cli_checks import assert_one_line_error, run_and_list_modules
from tests.images import assert_drawn, has_colour, read_png


def test_course_notes_example_prints_a_column_per_temperature(invoke):
    result = invoke("softmax", "3", "1", "-3", "--temperature", "0.5,1,2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for header in ("T = 0.5", "T = 1", "T = 2"):
        assert header in out
    for value in softmax([3, 1, -3], 0.5).tolist() + softmax([3, 1, -3], 2).tolist():
        assert significant(value) in out  # the one number format: 6.1e-6, not 6.1e-06
    assert "-12.0182" in out  # log p of z3 at T = 0.5, where p is 6e-6
    assert "█" in out  # the terminal bars
    assert result.stderr == ""


@pytest.mark.parametrize("args", [("-3", "-1", "2"), ("-3", "-1e0", "+2"), ("--", "-3", "-1", "2")])
def test_negative_logits_are_logits_not_options(invoke, args):
    result = invoke("softmax", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["logits"] == [-3.0, -1.0, 2.0]
    np.testing.assert_allclose(record["temperatures"][0]["probabilities"],
                               softmax([-3, -1, 2]), rtol=1e-15)


def test_json_has_jacobian_and_explanation(invoke):
    result = invoke("softmax", "1000", "1001", "1002", "--jacobian", "--explain",
                    "--temperature", "1,2", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert [t["temperature"] for t in record["temperatures"]] == [1.0, 2.0]
    first = record["temperatures"][0]
    p = np.array(first["probabilities"])
    np.testing.assert_allclose(first["jacobian"], np.diag(p) - np.outer(p, p), atol=1e-16)
    assert first["naive"]["probabilities"] == ["nan", "nan", "nan"]
    assert first["naive"]["overflowed"] == [0, 1, 2]
    assert first["shifted"]["maximum"] == 1002.0
    assert first["shifted"]["shifted"] == [-2.0, -1.0, 0.0]


def test_explain_shows_the_overflow_and_why_the_shift_is_harmless(invoke):
    result = invoke("softmax", "1000", "1001", "1002", "--explain")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "exp(z/T) = [inf, inf, inf]" in out
    assert "p = [nan, nan, nan]" in out
    assert "709.78" in out
    assert "(z − m)/T = [-2, -1, 0]" in out
    assert "p = exp((z − m)/T) / Σ = [0.0900306, 0.244728, 0.665241]" in out
    assert "e^(−m/T) cancels" in out


def test_explain_in_chinese(invoke):
    result = invoke("softmax", "1000", "1001", "--explain", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "溢出" in result.stdout and "公因子" in result.stdout


def test_csv_reads_back_exactly(invoke):
    result = invoke("softmax", "3", "1", "-3", "--temperature", "0.5,2", "--jacobian",
                    "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["class"] for r in rows] == ["z1", "z2", "z3"]
    assert [float(r["p(T=0.5)"]) for r in rows] == softmax([3, 1, -3], 0.5).tolist()
    assert float(rows[0]["dp_du2(T=2)"]) < 0 < float(rows[0]["dp_du1(T=2)"])


def test_markdown_table_and_explanation(invoke):
    """Markdown is export.to_markdown of the softmax sheet: right-aligned numbers, --precision,
    headers in the chosen language; then the explanation."""
    result = invoke("softmax", "2", "1", "--format", "markdown", "--explain")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "| class | logit z | p (T = 1) | log p (T = 1) |"
    assert lines[1] == "| :--- | ---: | ---: | ---: |"
    assert lines[2].startswith("| z1 | 2 | 0.731059 |")
    assert "```text" in lines and "e^(−m/T)" in result.stdout
    short = invoke("softmax", "2", "1", "--format", "markdown", "--precision", "3", "--lang", "zh")
    header = "| 类别 | logit 值 z | p（T = 1） | log p（T = 1） |"
    assert short.stdout.splitlines()[0] == header
    assert short.stdout.splitlines()[2] == "| z1 | 2 | 0.731 | -0.313 |"


def test_markdown_jacobian_columns_and_csv_precision_warning(invoke):
    result = invoke("softmax", "2", "1", "--jacobian", "--format", "markdown")
    assert result.stdout.splitlines()[0].endswith("| ∂p/∂u1 (T = 1) | ∂p/∂u2 (T = 1) |")
    assert "*∂p/∂uj: ∂p_i/∂u_j with u = z/T" in result.stdout
    csv_text = invoke("softmax", "2", "1", "--format", "csv", "--precision", "3")
    assert csv_text.stderr == ("actviz: warning: --precision does not apply to --format csv: "
                               "it is written at full precision\n")
    assert csv_text.stdout.splitlines()[1].startswith("z1,2.0,0.7310585786300049,")


def test_bar_resolution():
    assert bar(0.5, width=4) == "██"
    assert bar(1 / 32, width=4) == "▏"
    assert bar(0.0, width=4) == ""
    assert bar(1.0, width=4) == "████"


@pytest.mark.parametrize(
    "args, message",
    [
        (("1", "abc"), "logit 2 ('abc') is not a number"),
        (("1", "nan"), "logit 2 ('nan') is NaN"),
        (("1", "inf"), "logit 2 is inf"),
        (("-inf", "1"), "logit 1 is -inf"),
        (("1",), "at least 2 logits, got only 1"),
        ((), "at least 2 logits, got none"),
        (("1", "2", "--temperature", "0"), "--temperature must be a finite number > 0, got 0"),
        (("1", "2", "--temperature", "-1"), "--temperature must be a finite number > 0"),
        (("1", "2", "--temperature", "nan"), "'nan' in --temperature 'nan' is NaN"),
        (("1", "2", "--temperature", "1,,2"), "empty item 2 in --temperature '1,,2'"),
        (("1", "2", "--temperature", "1,x"), "'x' in --temperature '1,x' is not a number"),
        (("1", "2", "--temprature", "2"), "Did you mean '--temperature'?"),
        (("--", "1", "2", "--format", "csv"), "--format comes after '--', so it is read as a"),
        (("--", "1", "2", "-o", "p.png"), "-o comes after '--', so it is read as a logit"),
        (("1", "2", "--explain", "--format", "csv"), "--explain has no CSV form"),
        (("1", "2", "--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(invoke, args, message):
    assert_one_line_error(invoke("softmax", *args), message)


def test_bad_figure_suffix_is_rejected_before_anything_is_printed(invoke, tmp_path):
    target = tmp_path / "bars.gif"
    result = invoke("softmax", "1", "2", "-o", target)
    assert result.exit_code == 2 and "unknown file type '.gif'" in result.stderr
    assert result.stdout == "" and not target.exists()


def test_figure_png(invoke, tmp_path):
    target = tmp_path / "out" / "softmax.png"
    result = invoke("softmax", "3", "1", "-3", "--temperature", "0.5,1,2", "-o", target,
                    "--dpi", "80", "--width", "6", "--height", "4")
    assert result.exit_code == 0, result.output
    assert "█" not in result.stdout  # the figure replaces the terminal bars
    assert f"wrote {target}" in result.stderr
    pixels = read_png(target)
    assert pixels.shape[:2] == (320, 480)
    assert_drawn(pixels)
    from matplotlib.colors import to_hex

    from actviz.render.canvas import style_context

    with style_context():  # the house colours
        looks = temperature_looks(3)
    for look in looks:  # each temperature's bars are there
        assert has_colour(pixels, to_hex(look["color"]))
    assert list(tmp_path.joinpath("out").iterdir()) == [target]  # no temporary file left


def test_figure_svg_and_pdf(invoke, tmp_path):
    for suffix, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF")):
        target = tmp_path / f"softmax{suffix}"
        result = invoke("softmax", "2", "1", "0", "-o", target)
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(magic)


@pytest.mark.skipif(find_cjk_family() is None, reason="no CJK font installed")
def test_figure_in_chinese(invoke, tmp_path):
    target = tmp_path / "softmax_zh.png"
    result = invoke("softmax", "3", "1", "-3", "-o", target, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert_drawn(read_png(target))


def test_terminal_path_never_imports_matplotlib():
    args = ["softmax", "3", "1", "-3", "--temperature", "0.5,1,2", "--jacobian", "--explain"]
    out, loaded = run_and_list_modules(args, ("matplotlib", "scipy"))
    assert loaded == {"matplotlib": False, "scipy": False}
    assert "T = 0.5" in out


def test_rich_table_renders_exactly():
    import io

    from rich.console import Console

    from actviz.analysis.softmax import softmax_report
    from actviz.render.tables import softmax_table

    console = Console(width=60, file=io.StringIO(), force_terminal=True, color_system=None)
    console.print(softmax_table(softmax_report(["2", "-1"], "0.5,2")))
    assert console.file.getvalue().splitlines() == [
        "            p = softmax(z / T)             ",
        "    ┃  z ┃       ┃     T = 0.5 ┃     T = 2 ",
        "━━━━╇━━━━╇━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━",
        " z1 │  2 │ p     │    0.997527 │  0.817574 ",
        "    │    │ log p │ -0.00247569 │ -0.201413 ",
        "────┼────┼───────┼─────────────┼───────────",
        " z2 │ -1 │ p     │  0.00247262 │  0.182426 ",
        "    │    │ log p │    -6.00248 │  -1.70141 ",
    ]
