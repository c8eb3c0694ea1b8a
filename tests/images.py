"""Reading written figures back: PNG pixels, SVG and PDF headers."""

from __future__ import annotations

from pathlib import Path

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_png(path: str | Path) -> np.ndarray:
    """The PNG's pixels as an (height, width, 3) float array in [0, 1]; fails unless the file
    is a real colour PNG."""
    from matplotlib.image import imread

    assert Path(path).read_bytes()[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    data = imread(str(path))
    assert data.ndim == 3, "expected a colour PNG"
    return data[..., :3]


def pixels_near(image: np.ndarray, hex_colour: str, tolerance: float = 0.08) -> int:
    """How many pixels are within ``tolerance`` (per channel, in [0, 1]) of ``#RRGGBB``."""
    rgb = np.array([int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    return int(np.all(np.abs(image - rgb) <= tolerance, axis=-1).sum())


def has_colour(image: np.ndarray, hex_colour: str, tolerance: float = 6.5 / 255) -> bool:
    """Whether some pixel is within ``tolerance`` of ``#RRGGBB`` in every channel."""
    return pixels_near(image, hex_colour, tolerance) > 0


def assert_drawn(image: np.ndarray, min_ink: float = 0.02) -> None:
    """At least ``min_ink`` of the pixels differ from the background (the corner pixel)."""
    background = image[0, 0]
    ink = np.any(image != background, axis=-1).mean()
    assert ink > min_ink, f"only {ink:.1%} of the image is drawn"


def assert_png(path: str | Path, width_in: float, height_in: float, dpi: float) -> np.ndarray:
    """A real PNG of the expected pixel size that is not blank; returns its pixels."""
    image = read_png(path)
    assert image.shape[:2] == (round(height_in * dpi), round(width_in * dpi))
    assert image.std() > 0.05, "the figure is blank"
    return image


def assert_svg(path: str | Path) -> None:
    head = Path(path).read_text(encoding="utf-8")[:400]
    assert head.startswith("<?xml") and "<svg" in head


def assert_pdf(path: str | Path) -> None:
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
