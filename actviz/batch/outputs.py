"""A figure's ``output``: its format from the suffix, a path that stays in the output folder,
and no two outputs in one file.  Pure functions: a refusal is an :class:`OutputProblem`."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable, Iterator

from actviz.batch import schema
from actviz.batch.manifest import MANIFEST_NAME
from actviz.batch.schema import BadValue
from actviz.output import byte_size, length_problem

PLACEHOLDER = "{name}"
SAFE_NAME = re.compile(r"[a-z0-9_]+")  # what {name} may become: one plain path component
_PLACEHOLDERS = re.compile(r"\{[^{}]*\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # NUL, newline, tab...: no file name has them


class OutputProblem(BadValue):
    """An output the config cannot have; ``key`` is the key to blame."""

    def __init__(self, message: str, key: str = "output"):
        super().__init__(message)
        self.key = key


def check_template(template: str) -> None:
    """A file name of printable text, with no placeholder but {name}."""
    if (control := _CONTROL.search(template)) is not None:
        raise OutputProblem(f"{template!r} holds the control character {control.group()!r}: "
                            "file names are printable text")
    if template.rstrip().endswith(("/", "\\")):
        raise OutputProblem(f"'{template}' names a folder, not a file")
    for placeholder in sorted(set(_PLACEHOLDERS.findall(template)) - {PLACEHOLDER}):
        raise OutputProblem(f"unknown placeholder {placeholder} in '{template}': only "
                            f"{PLACEHOLDER} is replaced")


def output_format(kind: str, template: str, chosen: str | None,
                  chosen_in_figure: bool) -> tuple[str, str]:
    """The output's format and the suffix to append (when it has none).

    The suffix decides, as for the commands; ``format`` (``chosen``) supplies a missing
    suffix, and contradicts a given one only when the figure itself sets it.
    """
    allowed = schema.SUFFIXES[kind]
    suffix = PurePosixPath(template.replace(PLACEHOLDER, "x")).suffix.lower()
    listed = ", ".join(allowed)
    if suffix:
        fmt = allowed.get(suffix)
        if fmt is None:
            raise OutputProblem(f"'{template}': kind '{kind}' writes {listed}, not {suffix}")
        if chosen_in_figure and chosen != fmt:
            raise OutputProblem(f"'{chosen}' does not match the output '{template}' ({fmt})",
                                key="format")
        return fmt, ""
    if chosen is None or chosen not in allowed.values():
        raise OutputProblem(f"'{template}' has no suffix: add one of {listed}, or set format")
    return chosen, schema.suffix_for(chosen)


def relative_output(output: str) -> str:
    """``output`` as a clean ``/``-separated path inside the output folder.

    Absolute paths (``/x``, ``C:\\x``, ``\\\\server\\share``) and ``..`` that climbs above the
    folder are refused; ``a/./b/../c.png`` is ``a/c.png``.
    """
    posix = output.replace("\\", "/")
    windows = PureWindowsPath(output)
    if posix.startswith("/") or windows.drive or windows.root:
        raise OutputProblem(f"'{output}' is an absolute path: outputs are relative to the "
                            "output folder (--out-dir), and never leave it")
    parts: list[str] = []
    for part in posix.split("/"):
        if part == "..":
            if not parts:
                raise OutputProblem(f"'{output}' leaves the output folder: outputs never go "
                                    "above it")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    if not parts:
        raise OutputProblem(f"'{output}' names a folder, not a file")
    problem = length_problem(parts)
    if problem is not None:
        raise OutputProblem(f"'{shortened(output)}' has {problem}")
    relative = "/".join(parts)
    if relative == MANIFEST_NAME:
        raise OutputProblem(f"'{output}' is the batch's own manifest")
    return relative


def too_long(out_dir: Path, outputs: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(output, message) for each output whose whole path, from the root, is over
    :data:`~actviz.output.PATH_MAX` bytes: refused now, not when the run reaches it."""
    root = byte_size(out_dir.absolute()) + 1
    for output in outputs:
        problem = length_problem((), root + byte_size(output))
        if problem is not None:
            yield output, f"'{shortened(output)}' makes {problem}"


def shortened(text: str, keep: int = 60) -> str:
    """``text`` cut to its ends, for a message that stays one line."""
    return text if len(text) <= 2 * keep else f"{text[:keep]}…{text[-keep:]}"


