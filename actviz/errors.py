"""Errors raised by actviz's library code.

The library never imports click: commands turn these into one-line messages and exit codes.

A message names options through :func:`option_name`, not in one front end's spelling, so that
each front end shows the names its user typed: ``xmin`` in Python, ``--xmin`` on the command
line, the key ``xmin`` of a ``[[figure]]`` in a batch config (see :meth:`ActvizError.spelled`).
The names are marked where the message is written; nothing rewrites finished text.
"""

from __future__ import annotations

from typing import Callable

# Brackets an option name inside a message (control characters no message text contains).
_OPEN, _CLOSE = "\x1e", "\x1f"

Spelling = Callable[[str], str]


def option_name(name: str) -> str:
    """``name`` (an option's Python keyword: ``xmin``, ``fig_width``) marked for spelling:
    ``raise OptionError(f"{option_name('xmin')} must be finite")``."""
    return f"{_OPEN}{name}{_CLOSE}"


def python_spelling(name: str) -> str:
    """The API's spelling of an option: its keyword, as it is."""
    return name


class Spelled(str):
    """A message in Python's spelling (``depth 1,000``) that keeps its marked form, so that
    a front end can spell it its own way (:func:`spell` does): a result's ``.warnings`` read
    right in Python and on the command line (``--depth 1,000``) alike."""

    marked: str

    def __new__(cls, marked: str) -> "Spelled":
        text = super().__new__(cls, spell(marked, python_spelling))
        text.marked = getattr(marked, "marked", marked)
        return text


def spell(message: str, spelling: Spelling) -> str:
    """``message`` with every marked option name written by ``spelling``."""
    message = getattr(message, "marked", message)  # a Spelled message: its marked form
    if _OPEN not in message:
        return message
    head, *marked = message.split(_OPEN)
    parts = [head]
    for piece in marked:
        name, _, rest = piece.partition(_CLOSE)
        parts += [spelling(name), rest]
    return "".join(parts)


class ActvizError(ValueError):
    """Base class: a user asked for something actviz cannot do; the message says why in one line.

    ``exit_code`` is what the command line exits with: 2 for bad input (a usage error, as click
    itself uses), 1 for a failure while doing valid work (a folder that cannot be written).

    ``subject`` is the option the whole message is about (``--threshold must be positive``):
    a front end writes it first in its own spelling, followed by ``separator`` and the rest;
    a batch config names it as the key at fault instead (``figure 2 threshold: must be ...``).
    ``str(error)`` is the message in Python's spelling.
    """

    exit_code = 2

    def __init__(self, message: str = "", *, subject: str | None = None,
                 separator: str = " ") -> None:
        self.message = message
        self.subject = subject
        self.separator = separator
        super().__init__(message)

    def spelled(self, spelling: Spelling, with_subject: bool = True) -> str:
        """The message with option names in ``spelling``; without its subject when
        ``with_subject`` is false (the caller names the option itself)."""
        body = spell(self.message, spelling)
        if self.subject is None or not with_subject:
            return body
        return f"{spelling(self.subject)}{self.separator}{body}"

    def __str__(self) -> str:
        return self.spelled(python_spelling)


class UnknownActivationError(ActvizError):
    """No activation is registered under the requested name (the message suggests close names)."""


class FrameworkError(UnknownActivationError):
    """``name@framework`` names a framework actviz does not know, or one that does not ship
    that activation (the message says which frameworks do)."""


class ParameterError(ActvizError):
    """A parameter is unknown, not a number, not finite, or outside its valid range."""


class FormulaError(ActvizError):
    """A user formula is refused: bad syntax, a construct outside the whitelist, an unknown name,
    or a limit exceeded.  The message gives the column and the offending text."""


class OptionError(ActvizError):
    """An option value is unusable: xmin ≥ xmax, NaN bounds, too many points, an unknown suffix."""


class OutputError(ActvizError):
    """An output file that cannot be written: a folder in the way, no permission, a full disk."""

    exit_code = 1


_UNPRINTABLE = "(its message cannot be printed)"


def describe_exception(error: BaseException, limit: int = 200) -> str:
    """``Type: message`` on one line of at most ``limit`` characters, whatever the exception.

    For exceptions from code actviz does not own (plugins, registered functions): such a class
    may fail to print itself (its ``__str__`` raising or returning something else than text),
    and that must not take actviz down with it.
    """
    try:
        name = type(error).__name__
        text = str(error)[:1000]  # no more is shown, however long the message
    except Exception:
        name, text = type(error).__name__, _UNPRINTABLE
    text = " ".join(text.split())
    return f"{name}: {text if len(text) <= limit else text[:limit - 1] + '…'}"


def not_text(text: str) -> tuple[int, str] | None:
    """(index, why) of the first character of ``text`` that is not Unicode text, or None.

    Python reads a byte that is not UTF-8 on the command line (or in a file read with
    ``surrogateescape``) as a lone surrogate, which no encoder, parser or font accepts.
    """
    for index, char in enumerate(text):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            why = (f"the byte 0x{code - 0xDC00:02x} is not UTF-8 text" if code >= 0xDC80
                   else f"the lone surrogate U+{code:04X} is not text")
            return index, why
    return None
