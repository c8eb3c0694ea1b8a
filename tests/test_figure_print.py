"""Figures a textbook would print (issue 13): distinct in greyscale, every asymptote labelled,
no tick label over the data.  Geometry is checked on laid-out Figures, without saving."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import actviz
from actviz.analysis.sampling import sample_curves
from actviz.render.canvas import style_context
from actviz.render.figures import CURVE_GID, curve_figure
from actviz.render.palette import DASHES, series_looks

EIGHT = ["relu", "sigmoid", "tanh", "gelu", "elu", "selu", "softplus", "silu"]
LUMINANCE_MARGIN = 0.12  # two solid curves this far apart in luminance read apart in grey


def luminance(color) -> float:
    """Relative luminance (WCAG), what a greyscale print keeps of a colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def built(build, style=None, dpi=None):
    with style_context(style):
        figure = build()
        if dpi:
            figure.set_dpi(dpi)
        figure.draw_without_rendering()
    return figure


def compare_figure(names, derivative=True, points=201, style=None, **options):
    data = sample_curves([actviz.get(n) for n in names], -6, 6, points, derivative)
    return built(lambda: curve_figure(data, compare=True, **options), style)


def drawn_curves(ax):
    return [line for line in ax.get_lines() if line.get_gid() == CURVE_GID]


def dashes(line) -> tuple:
    offset, pattern = line._unscaled_dash_pattern  # what the line is drawn with, unscaled
    return tuple(pattern) if pattern else ()


# --------------------------------------------------------------------------------------------
# Print and colour-blind safety
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", [None, "default"])
def test_eight_compared_curves_differ_in_dashes_or_grey(style):
    figure = compare_figure(EIGHT, style=style)
    top, bottom = (drawn_curves(ax) for ax in figure.axes[:2])
    assert len(top) == len(bottom) == 8
    looks = [(dashes(line), luminance(line.get_color())) for line in top]
    for (dash_a, grey_a), (dash_b, grey_b) in itertools.combinations(looks, 2):
        assert dash_a != dash_b or abs(grey_a - grey_b) > LUMINANCE_MARGIN
    # a curve looks the same in the f and f' panels, so one legend serves both
    assert [(dashes(a), a.get_color()) for a in top] == [(dashes(b), b.get_color()) for b in bottom]


def test_the_style_sheet_carries_the_dash_patterns_the_palette_falls_back_on():
    with style_context():
        cycle = list(matplotlib.rcParams["axes.prop_cycle"])
        assert [entry["linestyle"] for entry in cycle] == list(DASHES)
        assert len({str(look) for look in series_looks(64)}) == 64  # 8 colours × 8 dashes


def test_softmax_bars_use_the_house_colours_hatched_and_a_legend_below():
    from actviz.analysis.softmax import softmax_report
    from actviz.render.canvas import FigureSpec
    from actviz.render.report_figures import softmax_figure

    report = softmax_report(np.array([3.0, 1.0, -3.0]), [0.5, 1.0, 2.0])
    figure = built(lambda: softmax_figure(report, FigureSpec(), "en"))
    ax = figure.axes[0]
    with style_context():
        house = [look["color"] for look in series_looks(3)]
    bars = [container for container in ax.containers]
    assert [to_rgb(c.patches[0].get_facecolor()) for c in bars] == [to_rgb(h) for h in house]
    assert len({c.patches[0].get_hatch() for c in bars}) == 3
    assert ax.get_legend() is None and figure.legends  # in the figure's margin, over no bar
    assert ax.get_ylim()[1] > max(p.get_height() for c in bars for p in c.patches)
