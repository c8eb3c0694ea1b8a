"""``saturation``: where each activation's gradient vanishes, as tables and as a figure."""

from __future__ import annotations

from typing import Any, Sequence

from actviz.activations.registry import select
from actviz.analysis.saturation import SaturationReport, has_saturation_profile, saturation_report
from actviz.options import SATURATION
from actviz.products.base import NetworkResult, takes
from actviz.products.checks import depth_settings


class SaturationResult(NetworkResult):
    """``actviz.saturation(...)``: ``report`` (one profile per activation in
    ``report.activations``, and ``report.depth`` with ``depth=L``), its tables (``.rows``: one
    per activation), its JSON, and its figure: |f′(x)| on a log scale (and the gradient per
    layer)."""

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

    def _summary(self) -> str:
        depth = f", depth {self.depth_settings.layers}" if self.depth_settings else ""
        return (f"{len(self.activations)} activations at threshold "
                f"{self.options['threshold']:g}{depth}")


@takes(SATURATION)
def saturation(names: str | Sequence[str] = (), **options: Any) -> SaturationResult:
    """Where the gradient of each activation ``names`` select (every one with a
    saturation profile when none: not the periodic ones) vanishes at ``threshold`` T: the largest |f′| and where, the x where |f′| ≥ T, the sides where
    |f′| → 0, and for x ~ N(0, sigma²) P(|f′| < T), P(f′ = 0) and E|f′|.  ``depth=L`` adds
    the vanishing-gradient experiment through L random layers (``width``, ``init``,
    ``seed``); ``fig_width``/``fig_height`` size the figure (``actviz saturation``).
    """
    patterns = [names] if isinstance(names, str) else list(names)
    given = SATURATION.bind(options)
    settings = depth_settings(given, options)
    activations = select(patterns)
    if not patterns:  # 'all' leaves out the periodic ones, which have no profile
        activations = [act for act in activations if has_saturation_profile(act)]
    return SaturationResult(activations, settings, given)
