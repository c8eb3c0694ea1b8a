"""One option schema (actviz.options): every click option, TOML key and API keyword comes from
it, with the same default, the same check and the same message in each front end's spelling;
and the README's options tables are the schema's."""

from __future__ import annotations

import math
from pathlib import Path

import click
import pytest

import actviz
from actviz import options
from actviz.batch import ConfigError, load_plan
from actviz.cli import cli
from actviz.errors import OptionError

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SCHEMA_OF = {**options.COMMANDS, "list": options.LIST, "batch": options.BATCH_COMMAND}


def click_options(name: str) -> dict[str, click.Option]:
    return {p.name: p for p in cli.commands[name].params if isinstance(p, click.Option)}


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_click_option_comes_from_the_schema(name):
    declared = {o.name: o for o in SCHEMA_OF[name].taken_by(options.CLI)}
    made = click_options(name)
    assert set(made) == set(declared)
    for key, option in declared.items():
        flags = [o for o in made[key].opts + made[key].secondary_opts]
        assert option.cli_name in flags
        assert made[key].default == option.default, key
        assert made[key].help == option.meaning


@pytest.mark.parametrize("kind", options.KINDS)
def test_every_toml_key_comes_from_the_schema(kind, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[[figure]]\nkind = "{kind}"\nnot_a_key = 1\noutput = "x.{SUFFIX[kind]}"\n')
    with pytest.raises(ConfigError) as caught:
        load_plan(config)
    unknown, = [p for p in caught.value.problems if "not_a_key" in p]
    listed = unknown.split(f"a {kind} takes: ", 1)[1].split(", ")
    from actviz.batch import schema

    keys = [o.batch_key for o in options.COMMANDS[kind].taken_by(options.BATCH)]
    assert listed == [*schema.figure_keys(kind), *keys]


@pytest.mark.parametrize("kind", options.KINDS)
def test_api_keywords_are_the_schemas_with_the_same_defaults(kind):
    command = options.COMMANDS[kind]
    bound = command.bind({})
    assert bound == {o.name: o.default for o in command.taken_by(options.API)}
    for option in command.taken_by(options.CLI):
        if options.API in option.fronts:
            assert click_options(kind)[option.name].default == bound[option.name]
    import inspect

    shown = inspect.signature(getattr(actviz, kind)).parameters.values()
    assert {p.name: p.default for p in shown if p.kind is p.KEYWORD_ONLY} == bound


@pytest.mark.parametrize("kind", options.KINDS)
def test_the_readme_holds_each_commands_options_table(kind):
    table = options.markdown_table(options.COMMANDS[kind])
    assert f"#### `actviz {kind}`\n\n{table}" in README, (
        f"README.md: the options of `actviz {kind}` drifted from actviz/options.py; "
        f"the section should read:\n#### `actviz {kind}`\n\n{table}")


def test_the_schemas_limits_are_the_analysis_limits():
    from actviz.analysis import depth, fit, grid, tables

    assert options.MAX_POINTS == grid.MAX_POINTS
    assert options.MAX_FIT_POINTS == fit.MAX_FIT_POINTS
    assert options.DEFAULT_FIT_ACTIVATIONS.split(",") == list(fit.DEFAULT_ACTIVATIONS)
    assert [float(x) for x in options.DEFAULT_AT.split(",")] == list(tables.DEFAULT_POINTS)
    saturation = options.SATURATION
    assert saturation.option("depth").type.high == depth.MAX_LAYERS
    assert saturation.option("width").type.high == depth.MAX_WIDTH
    assert saturation.option("init").type.choices == depth.INITS
    config = options.FIT
    assert config.option("hidden").type.high == fit.MAX_HIDDEN
    assert config.option("epochs").type.high == fit.MAX_EPOCHS
    assert config.option("restarts").type.high == fit.MAX_RESTARTS
    for key in ("hidden", "epochs", "lr", "seed", "restarts", "points"):
        assert config.option(key).default == getattr(fit.FitConfig, key)
    assert config.option("xmax").default == fit.FitConfig.xmax == 2 * math.pi


# One bad value, refused in the same words by every front end, each in its own spelling.
REFUSED = [
    # kind, API keyword, batch key, value, the message after the option's name
    ("plot", "xmin", "xmin", math.nan, "must be a finite number, got nan"),
    ("plot", "dpi", "dpi", 5.0, "must be a finite number from 10 to 2400, got 5.0"),
    ("compare", "points", "points", 1, "must be between 2 and 10,000,000, got 1"),
    ("saturation", "threshold", "threshold", -1, "must be a positive finite number, got -1.0"),
    ("saturation", "width", "network_width", 0, "must be an integer from 1 to 4,096, got 0"),
    ("saturation", "fig_width", "width", 500.0,
     "must be a finite number from 1 to 100, got 500.0"),
    ("table", "precision", "precision", 18, "must be an integer from 1 to 17, got 18"),
    ("fit", "hidden", "hidden", 0, "must be an integer from 1 to 64, got 0"),
    ("fit", "lr", "lr", 0, "must be a finite number > 0, got 0.0"),
    ("softmax", "jacobian", "jacobian", "yes", "must be true or false, got 'yes'"),
    ("info", "lang", "lang", "fr", "must be one of en, zh, got 'fr'"),
]
ARGUMENTS = {"plot": ("relu",), "compare": (["relu", "tanh"],), "table": (["relu"],),
             "saturation": (["relu"],), "softmax": ([1, 2],), "fit": (), "info": ("relu",)}
FIGURE = {"plot": 'activations = "relu"', "compare": 'activations = ["relu", "tanh"]',
          "table": 'activations = "relu"', "saturation": 'activations = "relu"',
          "softmax": "logits = [1, 2]", "fit": 'activations = ["relu"]',
          "info": 'activations = "relu"'}
SUFFIX = {"table": "md", "info": "md", "softmax": "md", "saturation": "md", "propagate": "md",
          "fit": "png", "plot": "png", "compare": "png", "precision": "json"}


@pytest.mark.parametrize(("kind", "keyword", "key", "value", "message"), REFUSED,
                         ids=[f"{r[0]}-{r[1]}" for r in REFUSED])
def test_the_same_check_in_python_on_the_command_line_and_in_batch(
        invoke, tmp_path, kind, keyword, key, value, message):
    with pytest.raises(OptionError) as caught:
        getattr(actviz, kind)(*ARGUMENTS[kind], **{keyword: value})
    assert str(caught.value) == f"{keyword} {message}"

    option = options.COMMANDS[kind].option(keyword)
    if not isinstance(value, str) and option.type.base != "flag":
        flag = option.cli_name
        args = [str(a) for a in ARGUMENTS[kind] for a in (a if isinstance(a, list) else [a])]
        result = invoke(kind, *args, flag, str(value))
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == f"actviz: error: {flag} {message}"

    config = tmp_path / "c.toml"
    shown = f'"{value}"' if isinstance(value, str) else ("nan" if value != value else value)
    config.write_text(f'[[figure]]\nkind = "{kind}"\n{FIGURE[kind]}\n{key} = {shown}\n'
                      f'output = "out.{SUFFIX[kind]}"\n')
    with pytest.raises(ConfigError) as refused:
        load_plan(config)
    assert refused.value.problems == [f"{config}:4: figure 1 {key}: {message}"]


@pytest.mark.parametrize("name", ["table", "saturation", "propagate", "softmax"])
def test_precision_help_names_only_the_formats_the_command_has(name):
    from actviz.options import COMMANDS

    command = COMMANDS[name]
    formats = next(o for o in command.options if o.name == "format").type.choices
    meaning = next(o for o in command.options if o.name == "precision").meaning
    for word, fmt in (("LaTeX", "latex"), ("Markdown", "markdown"), ("CSV", "csv")):
        assert (word in meaning) == (fmt in formats), (name, meaning)


def test_softmax_precision_help_reads_exactly():
    from actviz.options import SOFTMAX

    meaning = next(o for o in SOFTMAX.options if o.name == "precision").meaning
    assert meaning == "Significant digits in rich and Markdown (CSV and JSON are always exact)."


@pytest.mark.parametrize("kind", options.KINDS)
def test_a_batch_format_is_one_of_the_command_s_own(kind):
    command = options.COMMANDS[kind]
    format_key, = [o for o in command.options if o.name == "output_format"]
    assert format_key.type.choices == tuple(dict.fromkeys(command.outputs.values()))


@pytest.mark.parametrize(("kind", "foreign"), [("softmax", "latex"), ("info", "png"),
                                               ("fit", "csv"), ("table", "svg")])
def test_a_batch_format_the_command_cannot_write_is_refused(kind, foreign, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[[figure]]\nkind = "{kind}"\n{FIGURE[kind]}\nformat = "{foreign}"\n'
                      f'output = "out"\n')
    with pytest.raises(ConfigError) as refused:
        load_plan(config)
    problem = refused.value.problems[0]  # (the output without a suffix comes after it)
    assert problem.startswith(f"{config}:4: figure 1 format: must be one of ")
    assert problem.endswith(f", got '{foreign}'")
    assert foreign not in problem.split("must be one of ", 1)[1].split(", got")[0].split(", ")


def test_the_batch_help_names_every_kind():
    from actviz.cli import cli

    help_text = " ".join(cli.commands["batch"].help.split())
    named = help_text.split("names a kind (", 1)[1].split(")", 1)[0].split(", ")
    assert named == list(options.KINDS)
