"""`actviz batch`: real files, incremental reruns, --force, --dry-run, --only, formulas."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from actviz.batch.manifest import MANIFEST_NAME
from tests.batch_helpers import (
    SMALL,
    SMALL_OUTPUTS,
    files,
    manifest,
    run,
    stamps,
    write_config,
    written,
)
from tests.images import assert_png, assert_svg


def test_a_small_config_renders_real_files(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config)
    assert result.exit_code == 0, result.output
    assert written(result) == SMALL_OUTPUTS
    assert result.stdout.splitlines()[-1].startswith("4 written, 0 unchanged, 0 failed in ")
    assert result.stderr == ""
    assert files(tmp_path) == [MANIFEST_NAME, *SMALL_OUTPUTS]
    assert_png(tmp_path / "functions/relu.png", 6.4, 6.4, 40)  # f and f': 6.4 in tall
    assert_svg(tmp_path / "compare.svg")
    rows = list(csv.reader((tmp_path / "values.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["x", "sigmoid f(x)", "sigmoid f'(x)", "relu f(x)", "relu f'(x)"]
    assert [row[0] for row in rows[1:]] == ["-1.0", "0.0", "2.5", "inf"]
    assert float(rows[3][1]) == 1 / (1 + 2.718281828459045 ** -2.5)
    assert rows[4][1:] == ["1.0", "0.0", "inf", "1.0"]


def test_a_rerun_skips_everything_and_touches_nothing(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    run(invoke, config)
    before = stamps(tmp_path)
    result = run(invoke, config)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"everything is up to date: 4 outputs in {tmp_path} ")
    assert stamps(tmp_path) == before


def test_changing_one_option_redraws_exactly_the_figures_it_reaches(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    run(invoke, config)
    before = stamps(tmp_path)
    # A figure's own option: only its outputs.
    config.write_text(SMALL.replace('output = "compare.svg"',
                                    'output = "compare.svg"\nderivative = true'))
    assert written(run(invoke, config)) == ["compare.svg"]
    after = stamps(tmp_path)
    assert [k for k in after if after[k] != before[k]] == ["compare.svg"]
    # A default: the outputs it reaches.  A PNG's dpi means nothing to an SVG or a table.
    config.write_text(config.read_text().replace("dpi = 40", "dpi = 30"))
    result = run(invoke, config)
    assert written(result) == ["functions/relu.png", "functions/tanh.png"]
    assert result.stdout.splitlines()[-1].startswith("2 written, 2 unchanged, 0 failed")
    assert_png(tmp_path / "functions/tanh.png", 6.4, 6.4, 30)


def test_the_same_value_written_differently_is_the_same_hash(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    run(invoke, config)
    # 40 is 40.0; a default written out is the default; an alias is its activation.
    config.write_text(SMALL.replace("dpi = 40", "dpi = 40.0").replace(
        'activations = ["relu", "tanh"]', 'activations = ["relu", "tanh"]\nxmin = -6.0').replace(
        '["sigmoid", "tanh"]', '["logistic", "tanh"]'))
    assert "everything is up to date" in run(invoke, config).stdout


def test_a_deleted_or_replaced_output_is_drawn_again(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    run(invoke, config)
    (tmp_path / "compare.svg").unlink()
    (tmp_path / "values.csv").write_text("edited by hand\n")
    dry = run(invoke, config, "--dry-run")
    assert "would draw  compare.svg  (missing)" in dry.stdout
    assert "would draw  values.csv   (modified)" in dry.stdout
    assert written(run(invoke, config)) == ["compare.svg", "values.csv"]


def test_force_redraws_everything(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    run(invoke, config)
    assert written(run(invoke, config, "--force")) == SMALL_OUTPUTS


def test_dry_run_lists_and_writes_nothing(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    out = tmp_path / "figures"
    result = run(invoke, config, "--out-dir", out, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "would draw  functions/relu.png  (new)",
        "would draw  functions/tanh.png  (new)",
        "would draw  compare.svg         (new)",
        "would draw  values.csv          (new)",
        f"4 to draw, 0 up to date in {out}",
    ]
    assert not out.exists()
    run(invoke, config, "--out-dir", out)
    assert run(invoke, config, "--out-dir", out, "--dry-run").stdout == \
        f"0 to draw, 4 up to date in {out}\n"


def test_only_draws_the_matching_outputs_and_keeps_the_others_in_the_manifest(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    assert written(run(invoke, config, "--only", "functions/*")) == [
        "functions/relu.png", "functions/tanh.png"]
    assert written(run(invoke, config, "--only", "*.csv", "--only", "relu.png")) == [
        "values.csv"]  # relu.png (matched by its file name) is up to date
    assert written(run(invoke, config)) == ["compare.svg"]
    assert sorted(manifest(tmp_path)) == SMALL_OUTPUTS
    result = run(invoke, config, "--only", "nothing*")
    assert result.exit_code == 2
    assert "--only 'nothing*' matches none of the 4 outputs" in result.stderr


def test_out_dir_and_a_style_file_relative_to_the_config(invoke, tmp_path):
    (tmp_path / "styles").mkdir()
    sheet = tmp_path / "styles" / "big.mplstyle"
    sheet.write_text("figure.figsize: 4, 2\n")
    config = write_config(tmp_path, """
        [defaults]
        dpi = 20
        style = "styles/big.mplstyle"
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "relu.png"
    """)
    elsewhere = tmp_path / "out"
    assert run(invoke, config, "--out-dir", elsewhere).exit_code == 0
    assert_png(elsewhere / "relu.png", 4, 2, 20)
    # The style file's contents are part of the hash.
    sheet.write_text("figure.figsize: 5, 2\n")
    assert written(run(invoke, config, "--out-dir", elsewhere)) == ["relu.png"]
    assert_png(elsewhere / "relu.png", 5, 2, 20)


def test_a_batch_figure_is_byte_for_byte_the_commands(invoke, tmp_path):
    config = write_config(tmp_path, """
        [[figure]]
        kind = "plot"
        activations = "elu:alpha=0.5"
        derivative = true
        dpi = 30
        output = "elu.png"
        [[figure]]
        kind = "table"
        activations = ["gelu", "tanh"]
        at = [-3, 0, 1]
        precision = 4
        output = "gelu.tex"
    """)
    run(invoke, config)
    invoke("plot", "elu:alpha=0.5", "-d", "--dpi", "30", "-o", tmp_path / "cli.png")
    assert (tmp_path / "elu.png").read_bytes() == (tmp_path / "cli.png").read_bytes()
    table = invoke("table", "gelu", "tanh", "--at", "-3,0,1", "--format", "latex",
                   "--precision", "4")
    assert (tmp_path / "gelu.tex").read_text(encoding="utf-8") == table.stdout


def test_every_activation_with_name_makes_one_file_each(invoke, tmp_path):
    from tests.conftest import ALL_NAMES

    config = write_config(tmp_path, """
        [[figure]]
        kind = "table"
        activations = "*"
        at = [0]
        derivative = false
        output = "values/{name}.json"
    """)
    assert run(invoke, config).exit_code == 0
    assert files(tmp_path / "values") == [f"{name}.json" for name in ALL_NAMES]
    data = json.loads((tmp_path / "values" / "sigmoid.json").read_text(encoding="utf-8"))
    assert data == {"x": [0.0], "activations": [
        {"name": "sigmoid", "params": {}, "f": [0.5], "df": None}]}


def test_saturation_writes_its_figure_or_its_table_by_suffix(invoke, tmp_path):
    config = write_config(tmp_path, """
        [defaults]
        dpi = 20
        [[figure]]
        kind = "saturation"
        activations = ["sigmoid", "relu"]
        depth = 3
        network_width = 8
        output = "sat.png"
        [[figure]]
        kind = "saturation"
        activations = ["sigmoid", "relu"]
        precision = 3
        output = "sat.md"
    """)
    assert run(invoke, config).exit_code == 0
    assert_png(tmp_path / "sat.png", 6.4 * 2, 4.6, 20)
    markdown = (tmp_path / "sat.md").read_text(encoding="utf-8")
    cli = invoke("saturation", "sigmoid", "relu", "--format", "markdown", "--precision", "3")
    assert markdown == cli.stdout and "| sigmoid |" in markdown


def test_formula_definitions_are_usable_by_name(invoke, tmp_path):
    config = write_config(tmp_path, """
        [activations.approx_gelu]
        formula = "x*sigmoid(1.702*x)"
        [activations.swish_b]
        formula = "f(x; beta=1.5)=x*sigmoid(beta*x)"
        title = "Swish-β"

        [[figure]]
        kind = "table"
        activations = ["approx_gelu", "swish_b:beta=2"]
        at = [1]
        output = "values.json"

        [[figure]]
        kind = "compare"
        activations = ["gelu", "approx_gelu"]
        dpi = 20
        points = 101
        output = "gelu.png"

        [[figure]]
        kind = "plot"
        activations = "swish_b"
        sweep = {beta = [0.5, 2]}
        dpi = 20
        points = 101
        output = "{name}.png"
    """)
    result = run(invoke, config)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "values.json").read_text(encoding="utf-8"))
    approx, swish = data["activations"]
    assert (approx["name"], swish["name"], swish["params"]) == ("approx_gelu", "swish_b",
                                                                 {"beta": 2.0})
    assert approx["f"][0] == 1 / (1 + 2.718281828459045 ** -1.702)
    assert_png(tmp_path / "gelu.png", 6.4, 4, 20)
    assert_png(tmp_path / "swish_b.png", 6.4, 4, 20)
    # The formula's text is part of the hash: editing it redraws what uses it.
    config.write_text(config.read_text().replace("1.702*x", "1.7*x"))
    assert written(run(invoke, config)) == ["gelu.png", "values.json"]


def test_a_missing_or_corrupt_manifest_means_drawing_everything_again(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    run(invoke, config)
    (tmp_path / MANIFEST_NAME).write_text('{"manifest": 1, "outputs": {"values.csv": ')
    result = run(invoke, config)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"actviz: warning: cannot read {tmp_path / MANIFEST_NAME} "
                                    "(invalid JSON at line 1); drawing everything")
    assert written(result) == SMALL_OUTPUTS
    for broken in ("[]", '{"manifest": 1, "outputs": {"values.csv": 3}}', "\x00\xff", "{}"):
        (tmp_path / MANIFEST_NAME).write_text(broken, encoding="latin-1")
        dry = run(invoke, config, "--dry-run")
        assert dry.exit_code == 0 and "would draw  values.csv" in dry.stdout, broken
    (tmp_path / MANIFEST_NAME).unlink()
    assert written(run(invoke, config)) == SMALL_OUTPUTS
    assert sorted(manifest(tmp_path)) == SMALL_OUTPUTS


def test_two_configs_in_one_folder_keep_their_entries_and_warn_when_they_collide(invoke,
                                                                                  tmp_path):
    one = write_config(tmp_path, SMALL, "one.toml")
    two = write_config(tmp_path, """
        [[figure]]
        kind = "table"
        activations = "tanh"
        output = "tanh.csv"
        [[figure]]
        kind = "table"
        activations = "relu"
        output = "values.csv"
    """, "two.toml")
    run(invoke, one)
    result = run(invoke, two)
    assert written(result) == ["tanh.csv", "values.csv"]
    assert "this output was last written by one.toml: two configs" in result.stderr
    assert "3 unchanged" not in result.stdout
    assert sorted(manifest(tmp_path)) == sorted(SMALL_OUTPUTS + ["tanh.csv"])


def test_quiet_prints_nothing_on_success(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config, "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert run(invoke, config, "-q").stdout == ""


def test_help_teaches_the_config(invoke):
    result = invoke("batch", "--help")
    assert "Example:" in result.stdout and "--dry-run" in result.stdout


def test_a_rerun_with_nothing_to_draw_imports_no_heavy_library(tmp_path):
    """Not even numpy: checking a config reads its saturation, depth, sweep and `at` options
    without computing anything."""
    config = write_config(tmp_path, SMALL.replace('kind = "table"', 'kind = "table"\nprecision = 3')
                          .replace("values.csv", "values.tex") + """
