"""`actviz saturation` through the command line, and its figure read back from the file."""

from __future__ import annotations

import json

import numpy as np
import pytest

import actviz
from tests.cli_checks import assert_one_line_error
from tests.images import assert_drawn, read_png
from tests.conftest import ALL_NAMES


def test_json_without_names_covers_every_activation(invoke):
    result = invoke("saturation", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["threshold"], data["sigma"], data["depth"]) == (0.01, 1.0, None)
    # every one but the periodic ones, which have no saturation profile
    assert [a["name"] for a in data["activations"]] == [
        name for name in ALL_NAMES if name not in ("sine", "snake")]
    sigmoid = next(a for a in data["activations"] if a["name"] == "sigmoid")
    assert (sigmoid["max_abs_derivative"], sigmoid["argmax"]) == (0.25, 0.0)
    [[low, high, low_closed, high_closed]] = sigmoid["active_intervals"]
    assert abs(high - 4.5848633391223546) < 1e-9 and low == -high
    assert low_closed is True and high_closed is True


def test_depth_json_and_options(invoke):
    result = invoke("saturation", "sigmoid", "relu", "--depth", "20", "--width", "64",
                    "--init", "xavier", "--seed", "5", "--threshold", "0.001", "--sigma", "2",
                    "--format", "json")
    data = json.loads(result.stdout)
    assert (data["threshold"], data["sigma"]) == (0.001, 2.0)
    depth = data["depth"]
    assert (depth["layers"], depth["width"], depth["init"], depth["seed"]) == (20, 64, "xavier", 5)
    assert len(depth["gradient_norm"]["sigmoid"]) == 20
    assert depth["gradient_norm"]["sigmoid"][0] < 1e-6 < depth["gradient_norm"]["relu"][0]


def test_rich_output_reads_as_a_table(invoke):
    result = invoke("saturation", "sigmoid", "tanh", "relu", "--depth", "5", "--width", "16")
    assert result.exit_code == 0 and result.stderr == ""
    text = result.stdout
    for words in ("Gradient saturation at threshold 0.01", "[-4.585, 4.585]", "(0, ∞)",
                  "Gradient reaching each layer", "5 layers × 16 units, he init, seed 0"):
        assert words in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "0"], "--threshold must be a positive finite number, got 0.0"),
        (["--threshold", "-0.5"], "--threshold must be a positive finite number"),
        (["--threshold", "nan"], "--threshold must be a positive finite number, got nan"),
        (["--sigma", "0"], "--sigma must be a positive finite number"),
        (["--sigma", "-1"], "--sigma must be a positive finite number"),
        (["--depth", "0"], "--depth must be an integer from 1 to 1,000, got 0"),
        (["--depth", "1001"], "--depth must be an integer from 1 to 1,000, got 1001"),
        (["--depth", "3", "--width", "0"], "--width must be an integer from 1 to 4,096"),
        (["--depth", "3", "--width", "5000"], "--width must be an integer from 1 to 4,096"),
        (["--width", "64"], "--width only applies with --depth L"),
        (["--seed", "1"], "--seed only applies with --depth L"),
        (["--depth", "3", "--init", "glorot"], "Invalid value for '--init'"),
        (["--format", "yaml"], "Invalid value for '--format'"),
        (["--depth", "x"], "Invalid value for '--depth'"),
        (["nosuch"], "unknown activation 'nosuch'"),
    ],
)
def test_bad_input_is_one_line_exit_2(invoke, args, message):
    assert_one_line_error(invoke("saturation", "relu", *args), message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "sat.gif"], "unknown file type '.gif'"),
        (["-o", "sat.png", "--style", "no-such-style"], "--style: 'no-such-style' is neither"),
        (["-o", "sat.png", "--threshold", "0"], "--threshold must be"),
        (["-o", "sat.png", "--depth", "2000"], "--depth must be"),
    ],
)
def test_bad_figure_requests_write_nothing(invoke, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("sat.") else a for a in args]
    assert_one_line_error(invoke("saturation", "relu", *args), message)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_or_an_unwritable_place_fails_before_any_work(invoke, tmp_path):
    folder = tmp_path / "taken.png"
    folder.mkdir()
    result = invoke("saturation", "relu", "--format", "json", "-o", str(folder))
    assert result.exit_code == 2 and "is a directory" in result.stderr and result.stdout == ""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = invoke("saturation", "relu", "--format", "json", "-o", str(blocker / "sat.png"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("actviz: error: cannot create the folder for")
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "taken.png"]


def test_figure_is_written_with_the_requested_size(invoke, tmp_path):
    path = tmp_path / "figs" / "sat.png"
    result = invoke("saturation", "sigmoid", "tanh", "relu", "--depth", "8", "--width", "16",
                    "--format", "json", "-o", str(path), "--fig-width", "8", "--fig-height",
                    "5", "--dpi", "50")
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout holds only the table
    assert result.stderr == f"actviz: wrote {path}\n"
    pixels = read_png(path)
    assert pixels.shape == (250, 400, 3)
    assert_drawn(pixels)
    assert [p.name for p in path.parent.iterdir()] == ["sat.png"]  # no temporary left


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".pdf", b"%PDF")])
def test_figure_format_follows_the_suffix(invoke, tmp_path, suffix, magic):
    path = tmp_path / f"sat{suffix}"
    assert invoke("saturation", "relu", "--format", "csv", "-o", str(path)).exit_code == 0
    assert magic in path.read_bytes()[:400]


