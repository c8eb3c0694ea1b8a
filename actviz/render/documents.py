"""``actviz info``: an activation's card and the guide, as rich panels or as Markdown.

Both forms of each are built from the same rows, so the terminal and the exported text say the
same things; every word comes from :mod:`actviz.render.labels` or from the registry's notes,
and formulas are shown in plain text (:func:`~actviz.render.words.to_plain`).  The guide's
advice is written in :mod:`actviz.activations.guide` with ``{placeholders}`` for the numbers it
quotes; :func:`build_guide` fills them with the numbers of
:func:`actviz.analysis.guide.guide_facts`, in one language.

Sentences are :class:`Prose`, which wraps English and Chinese alike.  rich wraps only at
spaces, so a Chinese sentence (which has none) is one long "word" that jumps whole to the next
line or is cut off.  :class:`Prose` breaks between CJK characters too, never before closing
punctuation (，。）) or after opening punctuation (（“), and at spaces as usual, except inside a
highlighted name or command (`actviz fit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from actviz.activations.guide import GUIDE
from actviz.analysis.cards import DEPTH, Card
from actviz.render.labels import CATALOGUE, text, yes_no
from actviz.render.words import human, interval_notation, peak_words, significant, to_plain

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult, RenderableType
    from rich.measure import Measurement
    from rich.text import Text


# --------------------------------------------------------------------------------------------
# Prose: sentences that wrap in English and in Chinese
# --------------------------------------------------------------------------------------------

# Panels of prose grow with the terminal up to this many columns: longer lines are hard to read.
MAX_WIDTH = 100

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CLOSING = "，。、：；！？）》」』】”’"
_OPENING = "（《「『【“‘"
# One unit that may not be split: a CJK character with the closing punctuation after it, or a
# run of other characters; either with opening punctuation before it and spaces after it.
_TOKEN = re.compile(
    rf"[{_OPENING}]*(?:[{_CJK}][{_CLOSING}]*|[^\s{_CJK}]+[{_CLOSING}]*|(?=\s))\s*"
)


# An operator between spaces binds its neighbours: "σ(z) − y" and "x → −∞" stay on one line.
_OPERATORS = frozenset("−-+=≈≤≥<>×/→≠")


def tokens(plain: str) -> list[tuple[int, str]]:
    """(offset, token) for each unbreakable piece of ``plain``, trailing spaces included."""
    found: list[tuple[int, str]] = []
    position, glue = 0, False
    while position < len(plain):
        match = _TOKEN.match(plain, position)
        end = match.end() if match and match.end() > position else position + 1
        piece = plain[position:end]
        operator = piece.strip() in _OPERATORS and piece.strip() != ""
        if found and (glue or (operator and found[-1][1][-1:].isspace())):
            found[-1] = (found[-1][0], found[-1][1] + piece)
            glue = operator
        else:
            found.append((position, piece))
            glue = False
        position = end
    return found


def break_offsets(plain: str, width: int, keep: Iterable[tuple[int, int]] = ()) -> list[int]:
    """Where to break ``plain`` so that no line is wider than ``width`` cells (unless a single
    token is wider); never inside a ``keep`` span (start, end), such as a command's name."""
    from rich.cells import cell_len

    pieces = tokens(plain)
    for start, end in keep:  # join the tokens a span covers into one
        inside = [i for i, (offset, _) in enumerate(pieces) if start < offset < end]
        if inside:
            first = inside[0] - 1
            joined = "".join(token for _, token in pieces[first : inside[-1] + 1])
            pieces[first : inside[-1] + 1] = [(pieces[first][0], joined)]
    offsets, used = [], 0
    for start, token in pieces:
        if used and used + cell_len(token.rstrip()) > width:
            offsets.append(start)
            used = 0
        used += cell_len(token)
    return offsets


def highlighted(words: str, style: str = "") -> "Text":
    """``words`` as rich Text with `backticked` registry names and commands in bold cyan.
    Never parsed as rich markup: "[a, b]" in a sentence stays text."""
    from rich.text import Text

    result = Text(style=style)
    for i, part in enumerate(words.split("`")):
        result.append(part, style="bold cyan" if i % 2 else "")
    return result


class Prose:
    """A paragraph that wraps at spaces and between CJK characters (see the module's doc)."""

    def __init__(self, words: str | "Text", style: str = ""):
        self.text = highlighted(words, style) if isinstance(words, str) else words

    def __rich_console__(self, console: "Console", options: "ConsoleOptions") -> "RenderResult":
        keep = [(span.start, span.end) for span in self.text.spans]
        for line in self.text.divide(break_offsets(self.text.plain, options.max_width, keep)):
            line.rstrip()
            yield line

    def __rich_measure__(self, console: "Console", options: "ConsoleOptions") -> "Measurement":
        from rich.cells import cell_len
        from rich.measure import Measurement

        plain = self.text.plain
        widest = max((cell_len(token.rstrip()) for _, token in tokens(plain)), default=0)
        return Measurement(widest, max(widest, cell_len(plain))).clamp(max_width=options.max_width)


