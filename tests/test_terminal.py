"""Terminal charts: tick values, formulas as text, sizes, legends."""

from __future__ import annotations

import pytest

import actviz
from actviz.analysis.sampling import sample_curves
from actviz.render.panels import curve_layout
from actviz.render.terminal import (RESERVED_LINES, chart_points, nice_ticks, terminal_chart,
                                    terminal_size)


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


def test_legend_goes_where_the_curves_are_not():
    data = sample_curves([actviz.get("relu")], -6, 6, 200)
    chart = terminal_chart(curve_layout(data), 60, 20).splitlines()
    legend_row = next(i for i, line in enumerate(chart) if "f(x)" in line and "⢕" in line)
    assert chart[legend_row].index("⢕") < 30  # ReLU rises on the right: legend top left


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
