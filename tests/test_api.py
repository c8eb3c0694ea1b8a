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
    assert p.to_svg().lstrip().startswith("<?xml")
    svg = p._repr_mimebundle_(include={"image/svg+xml"})
    assert svg["image/svg+xml"].lstrip().startswith("<?xml") and "image/png" not in svg


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


# -- table, saturation, softmax, fit, info: the command's output, as objects ------------------


def test_table_is_the_commands_table(invoke):
    t = actviz.table(["sigmoid", "tanh"], at=[0, 20, 40])
    assert repr(t) == "<TableValues sigmoid, tanh: f, f′ at 3 x>"
    assert t.to_json() == invoke("table", "sigmoid", "tanh", "--at", "0,20,40",
                                 "--format", "json").stdout
    assert t.to_csv() == invoke("table", "sigmoid", "tanh", "--at", "0,20,40",
                                "--format", "csv").stdout
    assert t.to_latex(3) == invoke("table", "sigmoid", "tanh", "--at", "0,20,40",
                                   "--format", "latex", "--precision", "3").stdout
    assert t.rows[2]["sigmoid f'(x)"] == pytest.approx(4.248354255291589e-18, rel=1e-15)
    assert [column.name for column in t.columns] == ["sigmoid", "tanh"]
    html = t._repr_html_()
    assert html.startswith("<table>") and "4.24835e-18" in html


def test_table_keywords_are_the_options():
    assert len(actviz.table("relu").x) == 9  # the default x
    assert list(actviz.table("relu", xmin=-1, xmax=1, points=3).x) == [-1.0, 0.0, 1.0]
    assert actviz.table("relu", derivative=False).columns[0].df is None
    with pytest.raises(OptionError, match="^give either at or xmin/xmax/points, not both$"):
        actviz.table("relu", at=[1], points=3)


def test_to_pandas_without_pandas_says_how(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"to_pandas\(\) needs pandas, which is not "
                                          r"installed: pip install pandas"):
        actviz.table("relu").to_pandas()


def test_to_pandas_with_pandas():
    pandas = pytest.importorskip("pandas")
    frame = actviz.table(["relu"], at=[-1, 2]).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["x", "relu f(x)", "relu f'(x)"]
    assert frame["relu f(x)"].tolist() == [0.0, 2.0]


def test_saturation_report_rows_json_and_figure(invoke, tmp_path):
    s = actviz.saturation(["relu"], depth=3, width=8, fig_width=7, dpi=30)
    assert repr(s) == "<SaturationResult 1 activations at threshold 0.01, depth 3>"
    relu, = s.rows
    assert relu["activation"] == "relu" and relu["dead_fraction"] == 0.5
    args = ["saturation", "relu", "--depth", "3", "--width", "8"]
    assert s.to_json() == invoke(*args, "--format", "json").stdout
    assert s.report.depth.settings.width == 8
    s.save(tmp_path / "api.png")
    invoke(*args, "--fig-width", "7", "--dpi", "30", "-o", tmp_path / "cli.png")
    assert (tmp_path / "api.png").read_bytes() == (tmp_path / "cli.png").read_bytes()
    bundle = s._repr_mimebundle_()
    assert bundle["image/png"].startswith(PNG_SIGNATURE) and "<table>" in bundle["text/html"]
    with pytest.raises(OptionError, match="^init only applies with depth L$"):
        actviz.saturation("relu", init="he")


def test_softmax_result(invoke):
    sm = actviz.softmax([3, 1, -3], temperature=[0.5, 1, 2])
    assert repr(sm) == "<SoftmaxResult 3 logits at T = 0.5, 1, 2>"
    assert [c.temperature for c in sm.report.columns] == [0.5, 1.0, 2.0]
    cli = invoke("softmax", "3", "1", "-3", "--temperature", "0.5,1,2", "--format", "json")
    assert sm.to_json() == cli.stdout
    assert actviz.softmax([1, 2], temperature=2).report.temperatures == (2.0,)
    assert "p(T=0.5)" in sm.to_csv().splitlines()[0]
    with pytest.raises(OptionError, match="^explain has no CSV form"):
        actviz.softmax([1000, 1001], explain=True).to_csv()


def test_fit_result_trains_on_first_use(invoke):
    f = actviz.fit(activations=["relu", "tanh"], restarts=2, epochs=20)
    assert f._experiment is None  # nothing trained yet
    assert repr(f) == "<FitResult relu, tanh fitting cos(x) + 1, 2 hidden units>"
    cli = invoke("fit", "--activations", "relu,tanh", "--restarts", "2", "--epochs", "20",
                 "--format", "json")
    assert f.to_json() == cli.stdout
    assert [row["activation"] for row in f.rows] == ["ReLU", "Tanh"]
    with pytest.raises(OptionError, match="^activations names relu twice$"):
        actviz.fit(activations=["relu", "relu"])


