"""Every command teaches by example and is shown in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from actviz.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_an_example_and_is_in_the_readme(name):
    command = cli.commands[name]
    assert "Example" in (command.help or ""), f"{name} --help has no Example block"
    assert f"actviz {name}" in README, f"README does not show actviz {name}"


def test_readme_images_exist():
    for image in ("docs/images/relu.png", "docs/images/compare.png"):
        assert image in README
        assert (Path(__file__).parent.parent / image).stat().st_size > 5000
