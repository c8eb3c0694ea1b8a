"""`actviz batch` stopped from outside, as a real process: SIGTERM stops it like Ctrl-C, and
SIGKILL of the batch leaves no worker behind.  Nothing sleeps: each test waits for the first
written output, kills, and then waits on the processes themselves (pidfd), with a timeout."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch_helpers import files, manifest, write_config
from tests.images import assert_png

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="finds the worker processes in /proc")

# Every activation with its derivative: 45 outputs, a few seconds on two workers, so the batch
# is still drawing when the first "wrote" line is read.
MANY = """
[defaults]
dpi = 30
points = 401

[[figure]]
kind = "plot"
activations = "*"
derivative = true
output = "{name}.png"
"""


@pytest.fixture
def start_batch():
    """Starts a batch (see :func:`_start`); kills what is left of it after the test."""
    started: list[int] = []

    def start(folder: Path) -> tuple[subprocess.Popen, list[int]]:
        batch, workers = _start(folder)
        started.extend([batch.pid, *workers])
        return batch, workers

    yield start
    for pid in started:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def _start(folder: Path) -> tuple[subprocess.Popen, list[int]]:
    """``actviz batch --jobs 2`` started as the console script would be, once it has written
    its first output; with the process ids of its workers."""
    config = write_config(folder, MANY)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # a line per output, as it is written
    batch = subprocess.Popen([sys.executable, "-m", "actviz", "batch", str(config), "--jobs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first = batch.stdout.readline()
    assert first.startswith("wrote "), first + batch.stderr.read()
    workers = children(batch.pid)
    assert len(workers) == 2, workers
    return batch, workers


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait for the processes ``pids`` (not our children) to end; those still running after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    running = []
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:  # a pidfd is readable once its process has ended
            ready, _, _ = select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(handle)
        if not ready and alive(pid):
            running.append(pid)
    return running


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_stops_the_batch_like_ctrl_c(tmp_path, start_batch, signum):
    """`kill` (SIGTERM), or a terminal closing (SIGHUP)."""
    batch, workers = start_batch(tmp_path)
    batch.send_signal(signum)
    out, err = batch.communicate(timeout=30)
    assert batch.returncode == 128 + signum, err  # 143 for SIGTERM, 129 for SIGHUP
    assert err.splitlines()[-1] == ("actviz: error: interrupted; what was written is kept, and "
                                    "running the same command again finishes the job")
    assert "Traceback" not in err
    assert "interrupted after" in out.splitlines()[-1]
    assert wait_until_gone(workers, timeout=10) == []
    recorded = sorted(manifest(tmp_path))
    assert 1 <= len(recorded) < 45
    # What was written is kept, whole, and no temporary file is left.  A figure a worker
    # finished as the batch stopped may be there without being recorded: the next run draws
    # it again.
    figures = [name for name in files(tmp_path) if name != ".actviz-batch.json"]
    assert set(recorded) <= set(figures) and len(figures) < 45
    for name in figures:
        assert_png(tmp_path / name, 6.4, 6.4, 30)


def test_workers_of_a_killed_batch_stop_on_their_own(tmp_path, start_batch):
    batch, workers = start_batch(tmp_path)
    batch.kill()
    # The caller's pipes close once the workers, which share them, are gone.
    out, err = batch.communicate(timeout=30)
    assert batch.returncode == -signal.SIGKILL
    assert wait_until_gone(workers, timeout=10) == []
    assert "Traceback" not in err
