"""What ``actviz batch`` shows: a progress bar on a terminal, a line per file elsewhere, and
the summary.  rich is imported only when a progress bar is drawn."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from actviz.batch.outputs import summarised

if TYPE_CHECKING:
    from actviz.batch import Job, Outcome, Summary, Survey

Echo = Callable[[str], None]


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def warning_lines(by_message: Mapping[str, Sequence[str]]) -> list[str]:
    """The warnings of a run, given as message -> the outputs (labels) that gave it: one
    line a message, named by its output (``figure 2, t.md: ...``) or counted when several
    gave it, and :func:`summarised` when many messages are of one kind."""
    lines = []
    for message, outputs in by_message.items():
        line = (f"{outputs[0]}: {message}" if len(outputs) == 1
                else f"{message} ({len(outputs):,} of the outputs)")
        lines.append((line, message))
    return summarised(lines, "warnings")


def announcement_lines(jobs: Iterable["Job"]) -> list[str]:
    """What the commands of ``jobs`` say before their work (a long experiment's estimate),
    in a config's spelling, as :func:`warning_lines`."""
    from actviz.batch.schema import batch_spelling
    from actviz.errors import spell

    by_message: dict[str, list[str]] = {}
    for job in jobs:
        for marked in job.announcements:
            message = spell(marked, batch_spelling(job.kind))
            by_message.setdefault(message, []).append(job.label)
    return warning_lines(by_message)


def dry_run_lines(found: "Survey", out_dir: Path) -> list[str]:
    """One line per output that would be drawn, with the reason, then the count."""
    width = max((len(job.output) for job, _ in found.todo), default=0)
    lines = [f"would draw  {job.output:<{width}}  ({reason})" for job, reason in found.todo]
    lines.append(f"{len(found.todo)} to draw, {len(found.unchanged)} up to date in {out_dir}")
    return lines


def up_to_date_line(count: int, out_dir: Path, seconds: float) -> str:
    return (f"everything is up to date: {_count(count, 'output')} in {out_dir} "
            f"(checked in {_seconds(seconds)})")


def summary_line(summary: "Summary", out_dir: Path) -> str:
    """``34 written, 2 unchanged, 0 failed in 4.10 s (2 workers) → figures``."""
    workers = _count(summary.workers, "worker")
    stopped = ", interrupted after" if summary.interrupted else " in"
    return (f"{len(summary.written)} written, {summary.unchanged} unchanged, "
            f"{len(summary.failed)} failed{stopped} {_seconds(summary.seconds)} ({workers}) "
            f"→ {out_dir}")


class LineProgress:
    """Without a terminal: a line per written file on stdout (nothing with ``quiet``); each
    failure as an error line on stderr."""

    def __init__(self, echo: Echo, echo_error: Echo, quiet: bool = False):
        self.echo, self.echo_error, self.quiet = echo, echo_error, quiet

    def __enter__(self) -> "LineProgress":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, job: "Job", outcome: "Outcome") -> None:
        if not outcome.ok:
            self.echo_error(f"actviz: error: {job.label}: {outcome.error}")
        elif not self.quiet:
            self.echo(f"wrote {job.output} ({_seconds(outcome.seconds)})")


class TerminalProgress:
    """A rich progress bar on stderr, removed when done; failures are printed above it.

    Refreshed on each finished output rather than by rich's timer thread, so the process has
    no thread of its own when worker processes are forked.
    """

    def __init__(self, total: int, console=None):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
        from rich.progress import TimeElapsedColumn

        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=self.console, transient=True,
            auto_refresh=False, redirect_stdout=False, redirect_stderr=False,
        )
        self.task = self.progress.add_task("", total=total)

    def __enter__(self) -> "TerminalProgress":
        self.progress.start()
        self.progress.refresh()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def update(self, job: "Job", outcome: "Outcome") -> None:
        if not outcome.ok:
            self.progress.console.print(f"actviz: error: {job.label}: {outcome.error}",
                                        markup=False, highlight=False, style="red")
        self.progress.update(self.task, advance=1, description=job.output)
        self.progress.refresh()
