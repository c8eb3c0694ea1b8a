"""`actviz batch` at run time: worker processes, a failing output, a killed worker, Ctrl-C in the
middle of a write.  Nothing here sleeps: failures are raised (or a worker killed) on cue."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys

import pytest

from actviz.batch.config import Job
from actviz.batch.jobs import Outcome
from actviz.batch.runner import WORKER_DIED
from actviz.render import canvas
from tests.batch_helpers import SMALL, SMALL_OUTPUTS, files, manifest, run, write_config, written
from tests.images import assert_png

forking = pytest.mark.skipif(not sys.platform.startswith("linux"),
                             reason="workers inherit the test's patches only when forked")


def fail_for(name: str, action):
    """``canvas.save_figure`` that calls ``action(path)`` instead for an output called ``name``."""
    real = canvas.save_figure

    def save_figure(figure, path, dpi=None, *size):
        if os.path.basename(path) == name:
            return action(figure, path, dpi)
        return real(figure, path, dpi, *size)

    return save_figure


def test_two_workers_draw_everything(invoke, tmp_path):
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert written(result) == SMALL_OUTPUTS
    assert result.stdout.splitlines()[-1].endswith(f"(2 workers) → {tmp_path}")
    assert_png(tmp_path / "functions/tanh.png", 6.4, 6.4, 40)
    assert sorted(manifest(tmp_path)) == SMALL_OUTPUTS
    assert "everything is up to date" in run(invoke, config, "--jobs", "2").stdout


def test_a_failing_output_is_reported_and_the_others_are_written(invoke, tmp_path, monkeypatch):
    def disk_full(figure, path, dpi):
        with canvas.atomic_output(path, "wb") as handle:
            handle.write(b"\x89PNG\r\n\x1a\n")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(canvas, "save_figure", fail_for("tanh.png", disk_full))
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config)
    assert result.exit_code == 1
    assert written(result) == ["compare.svg", "functions/relu.png", "values.csv"]
    assert result.stderr.splitlines() == [
        f"actviz: error: figure 1, functions/tanh.png: cannot write "
        f"'{tmp_path / 'functions/tanh.png'}': No space left on device",
        "actviz: error: 1 of 4 outputs failed: functions/tanh.png",
    ]
    assert files(tmp_path) == [".actviz-batch.json", "compare.svg", "functions/relu.png",
                               "values.csv"]  # no partial tanh.png, no temporary file
    assert result.stdout.splitlines()[-1].startswith("3 written, 0 unchanged, 1 failed in ")
    assert "functions/tanh.png" not in manifest(tmp_path)
    monkeypatch.undo()
    assert written(run(invoke, config)) == ["functions/tanh.png"]


def test_outputs_that_cannot_be_written_fail_alone_and_the_others_are_drawn(invoke, tmp_path):
    """A folder in the way, a parent that is a file: those outputs fail, each named, and the
    rest of the set is drawn; the dry run says so beforehand."""
    (tmp_path / "compare.svg").mkdir()
    (tmp_path / "functions").write_text("not a folder", encoding="utf-8")
    config = write_config(tmp_path, SMALL)
    dry = run(invoke, config, "--dry-run")
    assert dry.exit_code == 0
    assert f"(new, but cannot write '{tmp_path / 'compare.svg'}': it is a folder)" in dry.stdout
    result = run(invoke, config, "--jobs", "2")
    assert result.exit_code == 1
    assert written(result) == ["values.csv"]
    parent_is_a_file = (f"cannot create the folder for '{{}}': '{tmp_path / 'functions'}' is "
                        "a file")
    assert result.stderr.splitlines() == [
        "actviz: error: figure 1, functions/relu.png: "
        + parent_is_a_file.format(tmp_path / "functions/relu.png"),
        "actviz: error: figure 1, functions/tanh.png: "
        + parent_is_a_file.format(tmp_path / "functions/tanh.png"),
        f"actviz: error: figure 2, compare.svg: cannot write '{tmp_path / 'compare.svg'}': it "
        "is a folder",
        "actviz: error: 3 of 4 outputs failed: functions/relu.png, functions/tanh.png, "
        "compare.svg",
    ]
    assert result.stdout.splitlines()[-1].startswith("1 written, 0 unchanged, 3 failed in ")
    assert sorted(manifest(tmp_path)) == ["values.csv"]
    (tmp_path / "compare.svg").rmdir()
    (tmp_path / "functions").unlink()
    assert written(run(invoke, config)) == ["compare.svg", "functions/relu.png",
                                            "functions/tanh.png"]


def test_a_manifest_that_cannot_be_written_stops_the_run_before_drawing(invoke, tmp_path):
    (tmp_path / ".actviz-batch.json").mkdir()
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"actviz: error: cannot write '{tmp_path / '.actviz-batch.json'}': it is a folder: the "
        "batch records there what it has drawn")
    assert files(tmp_path) == []


@forking
def test_a_killed_worker_costs_only_its_own_output(invoke, tmp_path, monkeypatch):
    """The worker drawing tanh.png dies (SIGKILL) holding a half-written temporary file: that
    output is reported as failed, every other one is written (the job that shared the pool
    with it is run again), the leftover is removed, and the next run finishes the job."""
    def killed_mid_write(figure, path, dpi):
        with canvas.atomic_output(path, "wb") as handle:
            handle.write(b"\x89PNG half a figure")
            handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(canvas, "save_figure", fail_for("tanh.png", killed_mid_write))
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config, "--jobs", "2")
    assert result.exit_code == 1
    assert written(result) == ["compare.svg", "functions/relu.png", "values.csv"]
    assert f"functions/tanh.png: {WORKER_DIED}" in result.stderr
    assert files(tmp_path) == [".actviz-batch.json", "compare.svg", "functions/relu.png",
                               "values.csv"]  # no tanh.png, and no temporary file either
    monkeypatch.undo()
    # What a batch killed as a whole (SIGKILL to every process) would leave: removed too.
    (tmp_path / "functions/.tanh.png.k1lled.tmp").write_bytes(b"\x89PNG half")
    again = run(invoke, config, "--jobs", "2")
    assert written(again) == ["functions/tanh.png"]
    assert_png(tmp_path / "functions/tanh.png", 6.4, 6.4, 40)
    assert not [name for name in files(tmp_path) if name.endswith(".tmp")]


def test_an_interrupted_batch_leaves_no_truncated_file_and_the_next_run_finishes(
        invoke, tmp_path, monkeypatch):
    """Ctrl-C while a figure is being written: the file is not there (not half there), the
    outputs finished before are recorded, and running again draws only the rest."""
    from matplotlib.figure import Figure

    real_savefig = Figure.savefig
    calls = []

    def interrupted_savefig(self, handle, **kwargs):
        calls.append(handle)
        if len(calls) == 2:
            handle.write(b"\x89PNG\r\n\x1a\n the first bytes of a figure")
            raise KeyboardInterrupt
        return real_savefig(self, handle, **kwargs)

    monkeypatch.setattr(Figure, "savefig", interrupted_savefig)
    config = write_config(tmp_path, SMALL)
    result = run(invoke, config)
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1].startswith("actviz: error: interrupted; what was "
                                                     "written is kept")
    assert "interrupted after" in result.stdout.splitlines()[-1]
    done = written(result)
    assert len(done) == 1
    # Nothing but the finished output and the manifest: no partial file, no temporary file.
    assert files(tmp_path) == sorted([".actviz-batch.json", *done])
    assert sorted(manifest(tmp_path)) == done
    monkeypatch.undo()
    again = run(invoke, config)
    assert sorted(written(again) + done) == SMALL_OUTPUTS
    assert again.stdout.splitlines()[-1].startswith("3 written, 1 unchanged, 0 failed")


def test_the_progress_bar_counts_outputs_and_prints_failures_above_it():
    from rich.console import Console

    from actviz.batch.report import TerminalProgress

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    job = Job(2, "plot", "b.png", "png", ("relu",), {}, "digest", 0.1)
    with TerminalProgress(2, console) as progress:
        progress.update(job, Outcome("a.png", True, 0.1, 10))
        progress.update(job, Outcome("b.png", False, 0.1, error="boom"))
        shown = out.getvalue()
    assert "1/2" in shown and "2/2" in shown
    assert "actviz: error: figure 2, b.png: boom" in shown


def test_interrupting_a_pool_stops_its_workers(tmp_path, monkeypatch):
    """KeyboardInterrupt in the parent while workers draw: the pool is stopped, its workers
    are gone, and the run reports being interrupted (not a traceback)."""
    import concurrent.futures
    import multiprocessing

    from actviz import batch

    real_wait = concurrent.futures.wait
    seen = []

    def wait_then_interrupt(futures, **kwargs):
        seen.append(len(futures))
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real_wait(futures, **kwargs)

    monkeypatch.setattr(concurrent.futures, "wait", wait_then_interrupt)
    config = write_config(tmp_path, SMALL)
    plan = batch.load_plan(config)
    found = batch.survey(plan, plan.jobs)
    with contextlib.redirect_stderr(io.StringIO()):
        summary = batch.execute(plan, found, 2)
    assert summary.interrupted and 1 <= len(summary.written) < 4
    assert not [name for name in files(tmp_path) if name.endswith(".tmp")]
    assert multiprocessing.active_children() == []
