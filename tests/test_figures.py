"""Figures built by the production path (render.figures.curve_figure, as products.curves draws
them) and written, read back: size, pixels, layout, fonts, style."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import actviz
from actviz.analysis.sampling import sample_curves
from actviz.analysis.sweep import sweep_activations
from actviz.errors import OptionError
from actviz.render.canvas import (
    FigureSpec,
    check_style,
    check_title,
    draw_and_save,
    find_cjk_family,
    language_setup,
    style_context,
)
from actviz.render.figures import curve_figure
from tests.conftest import ALL_NAMES
from tests.images import assert_pdf, assert_png, assert_svg, pixels_near

BLUE, ORANGE = "#0072B2", "#E69F00"  # the house style's first two colours
VERMILLION = "#D55E00"  # the first colour of configs/actviz-style.mplstyle
CONFIG_STYLE = Path(__file__).parent.parent / "configs" / "actviz-style.mplstyle"


def curves(*specs: str, derivative: bool = True, points: int = 401, view=(-6, 6)):
    return sample_curves([actviz.get(s) for s in specs], *view, points, derivative)


def built(build, style: str | None = None, rc: dict | None = None):
    """A figure built and laid out under the style and rc (as canvas.drawing does)."""
    with style_context(style), matplotlib.rc_context(rc or {}):
        figure = build()
        figure.draw_without_rendering()
    return figure


def write_figure(build, path, dpi=None, style=None, lang="en"):
    """Build with ``build(lang)`` and save, as the commands do; returns the path."""
    draw_and_save(build, FigureSpec(style=style, lang=lang, dpi=dpi), path)
    return path


def test_png_has_the_requested_size_and_the_curve_colours(tmp_path):
    data = curves("sigmoid", "tanh")
    path = write_figure(lambda lang: curve_figure(data, compare=True), tmp_path / "cmp.png", dpi=40)
    image = assert_png(path, 6.4, 6.4, 40)
    assert pixels_near(image, BLUE) > 100 and pixels_near(image, ORANGE) > 50  # dashed
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


@pytest.mark.parametrize(("suffix", "check"), [(".svg", assert_svg), (".pdf", assert_pdf)])
def test_vector_formats_by_suffix(tmp_path, suffix, check):
    path = write_figure(lambda lang: curve_figure(curves("relu")), tmp_path / f"relu{suffix}")
    check(path)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_activation_draws_with_its_derivative(tmp_path, name):
    path = write_figure(
        lambda lang: curve_figure(curves(name, points=201)), tmp_path / f"{name}.png", dpi=40
    )
    image = assert_png(path, 6.4, 6.4, 40)
    assert pixels_near(image, BLUE, 0.2) > 50


def test_titles_show_parameter_values_and_formulas():
    figure = built(lambda: curve_figure(curves("elu:alpha=0.5")))
    assert figure.get_suptitle() == "ELU (α=0.5) and its derivative"
    assert figure.axes[0].get_title().startswith("$f(x) = x")
    hardtanh = built(lambda: curve_figure(curves("hardtanh:min_val=-2", derivative=False)))
    assert hardtanh.get_suptitle() == "HardTanh (a=\u22122, b=1)"  # a real minus sign


def test_sweep_is_titled_with_its_values_and_labels_each_curve():
    sweep = sweep_activations("leaky_relu", "negative_slope=0.01,0.1,0.3")
    data = sample_curves(sweep.activations, -6, 6, 201)
    figure = built(lambda: curve_figure(data, sweep=sweep.key))
    assert figure.get_suptitle() == "LeakyReLU (a = 0.01, 0.1, 0.3)"
    legend, = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["a = 0.01", "a = 0.1", "a = 0.3"]


def test_legend_sits_outside_every_axes_so_it_covers_no_curve():
    figure = built(lambda: curve_figure(curves("sigmoid", "tanh", "relu"), compare=True))
    legend = figure.legends[0].get_window_extent()
    for ax in figure.axes:
        assert not legend.overlaps(ax.get_window_extent())


def test_a_long_legend_fits_the_width_and_the_figure_grows_to_hold_it(tmp_path):
    """All 45 activations: the legend used to run off both sides (``α=1)``, ``Softpl``) and
    squash the axes; now it takes fewer columns and more rows, and the figure grows."""
    data = curves(*ALL_NAMES, derivative=False, points=101)
    path = write_figure(lambda lang: curve_figure(data, compare=True), tmp_path / "all.png")
    figure = built(lambda: curve_figure(data, compare=True))
    legend = figure.legends[0]
    box, page = legend.get_window_extent(), figure.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1  # every label whole
    assert len(legend.get_texts()) == len(ALL_NAMES) and legend._ncols < 4
    width, height = figure.get_size_inches()
    assert figure.axes[0].get_window_extent().height / figure.dpi > 2.5  # a readable panel
    assert_png(path, width, height, 100)
    assert height > 4.0  # the style's height, grown by the legend's rows


def test_a_legend_that_leaves_no_room_at_a_fixed_height_is_refused():
    data = curves(*ALL_NAMES, derivative=False, points=101)
    with pytest.raises(OptionError, match="too small for its titles and labels"):
        built(lambda: curve_figure(data, compare=True, size=(None, 3.0)))
    figure = built(lambda: curve_figure(data, compare=True, size=(None, 7.0)))
    assert tuple(figure.get_size_inches()) == (6.4, 7.0)  # a height given is kept


def _boxed_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels() if t.get_bbox_patch() is not None]


@pytest.mark.parametrize(("specs", "panel", "boxed"), [
    (("sigmoid", "tanh"), 0, ["\u22121.0", "1.0"]),  # the dashed asymptotes y = ±1
    (("identity",), 1, []),  # f' = 1 runs along its label: the label is left out
    (("hardtanh",), 1, []),
    (("hardshrink",), 1, []),
])
def test_a_line_along_a_tick_label_does_not_strike_it_through(specs, panel, boxed):
    """The halo leaves the gaps between glyphs open: a label that an asymptote runs along
    gets a background box; the others keep the grid running up to them (a curve along a
    label drops it, as any curve under a label does)."""
    figure = built(lambda: curve_figure(curves(*specs), compare=len(specs) > 1,
                                        axes="origin"))
    ax = figure.axes[panel]
    assert _boxed_labels(ax) == boxed
    assert "1.0" in [t.label1.get_text() for t in ax.yaxis.get_major_ticks()]
    for text in ax.get_yticklabels():
        if text.get_bbox_patch() is not None:
            assert text.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_jump_dots_beside_the_y_axis_stay_under_its_tick_labels():
    ax = built(lambda: curve_figure(curves("hardshrink"), axes="origin")).axes[1]
    dots = {(float(line.get_xdata()[0]), float(line.get_ydata()[0])): line.get_zorder()
            for line in ax.get_lines() if line.get_marker() == "o"}
    assert dots[(-0.5, 1.0)] < ax.yaxis.get_zorder() < dots[(-0.5, 0.0)]


def test_axes_cross_at_the_origin_with_a_single_zero():
    figure = built(lambda: curve_figure(curves("tanh", derivative=False), axes="origin"))
    ax = figure.axes[0]
    assert ax.spines["left"].get_position() == ("data", 0.0)
    assert ax.spines["bottom"].get_position() == ("data", 0.0)
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    labels = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert "0" not in labels and [t.get_text() for t in ax.texts].count("0") == 1
    assert any("\u2212" in label for label in labels)  # U+2212, not a hyphen


def test_axes_stay_at_the_edge_when_the_origin_is_out_of_view():
    figure = built(lambda: curve_figure(curves("softplus", derivative=False, view=(1, 5)),
                                        axes="origin"))
    ax = figure.axes[0]
    assert ax.spines["left"].get_position() == ("axes", 0.0)


@pytest.mark.parametrize(("placement", "labels"), [
    ("origin", {"y = 1", "x"}),  # y = 0 is the x axis, named x
    ("frame", {"y = 1", "y = 0", "x"}),  # y = 0 is the thin zero line, labelled
])
def test_asymptotes_are_dashed_and_labelled_and_y_0_is_not_drawn_again(placement, labels):
    figure = built(lambda: curve_figure(curves("sigmoid", derivative=False), axes=placement))
    ax = figure.axes[0]
    dashed = {line.get_ydata()[0] for line in ax.get_lines() if line.get_gid() == "asymptote"}
    assert dashed == {1.0}
    assert {t.get_text() for t in ax.texts} - {"0"} == labels


def test_jumps_have_a_filled_and_a_hollow_dot_and_no_vertical_line():
    figure = built(lambda: curve_figure(curves("step", derivative=False)))
    ax = figure.axes[0]
    dots = {(float(line.get_xdata()[0]), float(line.get_ydata()[0])): line.get_markerfacecolor()
            for line in ax.get_lines() if line.get_marker() == "o"}
    assert set(dots) == {(0.0, 0.0), (0.0, 1.0)}
    assert dots[(0.0, 0.0)] != dots[(0.0, 1.0)]  # hollow at the limit, filled at f(0) = 1
    curve = max(ax.get_lines(), key=lambda line: len(line.get_xdata()))
    x = curve.get_xdata()
    steps = ~np.isnan(x[:-1]) & ~np.isnan(x[1:]) & (np.diff(x) == 0)
    assert not steps.any()


def _insets(figure):
    return [child for ax in figure.axes for child in ax.child_axes]


@pytest.mark.parametrize(("spec", "expected"), [
    ("leaky_relu", 2), ("relu", 0), ("elu", 0), ("sigmoid", 0), ("gelu", 0), ("prelu", 0),
    ("leaky_relu:negative_slope=0.3", 0),
])
def test_inset_zooms_only_where_a_curve_looks_flat(spec, expected):
    figure = built(lambda: curve_figure(curves(spec)))
    assert len(_insets(figure)) == expected


def test_inset_covers_no_curve():
    sweep = sweep_activations("leaky_relu", "negative_slope=0.01,0.1,0.3")
    data = sample_curves(sweep.activations, -6, 6, 401, derivative=True)
    figure = built(lambda: curve_figure(data, sweep=sweep.key))
    assert len(_insets(figure)) == 2
    for ax in figure.axes:
        for inset in ax.child_axes:
            box = inset.get_window_extent()
            for line in ax.get_lines():
                if line.get_linestyle() == "-" and len(line.get_xdata()) > 10:
                    points = ax.transData.transform(line.get_xydata())
                    assert not box.count_contains(points[np.isfinite(points).all(axis=1)])


needs_cjk = pytest.mark.skipif(find_cjk_family() is None, reason="no CJK font installed")


@needs_cjk
def test_chinese_figure_draws_every_glyph_including_the_minus(tmp_path):
    from matplotlib import font_manager

    setup = language_setup("zh")
    data = curves("gelu", derivative=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        path = write_figure(lambda lang: curve_figure(data, lang=lang), tmp_path / "g.png",
                            dpi=50, lang="zh")
        figure = built(lambda: curve_figure(data, lang="zh"), rc=setup.rc)
    assert_png(path, 6.4, 4.0, 50)
    title = figure.get_suptitle()
    assert title == "GELU 激活函数"
    with matplotlib.rc_context(setup.rc):  # the generic family resolves through rcParams
        font = font_manager.findfont(figure._suptitle.get_fontproperties())
    assert "CJK" in str(font)
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert "\u22126" in ticks


def test_user_style_is_layered_over_the_house_style(tmp_path):
    data = curves("relu", derivative=False)
    path = write_figure(lambda lang: curve_figure(data), tmp_path / "r.png", dpi=20,
                        style=str(CONFIG_STYLE))
    assert_png(path, 8, 5, 20)  # the example sheet's figure size
    figure = built(lambda: curve_figure(data), style=str(CONFIG_STYLE))
    curve = max(figure.axes[0].get_lines(), key=lambda line: len(line.get_xdata()))
    assert curve.get_linewidth() == 3.0 and curve.get_color().lower() == VERMILLION.lower()
    assert figure.axes[0].collections  # still the house style underneath: its grid
    built(lambda: curve_figure(data), style="ggplot")


def test_bad_styles_fail_before_drawing(tmp_path):
    with pytest.raises(OptionError, match="neither a matplotlib style name nor a style file"):
        check_style("no-such-style")
    bad = tmp_path / "bad.mplstyle"
    bad.write_text("lines.linewidth: thick\n")
    with pytest.raises(OptionError, match="Bad value"):
        check_style(str(bad))
    check_style(str(CONFIG_STYLE))
    check_style("ggplot")


def test_the_house_sheet_reads_cleanly_through_both_doors():
    """check_style trusts the shipped sheet (it skips it, for speed), so it is checked here:
    matplotlib's style loader logs nothing for it, and style_context's quicker way sets
    exactly what style.context would, over the user's own settings."""
    import logging
    from matplotlib import style as mpl_style

    from actviz.render.canvas import _Collector, style_path

    problems = _Collector()
    logging.getLogger("matplotlib").addHandler(problems)
    # the user's own settings (matplotlibrc, or code) that the sheet does not mention stay
    users = {"pdf.fonttype": 42, "savefig.transparent": True, "legend.frameon": True}
    try:
        with warnings.catch_warnings(), matplotlib.rc_context(users):
            warnings.simplefilter("error")
            with mpl_style.context([style_path()]):
                through_style = dict(matplotlib.rcParams)
            with style_context(None):
                assert dict(matplotlib.rcParams) == through_style
                assert matplotlib.rcParams["pdf.fonttype"] == 42
                assert matplotlib.rcParams["legend.frameon"] is False  # the sheet's
            assert matplotlib.rcParams["legend.frameon"] is True  # left as it was
    finally:
        logging.getLogger("matplotlib").removeHandler(problems)
    assert problems.messages == []


def test_titles_with_broken_math_are_refused():
    check_title(r"ELU with $\alpha = 0.5$")
    check_title(r"costs \$5")
    with pytest.raises(OptionError, match="cannot read the math"):
        check_title(r"half $\alpha")
