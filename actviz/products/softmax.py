"""``softmax``: probabilities from logits at each temperature, as tables and as a bar chart."""

from __future__ import annotations

from typing import Any, Sequence

from actviz.analysis.softmax import SoftmaxReport, softmax_report
from actviz.errors import OptionError, option_name
from actviz.options import SOFTMAX
from actviz.products.base import FigureTableResult, takes
from actviz.products.checks import check_reading


class SoftmaxResult(FigureTableResult):
    """``actviz.softmax(...)``: ``report.logits`` and per temperature ``report.columns``
    (probabilities, log-probabilities, the Jacobian and the explanation when asked for); its
    table (one row per class), its JSON, and the grouped bar chart as its figure."""

    def __init__(self, report: SoftmaxReport, options: dict) -> None:
        super().__init__(options)
        self.report = report

    @property
    def lang(self) -> str:
        return self.options["lang"]

    def check_format(self, fmt: str) -> None:
        """A table for reading holds at most so many rows (logits) and columns (the Jacobian's):
        see :mod:`actviz.analysis.limits`."""
        check_reading(SOFTMAX.name, self.options, fmt, self.report.logits.size)

    def _sheets(self, fmt: str):
        from actviz.render.export import softmax_sheet

        self.check_format(fmt)
        return [softmax_sheet(self.report, self.lang)]

    def _json_data(self) -> dict:
        return self.report.to_json()

    def document(self, fmt: str, precision: int | None = None) -> str:
        """What ``--format fmt`` prints (csv, markdown or json; Markdown with the
        explanation when it was asked for)."""
        from actviz.render.export import softmax_document

        if fmt == "csv" and self.options["explain"]:
            raise OptionError(f"{option_name('explain')} has no CSV form: use --format rich, "
                              "markdown or json")
        self.check_format(fmt)
        return softmax_document(self.report, fmt, self.lang, self._precision(precision))

    def to_markdown(self, precision: int | None = None) -> str:
        return self.document("markdown", precision)

    def to_csv(self) -> str:
        return self.document("csv")

    def rich(self, precision: int | None = None):
        from actviz.render.tables import softmax_tables

        self.check_format("rich")
        return softmax_tables(self.report, self.lang, self._precision(precision))

    def bars(self):
        """The terminal's bar chart of the probabilities (rich)."""
        from actviz.render.tables import probability_bars

        return probability_bars(self.report, self.lang)

    def _build(self, lang: str):
        from actviz.render.report_figures import softmax_figure

        return softmax_figure(self.report, self.spec, lang)

    def _draw(self, axes, lang: str) -> None:
        from actviz.render.report_figures import draw_softmax

        draw_softmax(axes[0], self.report, self.spec, lang)

    def _summary(self) -> str:
        temperatures = ", ".join(f"{t:g}" for t in self.report.temperatures)
        return f"{self.report.logits.size} logits at T = {temperatures}"


@takes(SOFTMAX)
def softmax(logits: Sequence[float | str], **options: Any) -> SoftmaxResult:
    """p = softmax(z / T) of the ``logits`` z at each ``temperature`` T (a number, a list or
    ``"0.5,1,2"``), computed after subtracting max z so that no exp overflows; ``jacobian``
    adds diag(p) − ppᵀ, ``explain`` what the textbook formula gives (``actviz softmax``)."""
    if isinstance(options.get("temperature"), (int, float)):
        options = {**options, "temperature": [options["temperature"]]}
    given = SOFTMAX.bind(options)
    report = softmax_report(list(logits), given["temperature"], jacobian=given["jacobian"],
                            explain=given["explain"])
    return SoftmaxResult(report, given)