# --------------------------------------------------------------------------------------------
# actviz info NAME: an activation's card
# --------------------------------------------------------------------------------------------

Rows = list[tuple[str, str]]


# --------------------------------------------------------------------------------------------
# Rows shared by the rich and Markdown forms
# --------------------------------------------------------------------------------------------


def fact_rows(card: Card) -> Rows:
    """Formula, derivative, family and aliases."""
    lang = card.lang
    family_key = f"family_{card.family}"
    family = text(family_key, lang) if family_key in CATALOGUE else card.family
    rows = [
        (text("info_formula", lang), to_plain(card.formula)),
        (text("info_derivative", lang), to_plain(card.derivative_formula)),
        (text("info_family", lang), family),
    ]
    if card.aliases:
        rows.append((text("info_aliases", lang), ", ".join(card.aliases)))
    return rows


def property_rows(card: Card) -> Rows:
    """Range, monotonicity, smoothness, zero-centring, saturation, identity near 0, then the
    numbers: f and f' at 0, max |f'|, what it does over DEPTH layers, and the kinks."""
    lang, props = card.lang, card.properties
    rows = [
        (text("info_range", lang), interval_notation([props.range])),
        (text("info_monotonic", lang), yes_no(props.monotonic, lang)),
        (text("info_smoothness", lang), text(f"info_continuity_{props.continuity}", lang)),
        (text("info_zero_centred", lang),
         text("info_zero_centred_yes", lang) if props.zero_centred else text("info_no", lang)),
        (text("info_saturates", lang), text(f"info_saturating_{props.saturating}", lang)),
        (text("info_identity_near_origin", lang), yes_no(props.identity_near_origin, lang)),
        (text("info_at_zero", lang),
         f"f(0) = {human(card.value_at_zero)}, f′(0) = {human(card.slope_at_zero)}"),
        (text("info_max_slope", lang), peak_words(card.peak, lang)),
    ]
    if card.depth_gain is not None:
        rows.append((text("info_depth_gain", lang, depth=DEPTH),
                     text("info_depth_gain_value", lang, peak=human(card.peak.value),
                          depth=DEPTH, gain=significant(card.depth_gain, 3))))
    if card.breakpoints:
        where = ", ".join(f"x = {human(x)}" for x in card.breakpoints)
        rule = f" — {card.at_breakpoints}" if card.at_breakpoints else ""
        rows.append((text("info_kinks", lang), where + rule))
    return rows


def parameter_table_rows(card: Card) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the parameter table: name (symbol), value, default, range, meaning."""
    lang = card.lang
    header = [text(f"info_param_{key}", lang)
              for key in ("name", "value", "default", "range", "meaning")]
    rows = [
        [row.name if row.symbol == row.name else f"{row.name} ({row.symbol})",
         human(row.value), human(row.default), row.range, row.meaning]
        for row in card.parameters
    ]
    return header, rows


def framework_table_rows(card: Card) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the "in frameworks" table: framework, name there, defaults, note.

    The defaults are in actviz's parameter names, as ``name@framework:key=value`` takes them;
    one that differs from actviz's own default shows that default beside it."""
    lang = card.lang
    header = [text(f"info_framework_{key}", lang)
              for key in ("column", "name", "defaults", "note")]
    ours = {row.name: row.default for row in card.parameters}
    rows = [[shipped.title, shipped.name, _framework_defaults(shipped.defaults, ours, lang),
             shipped.note_in(lang)] for shipped in card.frameworks]
    return header, rows


def _framework_defaults(defaults: Mapping[str, float], ours: Mapping[str, float],
                        lang: str) -> str:
    words = []
    for key, value in defaults.items():
        shown = f"{key}={human(value)}"
        if value != ours[key]:
            shown = text("info_framework_differs", lang, value=shown, default=human(ours[key]))
        words.append(shown)
    return ", ".join(words) or "—"


def frameworks_hint(card: Card) -> str:
    """The line under the table: the spelling that draws it with a framework's defaults (the
    first framework whose defaults differ from actviz's, else the first), or that none
    ships it."""
    if not card.frameworks:
        return text("info_frameworks_none", card.lang)
    ours = {row.name: row.default for row in card.parameters}
    differing = [shipped for shipped in card.frameworks
                 if any(ours[key] != value for key, value in shipped.defaults.items())]
    shown = (differing or list(card.frameworks))[0]
    return text("info_frameworks_hint", card.lang, spec=f"{card.name}@{shown.framework}")


def uses_words(card: Card) -> str:
    return " · ".join(text(f"use_{use}", card.lang) for use in card.uses)


def _notes_caveat(card: Card) -> str:
    """A line saying the notes are not in the card's language, or that there are none."""
    if card.notes is None:
        return text("info_no_notes", card.lang)
    if card.notes_lang != card.lang:
        return text("info_notes_in_english", card.lang)
    return ""


# --------------------------------------------------------------------------------------------
# rich
# --------------------------------------------------------------------------------------------


