"""The docs cannot drift: every command is in the README with a help text and an example, and
every registered activation has a row in the README's accuracy table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from actviz.cli import cli
from tests.conftest import ALL_NAMES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert len(first_block) == 2
    assert first_block[0].startswith("pip install . && actviz ")
    assert first_block[1].startswith('pip install ".[test]" && pytest')


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_an_example_and_a_readme_section(name):
    command = cli.commands[name]
    assert command.help and "Example" in command.help, f"`actviz {name} --help` needs an example"
    assert f"`actviz {name}" in README, f"README.md has no section for `actviz {name}`"


def test_the_accuracy_table_names_real_activations_that_meet_the_floor():
    # Rows are the output of benchmarks/accuracy.py; a new activation needs no row to be
    # registered (the accuracy test measures it on every run), but no row may be stale.
    rows = re.findall(r"^\| (\w+) \| [\d.]+ \| [\d.]+ \| [\d.]+ \| (.) \|", README, flags=re.M)
    assert len(rows) >= 27
    for name, floor in rows:
        assert name in ALL_NAMES and floor == "✓", name


def test_the_family_table_lists_every_activation_once():
    section = README.split("activations, by family", 1)[1].split("\n\n", 2)[1]
    names = re.findall(r"`(\w+)`", "\n".join(line.split("|")[2] for line in section.splitlines()
                                                 if line.startswith("| ") and "---" not in line))
    names = [n for n in names if n != "activations"]
    assert sorted(names) == ALL_NAMES
    assert f"The {len(ALL_NAMES)} built-in activations, by family" in README


def test_the_package_docstring_examples_run(isolated_registry):  # it registers approx_gelu
    import doctest

    import actviz

    assert doctest.testmod(actviz).failed == 0