[[figure]]
kind = "saturation"
activations = ["relu", "tanh"]
sigma = 2
depth = 3
output = "depth.md"

[[figure]]
kind = "plot"
activations = "elu"
sweep = { alpha = [0.5, 2.0] }
output = "sweep.svg"
""")
    env = dict(os.environ)
    subprocess.run([sys.executable, "-m", "actviz", "batch", str(config), "-q"], env=env,
                   check=True)
    code = ("import sys\nfrom actviz.cli import main\ntry:\n"
            f"    main(['batch', {str(config)!r}])\nexcept SystemExit as stop:\n"
            "    assert not stop.code, stop.code\n"
            "print(sorted(m for m in ('numpy', 'matplotlib', 'scipy', 'sympy', 'rich', "
            "'concurrent.futures') if m in sys.modules), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    assert done.stdout.startswith("everything is up to date: 6 outputs")
    assert done.stderr.strip() == "[]"
    assert Path(config.parent / "values.tex").read_text(encoding="utf-8").startswith("% f(x)")


def test_the_hash_of_the_house_style_is_of_the_file_figures_are_drawn_with():
    from actviz.batch.manifest import file_digest, house_style_digest
    from actviz.render.canvas import style_path

    assert house_style_digest() == file_digest(style_path())


def test_format_gives_outputs_without_a_suffix_theirs(invoke, tmp_path):
    config = write_config(tmp_path, """
        [defaults]
        format = "svg"
        [[figure]]
        kind = "plot"
        activations = ["relu", "elu"]
        title = "The {name} function"
        points = 101
        output = "{name}"
        [[figure]]
        kind = "table"
        activations = "relu"
        format = "markdown"
        output = "relu-values"
    """)
    result = run(invoke, config)
    assert result.exit_code == 0, result.output
    assert files(tmp_path) == [MANIFEST_NAME, "elu.svg", "relu-values.md", "relu.svg"]
    assert "The elu function" in (tmp_path / "elu.svg").read_text(encoding="utf-8")
    assert (tmp_path / "relu-values.md").read_text(encoding="utf-8").startswith("| x | ReLU f(x)")


def test_without_a_cjk_font_chinese_figures_fall_back_with_one_warning(invoke, tmp_path,
                                                                        monkeypatch):
    from actviz.render import canvas

    monkeypatch.setattr(canvas, "find_cjk_family", lambda: None)
    config = write_config(tmp_path, """
        [defaults]
        lang = "zh"
        dpi = 20
        points = 101
        [[figure]]
        kind = "plot"
        activations = ["relu", "tanh"]
        output = "{name}.png"
    """)
    result = run(invoke, config)
    assert result.exit_code == 0
    assert result.stderr == ("actviz: warning: no CJK font found (install e.g. fonts-noto-cjk); "
                             "labels are in English (2 of the outputs)\n")
    assert written(result) == ["relu.png", "tanh.png"]
    # Skipped as up to date on the next run, but still said: a font may be installed since.
    again = run(invoke, config)
    assert again.stdout.startswith("everything is up to date")
    assert again.stderr == ("actviz: warning: no CJK font found (install e.g. fonts-noto-cjk); "
                            "labels are in English (2 of the outputs up to date were drawn so; "
                            "--force redraws them)\n")
