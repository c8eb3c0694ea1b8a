"""The process's standard streams, as hostile environments leave them: the console script's
guard (``actviz.cli.console_main``), not the library's business.

- A stream closed by the shell (``actviz compare a b >&-``) is ``None`` in ``sys.stdout``;
  code that asks it anything (``sys.stdout.isatty()``) crashed.  It is replaced by a stream
  that is not a terminal and refuses to be written, so a command that only writes files
  works, and one whose output is lost fails in one line.
- Output that cannot be written (a full disk, ``>/dev/full``, a closed descriptor) is one line
  on stderr and exit code 1, as any failure while doing valid work; the interpreter's own
  flush at exit then has nothing left to complain about.  A reader that went away
  (``| head``) is click's to handle: exit code 1, silently.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Callable

OUTPUT_FAILED = 1  # the exit code of a failure while writing (see actviz.errors)


class ClosedStream(io.TextIOBase):
    """What stands for a standard stream the shell closed: not a terminal; a write fails as
    writing to a closed descriptor does (EBADF), or with ``discard`` is dropped (stderr: an
    error that cannot be reported still has its exit code)."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name: str, discard: bool = False) -> None:
        super().__init__()
        self.name = name
        self.discard = discard

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text or self.discard:
            return len(text)
        raise OSError(errno.EBADF, f"{self.name} is closed")

    def flush(self) -> None:
        pass


def guard_streams() -> None:
    """Put a :class:`ClosedStream` where the shell closed stdout (writing to it fails) or
    stderr (what is written to it is dropped)."""
    if sys.stdout is None:
        sys.stdout = ClosedStream("standard output")
    if sys.stderr is None:
        sys.stderr = ClosedStream("standard error", discard=True)


def run_writing_output(command: Callable[[], None]) -> None:
    """Run ``command`` (which ends with SystemExit), then flush stdout; output that cannot be
    written becomes one line on stderr and exit code 1."""
    try:
        try:
            command()
        finally:
            sys.stdout.flush()  # here, not at exit, where an error is a traceback-like notice
    except OSError as error:
        _abandon_stdout()
        _say(f"actviz: error: {_what_failed(error)}")
        raise SystemExit(OUTPUT_FAILED) from None


def _what_failed(error: OSError) -> str:
    """The one line for an OSError no command caught: about a file when it names one (a
    path too long for the system), else about the output."""
    reason = error.strerror or str(error)
    name = error.filename
    if name is None:
        return f"cannot write the output: {reason}"
    text = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    shown = text if len(text) <= 80 else text[:40] + "…" + text[-39:]
    return f"cannot use '{shown}': {reason}"


def _abandon_stdout() -> None:
    """Drop what stdout still buffers: the interpreter's flush at exit must not fail again."""
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
        os.close(descriptor)
    except (OSError, ValueError, io.UnsupportedOperation):
        sys.stdout = ClosedStream("standard output")


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # stderr closed or full as well: the exit code says it
