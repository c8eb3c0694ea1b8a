"""``actviz info --guide``: the "which activation should I use?" guide, rich or Markdown.

The advice is written in :mod:`actviz.activations.guide` with ``{placeholders}`` for the
numbers it quotes; :func:`build_guide` fills them with the numbers of
:func:`actviz.analysis.guide.guide_facts`, in one language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actviz.activations.guide import GUIDE
from actviz.render.labels import text
from actviz.render.numbers import significant
from actviz.render.prose import MAX_WIDTH, Prose

if TYPE_CHECKING:
    from rich.console import RenderableType

FACT_DIGITS = 3  # the guide quotes its numbers to three significant digits: 9.54e-7


@dataclass(frozen=True)
class GuideItem:
    """One piece of advice in one language, numbers filled in."""

    text: str
    names: tuple[str, ...]
    use: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "names": list(self.names), "use": self.use or None}


@dataclass(frozen=True)
class GuideSection:
    key: str
    items: tuple[GuideItem, ...]


@dataclass(frozen=True)
class Guide:
    """The guide in ``lang``: sections of advice, and the numbers quoted in it."""

    lang: str
    sections: tuple[GuideSection, ...]
    facts: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "sections": [{"key": s.key, "items": [i.to_json() for i in s.items]}
                         for s in self.sections],
            "facts": dict(self.facts),
        }


def build_guide(facts: dict[str, float], lang: str = "en") -> Guide:
    """The guide in ``lang`` (English where a text has no translation), quoting ``facts``."""
    words = {key: significant(value, FACT_DIGITS) for key, value in facts.items()}
    sections = tuple(
        GuideSection(section.key, tuple(
            GuideItem(advice.text.get(lang, advice.text["en"]).format(**words), advice.names,
                      advice.use)
            for advice in section.advice
        ))
        for section in GUIDE
    )
    return Guide(lang, sections, facts)


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
