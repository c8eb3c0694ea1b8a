"""Making one output of a batch, by the same functions the commands call.

:func:`make` turns a :class:`~actviz.batch.config.Job` into its command's result, by calling
the function of the Python API (``actviz.plot(...)``, ..., see :func:`result_of`) with the
job's options, and then ``result.save(target)`` for a figure, or for a text output
``result.save_text(target, fmt)`` (a table's CSV and JSON streamed, as the command prints
them) or ``result.document(fmt)``: a batch output is byte for byte the command's.
Every file is written atomically.  An error in one job becomes a failed :class:`Outcome`; it
never stops the others.

In a worker process, :func:`start_worker` runs once: it imports matplotlib (so no job pays for
it), makes the config's formula scope from its plain mapping, leaves Ctrl-C to the parent, and
watches the parent, so that a batch killed outright (SIGKILL) leaves no worker behind.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actviz.batch import schema
from actviz.errors import ActvizError

if TYPE_CHECKING:
    from actviz.activations.formula import FormulaScope
    from actviz.batch.config import Job


@dataclass(frozen=True)
class Outcome:
    """How one job ended: the file's size and the time taken, or why it failed."""

    output: str
    ok: bool
    seconds: float
    size: int = 0
    error: str = ""
    warning: str = ""  # e.g. no CJK font: the figure fell back to English


def make(job: "Job", target: str | os.PathLike, scope: "FormulaScope | None" = None) -> Outcome:
    """Write ``job``'s output to ``target``; failures are returned, not raised.

    ``KeyboardInterrupt`` and ``SystemExit`` pass through (the write in progress removes its
    temporary file): an interrupted batch stops.
    """
    start = time.perf_counter()
    try:
        if scope is None:
            warning = _write(job, target)
        else:
            with scope.active():
                warning = _write(job, target)
        size = os.stat(target).st_size
    except ActvizError as error:
        return Outcome(job.output, False, time.perf_counter() - start,
                       error=error.spelled(schema.batch_spelling(job.kind)))
    except Exception as error:  # a bug in one job must not cost the others their figures
        message = f"{type(error).__name__}: {error}".strip().splitlines()[0]
        return Outcome(job.output, False, time.perf_counter() - start, error=message)
    return Outcome(job.output, True, time.perf_counter() - start, size, warning=warning or "")


def api_options(job: "Job") -> dict[str, Any]:
    """The job's options as the product function takes them: API names (saturation's
    ``network_width`` is its ``width``), and only those with a value (None is "not given")."""
    taken = schema.options_of(job.kind)
    return {taken[key].name: value for key, value in job.options.items()
            if key in taken and value is not None}


def result_of(job: "Job") -> Any:
    """The product of ``job``: the function of its command, called as the API calls it."""
    import actviz

    options = api_options(job)
    if job.kind == schema.SOFTMAX:
        return actviz.softmax(job.options["logits"], **options)
    if job.kind == schema.FIT:
        return actviz.fit(**options, **({"activations": list(job.specs)} if job.specs else {}))
    if job.kind in (schema.PLOT, schema.INFO):
        return getattr(actviz, job.kind)(job.specs[0] if job.specs else None, **options)
    return getattr(actviz, job.kind)(list(job.specs), **options)


def _write(job: "Job", target) -> str | None:
    """Draw or write ``job``'s output; returns the figure's warning (no CJK font)."""
    result = result_of(job)
    if job.fmt in schema.FIGURE_SUFFIXES.values():
        result.save(target)
        return result.warning
    from actviz.output import write_text_atomic
    from actviz.products.base import TableResult

    document = getattr(result, "document", None)
    if document is None and isinstance(result, TableResult):
        result.save_text(target, job.fmt)  # written as made: memory flat in the rows
    else:
        write_text_atomic(target, document(job.fmt) if document else
                          getattr(result, f"to_{job.fmt}")())
    return None


# --------------------------------------------------------------------------------------------
# Worker processes
# --------------------------------------------------------------------------------------------

_SCOPE: "FormulaScope | None" = None

# What a batch treats as Ctrl-C: a polite request to stop, from `kill` or a closing terminal.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def start_worker(definitions: dict[str, Any]) -> None:
    """Once per worker process: signals, the formula scope, and matplotlib imported."""
    global _SCOPE
    # Ctrl-C reaches every process of the terminal's group; the parent alone decides what to
    # do (it stops the workers with SIGTERM, which raises here, so a write in progress
    # removes its temporary file instead of leaving it behind).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOP_SIGNALS:
        signal.signal(signum, _exit_on_term)
    _watch_parent()
    if definitions:
        from actviz.activations.formula import FormulaScope

        _SCOPE = FormulaScope(definitions)
    # One BLAS thread per worker: the workers already fill the cores, and OpenBLAS threads
    # busy-wait between calls, so two workers with two threads each ran every figure at half
    # speed (a 2-core batch was no faster than one process).
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    import matplotlib.backends.backend_agg  # noqa: F401  (the import every figure needs)
    import matplotlib.figure  # noqa: F401


def _watch_parent() -> None:
    """Stop this worker when the batch's process is gone without having stopped it (SIGKILL,
    a crash): an idle worker would otherwise wait for work forever, holding the caller's
    stdout and stderr open.  Nothing is polled: a thread waits on multiprocessing's sentinel
    of the parent (a pipe that closes, or on Windows a process handle that signals, when the
    parent dies).  Forked workers inherit the pipes of the workers forked before them, so
    those close in turn, as each later worker exits."""
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    threading.Thread(target=_stop_when_gone, args=(parent.sentinel,), daemon=True,
                     name="actviz-parent-watch").start()


def _stop_when_gone(sentinel: int) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])
    if sys.platform == "win32":
        os._exit(1)
    # A real SIGTERM, not an exit from this thread: it ends a wait for work at once, and a
    # job being drawn unwinds, removing its temporary file (see _exit_on_term).
    os.kill(os.getpid(), signal.SIGTERM)


_DRAWING = False  # whether a job is running in this worker


def _exit_on_term(signum, frame) -> None:
    if _DRAWING:  # unwind the job, so that a write in progress removes its temporary file
        raise SystemExit(128 + signum)
    os._exit(128 + signum)


def make_in_worker(job: "Job", target: str) -> Outcome:
    """:func:`make` with the worker's formula scope (see :func:`start_worker`)."""
    global _DRAWING
    _DRAWING = True
    try:
        return make(job, target, _SCOPE)
    except SystemExit as stop:  # SIGTERM during the job: cleaned up, now stop
        os._exit(stop.code if isinstance(stop.code, int) else 1)
    finally:
        _DRAWING = False
