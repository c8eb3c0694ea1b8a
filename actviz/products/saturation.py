"""``saturation``: where each activation's gradient vanishes, as tables and as a figure."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Sequence

from actviz.activations.registry import BoundActivation, select
from actviz.analysis.depth import DepthSettings
from actviz.analysis.saturation import (
    SaturationReport,
    check_sigma,
    check_threshold,
    has_saturation_profile,
    saturation_report,
)

if TYPE_CHECKING:  # a command that writes no figure imports no figure machinery
    from actviz.render.canvas import FigureSpec
    from actviz.render.fonts import LanguageSetup


def saturation_result(
    patterns: Sequence[str], threshold: float, sigma: float,
    depth: DepthSettings | None = None, *, spec: FigureSpec | None = None,
    output: str | os.PathLike | None = None,
) -> tuple[list[BoundActivation], SaturationReport]:
    """The activations ``patterns`` select (every one that has a saturation profile when there
    is none: the periodic ones have not) and their report.

    The threshold, σ, the names and, when ``output`` is given, the figure file and ``spec``
    are checked before any work, so a bad option costs nothing and writes nothing.
    """
    check_threshold(threshold)
    check_sigma(sigma)
    activations = select(patterns)
    if not patterns:
        activations = [act for act in activations if has_saturation_profile(act)]
    if output is not None:
        from actviz.render.canvas import FigureSpec, check_figure

        check_figure(spec or FigureSpec(), output)
    return activations, saturation_report(activations, threshold, sigma, depth)


def write_saturation_figure(
    report: SaturationReport, activations: Sequence[BoundActivation], spec: FigureSpec,
    path: str | os.PathLike,
) -> LanguageSetup:
    """Sample |f'| over the report's range, draw the figure and save it to ``path``
    atomically: what ``saturation -o`` does, and what ``batch`` does for it.  Returns the
    language setup, whose ``warning`` (no CJK font) the caller prints."""
    from actviz.analysis.slope_curves import slope_curves
    from actviz.render.canvas import draw_and_save
    from actviz.render.saturation_figure import saturation_figure

    curves = slope_curves(activations, report.activations)
    return draw_and_save(lambda lang: saturation_figure(report, curves, spec, lang), spec, path)
