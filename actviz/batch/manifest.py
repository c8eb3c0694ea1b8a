"""What a batch has written: per output, the hash of everything that determines it.

The manifest is a JSON file in the output folder (:data:`MANIFEST_NAME`)::

    {"manifest": 1, "outputs": {"functions/relu.png": {
        "digest": "…", "size": 41234, "seconds": 0.21, "config": "../course.toml"}}}

An output is up to date when its entry's digest equals the job's and the file is still there
with the size that was written; anything else redraws it.  ``seconds`` is how long it took, so
the next run can start the longest jobs first.  ``config`` is the config that wrote it (its
path from the output folder): two configs can share a folder, and each prunes only its own
entries.  The file is written atomically after every finished output, so a run that is killed
keeps what it finished.  A missing or unreadable manifest is an empty one: everything is drawn
again, nothing crashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from actviz.errors import OutputError

MANIFEST_NAME = ".actviz-batch.json"
MANIFEST_VERSION = 1

# Why an output is drawn (None: it is up to date).
NEW, CHANGED, MISSING, MODIFIED, FORCED = "new", "changed", "missing", "modified", "forced"


def digest(payload: Any) -> str:
    """SHA-256 of ``payload`` as canonical JSON (sorted keys, floats by repr)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes (a style sheet's contents belong in a figure's hash)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def actviz_version() -> str:
    from actviz import __version__

    return __version__


@lru_cache(maxsize=1)
def house_style_digest() -> str:
    """The hash of actviz's own style sheet: every figure is drawn with it.

    The file is the one :func:`actviz.render.canvas.style_path` names, found here beside the
    package: importing that module (logging, importlib.resources and, through them, tempfile
    and zipfile) would be a tenth of a rerun with nothing to draw.
    """
    import actviz.styles

    return file_digest(Path(actviz.styles.__file__).with_name("actviz.mplstyle"))


@lru_cache(maxsize=1)
def matplotlib_version() -> str:
    """matplotlib's version, read from its ``_version.py`` without importing it (a new
    matplotlib may draw differently); ``unknown`` when it cannot be read."""
    from importlib.util import find_spec

    try:
        spec = find_spec("matplotlib")
        folder = Path(spec.origin).parent if spec and spec.origin else None
        text = (folder / "_version.py").read_text(encoding="utf-8") if folder else ""
    except (OSError, ImportError, ValueError):
        text = ""
    found = re.search(r"version\s*=\s*['\"]([^'\"]+)", text)
    return found.group(1) if found else "unknown"


@dataclass
class Manifest:
    """The entries of one output folder's manifest, keyed by output path (``/``-separated)."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None  # why an existing file was not readable (it is then ignored)

    @classmethod
    def load(cls, folder: str | os.PathLike) -> "Manifest":
        path = Path(folder) / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            return cls(path, problem=f"cannot read {path} ({_reason(error)}); drawing everything")
        if not isinstance(data, dict) or data.get("manifest") != MANIFEST_VERSION:
            return cls(path, problem=f"{path} is not an actviz batch manifest of this version; "
                                     "drawing everything")
        entries = data.get("outputs")
        if not isinstance(entries, dict):
            return cls(path, problem=f"{path} has no outputs; drawing everything")
        valid = {k: v for k, v in entries.items()
                 if isinstance(k, str) and isinstance(v, dict) and isinstance(v.get("digest"), str)}
        return cls(path, valid)

    def reason(self, output: str, target: Path, job_digest: str) -> str | None:
        """Why ``output`` must be drawn (:data:`NEW`, ...), or None when it is up to date."""
        entry = self.entries.get(output)
        if entry is None:
            return NEW
        if entry["digest"] != job_digest:
            return CHANGED
        try:
            size = target.stat().st_size
        except OSError:
            return MISSING
        return MODIFIED if entry.get("size") not in (None, size) else None

    def seconds(self, output: str) -> float | None:
        """How long ``output`` took last time, if recorded."""
        value = self.entries.get(output, {}).get("seconds")
        return float(value) if isinstance(value, (int, float)) and value >= 0 else None

    def record(self, output: str, job_digest: str, size: int, seconds: float,
               config: str, warning: str = "") -> None:
        """``output`` was written; ``warning`` says how it fell short (no CJK font), so that
        later runs, which skip it, can still say so."""
        self.entries[output] = {"digest": job_digest, "size": size,
                                "seconds": round(seconds, 4), "config": config}
        if warning:
            self.entries[output]["warning"] = warning

    def warning(self, output: str) -> str:
        warning = self.entries.get(output, {}).get("warning")
        return warning if isinstance(warning, str) else ""

    def forget(self, output: str) -> None:
        self.entries.pop(output, None)

    def prune(self, config: str, keep: Iterable[str]) -> None:
        """Drop the entries ``config`` wrote for outputs it no longer has."""
        kept = set(keep)
        for output in [o for o, e in self.entries.items()
                       if e.get("config") == config and o not in kept]:
            del self.entries[output]

    def owner(self, output: str) -> str | None:
        """The config that last wrote ``output``, if any."""
        owner = self.entries.get(output, {}).get("config")
        return owner if isinstance(owner, str) else None

    def save(self) -> None:
        """Write the manifest atomically (a temporary file, then a rename)."""
        from actviz.output import write_text_atomic  # tempfile: not needed by a rerun that skips

        data = {"manifest": MANIFEST_VERSION, "outputs": dict(sorted(self.entries.items()))}
        try:
            write_text_atomic(self.path, json.dumps(data, indent=1) + "\n")
        except OSError as error:
            raise OutputError(f"cannot write {self.path}: {error.strerror}") from None


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON at line {error.lineno}"
    return getattr(error, "strerror", None) or type(error).__name__
