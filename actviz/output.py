"""Writing files safely: a temporary file in the target folder, then an atomic rename.

A failure (bad data, a full disk, Ctrl-C) never leaves a half-written or truncated output, and a
previous good file at the same path survives until the new one is complete.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Iterable, Iterator

from actviz.errors import OptionError, OutputError

__all__ = [
    "OutputError",
    "atomic_output",
    "check_suffix",
    "check_writable",
    "prepare_folder",
    "write_text_atomic",
]


def check_suffix(path: str | os.PathLike, allowed: tuple[str, ...]) -> str:
    """The lower-case suffix of ``path`` if it is one of ``allowed``, else :class:`OptionError`."""
    suffix = Path(path).suffix.lower()
    if suffix not in allowed:
        # ".png" alone is a hidden file's name to pathlib, with no suffix
        what = f"unknown file type '{suffix}'" if suffix else "no file type (suffix)"
        raise OptionError(f"cannot write '{path}': {what} (use {', '.join(allowed)})")
    return suffix


def prepare_folder(path: str | os.PathLike) -> Path:
    """Create the missing parent folders of ``path``; a clear error if that is impossible."""
    target = Path(path)
    if target.exists() and target.is_dir():
        raise OutputError(f"cannot write '{path}': it is a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the folder for '{path}': {error.strerror}") from None
    return target


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    On any exception the temporary file is removed and ``path`` is left untouched.
    """
    import tempfile  # only when writing: checking a batch config's paths needs none of it

    target = prepare_folder(path)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise OutputError(f"cannot write '{path}': {error.strerror}") from None
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):  # a full disk, a vanished folder: one line, exit 1
            raise OutputError(f"cannot write '{path}': {error.strerror or error}") from None
        raise


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_output(path, "w") as handle:
        handle.write(text)


# What Linux and macOS take: bytes in one file or folder name (Windows counts 255 units), and
# in a whole path (less elsewhere, which then fails alone).  -o and a batch's outputs alike.
NAME_MAX = 255
PATH_MAX = 4096


def byte_size(text: str | os.PathLike) -> int:
    """How many bytes ``text`` takes as a file name (a byte that is not UTF-8 is one byte)."""
    return len(os.fsencode(text))


def length_problem(names: Iterable[str], whole: int = 0) -> str | None:
    """What a file system would refuse, only at the end, about a path of these ``names`` and
    ``whole`` bytes: ``"a name of 300 bytes: a file system takes at most 255"`` for a name
    over :data:`NAME_MAX` bytes, ``"a path of ..."`` for a path over :data:`PATH_MAX`, else
    None."""
    longest = max(map(byte_size, names), default=0)
    if longest > NAME_MAX:
        return f"a name of {longest:,} bytes: a file system takes at most {NAME_MAX}"
    if whole >= PATH_MAX:
        return f"a path of {whole:,} bytes: a file system takes at most {PATH_MAX - 1:,}"
    return None


def check_path_length(path: Path) -> None:
    """:class:`OptionError` (bad input, before any work) for a path :func:`length_problem`
    finds too long."""
    problem = length_problem(path.parts, byte_size(path.absolute()))
    if problem is not None:
        raise OptionError(f"cannot write a file with {problem}")


def check_writable(path: str | os.PathLike) -> None:
    """Raise :class:`OutputError` if ``path`` clearly cannot be written, without creating anything.

    Called before any work, so a folder in the way, a parent that is a file or a folder
    without write permission fails at once; missing parent folders are fine (they are created
    when the file is written).
    """
    target = Path(path)
    check_path_length(target)
    if target.is_dir():
        raise OutputError(f"cannot write '{path}': it is a folder")
    ancestor = target.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"cannot create the folder for '{path}': '{ancestor}' is a file")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write '{path}': no permission to write in '{ancestor}'")