def test_info_result(invoke):
    card = actviz.info("gelu")
    assert repr(card) == "<InfoResult gelu (en)>" and card.card.name == "gelu"
    assert card.to_markdown() == invoke("info", "gelu", "--format", "markdown").stdout
    assert card._repr_markdown_().startswith("# GELU")
    guide = actviz.info(guide=True, lang="zh")
    assert guide.card is None and guide.guide is not None
    assert guide.to_json() == invoke("info", "--guide", "--lang", "zh", "--format",
                                     "json").stdout
    with pytest.raises(OptionError, match="^give either NAME \\('relu'\\) or guide, not both$"):
        actviz.info("relu", guide=True)


def test_an_unknown_keyword_is_also_a_type_error():
    with pytest.raises(TypeError, match="unknown option 'derivatve' "):
        actviz.compare(["relu", "tanh"], derivatve=True)


def test_the_front_ends_reach_analysis_and_render_only_through_products():
    from tests.test_architecture import EDGES

    front_ends = ("actviz.cli", "actviz.batch")
    below = ("actviz.analysis", "actviz.render")
    reached = [str(edge) for edge in EDGES if edge.source.startswith(front_ends)
               and edge.target.startswith(below)]
    assert reached == []


def test_the_commands_are_listed_once_and_every_list_of_them_follows():
    """options.COMMANDS is the one list: the API's functions, its __all__ and the products
    package's list of modules are made from it or checked against it."""
    import re

    import actviz.products
    from actviz.options import COMMANDS

    commands = set(COMMANDS)
    assert commands <= set(actviz.__all__) and commands <= set(dir(actviz))
    for name in commands:
        function = getattr(actviz, name)
        assert function.__name__ == name and function.__module__.startswith("actviz.products.")
    listed = re.findall(r"^- :mod:`~actviz\.products\.(\w+)`: (.*)$", actviz.products.__doc__,
                        flags=re.M)
    documented = {command for module, line in listed
                  for command in re.findall(r"``(\w+)``", line.split("(")[0])}
    assert documented == commands
    for module, line in listed:
        for command in re.findall(r"``(\w+)``", line.split("(")[0]):
            assert getattr(actviz, command).__module__ == f"actviz.products.{module}"


def test_every_figure_result_draws_on_the_callers_axes():
    from matplotlib.figure import Figure

    results = [actviz.saturation(["relu", "tanh"], depth=2, width=4),
               actviz.softmax([1, 2, 3]),
               actviz.fit(activations=["relu", "tanh", "elu"], restarts=1, epochs=5)]
    for result, panels in zip(results, (2, 1, 3)):
        assert result.panels == panels
        axes = list(Figure().subplots(1, panels, squeeze=False)[0])
        result.draw(axes if panels > 1 else axes[0])
        assert all(ax.has_data() for ax in axes), result


def test_numpy_numbers_are_numbers():
    import numpy as np

    plot = actviz.plot("relu", xmin=np.float32(-1), points=np.int64(50))
    assert (plot.options["xmin"], plot.options["points"]) == (-1.0, 50)
    assert type(plot.options["points"]) is int
    rows = actviz.table(["relu"], at=np.array([1.0, 2.0])).rows
    assert [row["x"] for row in rows] == [1.0, 2.0]


@pytest.mark.parametrize("call,words", [
    (lambda: actviz.plot("relu", xmin=-10**400), "xmin must be a finite number, got -1000"),
    (lambda: actviz.propagate(["tanh"], sigma_w2=10**400),
     "sigma_w2 must be a positive finite number ≤ 1e6, got 1000"),
    (lambda: actviz.propagate(["tanh"], sigma_w2=1e7),
     "sigma_w2 must be a finite number > 0 and ≤ 1e6, got 10000000.0"),
])
def test_numbers_beyond_float64_are_refused_in_one_short_line(call, words):
    with pytest.raises(actviz.OptionError) as refused:
        call()
    message = str(refused.value)
    assert message.startswith(words) and len(message) < 150 and "\n" not in message


@pytest.mark.parametrize("show", [lambda p: p._repr_png_(), lambda p: p.to_svg(),
                                  lambda p: p.figure()])
def test_every_view_of_a_figure_refuses_a_bad_style_in_one_line(show):
    with pytest.raises(actviz.OptionError, match="'nosuchstyle' is neither a matplotlib style"):
        show(actviz.plot("relu", style="nosuchstyle"))


@pytest.mark.parametrize("command", ["compare", "table", "saturation", "propagate", "precision"])
@pytest.mark.parametrize("empty", [[], ()])
def test_an_empty_list_of_activations_is_an_error_not_every_activation(command, empty):
    with pytest.raises(OptionError, match="^give at least one activation: .* '\\*' for every"):
        getattr(actviz, command)(empty)
    with pytest.raises(actviz.UnknownActivationError, match="an activation name is required"):
        getattr(actviz, command)("")


def test_a_wildcard_leaves_out_what_has_no_saturation_profile_a_name_does_not():
    # "*" (and saturation with no names) used to fail on the periodic sine and snake.
    chosen = actviz.saturation(["s*"]).activations
    assert "sigmoid" in [a.name for a in chosen]
    assert not {"sine", "snake"} & {a.name for a in chosen}
    with pytest.raises(actviz.ActvizError, match="'sin\\*' selects has a saturation profile"):
        actviz.saturation("sin*")
    with pytest.raises(actviz.ActvizError, match="is periodic"):
        actviz.saturation(["s*", "sine"]).report
