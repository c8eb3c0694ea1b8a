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
from actviz.render.legibility import DASHES, series_looks

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


# --------------------------------------------------------------------------------------------
# Asymptotes: every one drawn is labelled, close ones apart, y = 0 is the axis
# --------------------------------------------------------------------------------------------


def _renderer(figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(figure).get_renderer()


@pytest.mark.parametrize("placement", ["frame", "origin"])
def test_close_asymptotes_each_get_a_label_clear_of_the_others(placement):
    figure = compare_figure(["elu", "selu", "sigmoid"], derivative=True, axes=placement)
    ax = figure.axes[0]
    renderer = _renderer(figure)
    figure.draw(renderer)
    dashed = sorted(line.get_ydata()[0] for line in ax.get_lines()
                    if line.get_gid() == "asymptote")
    assert dashed == pytest.approx([-1.7580993408473766, -1.0, 1.0])
    texts = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts}
    for value in ("\u22121.7581", "\u22121", "1"):
        assert f"y = {value}" in texts  # every dashed line is labelled
    boxes = list(texts.values())
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


# --------------------------------------------------------------------------------------------
# Tick labels never over the data
# --------------------------------------------------------------------------------------------


def _pixels_along(line):
    points = line.get_transform().transform(line.get_xydata())
    start, end = points[:-1], points[1:]
    drawn = np.isfinite(start).all(axis=1) & np.isfinite(end).all(axis=1)  # not across a gap
    start, end = start[drawn], end[drawn]
    steps = np.linspace(0, 1, 8)[:-1, None, None]  # points between samples, < 1 px apart here
    return (start + steps * (end - start)).reshape(-1, 2)


def _covered_labels(figure):
    """Tick labels (and the origin's 0) whose box a curve's pixels or a dot enter."""
    renderer = _renderer(figure)
    figure.draw_without_rendering()  # places every label; the guards hide those covered
    covered = []
    for ax in figure.axes:
        labels = [t for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts
                  if t.get_visible() and t.get_text() and ax.bbox.overlaps(
                      t.get_window_extent(renderer))]
        for line in ax.get_lines():
            if line.get_gid() == CURVE_GID:
                points, reach = _pixels_along(line), 0.0
            elif line.get_marker() == "o":
                points = line.get_transform().transform(line.get_xydata())
                reach = renderer.points_to_pixels(line.get_markersize()) / 2
            else:
                continue
            for label in labels:
                box = label.get_window_extent(renderer).padded(reach)
                if box.count_contains(points):
                    covered.append((label.get_text(), ax.get_title()))
    return covered


def _covered_by_activation(names, placement):
    covered = {}
    with style_context():
        for name in names:
            data = sample_curves([actviz.get(name)], -6, 6, 201, True)
            figure = curve_figure(data, axes=placement)
            figure.set_dpi(40)  # the geometry scales with the dpi; fewer pixels are quicker
            hits = _covered_labels(figure)
            if hits:
                covered[name] = hits
    return covered


def test_no_tick_label_lies_over_a_curve_or_a_dot_for_any_activation_through_the_origin():
    """Through the origin the labels sit among the curves (22 built-ins lost some)."""
    from tests.conftest import ALL_NAMES

    assert _covered_by_activation(ALL_NAMES + ["hardtanh:min_val=-2"], "origin") == {}


def test_framed_axes_keep_their_labels_off_the_data():
    """Framed (the default), every label sits outside the box: none is left out."""
    names = ["gelu", "hardshrink", "hardtanh", "silu"]
    assert _covered_by_activation(names, None) == {}
    with style_context():
        figure = curve_figure(sample_curves([actviz.get("gelu")], -6, 6, 201, True))
        figure.draw_without_rendering()
    for ax in figure.axes:
        assert all(tick.label1.get_visible() for tick in ax.yaxis.get_major_ticks())
        assert ax.spines["left"].get_position() == ("outward", 0.0)


# --------------------------------------------------------------------------------------------
# Chinese labels: a CJK font installed after matplotlib listed the fonts is found
# --------------------------------------------------------------------------------------------


def _cjk_files_on_disk():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    found = []
    for path in font_manager.findSystemFonts():
        try:
            if "CJK" in FT2Font(path).family_name:
                found.append(path)
        except (OSError, RuntimeError):
            continue
    return found


