"""`actviz plot` and `actviz compare`: terminal charts, figure files, bad input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import actviz
from actviz.render import canvas
from tests.cli_checks import run_and_list_modules
from tests.images import assert_pdf, assert_png, assert_svg

TERMINAL = {"COLUMNS": "72", "LINES": "30"}
ANSI = re.compile(r"\x1b\[")


def lines_of(text: str) -> list[str]:
    return text.rstrip("\n").splitlines()


# -- terminal charts ---------------------------------------------------------------------------


def test_plot_draws_in_the_terminal_with_a_hint_on_stderr(invoke):
    result = invoke("plot", "relu", "--derivative", env=TERMINAL)
    assert result.exit_code == 0
    out = lines_of(result.stdout)
    assert out[0].strip() == "ReLU and its derivative"
    assert "f(x) = max(0, x)" in result.stdout and "f'(x) = 1 (x > 0), 0 (x ≤ 0)" in result.stdout
    assert "f′(x)" not in result.stdout  # no legend: the panel titles name the one curve
    assert max(len(line) for line in out) <= 72
    assert not ANSI.search(result.stdout)
    assert lines_of(result.stderr) == [
        "actviz: hint: add -o FILE.png (or .svg, .pdf) to save this chart as a figure"
    ]


@pytest.mark.parametrize(("columns", "lines"), [(50, 20), (120, 40)])
def test_terminal_chart_fills_the_terminal(invoke, columns, lines):
    result = invoke("plot", "tanh", env={"COLUMNS": str(columns), "LINES": str(lines)})
    out = lines_of(result.stdout)
    assert columns - 4 <= max(len(line) for line in out) <= columns
    assert lines - 6 <= len(out) <= lines


def test_compare_in_the_terminal_has_a_legend_and_the_table(invoke):
    result = invoke("compare", "sigmoid", "tanh", "-d", env=TERMINAL)
    assert result.exit_code == 0
    chart, _, table = result.stdout.partition("Comparison")
    assert lines_of(chart)[0].strip() == "Sigmoid vs Tanh"
    assert "• Sigmoid" in chart and "+ Tanh" in chart  # the legend, a marker per curve
    assert "│ max |f′|     │ 0.25 at x = 0 │ 1 at x = 0 │" in table


def test_terminal_chart_in_chinese(invoke):
    result = invoke("plot", "relu", "-d", "--lang", "zh", env=TERMINAL)
    assert "ReLU 及其导数" in result.stdout and "f'(x) = 1 (x > 0)" in result.stdout


def test_figure_options_without_output_are_reported(invoke):
    result = invoke("plot", "relu", "--dpi", "300", "--style", "ggplot", env=TERMINAL)
    assert result.exit_code == 0
    assert lines_of(result.stderr)[0] == (
        "actviz: warning: --dpi, --style only apply to figure files (-o FILE); ignored")
    result = invoke("plot", "relu", "--width", "3", env=TERMINAL)
    assert lines_of(result.stderr)[0] == (
        "actviz: warning: --width only applies to figure files (-o FILE); ignored")


# -- figure files --------------------------------------------------------------------------------


def test_plot_writes_a_png_creating_missing_folders(invoke, tmp_path):
    target = tmp_path / "a" / "b" / "relu.png"
    result = invoke("plot", "relu", "--derivative", "-o", target, "--dpi", 40)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and lines_of(result.stderr) == [f"actviz: wrote {target}"]
    assert_png(target, 6.4, 6.4, 40)


def test_width_height_and_dpi_set_the_pixel_size(invoke, tmp_path):
    target = tmp_path / "s.png"
    invoke("plot", "sigmoid", "-o", target, "--width", 4, "--height", 3, "--dpi", 50)
    assert_png(target, 4, 3, 50)


def test_compare_writes_svg_and_still_prints_its_table(invoke, tmp_path):
    target = tmp_path / "cmp.svg"
    result = invoke("compare", "sigmoid", "tanh", "-d", "-o", target)
    assert result.exit_code == 0
    assert_svg(target)
    assert result.stdout.startswith("Comparison") and "zero-centred" in result.stdout


def test_sweep_writes_a_pdf(invoke, tmp_path):
    target = tmp_path / "s.pdf"
    result = invoke("plot", "leaky_relu", "--sweep", "negative_slope=0.01,0.1,0.3", "-o", target)
    assert result.exit_code == 0, result.output
    assert_pdf(target)


def test_chinese_figure(invoke, tmp_path):
    target = tmp_path / "g.png"
    result = invoke("plot", "gelu", "--lang", "zh", "-o", target, "--dpi", 40)
    assert result.exit_code == 0
    assert_png(target, 6.4, 4.0, 40)
    if canvas.find_cjk_family() is not None:
        assert lines_of(result.stderr) == [f"actviz: wrote {target}"]


def test_without_a_cjk_font_chinese_falls_back_to_english_with_one_warning(
    invoke, tmp_path, monkeypatch
):
    monkeypatch.setattr(canvas, "find_cjk_family", lambda: None)
    target = tmp_path / "g.png"
    result = invoke("plot", "gelu", "--lang", "zh", "-o", target, "--dpi", 30)
    assert result.exit_code == 0
    assert lines_of(result.stderr) == [
        "actviz: warning: no CJK font found (install e.g. fonts-noto-cjk); labels are in English",
        f"actviz: wrote {target}",
    ]
    assert_png(target, 6.4, 4.0, 30)


def test_a_chinese_title_on_an_english_figure_gets_a_cjk_font(invoke, tmp_path, monkeypatch):
    target = tmp_path / "t.png"
    result = invoke("plot", "relu", "--title", "ReLU 激活函数", "-o", target, "--dpi", 30)
    assert result.exit_code == 0  # a missing glyph would be a warning, an error under pytest
    if canvas.find_cjk_family() is not None:
        assert lines_of(result.stderr) == [f"actviz: wrote {target}"]
    monkeypatch.setattr(canvas, "find_cjk_family", lambda: None)
    result = invoke("plot", "relu", "--title", "ReLU 激活函数", "-o", target, "--dpi", 30)
    assert lines_of(result.stderr)[0] == (
        "actviz: warning: no CJK font found (install e.g. fonts-noto-cjk): the title's Chinese "
        "characters cannot be drawn")


def test_style_file_and_name(invoke, tmp_path):
    config = Path(__file__).parent.parent / "configs" / "actviz-style.mplstyle"
    invoke("plot", "elu", "-o", tmp_path / "a.png", "--style", config, "--dpi", 20)
    assert_png(tmp_path / "a.png", 8, 5, 20)
    assert invoke("plot", "elu", "-o", tmp_path / "b.png", "--style", "ggplot").exit_code == 0


def test_a_failed_run_keeps_the_previous_figure(invoke, tmp_path):
    target = tmp_path / "f.png"
    invoke("plot", "relu", "-o", target, "--dpi", 20)
    before = target.read_bytes()
    assert invoke("plot", "relu", "-o", target, "--style", "no-such-style").exit_code == 2
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["f.png"]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_a_title_wider_than_the_figure_is_refused_and_not_written(invoke, tmp_path, suffix):
    """At 1 × 1 in the layout still fits the axes, but ReLU's formula title is wider than the
    figure: it would be written cut to ``x) = max(0,x``."""
    from tests.cli_checks import assert_one_line_error

    assert_one_line_error(invoke("plot", "relu", "--width", "1", "--height", "1",
                                 "-o", str(tmp_path / f"tiny{suffix}")),
                          "a 1 × 1 in figure is too small for its titles and labels")
    assert list(tmp_path.iterdir()) == []


def test_clipped_texts_names_what_the_edge_cuts():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from actviz.render.canvas import clipped_texts

    figure = Figure(figsize=(2, 2), layout="constrained")
    ax = figure.subplots()
    ax.set_title("fits")
    note = ax.annotate("reaches past the right edge", xy=(0.9, 0.5), xycoords="figure fraction")
    note.set_in_layout(False)  # constrained layout would otherwise squash the axes for it
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    assert clipped_texts(figure, canvas.get_renderer()) == ["reaches past the right edge"]


# -- bad input: one line on stderr, the right exit code, nothing written ------------------------


BAD_INPUT = [
    (["plot", "relux"], 2, "unknown activation 'relux'; did you mean 'relu'"),
    (["plot", "elu:alpha=-1"], 2, "parameter 'alpha' of elu must be in (0, "),
    (["plot", "elu:alpha"], 2, "write parameters as key=value"),
    (["plot", "relu", "--xmin", "2", "--xmax", "1"], 2, "--xmin (2) must be less than --xmax (1)"),
    (["plot", "relu", "--xmin", "1", "--xmax", "1"], 2, "must be less than --xmax"),
    (["plot", "relu", "--xmin", "nan"], 2, "--xmin must be a finite number, got nan"),
    (["plot", "relu", "--xmax", "inf"], 2, "--xmax must be a finite number, got inf"),
    (["plot", "relu", "--xmin", "0", "--xmax", "1e-300", "-o", "{tmp}/f.png"], 2,
     "--xmin 0.0 and --xmax 1e-300 are too close to draw"),
    (["plot", "relu", "--xmin", "1", "--xmax", "1.0000000000000004", "-o", "{tmp}/f.svg"], 2,
     "--xmin 1.0 and --xmax 1.0000000000000004 are too close to draw"),
    (["plot", "relu", "--points", "1"], 2, "--points must be between 2 and 10,000,000, got 1"),
    (["plot", "relu", "--points", "10000001"], 2, "--points must be between 2 and 10,000,000"),
    (["plot", "relu", "-o", "{tmp}/f.gif"], 2, "unknown file type '.gif' (use .png, .svg, .pdf)"),
    (["plot", "relu", "-o", "{tmp}/f"], 2, "/f': no file type (suffix) (use .png, .svg, .pdf)"),
    (["plot", "relu", "-o", "{tmp}/.png"], 2, "no file type (suffix)"),
    (["plot", "relu", "--width", "nan", "-o", "{tmp}/f.png"], 2,
     "--width must be a finite number from 1 to 100, got nan"),
    (["plot", "relu", "--height", "nan", "-o", "{tmp}/f.svg"], 2,
     "--height must be a finite number from 1 to 100, got nan"),
    (["plot", "relu", "--dpi", "NaN", "-o", "{tmp}/f.pdf"], 2,
     "--dpi must be a finite number from 10 to 2400, got nan"),
    (["saturation", "relu", "--fig-width", "nan", "-o", "{tmp}/f.png"], 2,
     "--fig-width must be a finite number from 1 to 100, got nan"),
    (["plot", "relu", "-o", "{tmp}/file.txt/f.png"], 1, "cannot create the folder for"),
    (["plot", "relu", "-o", "{tmp}/folder.png"], 2, "is a directory"),
    (["plot", "elu", "--sweep", "beta=1,2", "-o", "{tmp}/s.png"], 2,
     "--sweep: unknown parameter 'beta' for elu; it takes: alpha"),
    (["plot", "relu", "--sweep", "alpha=1,2"], 2, "--sweep: relu takes no parameters"),
    (["plot", "elu", "--sweep", "alpha:1,2"], 2, "cannot read --sweep 'alpha:1,2'"),
    (["plot", "elu", "--sweep", "alpha=1,0", "-o", "{tmp}/s.png"], 2,
     "parameter 'alpha' of elu must be in (0, "),
    (["plot", "relu", "--style", "no-such-style", "-o", "{tmp}/f.png"], 2, "--style: 'no-such"),
    (["plot", "relu", "--title", "$\\alpha", "-o", "{tmp}/f.png"], 2, "--title: cannot read"),
    (["plot", "relu", "--lang", "fr"], 2, "'fr' is not one of 'en', 'zh'"),
    (["plot", "relu", "--dpi", "0", "-o", "{tmp}/f.png"], 2,
     "--dpi must be a finite number from 10 to 2400, got 0.0"),
    (["plot", "relu", "-o", "{tmp}/f.png", "--width", "50", "--dpi", "2000"], 2,
     "a 100000 × 8000 px PNG is too large"),
    # under the limit as asked, over it once the 45-entry legend has made the figure taller
    (["compare", "*", "-o", "{tmp}/all.png", "--width", "3", "--dpi", "2400"], 2,
     "a 7200 × 31680 px PNG is too large"),
    (["plot"], 2, "Missing argument 'NAME'"),
    (["compare", "relu"], 2, "compare needs two or more activations"),
    (["compare", "relu", "nope", "-o", "{tmp}/c.png"], 2, "unknown activation 'nope'"),
    (["compare", "elu", "elu:alpha=1"], 2, "are the same activation"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT,
                         ids=[" ".join(a) for a, _, _ in BAD_INPUT])
def test_bad_input_is_one_line_and_writes_nothing(invoke, tmp_path, args, code, message):
    (tmp_path / "file.txt").write_text("in the way")
    (tmp_path / "folder.png").mkdir()
    before = sorted(tmp_path.rglob("*"))
    result = invoke(*(a.format(tmp=tmp_path) for a in args), env=TERMINAL)
    assert result.exit_code == code
    assert result.stdout == ""
    err = lines_of(result.stderr)
    assert len(err) == 1 and err[0].startswith("actviz: error: "), result.stderr
    assert message in err[0]
    assert "Traceback" not in result.output
    assert sorted(tmp_path.rglob("*")) == before


# -- the console script and what it imports ---------------------------------------------------


def _script() -> str:
    script = Path(sys.executable).with_name("actviz")
    if not script.exists():
        pytest.skip("the actviz console script is not installed next to this Python")
    return str(script)


def test_console_script_writes_a_figure_and_reports_errors(tmp_path):
    target = tmp_path / "relu.png"
    done = subprocess.run([_script(), "plot", "relu", "-d", "-o", str(target), "--dpi", "30"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert_png(target, 6.4, 6.4, 30)
    failed = subprocess.run([_script(), "plot", "relux", "-o", str(tmp_path / "x.png")],
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    error, = lines_of(failed.stderr)
    assert error.startswith("actviz: error: unknown activation 'relux'; did you mean 'relu'")
    assert not (tmp_path / "x.png").exists()


def test_console_script_terminal_chart_is_sized_by_columns():
    env = dict(os.environ, COLUMNS="64", LINES="24")
    done = subprocess.run([_script(), "plot", "relu", "-d"], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0
    assert max(len(line) for line in lines_of(done.stdout)) <= 64
    assert "-o FILE.png" in done.stderr


# The registry binds numpy lazily (actviz.lazy): it is imported when a number is computed.
LOADED_NUMPY = "numpy"


@pytest.mark.parametrize(("argv", "forbidden"), [
    (["--help"], {"matplotlib", "scipy", "sympy", "plotext", LOADED_NUMPY}),
    (["list"], {"matplotlib", "scipy", "sympy", "plotext", LOADED_NUMPY}),
    (["list", "*relu*", "elu:alpha=2"], {"matplotlib", "scipy", "sympy", LOADED_NUMPY}),
    (["plot", "relu", "-d"], {"matplotlib", "scipy", "sympy"}),  # terminal: plotext only
    (["compare", "sigmoid", "tanh", "-d"], {"matplotlib", "sympy"}),
])
def test_start_up_stays_light(argv, forbidden):
    modules = ("matplotlib", "scipy", "sympy", "plotext", LOADED_NUMPY)
    _, loaded = run_and_list_modules(argv, modules, env={"COLUMNS": "80", "LINES": "24"})
    assert not {module for module, imported in loaded.items() if imported} & forbidden
    if argv[0] in ("plot", "compare"):
        assert loaded[LOADED_NUMPY]  # the check above would notice numpy missing


@pytest.mark.parametrize(("entry", "frozen"), [("console_main", True), ("main", False)])
def test_only_the_console_script_skips_the_final_garbage_collection(entry, frozen):
    """console_main() freezes what is left as the process ends; main(), which a script may
    call again and again, does not (it would keep every frozen object)."""
    code = (f"import gc, sys\nfrom actviz.cli import {entry}\nsys.argv[1:] = ['--version']\n"
            f"try:\n    {entry}()\nexcept SystemExit:\n    pass\n"
            "print(gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines() == [f"actviz, version {actviz.__version__}", str(frozen)]
