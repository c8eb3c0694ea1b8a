"""``actviz info --guide``: the "which activation should I use?" guide, rich or Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actviz.analysis.guide import Guide
from actviz.render.labels import text
from actviz.render.prose import MAX_WIDTH, Prose

if TYPE_CHECKING:
    from rich.console import RenderableType


def _marks(section_key: str, count: int) -> list[str]:
    """Bullets for advice, numbers for the steps of the reasoning."""
    return [f"{i + 1}." for i in range(count)] if section_key == "why" else ["•"] * count


def guide_panel(guide: Guide) -> "RenderableType":
    """The guide as one rich Panel: a heading per section, one paragraph per piece of advice."""
    from rich.console import Group
    from rich.constrain import Constrain
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list = []
    for section in guide.sections:
        if parts:
            parts.append(Text(""))
        parts.append(Text(text(f"guide_{section.key}", guide.lang), style="bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column()
        for mark, item in zip(_marks(section.key, len(section.items)), section.items):
            grid.add_row(Text(mark), Prose(item.text))
        parts.append(grid)
    parts += [Text(""), Prose(text("guide_hint", guide.lang), style="dim")]
    panel = Panel(Group(*parts), title=Text(text("guide_title", guide.lang), style="bold"),
                  title_align="left", expand=True, padding=(0, 1))
    return Constrain(panel, MAX_WIDTH)


def guide_markdown(guide: Guide) -> str:
    """The guide as Markdown: a level-1 title, a level-2 heading per section, a list each."""
    lines = [f"# {text('guide_title', guide.lang)}"]
    for section in guide.sections:
        lines += ["", f"## {text(f'guide_{section.key}', guide.lang)}", ""]
        marks = _marks(section.key, len(section.items))
        lines += [f"{'-' if mark == '•' else mark} {item.text}"
                  for mark, item in zip(marks, section.items)]
    lines += ["", text("guide_hint", guide.lang)]
    return "\n".join(lines) + "\n"