def test_a_cjk_font_missing_from_a_stale_font_cache_is_found_and_cached(monkeypatch, tmp_path):
    from matplotlib import font_manager

    from actviz.render import canvas

    if not _cjk_files_on_disk():
        pytest.skip("no CJK font on disk (apt-get install fonts-noto-cjk)")
    manager = font_manager.fontManager
    stale = [font for font in manager.ttflist if "CJK" not in font.name]  # as cached before
    monkeypatch.setattr(manager, "ttflist", stale)
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    assert canvas._cached_cjk_family() is None
    assert canvas.find_cjk_family.__wrapped__() in canvas.CJK_FAMILIES
    cache = tmp_path / f"fontlist-v{font_manager.FontManager.__version__}.json"
    assert any("CJK" in font.name for font in font_manager.json_load(cache).ttflist)


def test_the_chinese_figure_tests_run_where_a_cjk_font_is_installed():
    from actviz.render.canvas import find_cjk_family

    if _cjk_files_on_disk():
        assert find_cjk_family() is not None  # so the tests marked "no CJK font" do not skip


# --------------------------------------------------------------------------------------------
# Numbers that look like limits
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["rich", "markdown", "latex"])
def test_values_near_a_limit_never_print_as_the_limit(invoke, fmt):
    import re

    result = invoke("table", "tanh", "sigmoid", "--at", "-6,10", "--format", fmt)
    assert result.exit_code == 0, result.output
    cells = re.findall(r"[-−]?\d[\d.e+-]*", result.stdout.replace("$", " "))
    assert "0.999999996" in cells and "0.999955" in cells and "-0.999988" in cells
    assert not {"1", "-1", "−1"} & set(cells)


def test_whole_numbers_still_print_whole():
    from actviz.render.words import significant

    assert [significant(v) for v in (1.0, -1.0, 2.0, 0.5)] == ["1", "-1", "2", "0.5"]
    assert significant(float(np.tanh(10.0)), 3) == "0.999999996"
    assert significant(float(np.tanh(20.0))) == "1"  # exactly 1 in float64: the limit reached


# --------------------------------------------------------------------------------------------
# Warnings state the true threshold
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ("table", "f(x)=exp(x)", "--at", "700,710,720"),
    ("table", "f(x)=exp(x)", "--at", "0,1000"),
    ("plot", "f(x)=exp(x)", "--xmin", "700", "--xmax", "720"),
])
def test_an_overflow_warning_states_the_true_threshold_whatever_x_was_asked(invoke, command):
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    assert "exp(x) overflows for x ≥ 709.78;" in result.stderr


def test_a_compare_title_too_long_for_the_figure_counts_the_activations():
    from actviz.render.panels import curve_layout

    names = ["hardsigmoid", "hardswish", "hardtanh", "relu6"]
    data = sample_curves([actviz.get(n) for n in names], -6, 6, 51, False)
    assert curve_layout(data, compare=True).title == "4 activations compared"
    assert curve_layout(data[:2], compare=True).title == "HardSigmoid vs HardSwish"


@pytest.mark.parametrize("fmt", ["rich", "markdown", "csv", "json"])
def test_softmax_jacobian_columns_say_they_hold_derivatives_with_respect_to_u(invoke, fmt):
    result = invoke("softmax", "3", "1", "--temperature", "2", "--jacobian", "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert ("u1" in out or "du_j" in out) and "J_z" not in out
    if fmt != "csv":  # a caption (the JSON's "jacobian_holds"): u = z/T, and ∂p/∂z
        assert "u = z/T" in out and "divided by T" in out


@pytest.mark.parametrize(("names", "title"), [
    (["sigmoid"], "Sigmoid, exact and in bfloat16"),  # was "Sigmoid vs Sigmoid in bfloat16, …"
    (["tanh", "gelu"], "Tanh vs GELU, exact and in bfloat16"),  # was "4 activations compared"
    (["tanh", "gelu", "relu", "elu", "selu"], "5 activations compared, exact and in bfloat16"),
])
def test_a_rounded_copy_is_not_counted_as_an_activation_in_the_title(names, title):
    from actviz.analysis.dtypes import lookup_dtype
    from actviz.analysis.precision import rounded_activation
    from actviz.render.panels import curve_layout

    drawn = [a for n in names for a in (actviz.get(n), rounded_activation(actviz.get(n),
                                                                          lookup_dtype("bfloat16")))]
    data = sample_curves(drawn, -6, 6, 51, False)
    assert curve_layout(data, compare=True, dtype="bfloat16").title == title
