"""The keys of a batch config, read from the one option schema (:mod:`actviz.options`).

A ``[[figure]]`` of kind ``K`` takes the options of command ``K`` that batch takes, spelled as
in TOML (``--no-derivative`` is ``derivative = false``; saturation's network ``--width`` is
``network_width``, because ``width`` and ``height`` are the figure's size everywhere), plus
the keys that say what to draw and where (:data:`FIGURE_KEYS`).  Values are read by the
schema's own readers, so ``xmin = -6`` and ``xmin = -6.0`` are the same option (and the same
hash), and a bad value gets the message the API and the command line give.
"""

from __future__ import annotations

from actviz.options import (
    COMMANDS,
    FIGURE_SUFFIXES,
    KINDS,
    TEXT_SUFFIXES,
    BadValue,
    Command,
    Option,
    shown,
)

__all__ = ["BadValue", "Option", "shown"]

PLOT, COMPARE, TABLE, SATURATION, PROPAGATE, SOFTMAX, FIT, INFO, PRECISION = KINDS
CURVES = (PLOT, COMPARE)
SUFFIXES = {kind: dict(COMMANDS[kind].outputs) for kind in KINDS}
DRAWN = tuple(kind for kind in KINDS if set(SUFFIXES[kind]) & set(FIGURE_SUFFIXES))

# Keys of a [[figure]] that are not options: what to draw and where.  ``logits`` stands for
# softmax's arguments as ``activations`` does for the other kinds' names.
FIGURE_KEYS = ("kind", "activations", "logits", "output")
# Kinds whose activations may be left out: every one (saturation), the lesson's (fit), or
# none with guide = true (info).
ACTIVATIONS_OPTIONAL = (SATURATION, FIT, INFO)

# Options that mean something only for a figure file, or only with depth, or only for a
# table rounded for people: given for another output, they are a mistake in the config.
FIGURE_ONLY = ("dpi", "style", "title", "width", "height")
FIGURE_LANGUAGE = (PLOT, COMPARE, SATURATION, PROPAGATE, FIT)  # kinds whose lang is the figure's only
DEPTH_ONLY = ("network_width", "init", "seed")
HUMAN_TEXT = ("markdown", "latex")


def command(kind: str) -> Command:
    return COMMANDS[kind]


def options_of(kind: str) -> dict[str, Option]:
    """The TOML keys of kind ``kind`` and their options."""
    return COMMANDS[kind].by_key()


def every_key() -> dict[str, list[str]]:
    """Every option key of a config, with the kinds that take it (for ``[defaults]``)."""
    keys: dict[str, list[str]] = {}
    for kind in KINDS:
        for key in options_of(kind):
            keys.setdefault(key, []).append(kind)
    return keys


def figure_only(kind: str) -> tuple[str, ...]:
    """The keys of ``kind`` that only a figure output can use."""
    return FIGURE_ONLY + (("lang",) if kind in FIGURE_LANGUAGE else ())


def batch_spelling(kind: str):
    """How a config names the options of ``kind`` in a message (``network_width``)."""
    return COMMANDS[kind].batch_spelling


def suffix_for(fmt: str) -> str:
    """The file suffix of a format: ``png`` → ``.png``, ``latex`` → ``.tex``."""
    for table in (FIGURE_SUFFIXES, TEXT_SUFFIXES):
        for suffix, name in table.items():
            if name == fmt:
                return suffix
    raise KeyError(fmt)


# Kinds that draw all their activations together: {name} (one file each) makes no sense.
TOGETHER = {COMPARE: "a comparison draws them together",
            FIT: "a fit draws them side by side, one panel each"}


def figure_keys(kind: str) -> tuple[str, ...]:
    """The keys of a [[figure]] of ``kind`` that say what to draw and where."""
    what = "logits" if kind == SOFTMAX else "activations"
    return ("kind", what, "output")


def size_options(kind: str) -> tuple[str, str]:
    """The API names of a figure's size for ``kind`` (saturation's ``width`` is its network's)."""
    return COMMANDS[kind].size_options
