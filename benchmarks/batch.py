"""How fast ``actviz batch`` makes the course notes' figure set, against what users do today.

Prints, for ``configs/course-notes.toml`` drawn into an empty temporary folder:

1. the time of a full build with ``--jobs 1`` and with ``--jobs N`` (default 2), runs
   alternated, median; target: N = 2 at least 1.5 × faster on a 2-core machine;
2. a rerun with nothing to draw against ``actviz --version``; target: at most 2 ×;
3. the baseline: the same outputs made by one ``actviz plot`` / ``compare`` / ``saturation``
   / ``table`` process each, one after another (a shell script of commands), and how many
   times faster the batch is.

Wall time is what a user waits; CPU time (user + system of the child processes) shows the
work.  Run with the package installed as users install it (``pip install .``; an editable
install adds an import hook to every start):  python benchmarks/batch.py [--runs N]
Not a test: timings depend on the machine; the script only measures and prints.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
CONFIG = Path(__file__).resolve().parents[1] / "configs" / "course-notes.toml"
# As installed programs run: with their bytecode cached (pip compiles it on install).  Without
# the cache every start compiles every module it imports, which says more about the
# environment than about actviz.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def actviz_command() -> list[str]:
    script = shutil.which("actviz", path=str(Path(PYTHON).parent)) or shutil.which("actviz")
    return [script] if script else [PYTHON, "-m", "actviz"]


def timed(command: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=stdout, stderr=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_pair(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


def line(label: str, wall: float, cpu: float) -> str:
    return f"  {label:<44} wall {wall:7.2f} s   CPU {cpu:7.2f} s"


def command_lines(actviz: list[str], out_dir: Path) -> list[tuple[list[str], Path | None]]:
    """Each output of the config as the command a user would type, and where its stdout goes
    (tables are printed, so they are redirected to their file)."""
    from actviz.batch import load_plan

    commands = []
    for job in load_plan(CONFIG, out_dir).jobs:
        target = out_dir / job.output
        target.parent.mkdir(parents=True, exist_ok=True)
        options = job.options
        if job.kind in ("plot", "compare"):
            argv = [job.kind, *job.specs, "--xmin", str(options["xmin"]),
                    "--xmax", str(options["xmax"]), "--points", str(options["points"])]
            argv += ["-d"] if options["derivative"] else []
            argv += ["--sweep", options["sweep"]] if options.get("sweep") else []
        elif job.kind == "saturation":
            argv = ["saturation", *job.specs, "--threshold", str(options["threshold"]),
                    "--sigma", str(options["sigma"])]
            if options["depth"] is not None:
                argv += ["--depth", str(options["depth"]), "--init", options["init"]]
        else:
            argv = ["table", *job.specs, "--format", job.fmt]
            argv += ["--at", options["at"]] if options["at"] is not None else [
                "--xmin", str(options["xmin"]), "--xmax", str(options["xmax"]),
                "--points", str(options["points"])]
        if job.fmt in ("png", "svg", "pdf"):
            flags = {"dpi": "--dpi", "title": "--title", "lang": "--lang"}
            if job.kind == "saturation":
                argv += ["--format", "csv"]  # its table goes to stdout, discarded
            for key, flag in flags.items():
                if options.get(key) is not None:
                    argv += [flag, str(options[key])]
            commands.append((actviz + argv + ["-o", str(target)], None))
        else:
            if job.kind == "saturation":
                argv += ["--format", job.fmt]
            if options.get("precision") is not None:
                argv += ["--precision", str(options["precision"])]
            commands.append((actviz + argv, target))
    return commands


def run_separately(commands: list[tuple[list[str], Path | None]]) -> tuple[float, float]:
    """Every command in turn, as a shell script would run them."""
    wall = cpu = 0.0
    for argv, stdout in commands:
        if stdout is None:
            w, c = timed(argv)
        else:
            with open(stdout, "w", encoding="utf-8") as handle:
                w, c = timed(argv, stdout=handle)
        wall, cpu = wall + w, cpu + c
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="full builds per --jobs value")
    parser.add_argument("--jobs", type=int, default=2, help="the parallel --jobs to measure")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the separate-processes baseline (it takes a minute)")
    args = parser.parse_args()
    actviz = actviz_command()
    batch = actviz + ["batch", str(CONFIG), "--quiet"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {CONFIG.name}, "
          f"median of {args.runs} runs\n")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures"
        timed(batch + ["--out-dir", str(out), "--jobs", "1"])  # warm caches; count outputs
        outputs = sum(1 for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))

        # 1. --jobs 1 against --jobs N, alternated.
        samples: dict[int, list] = {1: [], args.jobs: []}
        for _ in range(args.runs):
            for jobs in samples:
                samples[jobs].append(timed(batch + ["--out-dir", str(out), "--force",
                                                    "--jobs", str(jobs)]))
        one, many = median_pair(samples[1]), median_pair(samples[args.jobs])
        print(f"full build, {outputs} outputs (--force)")
        print(line("--jobs 1", *one))
        print(line(f"--jobs {args.jobs}", *many))
        speedup = one[0] / many[0]
        verdict = "ok" if speedup >= 1.5 or args.jobs != 2 else "BELOW TARGET"
        print(f"  speed-up {speedup:.2f} × (target ≥ 1.5 × with --jobs 2 on 2 cores)  {verdict}\n")

        # 2. A rerun with nothing to draw against actviz --version.
        rerun = batch + ["--out-dir", str(out)]
        version = actviz + ["--version"]
        timed(rerun), timed(version)
        pairs = [(timed(rerun), timed(version)) for _ in range(max(9, args.runs * 3))]
        nothing = median_pair([p[0] for p in pairs])
        start_up = median_pair([p[1] for p in pairs])
        ratio = nothing[0] / start_up[0]
        print("rerun with nothing to draw")
        print(line("actviz batch (everything up to date)", *nothing))
        print(line("actviz --version", *start_up))
        print(f"  ratio {ratio:.2f} (target ≤ 2)  {'ok' if ratio <= 2 else 'ABOVE TARGET'}\n")

        # 3. The same outputs as separate commands, one after another.
        if not args.no_baseline:
            separate = Path(folder) / "separate"
            commands = command_lines(actviz, separate)
            wall, cpu = run_separately(commands)
            print(f"baseline: {len(commands)} separate actviz processes, one after another")
            print(line("plot / compare / saturation / table", wall, cpu))
            print(f"  batch --jobs 1 is {wall / one[0]:.1f} × faster, "
                  f"--jobs {args.jobs} {wall / many[0]:.1f} × faster")


if __name__ == "__main__":
    main()
