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


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_activation_has_a_row_in_the_accuracy_table(name):
    assert re.search(rf"^\| {re.escape(name)} \| [\d.]+ \| [\d.]+ \| ✓ \|", README, flags=re.M)


def test_readme_figures_exist():
    for image in re.findall(r"\]\((docs/images/[^)]+\.png)\)", README):
        assert (Path(__file__).resolve().parents[1] / image).stat().st_size > 5000, image
    assert "docs/images/relu.png" in README and "docs/images/compare.png" in README


def test_the_package_docstring_examples_run(isolated_registry):  # it registers approx_gelu
    import doctest

    import actviz

    assert doctest.testmod(actviz).failed == 0
