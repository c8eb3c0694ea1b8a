"""Checks shared by the command tests: one-line errors, what a command imports, figures read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_png(path: str | Path) -> np.ndarray:
    """The image as an (height, width, 3) uint8 array; fails unless the file is a real PNG."""
    from PIL import Image

    data = Path(path).read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def assert_drawn(pixels: np.ndarray, min_ink: float = 0.02) -> None:
    """At least ``min_ink`` of the pixels differ from the background (the corner pixel)."""
    background = pixels[0, 0]
    ink = np.any(pixels != background, axis=-1).mean()
    assert ink > min_ink, f"only {ink:.1%} of the image is drawn"


def has_colour(pixels: np.ndarray, hex_colour: str, tolerance: int = 6) -> bool:
    """Whether some pixel is within ``tolerance`` of ``#rrggbb`` in every channel."""
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool(np.any(np.all(np.abs(pixels.astype(int) - target) <= tolerance, axis=-1)))


def assert_one_line_error(result, message: str) -> None:
    """Exit code 2, nothing on stdout, one stderr line ``actviz: error: ...`` containing message."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("actviz: error: "), result.stderr
    assert message in lines[0]


def run_and_list_modules(args: list[str], modules: tuple[str, ...]) -> tuple[str, dict[str, bool]]:
    """Run ``actviz ARGS`` in a fresh interpreter; its stdout and which ``modules`` it imported."""
    code = (
        "import sys\n"
        "from actviz.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
        f"print(*[m in sys.modules for m in {modules!r}], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.strip().splitlines()[-1].split()
    return done.stdout, dict(zip(modules, (flag == "True" for flag in loaded)))