def test_sigmoid_curve_is_drawn_out_to_the_tails(tmp_path):
    """Read the PNG back: near both ends of the x range, sigmoid's colour sits where the
    exact σ'(x) ≈ 3e-7 is on the log axis (a σ(1−σ) derivative would not change this here,
    but one that underflows or is clipped to 0 would leave those pixels empty)."""
    from matplotlib.colors import to_rgb

    from actviz.analysis.saturation import saturation_report
    from actviz.analysis.slope_curves import slope_curves
    from actviz.render.canvas import FigureSpec, drawing, save_figure
    from actviz.render.report_figures import saturation_figure

    acts = [actviz.get("sigmoid"), actviz.get("relu")]
    report = saturation_report(acts)
    curves = slope_curves(acts, report.activations)
    path = tmp_path / "tails.png"
    with drawing(FigureSpec()) as setup:
        figure = saturation_figure(report, curves, FigureSpec(), setup.lang)
        save_figure(figure, path, dpi=100)
        figure.canvas.draw()
        ax = figure.axes[0]
        color = np.array(to_rgb(ax.lines[0].get_color())) * 255
        x_edge = float(curves.x[0])
        targets = [ax.transData.transform((x, float(acts[0].derivative(x))))
                   for x in (x_edge * 0.98, -x_edge * 0.98)]
    pixels = read_png(path) * 255
    height = pixels.shape[0]
    assert abs(float(acts[0].derivative(x_edge))) < 1e-6  # the range reaches the tails
    for x_pixel, y_pixel in targets:
        row, column = int(round(height - y_pixel)), int(round(x_pixel))
        patch = pixels[row - 4: row + 5, column - 2: column + 3]
        distance = np.min(np.linalg.norm(patch - color, axis=-1))
        assert distance < 60, (x_pixel, y_pixel, distance)


def test_chinese_figure(invoke, tmp_path):
    from actviz.render.canvas import find_cjk_family

    if find_cjk_family() is None:
        pytest.skip("no CJK font installed (install fonts-noto-cjk)")
    path = tmp_path / "zh.png"
    result = invoke("saturation", "sigmoid", "--lang", "zh", "--format", "csv", "-o", str(path))
    assert result.exit_code == 0 and result.stderr == f"actviz: wrote {path}\n"
    assert path.stat().st_size > 10_000


def test_labels_of_the_figure_exist_in_every_language():
    from actviz.render.labels import CATALOGUE, LANGUAGES

    for key in ("saturation_title", "depth_title", "zero_slope", "no_slope", "threshold",
                "abs_derivative", "gradient_norm", "layer"):
        assert all(CATALOGUE[key].get(lang) for lang in LANGUAGES), key


