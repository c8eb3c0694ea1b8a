"""Run a function for at most a given time, then really stop it.

Used for ``sympy.simplify``, which has no time limit of its own and can run for minutes on an
innocent-looking derivative.  How it stops, and why this way:

- The work runs in a worker thread.  When the budget is spent, the caller raises an exception
  *inside* that thread with CPython's ``PyThreadState_SetAsyncExc``; the interpreter delivers it
  at the worker's next bytecode boundary, so pure-Python work such as sympy's stops within
  microseconds, its ``finally`` blocks run, and the thread ends.
- The caller never waits longer than the budget plus a short grace: if the worker is stuck in
  one long C call (which the formula limits are there to prevent), it is abandoned as a daemon
  thread and dies with its exception as soon as that call returns.
- Rejected: ``signal.alarm`` works only in the main thread and only on POSIX; ``sys.settrace``
  with a deadline check works everywhere but made simplification 2.4 times slower (measured);
  a forked process is not portable and costs a fork per formula; a thread without the
  asynchronous exception cannot be stopped and would keep a CPU core and the GIL busy.

Where ``ctypes.pythonapi`` does not exist (not CPython), nothing is run: the caller falls back,
as it does on a timeout.
"""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

T = TypeVar("T")

GRACE_SECONDS = 0.2  # how long to wait for the worker once it has been told to stop


class _OutOfTime(BaseException):
    """Raised inside the worker thread.  A BaseException, so ``except Exception`` in the work
    cannot swallow it."""


def run_within(work: Callable[[], T], seconds: float) -> T | None:
    """``work()`` if it finishes within ``seconds``, else ``None`` (the work is stopped).

    An exception raised by ``work`` also gives ``None``: callers have a fallback.
    """
    interrupt = _interrupter()
    if interrupt is None or seconds <= 0:
        return None
    outcome: dict[str, T] = {}
    lock = threading.Lock()
    finished = threading.Event()

    def target() -> None:
        try:
            try:
                outcome["value"] = work()
            except Exception:
                pass
            finally:
                # The lock makes "finished" and "interrupt" exclusive: the caller only interrupts
                # a worker that has not finished, so the exception always lands in this try.
                with lock:
                    finished.set()
        except _OutOfTime:
            pass

    worker = threading.Thread(target=target, name="actviz-budget", daemon=True)
    worker.start()
    if not finished.wait(seconds):
        with lock:
            if not finished.is_set():
                interrupt(worker)
        worker.join(GRACE_SECONDS)
    return outcome.get("value")


class OutOfBudget(Exception):
    """Raised by :func:`finish_within` when the work did not finish in time (it is stopped)."""


def finish_within(work: Callable[[], T], seconds: float) -> T:
    """``work()``, stopped with :class:`OutOfBudget` if it takes longer than ``seconds``; an
    exception it raises is raised here.  Not bounded where nothing can stop it (not CPython)."""
    if _interrupter() is None:
        return work()
    outcome: dict[str, object] = {}

    def recorded() -> bool:
        try:
            outcome["value"] = work()
        except Exception as error:  # raised again below, in the caller's thread
            outcome["error"] = error
        return True

    if run_within(recorded, seconds) is None:
        raise OutOfBudget(f"not finished within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _interrupter() -> Callable[[threading.Thread], None] | None:
    try:
        import ctypes

        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        return None

    def interrupt(thread: threading.Thread) -> None:
        set_async_exc(ctypes.c_ulong(thread.ident), ctypes.py_object(_OutOfTime))

    return interrupt
