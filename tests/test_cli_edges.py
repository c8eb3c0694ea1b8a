"""Edges of the command line: a bare `actviz`, figures too small to lay out, tables too long to
read, and the one-line warnings that explain a formula's gaps."""

from __future__ import annotations

import pytest

from actviz.cli import cli


def test_bare_actviz_prints_the_help(runner):
    result = runner.invoke(cli, [], prog_name="actviz")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: actviz") and "Commands:" in result.output
    assert result.stderr == ""


def test_a_figure_too_small_for_its_labels_is_refused_and_not_written(runner, tmp_path):
    target = tmp_path / "tiny.png"
    result = runner.invoke(cli, ["plot", "relu", "-d", "--width", "1", "--height", "1",
                                 "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "actviz: error: a 1 × 1 in figure is too small for its titles and labels: "
        "make --width/--height larger")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("fmt", "code"), [("rich", 2), ("markdown", 2), ("latex", 2),
                                           ("csv", 0)])
def test_tables_for_reading_hold_at_most_10000_rows(runner, fmt, code):
    result = runner.invoke(cli, ["table", "relu", "--xmin", "0", "--xmax", "1",
                                 "--points", "10001", "--format", fmt])
    assert result.exit_code == code
    if code:
        assert "holds at most 10,000 rows, not 10,001" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["table", "f(x)=exp(x)", "--at", "1,800"],
         "actviz: warning: exp(x) overflows for x ≥ 709.78; its derivative overflows for "
         "x ≥ 709.78"),
        (["plot", "f(x)=log(x)", "-d"],
         "actviz: warning: log(x) is not finite for x ≤ 0; its derivative is not finite for x ≤ 0"),
        (["compare", "relu", "f(x)=1/x"],
         "actviz: warning: 1/x overflows for x = 0; its derivative overflows for x = 0"),
    ],
)
def test_a_formula_that_is_not_finite_says_where_in_one_line(runner, args, message):
    result = runner.invoke(cli, args, env={"COLUMNS": "80", "LINES": "24"})
    assert result.exit_code == 0
    assert message in result.stderr.splitlines()


def test_built_in_activations_never_warn_about_gaps(runner):
    result = runner.invoke(cli, ["compare", "sigmoid", "gelu", "mish", "-d"],
                           env={"COLUMNS": "80", "LINES": "24"})
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


def test_a_long_title_is_wrapped_inside_the_figure(tmp_path):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    import actviz
    from actviz.analysis.sampling import sample_curves
    from actviz.render.figures import curve_figure

    title = "A very long title for the course notes chapter on rectified linear units " * 2
    figure = curve_figure(sample_curves([actviz.get("relu")], -6, 6, 101), title=title)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    box = figure._suptitle.get_window_extent(canvas.get_renderer())
    assert box.x0 >= 0 and box.x1 <= figure.bbox.width


def test_compare_takes_wildcards_like_list(runner):
    result = runner.invoke(cli, ["compare", "hard*"], env={"COLUMNS": "200", "LINES": "30"})
    assert result.exit_code == 0, result.stderr
    for title in ("HardShrink", "HardSigmoid", "HardSwish", "HardTanh"):
        assert title in result.output