# What differs between two messages of one kind: quoted names and numbers (lines, figures).
_PARTICULARS = re.compile(r"'[^']*'|\d+")


def summarised(lines: Iterable[tuple[str, str]], noun: str, shown: int = 3) -> list[str]:
    """Each ``(line, message)``'s line, but at most ``shown`` whose messages are of one kind
    (the same words, other names and numbers), then a line counting the rest: 2,000
    colliding outputs (or warnings) are a handful of lines on a terminal, not 2,000, and
    five different ones are still five lines."""
    counts: dict[str, int] = {}
    examples: dict[str, str] = {}
    kept: list[str] = []
    for line, message in lines:
        kind = _PARTICULARS.sub("", message)
        counts[kind] = counts.get(kind, 0) + 1
        examples.setdefault(kind, message)
        if counts[kind] <= shown:
            kept.append(line)
    kept += [f"and {count - shown:,} more {noun} like {shortened(examples[kind])}"
             for kind, count in counts.items() if count > shown]
    return kept


def linked_outside(out_dir: Path, outputs: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(output, message) for each output whose folder is, through a symbolic link, outside
    ``out_dir``: the text of the path stays inside (see :func:`relative_output`), the file
    would not.  A link to a folder inside the output folder is fine; a link as the output's
    own name is too (the rename that writes the file replaces the link, not its target)."""
    inside = _real(out_dir)
    if inside is None:
        raise BadValue(f"the output folder '{out_dir}' is a loop of symbolic links")
    checked: dict[str, Path | None] = {}  # a folder's path -> where it really is
    for output in outputs:
        folder = PurePosixPath(output).parent.as_posix()
        if folder not in checked:
            checked[folder] = _real(out_dir / folder)
        if checked[folder] is None:
            yield output, f"'{output}': its folder is a loop of symbolic links"
        elif not checked[folder].is_relative_to(inside):
            link, real = _first_link_outside(out_dir, inside, output)
            yield output, (f"'{output}' leaves the output folder through the symbolic link "
                           f"'{link}' (to {real}): outputs never go outside it")


def linked_together(out_dir: Path, outputs: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(output, message) for each output that is, through a symbolic link to a folder inside
    ``out_dir``, the file an earlier output writes (``a/x.png`` and ``b/x.png`` with ``b`` a
    link to ``a``); outputs whose text is the same are :func:`duplicates`' to report."""
    seen: dict[str, str] = {}  # where a file really is (lower case) -> the first output there
    real_folders: dict[str, Path | None] = {}
    for output in outputs:
        path = PurePosixPath(output)
        folder = path.parent.as_posix()
        if folder not in real_folders:
            real_folders[folder] = _real(out_dir / folder)
        if real_folders[folder] is None:
            continue  # a loop: linked_outside reports it
        where = str(real_folders[folder] / path.name).lower()
        first = seen.setdefault(where, output)
        if first.lower() != output.lower():
            yield output, (f"writes '{output}', the same file as '{first}' through a symbolic "
                           "link in the output folder")


def _real(path: Path) -> Path | None:
    """``path`` with its symbolic links followed; None for a loop of links (which Python
    3.11 reports as RuntimeError, later ones as OSError)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _first_link_outside(out_dir: Path, inside: Path, output: str) -> tuple[str, Path]:
    """The first folder of ``output`` that resolves outside, and where it leads."""
    parts = PurePosixPath(output).parts[:-1]
    for count in range(1, len(parts) + 1):
        real = _real(out_dir.joinpath(*parts[:count]))
        if real is not None and not real.is_relative_to(inside):
            return "/".join(parts[:count]), real
    raise ValueError(f"'{output}' is inside the output folder")  # callers know it is not


def duplicates(outputs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(figure, message) for each output that lands in a file an earlier one writes: the same
    path, or one that differs only in case (one file on macOS and Windows)."""
    seen: dict[str, tuple[int, str]] = {}
    for figure, output in outputs:
        if output.lower() not in seen:
            seen[output.lower()] = (figure, output)
            continue
        first_figure, first = seen[output.lower()]
        same = "the same file" if first == output else f"'{first}' (only the case differs)"
        if figure == first_figure:
            yield figure, (f"writes '{output}', {same} as another output of this figure (two "
                           f"activations with one name: write the output without {PLACEHOLDER})")
        else:
            yield figure, f"writes '{output}', {same} as figure {first_figure}"
