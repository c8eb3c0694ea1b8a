"""Where things are in a config's text, for messages: tomllib keeps no positions.

:class:`Lines` scans the text for table headers (``[defaults]``, the n-th ``[[figure]]``,
``[activations.NAME]``) and the first assignment of each key in them;
:func:`syntax_problem` turns a :class:`tomllib.TOMLDecodeError` into ``FILE:LINE: ...``.
"""

from __future__ import annotations

import re
import tomllib


def syntax_problem(name: str, text: str, error: tomllib.TOMLDecodeError) -> str:
    message = str(error)
    found = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if found:
        line, column = found.groups()
        return f"{name}:{line}: TOML syntax error at column {column}: {message[:found.start()]}"
    line = len(text.splitlines()) or 1
    return f"{name}:{line}: TOML syntax error: {message.replace(' (at end of document)', '')} " \
           "(at the end of the file)"


_ARRAY_HEADER = re.compile(r"\[\[\s*([A-Za-z0-9_\"'. -]+?)\s*\]\]")
_HEADER = re.compile(r"\[\s*([A-Za-z0-9_\"'. -]+?)\s*\]")
_KEY = re.compile(r"[\"']?([A-Za-z0-9_-]+)[\"']?\s*[=.]")


class Lines:
    """The line of each table header and of the first assignment of each key in it."""

    def __init__(self, text: str):
        self.headers: dict[tuple, int] = {}
        self.keys: dict[tuple, int] = {}
        section: tuple = ()
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if (found := _ARRAY_HEADER.match(stripped)) is not None:
                name = _unquote(found.group(1))
                counts[name] = counts.get(name, 0) + 1
                section = (name, counts[name])
            elif (found := _HEADER.match(stripped)) is not None:
                section = tuple(_unquote(part) for part in found.group(1).split("."))
            elif (found := _KEY.match(stripped)) is not None:
                self.keys.setdefault((section, found.group(1)), number)
                continue
            else:
                continue
            self.headers.setdefault(section, number)

    def of(self, section: tuple, key: str | None = None) -> int | None:
        """The line of ``key`` in ``section``, else of the section itself (a table header, a
        key of its parent table, or an inline table at the top), else None."""
        if key is not None and (section, key) in self.keys:
            return self.keys[(section, key)]
        if not section:
            return None
        return (self.headers.get(section) or self.keys.get((section[:-1], section[-1]))
                or self.keys.get(((), section[0])))


def _unquote(text: str) -> str:
    return text.strip().strip("\"'")
