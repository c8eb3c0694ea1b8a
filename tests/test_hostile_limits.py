"""Issue 18, follow-up: a batch says what the API and the command line say (each output's
warnings, a long experiment's estimate before the work), and checks every limit before
anything is drawn (every kind's PNG size, a table's columns) -- in --dry-run, with exit 2."""

from __future__ import annotations

import re

import pytest

import actviz
from actviz.errors import OptionError
from tests.batch_helpers import files, run, write_config

E4M3 = "float8_e4m3fn holds at most ±448, no inf: x rounds to NaN at x = 500 (1 of 2 rows)"


def refused(result, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


# --------------------------------------------------------------------------------------------
# Warnings: each output's, in a config's spelling, summarised when many are alike
# --------------------------------------------------------------------------------------------

FLOAT8_TABLE = """
[[figure]]
kind = "table"
activations = ["sigmoid", "tanh"]
at = [500, 1]
dtype = "float8_e4m3fn"
output = "{name}.md"
"""


def test_a_tables_warning_is_said_by_the_batch_as_by_the_command(invoke, tmp_path):
    # Before: the batch wrote the tables and said nothing; `actviz table` warns.
    command = invoke("table", "sigmoid", "--at", "500,1", "--dtype", "float8_e4m3fn")
    assert command.stderr == f"actviz: warning: {E4M3}\n"
    result = run(invoke, write_config(tmp_path, FLOAT8_TABLE))
    assert result.exit_code == 0, result.output
    # the same words from both outputs: one line, counted
    assert result.stderr == f"actviz: warning: {E4M3} (2 of the outputs)\n"


def test_one_outputs_warning_names_it(invoke, tmp_path):
    config = write_config(tmp_path, FLOAT8_TABLE.replace('"sigmoid", ', "")
                          .replace("{name}", "t"))
    result = run(invoke, config)
    assert result.stderr == f"actviz: warning: figure 1, t.md: {E4M3}\n"


def test_the_batch_api_gives_each_outputs_warnings(tmp_path):
    from actviz import batch

    plan = batch.load_plan(write_config(tmp_path, FLOAT8_TABLE))
    summary = batch.execute(plan, batch.survey(plan, plan.jobs), workers=1)
    assert summary.warnings == {E4M3: ["figure 1, sigmoid.md", "figure 1, tanh.md"]}


DEEP = """
[[figure]]
kind = "saturation"
activations = ["relu", "tanh"]
depth = 1000
network_width = 4096
output = "deep/{name}.csv"
"""


def test_a_long_experiment_is_announced_before_the_work_in_a_configs_spelling(invoke,
                                                                              tmp_path):
    # Before: a batch of hours said nothing; `actviz saturation --depth` warns before it.
    result = run(invoke, write_config(tmp_path, DEEP), "--dry-run")
    assert result.exit_code == 0
    assert result.stderr.startswith("actviz: warning: depth 1,000 network_width 4,096 is ")
    assert result.stderr.endswith("per activation (the default, 0.2 s) (2 of the outputs)\n")
    assert len(result.stderr.splitlines()) == 1
    plan = actviz.batch.load_plan(write_config(tmp_path, DEEP))
    api = actviz.saturation("relu", depth=1000, width=4096)
    marked = tuple(message.marked for message in api.announcements)  # the same rule's words
    assert [job.announcements for job in plan.jobs] == [marked] * 2


def test_a_long_fit_is_announced_as_fit_announces_it(invoke, tmp_path):
    config = write_config(tmp_path, '[[figure]]\nkind = "fit"\nactivations = ["relu"]\n'
                                    'restarts = 100\nepochs = 100000\noutput = "f.json"\n')
    result = run(invoke, config, "--dry-run")
    expected = actviz.fit(activations="relu", restarts=100, epochs=100_000).warnings
    assert result.stderr == f"actviz: warning: figure 1, f.json: {expected[0]}\n"


def test_many_warnings_of_one_kind_are_a_summary():
    from actviz.batch.report import warning_lines

    warnings = {f"f{i}(x) overflows for x ≥ {i}": [f"figure {i}, f{i}.csv"]
                for i in range(1, 2_001)}
    lines = warning_lines(warnings)
    assert lines[:3] == [f"figure {i}, f{i}.csv: f{i}(x) overflows for x ≥ {i}"
                         for i in (1, 2, 3)]
    assert lines[3] == "and 1,997 more warnings like f1(x) overflows for x ≥ 1"
    assert len(lines) == 4


# --------------------------------------------------------------------------------------------
# A PNG too large, checked for every kind before anything is drawn, by one rule
# --------------------------------------------------------------------------------------------

# Each kind, with what it shows: (figure keys, the API call, the pixels of its 100 in wide PNG
# at 2,400 dpi: the default height of its figure).
KINDS = [
    ('kind = "plot"\nactivations = ["relu"]', lambda **k: actviz.plot("relu", **k), 9600),
    ('kind = "compare"\nactivations = ["relu", "tanh"]',
     lambda **k: actviz.compare(["relu", "tanh"], **k), 9600),
    ('kind = "saturation"\nactivations = ["relu", "tanh"]',
     lambda width, **k: actviz.saturation(["relu", "tanh"], fig_width=width, **k), 11040),
    ('kind = "propagate"\nactivations = ["relu", "tanh"]',
     lambda width, **k: actviz.propagate(["relu", "tanh"], fig_width=width, **k), 11520),
    ('kind = "softmax"\nlogits = [1, 2, 3]', lambda **k: actviz.softmax([1, 2, 3], **k), 9120),
    ('kind = "fit"\nactivations = ["relu"]',
     lambda **k: actviz.fit(activations="relu", **k), 8880),
]
KIND_IDS = ["plot", "compare", "saturation", "propagate", "softmax", "fit"]


@pytest.mark.parametrize("figure,api,height", KINDS, ids=KIND_IDS)
def test_a_png_too_large_fails_the_dry_run_for_every_kind(invoke, tmp_path, figure, api,
                                                          height):
    # Before: saturation, propagate, softmax and fit passed --dry-run and failed while
    # drawing (exit 1).
    config = write_config(tmp_path, f'[[figure]]\n{figure}\nwidth = 100\ndpi = 2400\n'
                                    'output = "big.png"\n')
    words = f"a 240000 × {height} px PNG is too large (at most 16,384 px a side)"
    for args in (("--dry-run",), ()):
        refused(run(invoke, config, *args), words)
    assert files(tmp_path) == []
    with pytest.raises(OptionError, match=re.escape(words)):  # the API's -o, one rule
        api(width=100, dpi=2400).save(tmp_path / "big.png")
    assert files(tmp_path) == []


def test_the_png_rule_counts_what_the_figure_shows(tmp_path):
    # 20 logits make the bar chart 19 in wide: at 1,000 dpi too large, 8 logits are not.
    with pytest.raises(OptionError, match="a 19000 × 3800 px PNG is too large"):
        actviz.softmax(list(range(20)), dpi=1000).check_output(tmp_path / "s.png")
    actviz.softmax(list(range(8)), dpi=1000).check_output(tmp_path / "s.png")


# --------------------------------------------------------------------------------------------
# A table wider than a reader reads: refused in rich, Markdown and LaTeX, by one rule
# --------------------------------------------------------------------------------------------

WIDE = "a markdown table holds at most 100 columns, not 136: name at most 33 activations"


def test_a_table_of_too_many_columns_is_refused_by_the_command(invoke):
    # Before: 136 columns of Markdown were printed (and as many in a rich table).
    refused(invoke("table", "*", "-2", "--format", "markdown"), WIDE)
    refused(invoke("table", "*", "-2"), "a rich table holds at most 100 columns, not 136")
    assert invoke("table", "*", "-2", "--format", "csv").exit_code == 0


def test_a_table_of_too_many_columns_is_refused_by_the_api():
    result = actviz.table("*", second_derivative=True)
    with pytest.raises(OptionError, match="a latex table holds at most 100 columns, not 136"):
        result.to_latex()
    assert result.to_csv().count("\n") == 10  # the header and nine rows


def test_a_table_of_too_many_columns_fails_the_dry_run(invoke, tmp_path):
    figure = ('[[figure]]\nkind = "table"\nactivations = "*"\nsecond_derivative = true\n'
              'output = "{output}"\n')
    config = write_config(tmp_path, figure.format(output="all.md"))
    refused(run(invoke, config, "--dry-run"), f"figure 1 activations: {WIDE}")
    one_each = write_config(tmp_path, figure.format(output="t/{name}.md"))
    assert run(invoke, one_each, "--dry-run").exit_code == 0
