"""Sentences for the terminal, in English or Chinese: highlighted names, and line breaks that
work for both.

rich wraps only at spaces, so a Chinese sentence (which has none) is one long "word" that
jumps whole to the next line or is cut off.  :class:`Prose` breaks between CJK characters
too, never before closing punctuation (，。）) or after opening punctuation (（“), and at
spaces as usual, except inside a highlighted name or command (`actviz fit`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

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
