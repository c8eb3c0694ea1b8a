"""The Python API: ``actviz.plot(...)`` and the other commands as result objects."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

import actviz
from actviz.errors import OptionError
from tests.images import PNG_SIGNATURE, assert_png, assert_svg


def test_import_actviz_imports_no_heavy_library():
    code = ("import sys, actviz; actviz.plot; actviz.compare\n"
            "print(sorted(m for m in ('matplotlib', 'scipy', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- plot and compare --------------------------------------------------------------------------


def test_plot_is_a_result_with_a_short_repr():
    p = actviz.plot("elu:alpha=0.5", derivative=True, xmin=-4, xmax=4)
    assert repr(p) == "<PlotResult elu:alpha=0.5: f and f′ on [-4, 4]>"
    assert [a.spec for a in p.activations] == ["elu:alpha=0.5"]
    curve = p.curves[0]
    assert curve.function.span == (-4.0, 4.0) and curve.derivative is not None


def test_figure_is_new_and_leaves_global_state_alone():
    import matplotlib

    before = dict(matplotlib.rcParams)
    fig = actviz.plot("relu", derivative=True).figure()
    assert len(fig.axes) == 2 and fig.axes[0].get_title() != ""
    assert dict(matplotlib.rcParams) == before
    assert "matplotlib.pyplot" not in sys.modules or not __import__(
        "matplotlib.pyplot").pyplot.get_fignums()


def test_draw_onto_the_callers_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax_f, ax_df = fig.subplots(2)
    p = actviz.plot("tanh", derivative=True)
    assert p.draw((ax_f, ax_df)) == (ax_f, ax_df)
    assert ax_f.lines and ax_df.lines
    assert ax_f.get_xlim() == (-6.0, 6.0)
    with pytest.raises(OptionError, match="has 2 panels: pass 2 Axes, not 1"):
        p.draw(ax_f)


def test_save_is_the_figure_of_plot_o(tmp_path, invoke):
    target = tmp_path / "new" / "relu.png"
    assert actviz.plot("relu", derivative=True, dpi=40).save(target) == target
    assert_png(target, 6.4, 6.4, 40)
    invoke("plot", "relu", "-d", "--dpi", "40", "-o", tmp_path / "cli.png")
    assert (tmp_path / "cli.png").read_bytes() == target.read_bytes()
    actviz.compare(["sigmoid", "tanh"]).save(tmp_path / "c.svg")
    assert_svg(tmp_path / "c.svg")


def test_save_refuses_before_drawing(tmp_path):
    with pytest.raises(OptionError, match="unknown file type '.gif'"):
        actviz.plot("relu").save(tmp_path / "f.gif")
    assert list(tmp_path.iterdir()) == []


def test_jupyter_sees_an_image():
    p = actviz.plot("relu", dpi=30)
    bundle = p._repr_mimebundle_()
    assert bundle["image/png"].startswith(PNG_SIGNATURE) and bundle["text/plain"] == repr(p)
    from matplotlib.image import imread

    assert imread(io.BytesIO(p._repr_png_())).shape[:2] == (120, 192)
    assert p._repr_svg_().lstrip().startswith("<?xml")


def test_compare_has_its_table():
    c = actviz.compare(["sigmoid", "tanh"], derivative=True)
    table = c.table
    assert table.rows[3] == {"property": "max |f′|", "Sigmoid": "0.25 at x = 0",
                             "Tanh": "1 at x = 0"}
    assert "| max \\|f′\\| | 0.25 at x = 0 | 1 at x = 0 |" in table.to_markdown()
    assert "<td" in table._repr_html_() and "Sigmoid" in table._repr_html_()


# -- keywords: the options of the command, checked the same way ---------------------------------


@pytest.mark.parametrize(("options", "message"), [
    ({"xmin": float("nan")}, "xmin must be a finite number, got nan"),
    ({"xmin": 2, "xmax": 1}, "xmin (2) must be less than xmax (1)"),
    ({"points": 1}, "points must be between 2 and 10,000,000, got 1"),
    ({"dpi": 3}, "dpi must be a finite number from 10 to 2400, got 3"),
    ({"lang": "fr"}, "lang must be one of en, zh, got 'fr'"),
    ({"derivative": "yes"}, "derivative must be true or false, got 'yes'"),
    ({"xmn": 1}, "unknown option 'xmn' (did you mean 'xmin'?); plot() takes: derivative, "),
])
def test_bad_keywords_name_the_keyword(options, message):
    with pytest.raises(OptionError) as caught:
        actviz.plot("relu", **options)
    assert str(caught.value).startswith(message)
