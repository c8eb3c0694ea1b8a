"""Comma-separated option values, read one way with one set of messages.

``--at -1,0,inf``, ``--temperature 0.5,1,2``, ``--sweep alpha=0.5,1,2`` and ``--activations
tanh,relu`` are all split by :func:`split_list`; numbers are read by :func:`parse_number`.
Each caller keeps its own rules on top (how many, whether infinity or a repeat is allowed).
"""

from __future__ import annotations

import math

from actviz.errors import OptionError, option_name


def split_list(text: str, name: str, example: str, *, quoted: str | None = None) -> list[str]:
    """The items of ``text`` between commas, stripped; a comma inside parentheses (a formula's
    ``max(x,0)``) does not split.

    :class:`OptionError` for no item at all or an empty item (``1,,2``), naming the option
    ``name`` (in the caller's spelling, see :func:`actviz.errors.option_name`),
    quoting ``quoted`` (default: ``text``) and showing ``example``.
    """
    option = option_name(name)
    if not text.strip():
        raise OptionError(f"{option} needs at least one value, e.g. {option} {example}")
    items = [item.strip() for item in _top_level_split(text)]
    for position, item in enumerate(items, start=1):
        if not item:
            raise OptionError(
                f"empty item {position} in {option} '{quoted or text}': separate values by "
                f"single commas, e.g. {option} {example}"
            )
    return items


def parse_number(item: str, name: str, text: str) -> float:
    """One item of ``text``, the value of option ``name``, as a float (see
    :func:`read_number`)."""
    return read_number(item, f"'{item}' in {option_name(name)} '{text}'")


def read_number(token: str, subject: str) -> float:
    """``token`` as a float (``inf`` reads: the caller decides whether it may);
    :class:`OptionError` "``subject`` is not a number" or "... is NaN"."""
    try:
        value = float(token)
    except ValueError:
        raise OptionError(f"{subject} is not a number") from None
    if math.isnan(value):
        raise OptionError(f"{subject} is NaN: give a number")
    return value


def _top_level_split(text: str) -> list[str]:
    items, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return items
