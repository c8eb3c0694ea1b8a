"""``saturation``: where each activation's gradient vanishes, as tables and as a figure."""

from __future__ import annotations

from typing import Any, Sequence

from actviz.analysis.saturation import SaturationReport, saturation_report
from actviz.options import SATURATION
from actviz.products.base import NetworkResult, takes
from actviz.products.checks import activation_patterns, depth_settings, saturation_activations


class SaturationResult(NetworkResult):
    """``actviz.saturation(...)``: ``report`` (one profile per activation in
    ``report.activations``, and ``report.depth`` with ``depth=L``), its tables (``.rows``: one
    per activation), its JSON, and its figure: |f′(x)| on a log scale (and the gradient per
    layer)."""

    kind = SATURATION.name

    @property
    def report(self) -> SaturationReport:
        """Computed on first use (the depth experiment may take a while)."""
        if self._report is None:
            self._report = saturation_report(self.activations, self.options["threshold"],
                                             self.options["sigma"], self.depth_settings)
        return self._report

    def _sheets(self, fmt: str):
        from actviz.render.export import saturation_sheets

        precision = self._precision(None)
        return saturation_sheets(self.report, "csv" if fmt == "html" else fmt, precision)

    def _json_data(self) -> dict:
        from actviz.render.export import saturation_json

        return saturation_json(self.report)

    def document(self, fmt: str, precision: int | None = None) -> str:
        """What ``--format fmt`` prints (csv, markdown, latex or json)."""
        from actviz.render.export import saturation_text

        return saturation_text(self.report, fmt, self._precision(precision))

    def rich(self, precision: int | None = None):
        from actviz.render.tables import saturation_tables

        return saturation_tables(self.report, self._precision(precision))

    @property
    def work_warnings(self) -> list[str]:
        """A forward pass that overflowed float64 (its gradients are nan)."""
        return self.overflow_warnings(self.report.depth)

    def _curves(self):
        from actviz.analysis.slope_curves import slope_curves

        return slope_curves(self.activations, self.report.activations)

    def _build(self, lang: str):
        from actviz.render.report_figures import saturation_figure

        return saturation_figure(self.report, self._curves(), self.spec, lang)

    def _draw(self, axes, lang: str) -> None:
        from actviz.render.report_figures import draw_saturation

        draw_saturation(axes, self.report, self._curves(), lang)

    def _settings_summary(self) -> str:
        return f"threshold {self.options['threshold']:g}"


@takes(SATURATION)
def saturation(names: str | Sequence[str] | None = None, **options: Any) -> SaturationResult:
    """Where the gradient of each activation ``names`` select (every one when not given; an
    empty list is an error; a wildcard leaves out the periodic ones, which have no saturation
    profile) vanishes at ``threshold`` T: the largest |f′| and where, the x where |f′| ≥ T,
    the sides where |f′| → 0, and for x ~ N(0, sigma²) P(|f′| < T), P(f′ = 0) and E|f′|.
    ``depth=L`` adds the vanishing-gradient experiment through L random layers (``width``,
    ``init``, ``seed``); ``fig_width``/``fig_height`` size the figure (``actviz saturation``).
    """
    patterns = activation_patterns(names, every_when_none=True)
    given = SATURATION.bind(options)
    settings = depth_settings(given, options)
    return SaturationResult(saturation_activations(patterns), settings, given)
