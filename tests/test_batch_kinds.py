"""Batch makes every command's output: softmax, fit and info as well as plot, compare, table
and saturation; each output is the command's own, and a rerun draws nothing and imports no
numpy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actviz.batch import ConfigError, load_plan
from tests.batch_helpers import run, write_config

LESSONS = """
[defaults]
dpi = 30

[[figure]]
kind = "softmax"
logits = [3, 1, -3]
temperature = [0.5, 1]
output = "softmax.png"

[[figure]]
kind = "softmax"
logits = [1000, 1001]
explain = true
output = "overflow.md"

[[figure]]
kind = "fit"
activations = ["relu", "tanh"]
restarts = 2
epochs = 10
output = "fit.json"

[[figure]]
kind = "info"
activations = ["relu", "elu:alpha=0.5"]
output = "cards/{name}.md"

[[figure]]
kind = "info"
guide = true
lang = "zh"
output = "guide.json"
"""


def test_the_new_kinds_write_what_their_commands_print(invoke, tmp_path):
    config = write_config(tmp_path, LESSONS)
    first = run(invoke, config, "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert "6 written, 0 unchanged, 0 failed" in first.stdout

    def printed(*args):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert (tmp_path / "overflow.md").read_text(encoding="utf-8") == printed(
        "softmax", "1000", "1001", "--explain", "--format", "markdown")
    assert (tmp_path / "fit.json").read_text(encoding="utf-8") == printed(
        "fit", "--activations", "relu,tanh", "--restarts", "2", "--epochs", "10",
        "--format", "json")
    assert (tmp_path / "cards" / "relu.md").read_text(encoding="utf-8") == printed(
        "info", "relu", "--format", "markdown")
    assert (tmp_path / "cards" / "elu.md").read_text(encoding="utf-8").startswith("# ELU (α=0.5)")
    assert (tmp_path / "guide.json").read_text(encoding="utf-8") == printed(
        "info", "--guide", "--lang", "zh", "--format", "json")
    invoke("softmax", "3", "1", "-3", "--temperature", "0.5,1", "--dpi", "30",
           "-o", tmp_path / "cli.png")
    assert (tmp_path / "softmax.png").read_bytes() == (tmp_path / "cli.png").read_bytes()

    code = ("import sys\nfrom actviz.cli import main\ntry:\n"
            f"    main(['batch', {str(config)!r}])\nexcept SystemExit as stop:\n"
            "    assert not stop.code, stop.code\n"
            "print(sorted(m for m in ('numpy', 'matplotlib', 'scipy', 'sympy') "
            "if m in sys.modules), file=sys.stderr)\n")
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert again.stdout.startswith("everything is up to date: 6 outputs")
    assert again.stderr.strip() == "[]"


@pytest.mark.parametrize(("figure", "problem"), [
    ('kind = "softmax"\noutput = "s.md"',
     "figure 1: needs logits = [z1, z2, ...], two or more finite numbers"),
    ('kind = "softmax"\nlogits = [1]\noutput = "s.md"',
     "figure 1: softmax needs at least 2 logits, got only 1"),
    ('kind = "softmax"\nlogits = [1, 2]\ntemperature = [0]\noutput = "s.md"',
     "figure 1 temperature: must be a finite number > 0, got 0.0"),
    ('kind = "softmax"\nactivations = "relu"\nlogits = [1, 2]\noutput = "s.md"',
     "figure 1 activations: softmax takes logits = [...], not activations"),
    ('kind = "fit"\nhidden = 0\noutput = "f.json"',
     "figure 1 hidden: must be an integer from 1 to 64, got 0"),
    ('kind = "fit"\nactivations = ["relu", "tanh"]\noutput = "f/{name}.png"',
     "figure 1 output: {name} makes one file per activation, but a fit draws them side by "
     "side, one panel each: name its one output"),
    ('kind = "fit"\noutput = "f.md"', "figure 1 output: 'f.md': kind 'fit' writes .png, "
     ".svg, .pdf, .json, not .md"),
    ('kind = "info"\noutput = "i.md"', "figure 1: needs activations = [\"NAME\"] (one card "
     "each, with {name} in the output) or guide = true"),
    ('kind = "info"\nactivations = ["relu", "tanh"]\noutput = "i.md"',
     "figure 1 output: a card shows one activation, and 'i.md' would get 2: put {name} in "
     "the output for one file each"),
    ('kind = "info"\nguide = true\nactivations = "relu"\noutput = "i.md"',
     "figure 1: guide = true is the guide to every activation: leave out activations (or "
     "drop guide for their cards)"),
    ('kind = "info"\nactivations = "relu"\ndpi = 100\noutput = "i.md"',
     "figure 1 dpi: is not an option of kind 'info' (it applies to plot, compare, "
     "saturation, propagate, softmax, fit)"),
])
def test_the_new_kinds_are_checked_before_anything_is_drawn(tmp_path, figure, problem):
    config = write_config(tmp_path, f"[[figure]]\n{figure}\n")
    with pytest.raises(ConfigError) as refused:
        load_plan(config)
    assert [p.split(": ", 1)[1] for p in refused.value.problems] == [problem]


def test_saturation_and_propagate_without_activations_take_every_one_as_their_commands(
        tmp_path):
    from tests.conftest import ALL_NAMES

    plan = load_plan(write_config(tmp_path, """
        [[figure]]
        kind = "saturation"
        output = "saturation.json"
        [[figure]]
        kind = "propagate"
        output = "propagate.json"
        [[figure]]
        kind = "saturation"
        activations = ["s*", "tanh"]
        output = "some.json"
    """))
    specs = {job.output: [spec.partition(":")[0] for spec in job.specs] for job in plan.jobs}
    # As `actviz saturation` with no NAME: every one but the periodic ones (no profile).
    assert specs["saturation.json"] == [n for n in ALL_NAMES if n not in ("sine", "snake")]
    assert specs["propagate.json"] == list(ALL_NAMES)
    assert "sigmoid" in specs["some.json"] and "sine" not in specs["some.json"]


@pytest.mark.parametrize("activations", ["[]", '""'])
def test_an_empty_activations_list_is_a_config_problem(tmp_path, activations):
    config = write_config(tmp_path, f"""
        [[figure]]
        kind = "saturation"
        activations = {activations}
        output = "saturation.json"
    """)
    with pytest.raises(ConfigError, match="activations: must be a name, or a list of names"):
        load_plan(config)
