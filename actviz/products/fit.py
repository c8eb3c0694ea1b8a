"""``fit``: a tiny network per activation fitted to a curve, as a table and as a panel grid."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from actviz.analysis.fit import FitConfig, FitExperiment

if TYPE_CHECKING:  # a command that writes no figure imports no figure machinery
    from actviz.render.canvas import FigureSpec, LanguageSetup


def fit_result(target: str | None, activations: str, config: FitConfig, *,
               spec: FigureSpec | None = None,
               output: str | os.PathLike | None = None) -> FitExperiment:
    """Train every activation of ``activations`` (the option's text: names, patterns or
    formulas) on ``target`` (a formula, a name, or ``None`` for cos(x) + 1).

    The figure file (when ``output`` is given), the configuration and the activations are
    checked before any training.
    """
    from actviz.analysis.fit import (
        parse_activation_list,
        resolve_activations,
        resolve_target,
        run_fit,
    )

    if output is not None:
        from actviz.render.canvas import FigureSpec, check_figure

        check_figure(spec or FigureSpec(), output)
    config.check()
    chosen = resolve_activations(parse_activation_list(activations))
    return run_fit(chosen, resolve_target(target), config)


def write_fit_figure(experiment: FitExperiment, spec: FigureSpec,
                     path: str | os.PathLike) -> LanguageSetup:
    """The panel grid of ``experiment`` saved to ``path`` atomically; the caller prints the
    language setup's ``warning`` (no CJK font)."""
    from actviz.render.canvas import draw_and_save
    from actviz.render.report_figures import fit_figure

    return draw_and_save(lambda lang: fit_figure(experiment, spec, lang), spec, path)
