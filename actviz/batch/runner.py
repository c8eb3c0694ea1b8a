"""Running jobs: in this process (one job at a time) or in a pool of worker processes.

Workers are ``concurrent.futures.ProcessPoolExecutor`` processes started by ``fork`` where the
platform has it (they inherit the loaded modules and start in milliseconds; the parent keeps
no threads of its own, so forking is safe), else ``spawn``.  Each imports matplotlib once, in
:func:`actviz.batch.jobs.start_worker`, not once per figure.

The longest jobs are handed out first and each worker holds one job at a time, so a slow
saturation figure does not end up last on one core while the other idles.  Holding one job per
worker also says which jobs were running when a worker died (killed, out of memory, crashed):
only those are suspects.  Each suspect is run again alone; the one that kills its worker again
is reported as failed, the others succeed, and every job that was not running is carried on by
a fresh pool.  Ctrl-C stops the workers (SIGTERM: a write in progress removes its temporary
file) and is raised again for the command to report; :func:`stopped_by_signals` makes a
SIGTERM (``kill``, a job scheduler, a closing terminal's SIGHUP) do the same.  A parent killed
outright (SIGKILL) cannot stop its workers: they notice by themselves
(:func:`actviz.batch.jobs.start_worker`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from actviz.batch.jobs import STOP_SIGNALS, Outcome, make, make_in_worker, start_worker

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from actviz.activations.formula import FormulaScope
    from actviz.batch.config import Job

Report = Callable[["Job", Outcome], None]
WORKER_DIED = "its worker process died (killed, out of memory or crashed)"


# ProcessPoolExecutor refuses more than 61 workers on Windows (a WaitForMultipleObjects limit).
MAX_WORKERS = 61 if sys.platform == "win32" else 1024


def cpu_count() -> int:
    """The CPUs this process may use (its affinity where the platform says), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def stopped_by_signals(received: list[int]) -> Iterator[None]:
    """While inside, a :data:`STOP_SIGNALS` signal raises ``KeyboardInterrupt`` as Ctrl-C does
    (the first one only: stopping the workers is not interrupted by a second) and is appended
    to ``received``; the previous handlers are restored on leaving.  Only the main thread can
    set handlers: elsewhere, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        if not received:
            received.append(signum)
            raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_in_process(jobs: Iterable["Job"], target: Callable[["Job"], Path],
                   definitions: dict[str, Any], report: Report) -> None:
    """Run ``jobs`` one after another here (``--jobs 1``): no pool, no pickling."""
    scope = _scope(definitions)
    for job in jobs:
        report(job, make(job, target(job), scope))


def run_in_pool(jobs: Iterable["Job"], target: Callable[["Job"], Path],
                definitions: dict[str, Any], workers: int, report: Report) -> None:
    """Run ``jobs`` in ``workers`` processes, reporting each as it finishes (see the module)."""
    pending = deque(jobs)
    while pending:
        suspects = _drain(pending, target, definitions, workers, report)
        for job in suspects:  # alone, so that a crash can only be its own
            alone = _drain(deque([job]), target, definitions, 1, report)
            if alone:
                report(job, Outcome(job.output, False, 0.0, error=WORKER_DIED))


def _drain(pending: deque, target, definitions, workers: int, report: Report) -> list["Job"]:
    """Run jobs from ``pending`` until it is empty or a worker dies; return the jobs that were
    running when it died (the others stay in ``pending``)."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(workers, definitions)
    running: dict["Future", "Job"] = {}
    broken: list["Job"] = []
    try:
        while (pending or running) and not broken:
            while pending and len(running) < workers:
                job = pending.popleft()
                running[pool.submit(make_in_worker, job, str(target(job)))] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                try:
                    report(job, future.result())
                except BrokenProcessPool:
                    broken.append(job)
                except Exception as error:  # e.g. a result that could not be sent back
                    report(job, Outcome(job.output, False, 0.0, error=f"{error}"))
        if broken:  # every job still running went down with the pool
            broken += running.values()
            running.clear()
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return broken


def _pool(workers: int, definitions: dict[str, Any]) -> "ProcessPoolExecutor":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=start_worker, initargs=(definitions,))


# Seconds a worker has to leave after SIGTERM before it is killed (see _stop).
STOP_GRACE = 2.0


def _stop(pool: "ProcessPoolExecutor") -> None:
    """Stop every worker now (Ctrl-C): SIGTERM, on which a worker drawing removes its
    temporary file and exits, and an idle one exits at once; then wait for the pool, whose
    manager reaps them (joining them here as well would race with it).

    A worker that is still there :data:`STOP_GRACE` seconds later is killed: one that exited
    while sending its result back holds the result queue's lock for ever, and a worker that
    had already handled its SIGTERM (it was finishing a job) then waits on that lock, deaf to
    the signal, and the pool's shutdown with it."""
    from multiprocessing.connection import wait

    processes = [process for process in (getattr(pool, "_processes", None) or {}).values()
                 if process.exitcode is None]
    for process in processes:
        process.terminate()
    alive = {process.sentinel: process for process in processes}
    deadline = time.monotonic() + STOP_GRACE
    # the sentinels say when each has ended without reaping it (that stays the manager's);
    # wait returns as soon as one has
    while alive and (left := deadline - time.monotonic()) > 0:
        for sentinel in wait(list(alive), timeout=left):
            del alive[sentinel]
    for process in alive.values():
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _scope(definitions: dict[str, Any]) -> "FormulaScope | None":
    if not definitions:
        return None
    from actviz.activations.formula import FormulaScope

    return FormulaScope(definitions)
