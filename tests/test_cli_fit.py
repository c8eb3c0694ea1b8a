"""`actviz fit`: the results table, JSON, errors and the panel figure read back."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from actviz.render.canvas import find_cjk_family
from actviz.render.words import x_text
from tests.cli_checks import assert_one_line_error, run_and_list_modules
from tests.images import assert_drawn, has_colour, read_png

QUICK = ("--restarts", "3", "--epochs", "60")


def test_default_run_reports_every_activation(invoke):
    result = invoke("fit")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for label in ("Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU (a=0.01)", "SiLU"):
        assert label in out
    assert "cos(x) + 1" in out and "[0, 2π]" in out
    assert "0.5049" in out  # identity's MSE is the best straight line's, named in the caption
    assert "/20" in out  # restarts with a dead unit, out of 20
    assert result.stderr.startswith("actviz: hint: add -o fit.png")


@pytest.mark.parametrize(
    "value, shown",
    [(0.0, "0"), (math.pi, "π"), (-math.pi / 2, "-π/2"), (2 * math.pi, "2π"),
     (3 * math.pi / 2, "3π/2"), (1.5, "1.5"), (1e-12, "1e-12"), (3.14159, "3.142")],
)
def test_interval_ends_in_multiples_of_pi(value, shown):
    assert x_text(value) == shown


def test_json_is_deterministic_for_a_seed(invoke):
    args = ("fit", "--activations", "tanh,relu", *QUICK, "--seed", "3", "--format", "json")
    first, again = invoke(*args), invoke(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout
    assert first.stderr == ""  # no hint with machine-readable output
    record = json.loads(first.stdout)
    assert record["seed"] == 3 and record["hidden"] == 2 and record["restarts"] == 3
    tanh = record["activations"][0]
    assert tanh["activation"] == "tanh" and len(tanh["mse_per_restart"]) == 3
    assert tanh["best_mse"] == min(tanh["mse_per_restart"])
    assert set(tanh["best_parameters"]) == {"input_weights", "hidden_biases", "output_weights",
                                            "output_bias"}
    other = invoke("fit", "--activations", "tanh,relu", *QUICK, "--seed", "4", "--format", "json")
    assert other.stdout != first.stdout


def test_options_reach_the_experiment(invoke):
    result = invoke("fit", "--activations", "elu:alpha=0.5,tanh", "--hidden", "3", "--epochs",
                    "20", "--restarts", "2", "--lr", "0.01", "--xmin", "-1", "--xmax", "1",
                    "--points", "30", "--target", "sigmoid", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["target"] == "Sigmoid" and record["interval"] == [-1.0, 1.0]
    assert (record["hidden"], record["epochs"], record["points"], record["lr"]) == (3, 20, 30, 0.01)
    assert [a["label"] for a in record["activations"]] == ["ELU (α=0.5)", "Tanh"]
    assert len(record["activations"][0]["best_parameters"]["input_weights"]) == 3


def test_diverged_run_is_reported_not_crashed(invoke):
    result = invoke("fit", "--activations", "identity", "--lr", "1e300", "--epochs", "20",
                    "--restarts", "2")
    assert result.exit_code == 0, result.output
    assert "diverged" in result.stdout and "(2 diverged)" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("--hidden", "0"), "--hidden must be an integer from 1 to 64, got 0"),
        (("--hidden", "abc"), "'abc' is not a valid integer"),
        (("--epochs", "0"), "--epochs must be an integer from 1"),
        (("--lr", "0"), "--lr must be a finite number > 0"),
        (("--lr", "-0.5"), "--lr must be a finite number > 0"),
        (("--lr", "nan"), "--lr must be a finite number > 0, got nan"),
        (("--restarts", "0"), "--restarts must be an integer from 1"),
        (("--seed", "-2"), "--seed must be an integer ≥ 0"),
        (("--activations", "tanhh"), "--activations: unknown activation 'tanhh'; did you mean "
                                     "'tanh'"),
        (("--activations", "tanh,,relu"), "empty item 2 in --activations 'tanh,,relu'"),
        (("--activations", "tanh,tanh"), "--activations names tanh twice"),
        (("--activations", "elu:alpha=-1"), "--activations: parameter 'alpha' of elu must be in"),
        (("--target", "sigmoidd"), "--target: unknown activation 'sigmoidd'; did you mean "
                                   "'sigmoid'"),
        (("--xmin", "3", "--xmax", "1"), "--xmin (3) must be less than --xmax (1)"),
        (("--points", "1"), "--points must be between 2"),
        (("-o", "fit.gif"), "unknown file type '.gif'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(invoke, args, message):
    assert_one_line_error(invoke("fit", *args), message)


def test_figure_png(invoke, tmp_path):
    target = tmp_path / "fit.png"
    result = invoke("fit", *QUICK, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"actviz: wrote {target}"
    pixels = read_png(target)
    # 3 × 2 panels: (3 × 3.4 + 1.8) × (2 × 2.7 + 1.0) inches at the style's 100 dpi
    assert pixels.shape[:2] == (640, 1200)
    assert_drawn(pixels, min_ink=0.05)
    assert has_colour(pixels, "#d55e00")  # the fit (C3 of the house style's Okabe–Ito cycle)
    assert has_colour(pixels, "#0072b2")  # unit 1's contribution (C0)
    assert has_colour(pixels, "#009e73")  # unit 2's contribution (C2)


def test_figure_single_panel_and_many_units(invoke, tmp_path):
    target = tmp_path / "one.svg"
    result = invoke("fit", "--activations", "tanh", "--hidden", "8", *QUICK, "-o", target,
                    "--title", "Eight tanh units")
    assert result.exit_code == 0, result.output
    svg = target.read_text()
    assert svg.startswith("<?xml") and "Eight tanh units" in svg
    assert "unit j" in svg  # eight units share one legend entry


@pytest.mark.skipif(find_cjk_family() is None, reason="no CJK font installed")
def test_figure_in_chinese(invoke, tmp_path):
    target = tmp_path / "fit_zh.png"
    result = invoke("fit", "--activations", "relu,tanh", *QUICK, "-o", target, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert "激活函数" in result.stdout  # the table is in Chinese too
    assert_drawn(read_png(target))


def test_terminal_path_never_imports_matplotlib():
    out, loaded = run_and_list_modules(["fit", "--restarts", "2", "--epochs", "10"],
                                       ("matplotlib", "sympy"))
    assert loaded == {"matplotlib": False, "sympy": False}
    assert "LeakyReLU" in out


def test_console_script_fit_and_softmax(tmp_path):
    """The installed command, in a real process: output, exit codes and a figure."""
    script = Path(sys.executable).with_name("actviz")
    actviz = [str(script)] if script.exists() else [sys.executable, "-m", "actviz"]
    ok = subprocess.run([*actviz, "softmax", "3", "1", "-3"], capture_output=True, text=True,
                        check=False)
    assert ok.returncode == 0 and "0.878878" in ok.stdout
    bad = subprocess.run([*actviz, "fit", "--hidden", "0"], capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    target = tmp_path / "fit.png"
    drawn = subprocess.run([*actviz, "fit", "--activations", "relu", *QUICK, "-o", str(target)],
                           capture_output=True, text=True, check=False, cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    assert_drawn(read_png(target))
