"""Terminal charts: tick values, formulas as text, sizes, legends."""

from __future__ import annotations

import pytest

import actviz
from actviz.analysis.sampling import sample_curves
from actviz.render.panels import curve_layout
from actviz.render.terminal import (RESERVED_LINES, chart_points, legend_lines, nice_ticks,
                                    terminal_chart, terminal_size)


@pytest.mark.parametrize(("low", "high", "count", "expected"), [
    (-6, 6, 7, [-6, -4, -2, 0, 2, 4, 6]),
    (-0.08, 1.08, 5, [0, 0.25, 0.5, 0.75, 1.0]),
    (-1.16, 1.16, 5, [-1, -0.5, 0, 0.5, 1]),
])
def test_nice_ticks(low, high, count, expected):
    assert nice_ticks(low, high, count) == pytest.approx(expected)


def test_chart_points_follow_the_width():
    assert chart_points(2001, 80) == 320
    assert chart_points(50, 80) == 50


def test_colourless_charts_tell_curves_apart_by_marker():
    data = sample_curves([actviz.get("sigmoid"), actviz.get("tanh")], -6, 6, 200)
    chart = terminal_chart(curve_layout(data, compare=True), 80, 24, color=False)
    assert "• Sigmoid" in chart and "+ Tanh" in chart
    coloured = terminal_chart(curve_layout(data, compare=True), 80, 24, color=True)
    assert "\x1b[" in coloured and "⢕" in coloured


SIZES = [(40, 30), (60, 20), (80, 24), (120, 40)]
LONG_LABELS = ["elu:alpha=0.5", "leaky_relu@keras", "selu", "gelu"]
CHARTS = {  # what is drawn, and the legend labels expected
    "compare4 -d": (lambda: actviz.compare(LONG_LABELS, derivative=True),
                    ["ELU (α=0.5)", "LeakyReLU (Keras: a=0.2)", "SELU", "GELU"]),
    "compare8": (lambda: actviz.compare(["relu", "sigmoid", "tanh", "gelu", "elu", "selu",
                                         "softplus", "silu"]), ["Sigmoid", "Softplus", "SiLU"]),
    "sweep -d": (lambda: actviz.plot("leaky_relu@keras", sweep="negative_slope=0.01,0.1,0.3",
                                     derivative=True), ["a = 0.01", "a = 0.3"]),
    "dtype": (lambda: actviz.plot("sigmoid", dtype="float8_e4m3fn"),
              ["Sigmoid", "Sigmoid in float8_e4m3fn"]),
    "plot -d -2": (lambda: actviz.plot("hardswish", derivative=True, second_derivative=True), []),
}
_FRAME = "│┤┼├"


def _panels(chart: list[str]) -> list[tuple[int, int]]:
    """(top frame row, x tick label row) of each panel of a colourless chart."""
    tops = [i for i, line in enumerate(chart) if line.lstrip().startswith("┌")]
    bottoms = [i for i, line in enumerate(chart) if line.lstrip().startswith("└┬")]
    assert len(tops) == len(bottoms) >= 1
    return [(top, bottom + 1) for top, bottom in zip(tops, bottoms)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("kind", list(CHARTS))
def test_the_legend_never_covers_tick_labels_or_the_frame(kind, size):
    """plotext's legend box sat inside the canvas and, larger than it in a small terminal,
    ran over the frame, the x tick labels (40×30: ``└────┘    6``) and the curves."""
    draw, labels = CHARTS[kind]
    chart = draw().chart(size=size).splitlines()
    panels = _panels(chart)
    margin = chart[panels[0][0]].index("┌")
    for top, ticks in panels:
        assert chart[ticks].split() == ["-6", "-4", "-2", "0", "2", "4", "6"], chart[ticks]
        for line in chart[top + 1:ticks - 1]:  # y tick labels, then the frame's left side
            assert line[margin] in _FRAME, line
            assert not line[:margin].strip() or float(line[:margin]) is not None, line
    last_tick_row = panels[-1][1]
    for label in labels:
        rows = [i for i, line in enumerate(chart) if label in line and i > 0]  # not the title
        assert rows and all(i > last_tick_row for i in rows), (label, rows)
    assert all(len(line) <= size[0] for line in chart)


def test_the_legend_wraps_a_label_longer_than_the_line():
    data = sample_curves([actviz.get("sigmoid"), actviz.get("tanh")], -6, 6, 50)
    layout = curve_layout(data, compare=True)
    lines = legend_lines(layout, ["•", "+"], 40, 4)
    assert lines == ["    • Sigmoid   + Tanh"]
    long = f"f(x)={'+'.join(['x'] * 30)}"
    layout = curve_layout(sample_curves([actviz.get(long), actviz.get("tanh")], -6, 6, 50),
                          compare=True)
    lines = legend_lines(layout, ["•", "+"], 40, 4)
    assert len(lines) > 2 and all(len(line) <= 40 for line in lines)
    assert lines[-1] == "    + Tanh"


def test_a_single_curve_has_no_legend_its_panel_titles_name_it():
    chart = actviz.plot("relu", derivative=True).chart(size=(60, 30))
    assert "⢕" not in "".join(line for line in chart.splitlines() if "f(x)" in line)
    assert chart.splitlines()[-1].split() == ["-6", "-4", "-2", "0", "2", "4", "6"]


def test_a_curve_keeps_one_colour_in_every_segment_and_in_the_legend():
    """plotext's cycler gave each segment of a curve the next colour (hard shrink: blue,
    green, red), and the legend the first."""
    import re

    data = sample_curves([actviz.get("hardshrink"), actviz.get("step")], -3, 3, 200)
    chart = terminal_chart(curve_layout(data, compare=True), 60, 24, color=True)
    colours = set(re.findall(r"\x1b\[38;5;(\d+)m[⠀-⣿]", chart))
    assert colours == {"12", "11"}  # blue and orange, as in the figures
    legend = chart.splitlines()[-1]
    assert "\x1b[38;5;12m⢕" in legend and "\x1b[38;5;11m⢕" in legend


def test_lines_is_honoured_as_columns_is(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "37")
    assert terminal_size() == (100, 37 - RESERVED_LINES)
    monkeypatch.setenv("LINES", "30")
    assert terminal_size() == (100, 30 - RESERVED_LINES)


@pytest.mark.parametrize("name", ["gelu", "relu", "sigmoid"])
def test_the_f_and_derivative_panels_share_one_left_margin(name):
    data = sample_curves([actviz.get(name)], -6, 6, 200, derivative=True)
    chart = terminal_chart(curve_layout(data), 80, 30)
    frames = [line.index("└") for line in chart.splitlines() if "└┬" in line]
    tops = [line.index("┌") for line in chart.splitlines() if line.lstrip().startswith("┌─")]
    assert len(frames) == 2 and frames[0] == frames[1]
    assert len(tops) == 2 and tops[0] == tops[1] == frames[0]
