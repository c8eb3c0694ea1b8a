"""``softmax``: probabilities from logits at each temperature, as tables and as a bar chart."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Sequence

from actviz.analysis.softmax import SoftmaxReport, softmax_report
from actviz.errors import OptionError

if TYPE_CHECKING:  # a command that writes no figure imports no figure machinery
    from actviz.render.canvas import FigureSpec, LanguageSetup


def softmax_result(
    logits: Sequence[str | float], temperatures: str | Sequence[float], *,
    jacobian: bool = False, explain: bool = False, fmt: str = "rich",
    spec: FigureSpec | None = None, output: str | os.PathLike | None = None,
) -> SoftmaxReport:
    """The softmax report, after checking the figure file (when ``output`` is given) and that
    the format ``fmt`` can hold what is asked for."""
    if output is not None:
        from actviz.render.canvas import FigureSpec, check_figure

        check_figure(spec or FigureSpec(), output)
    if explain and fmt == "csv":
        raise OptionError("--explain has no CSV form: use --format rich, markdown or json")
    return softmax_report(logits, temperatures, jacobian=jacobian, explain=explain)


def write_softmax_figure(report: SoftmaxReport, spec: FigureSpec,
                         path: str | os.PathLike) -> LanguageSetup:
    """The bar chart of ``report`` saved to ``path`` atomically; the caller prints the
    language setup's ``warning`` (no CJK font)."""
    from actviz.render.canvas import draw_and_save
    from actviz.render.report_figures import softmax_figure

    return draw_and_save(lambda lang: softmax_figure(report, spec, lang), spec, path)
