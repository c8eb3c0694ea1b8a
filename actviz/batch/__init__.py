"""``actviz batch CONFIG.toml``: a course's whole figure set from one config, incrementally.

The steps, each a function the command calls in turn:

1. :func:`load_plan` (:mod:`.config`): read and check the TOML, every problem at once; expand
   each ``[[figure]]`` into jobs, one per output, each with the hash of all that determines it.
2. :func:`survey`: compare the hashes with the output folder's manifest (:mod:`.manifest`):
   what must be drawn, and why; what is up to date; which outputs to draw have no place to be
   written (a folder in the way, a parent that is a file, no permission).  No matplotlib or
   numpy is imported up to here, so a rerun with nothing to draw costs about as much as
   ``actviz --version``.
3. :func:`preflight`: for the outputs to draw, the checks each command makes before working
   (style, title, PNG size): a bad option stops the run before any file.
4. :func:`execute`: run the jobs (:mod:`.runner`, :mod:`.jobs`: the commands' own code) and
   record each finished output in the manifest at once.  An output that cannot be written
   fails alone; the others are drawn.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Protocol, Sequence

from actviz.batch.config import ConfigError, Job, Plan, load_plan
from actviz.batch.jobs import Outcome
from actviz.batch.manifest import FORCED, MANIFEST_NAME, Manifest
from actviz.batch.runner import (
    MAX_WORKERS,
    cpu_count,
    run_in_pool,
    run_in_process,
    stopped_by_signals,
)
from actviz.errors import ActvizError, OptionError, OutputError

__all__ = [
    "ConfigError", "Display", "Job", "Outcome", "Plan", "Summary", "Survey", "cpu_count",
    "execute", "load_plan", "preflight", "select", "survey",
]


def select(plan: Plan, patterns: Sequence[str]) -> list[Job]:
    """The jobs whose output matches one of ``patterns`` (shell wildcards, matched against the
    output path and its file name); every job when there are none.  A pattern that matches
    nothing is an :class:`OptionError`."""
    if not patterns:
        return list(plan.jobs)
    chosen = []
    for pattern in patterns:
        matched = [job for job in plan.jobs if _matches(job.output, pattern)]
        if not matched:
            raise OptionError(f"--only '{pattern}' matches none of the {len(plan.jobs)} outputs "
                              "(patterns match the output path or its file name, e.g. "
                              "'functions/*' or '*.svg')")
        chosen += [job for job in matched if job not in chosen]
    return [job for job in plan.jobs if job in chosen]


def _matches(output: str, pattern: str) -> bool:
    return (fnmatch.fnmatchcase(output, pattern)
            or fnmatch.fnmatchcase(PurePosixPath(output).name, pattern))


@dataclass
class Survey:
    """What a run would do: the jobs to draw with the reason for each, and those up to date."""

    manifest: Manifest
    todo: list[tuple[Job, str]]
    unchanged: list[Job]
    foreign: dict[str, list[str]] = field(default_factory=dict)  # config -> outputs it wrote
    # Up-to-date outputs that were drawn with a warning (no CJK font), by warning.
    warned: dict[str, list[str]] = field(default_factory=dict)
    # Outputs to draw whose place cannot be written (a folder in the way, ...), with why: each
    # fails alone, the others are drawn.
    unwritable: dict[str, str] = field(default_factory=dict)


def survey(plan: Plan, jobs: Iterable[Job], force: bool = False) -> Survey:
    """Compare ``jobs`` with the manifest of the output folder (never an error: an unreadable
    manifest is an empty one, and says so in ``manifest.problem``)."""
    manifest = Manifest.load(plan.out_dir)
    config = plan.config_key
    result = Survey(manifest, [], [])
    for job in jobs:
        reason = FORCED if force else manifest.reason(job.output, plan.target(job), job.digest)
        if reason is None:
            result.unchanged.append(job)
            if manifest.warning(job.output):
                result.warned.setdefault(manifest.warning(job.output), []).append(job.output)
            continue
        problem = _unwritable(plan.target(job))
        if problem is not None:
            result.unwritable[job.output] = problem
            reason = f"{reason}, but {problem}"
        result.todo.append((job, reason))
        owner = manifest.owner(job.output)
        if owner is not None and owner != config:
            result.foreign.setdefault(owner, []).append(job.output)
    return result


def _unwritable(target: Path) -> str | None:
    """Why ``target`` cannot be written (see :func:`actviz.output.check_writable`), or None."""
    from actviz.output import check_writable

    try:
        check_writable(target)
    except OutputError as error:
        return str(error)
    return None


def preflight(plan: Plan, jobs: Iterable[Job]) -> None:
    """The checks the commands make before any work, for each job to draw; every failure at
    once, as a :class:`ConfigError`.  An output whose place cannot be written is not checked:
    it fails alone when the run reaches it (:attr:`Survey.unwritable`); a manifest that cannot
    be written stops the run (:class:`OutputError`).  Imports matplotlib when a figure is to
    be drawn (a style must be read)."""
    from actviz.batch import schema
    from actviz.batch.jobs import api_options, shown
    from actviz.products.checks import check_figure_file, figure_spec

    jobs = list(jobs)
    if jobs and (problem := _unwritable(plan.out_dir / MANIFEST_NAME)) is not None:
        raise OutputError(f"{problem}: the batch records there what it has drawn")
    problems: list[str] = []
    checked: set = set()
    for job in jobs:
        target = plan.target(job)
        if job.fmt not in schema.FIGURE_SUFFIXES.values() or _unwritable(target) is not None:
            continue
        given = api_options(job)
        spec = figure_spec(given, schema.size_options(job.kind))
        size = (shown(job), *(given.get(key) for key in _SIZED_BY))
        key = (spec, job.kind, size, target.suffix)
        if key in checked:  # the same style, title and size: checked once is enough
            continue
        try:
            check_figure_file(job.kind, given, spec, target, size[0])
        except ActvizError as error:
            problems.append(f"{job.label}: {error.spelled(schema.batch_spelling(job.kind))}")
        checked.add(key)
    if problems:
        raise ConfigError(problems)


# Options besides the count that change a figure's size (its panels): see figure_inches.
_SIZED_BY = ("derivative", "second_derivative", "depth")


@dataclass
class Summary:
    """How a run ended."""

    written: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)
    unchanged: int = 0
    # Each warning the outputs gave (in a config's spelling) -> the outputs that gave it.
    warnings: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 1
    interrupted: bool = False  # Ctrl-C: what was written is kept; a rerun finishes the job
    signal: int = 0  # the signal that interrupted the run (SIGINT for Ctrl-C, SIGTERM, ...)


class Display(Protocol):
    """Shows a run as it goes: entered before the first job, left after the last."""

    def __enter__(self) -> "Display": ...

    def __exit__(self, *exc: object) -> None: ...

    def update(self, job: Job, outcome: Outcome) -> None: ...


def execute(plan: Plan, found: Survey, workers: int, display: Display | None = None) -> Summary:
    """Draw ``found.todo`` with ``workers`` processes (1: in this one), longest first.

    Each finished output is recorded in the manifest at once (written atomically), so a run
    that is stopped keeps what it finished; ``display.update(job, outcome)`` is called then.
    Ctrl-C, SIGTERM or SIGHUP stops the run (the workers first) and sets
    ``summary.interrupted`` and ``summary.signal``.
    """
    start = time.perf_counter()
    manifest, config = found.manifest, plan.config_key
    jobs = sorted((job for job, _ in found.todo),
                  key=lambda j: -(manifest.seconds(j.output) or j.estimate))
    drawable = [job for job in jobs if job.output not in found.unwritable]
    summary = Summary(unchanged=len(found.unchanged),
                      workers=max(1, min(workers, len(drawable), MAX_WORKERS)))
    manifest.prune(config, (job.output for job in plan.jobs))
    for job in jobs:
        manifest.forget(job.output)  # until it is written again
        _remove_leftovers(plan.target(job))

    def report(job: Job, outcome: Outcome) -> None:
        if outcome.ok:
            manifest.record(job.output, job.digest, outcome.size, outcome.seconds, config,
                            outcome.warning)
            summary.written.append(job)
            for message in outcome.warnings:
                summary.warnings.setdefault(message, []).append(job.label)
        else:
            summary.failed.append((job, outcome.error))
        manifest.save()
        if display is not None:
            display.update(job, outcome)

    received: list[int] = []
    try:
        with stopped_by_signals(received), \
                display if display is not None else contextlib.nullcontext():
            for job in jobs:
                if job.output in found.unwritable:
                    report(job, Outcome(job.output, False, 0.0,
                                        error=found.unwritable[job.output]))
            if summary.workers == 1:
                run_in_process(drawable, plan.target, plan.definitions, report)
            else:
                run_in_pool(drawable, plan.target, plan.definitions, summary.workers, report)
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.signal = received[0] if received else signal.SIGINT
    for job in jobs:  # every worker has stopped: what a killed one left behind can go
        _remove_leftovers(plan.target(job))
    summary.warnings = _in_config_order(summary.warnings, plan)
    summary.seconds = time.perf_counter() - start
    return summary


def _in_config_order(warnings: dict[str, list[str]], plan: Plan) -> dict[str, list[str]]:
    """``warnings`` in the order of the config's outputs, not of their finishing: the same
    config gives the same lines whatever the workers."""
    order = {job.label: index for index, job in enumerate(plan.jobs)}
    ordered = {message: sorted(labels, key=order.__getitem__)
               for message, labels in warnings.items()}
    return dict(sorted(ordered.items(), key=lambda item: order[item[1][0]]))


def _remove_leftovers(target: Path) -> None:
    """Temporary files a killed run left beside ``target`` (``.NAME.*.tmp``, see
    :func:`actviz.output.atomic_output`): never a truncated output, but litter."""
    folder = target.parent
    if not folder.is_dir():
        return
    for leftover in folder.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