def _grid(rows: Rows) -> "RenderableType":
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in rows:
        grid.add_row(Text(key), Prose(value))
    return grid


def _bullets(items: tuple[str, ...], mark: str, style: str) -> "RenderableType":
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text(mark, style=style), Prose(item))
    return grid


def _heading(key: str, lang: str) -> "Text":
    from rich.text import Text

    return Text("\n" + text(key, lang), style="bold underline")


def _parameter_table(card: Card) -> "RenderableType":
    from rich import box
    from rich.table import Table
    from rich.text import Text

    header, rows = parameter_table_rows(card)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False,
                  expand=True)
    for i, title in enumerate(header):
        table.add_column(Text(title), no_wrap=i < 4, ratio=1 if i == 4 else None)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row[:-1]), Prose(row[-1]))
    return table


def _framework_grid(card: Card) -> "RenderableType":
    """One line per framework, wrapped: its name there (bold), the defaults, then the note."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for title, name, defaults, note in framework_table_rows(card)[1]:
        line = Text(name, style="bold")
        if defaults != "—":
            line.append(f"  {defaults}")
        if note:
            line.append(" — ")
            for i, part in enumerate(note.split("`")):  # `entries` as in every note
                line.append(part, style="bold cyan" if i % 2 else None)
        grid.add_row(Text(title), Prose(line))
    return grid


def card_panel(card: Card) -> "RenderableType":
    """The card as one rich Panel: lesson, formulas, parameters, properties, notes, reference."""
    from rich.console import Group
    from rich.constrain import Constrain
    from rich.panel import Panel
    from rich.text import Text

    lang, notes = card.lang, card.notes
    parts: list = []
    lead = notes.lesson if notes else card.summary
    if lead:
        parts += [Prose(lead, style="italic"), Text("")]
    parts.append(_grid(fact_rows(card)))
    if card.parameters:
        parts += [_heading("info_parameters", lang), _parameter_table(card)]
    parts += [_heading("info_properties", lang), _grid(property_rows(card))]
    caveat = _notes_caveat(card)
    if caveat:
        parts += [Text(""), Prose(caveat, style="dim")]
    if notes:
        parts += [_heading("info_strengths", lang), _bullets(notes.strengths, "+", "green"),
                  _heading("info_weaknesses", lang), _bullets(notes.weaknesses, "−", "red"),
                  _heading("info_where_used", lang)]
        if card.uses:
            parts.append(Prose(uses_words(card), style="bold"))
        parts.append(Prose(notes.where_used))
    parts.append(_heading("info_frameworks", lang))
    if card.frameworks:
        parts.append(_framework_grid(card))
    parts += [Prose(frameworks_hint(card), style="dim"),
              _heading("info_reference", lang), Prose(card.reference)]
    panel = Panel(Group(*parts), title=Text(card.label, style="bold"), title_align="left",
                  expand=True, padding=(0, 1))
    return Constrain(panel, MAX_WIDTH)


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    return value.replace("|", "\\|")


def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table and the blank line after it."""
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows), ""]


def _markdown_rows(rows: Rows, code: int = 0) -> list[str]:
    """``- **key**: value`` lines; the first ``code`` values are formulas, shown as code."""
    return [f"- **{key}**: `{value}`" if i < code else f"- **{key}**: {value}"
            for i, (key, value) in enumerate(rows)]


def card_markdown(card: Card) -> str:
    """The card as Markdown: a level-1 title and a level-2 heading per section."""
    lang, notes = card.lang, card.notes
    lines = [f"# {card.label}", ""]
    lead = notes.lesson if notes else card.summary
    if lead:
        lines += [f"> {lead}", ""]
    lines += [*_markdown_rows(fact_rows(card), code=2), ""]
    if card.parameters:
        header, rows = parameter_table_rows(card)
        lines += [f"## {text('info_parameters', lang)}", "", *_markdown_table(header, rows)]
    lines += [f"## {text('info_properties', lang)}", "", *_markdown_rows(property_rows(card)), ""]
    caveat = _notes_caveat(card)
    if caveat:
        lines += [f"*{caveat}*", ""]
    if notes:
        lines += [f"## {text('info_strengths', lang)}", "", *(f"- {s}" for s in notes.strengths),
                  "", f"## {text('info_weaknesses', lang)}", "",
                  *(f"- {w}" for w in notes.weaknesses), "",
                  f"## {text('info_where_used', lang)}", ""]
        if card.uses:
            lines += [f"**{uses_words(card)}**", ""]
        lines += [notes.where_used, ""]
    lines += [f"## {text('info_frameworks', lang)}", ""]
    if card.frameworks:
        header, rows = framework_table_rows(card)
        lines += _markdown_table(header, [[title, f"`{name}`", *rest]
                                          for title, name, *rest in rows])
    lines += [frameworks_hint(card), ""]
    lines += [f"## {text('info_reference', lang)}", "", card.reference]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# actviz info --guide: which activation should I use?
# --------------------------------------------------------------------------------------------

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