def test_help_teaches_with_an_example(invoke):
    text = invoke("saturation", "--help").stdout
    assert "Example:" in text
    assert "actviz saturation sigmoid tanh relu --depth 30 -o sat.png" in text
    assert "--fig-width" in text and "--width W" in text


def test_patterns_select_activations(invoke):
    data = json.loads(invoke("saturation", "*relu*", "--format", "json").stdout)
    assert [a["name"] for a in data["activations"]] == [
        "leaky_relu", "prelu", "relu", "relu2", "relu6", "rrelu", "star_relu", "threshold"
    ]


def _slope_figure(*specs):
    from actviz.analysis.saturation import saturation_report
    from actviz.analysis.slope_curves import slope_curves
    from actviz.render.canvas import FigureSpec, drawing
    from actviz.render.report_figures import saturation_figure

    acts = [actviz.get(spec) for spec in specs]
    report = saturation_report(acts)
    with drawing(FigureSpec()) as setup:
        return saturation_figure(report, slope_curves(acts, report.activations), FigureSpec(),
                                 setup.lang)


@pytest.mark.parametrize("name", ["relu", "hardtanh", "relu6", "hardshrink"])
def test_jumps_of_the_derivative_are_not_joined(name):
    """ReLU' goes from 0 to 1 at x = 0: no line between the two sides (plot leaves jumps open
    too), and a hollow dot marks the limit 1 from the right."""
    act = actviz.get(name)
    ax = _slope_figure(name).axes[0]
    curve = next(line for line in ax.lines if line.get_label() == act.label)
    x, y = (np.asarray(v, dtype=float) for v in curve.get_data())
    steps = np.isfinite(y[:-1]) & np.isfinite(y[1:]) & (np.diff(x) < 1e-6)
    rises = np.abs(np.log10(y[1:][steps] / y[:-1][steps]))
    assert rises.size == 0 or rises.max() < 1e-6, "a jump is joined by a vertical line"
    if name == "relu":
        hollow = [(float(x), float(y)) for line in ax.lines if line.get_marker() == "o"
                  and line.get_markerfacecolor() != line.get_color()
                  for x, y in zip(*line.get_data())]
        assert hollow == [(0.0, 1.0)]


def test_a_network_that_takes_minutes_is_announced(invoke, monkeypatch):
    from actviz.analysis.depth import DepthSettings

    assert not DepthSettings(50).is_long and not DepthSettings(1000, 256).is_long
    assert DepthSettings(1000, 4096).is_long  # 1.3e13 multiply-adds: minutes on a laptop
    quiet = invoke("saturation", "relu", "--depth", "3", "--width", "8", "--format", "json")
    assert quiet.stderr == ""
    monkeypatch.setattr(DepthSettings, "is_long", property(lambda self: True))
    loud = invoke("saturation", "relu", "--depth", "3", "--width", "8", "--format", "json")
    assert loud.exit_code == 0
    # --depth has no default: the estimate is against a setting that exists
    assert loud.stderr.startswith("actviz: warning: --depth 3 --width 8 is ")
    assert loud.stderr.splitlines()[0].endswith("per activation (the default, 0.2 s)")


@pytest.mark.parametrize("args", [
    ("saturation", "sigmoid", "--fig-width", "1", "--fig-height", "1"),
    ("propagate", "tanh", "--fig-width", "1", "--fig-height", "1"),
    ("softmax", "--width", "1", "--height", "1", "1", "2"),
    ("fit", "--activations", "relu", "--epochs", "5", "--restarts", "1",
     "--width", "1", "--height", "1"),
])
def test_a_figure_refused_while_drawing_fails_before_any_table_is_printed(invoke, tmp_path,
                                                                          args):
    figure = tmp_path / "tiny.png"
    result = invoke(*args, "-o", figure)
    assert result.exit_code == 2 and result.stdout == ""
    assert "too small for its titles and labels" in result.stderr
    assert not figure.exists() and list(tmp_path.iterdir()) == []
