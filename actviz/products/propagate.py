"""``propagate``: mean-field signal propagation per activation, as tables and a phase diagram."""

from __future__ import annotations

from typing import Any, Sequence

from actviz.activations.registry import BoundActivation, select
from actviz.analysis.depth import DepthResult, DepthSettings
from actviz.analysis.propagation import (
    DEFAULT_CONTOUR_LAYERS,
    PropagationReport,
    phase_diagram,
    propagation_report,
)
from actviz.options import PROPAGATE
from actviz.products.base import NetworkResult, takes
from actviz.products.checks import propagate_settings

_DIAGRAM_TOP = 1.0  # the phase diagram's σ_b² axis reaches at least this far


class PropagateResult(NetworkResult):
    """``actviz.propagate(...)``: ``report`` (a :class:`~actviz.analysis.propagation.
    Propagation` per activation in ``report.activations``: ``q_star``, ``chi1``, ``c_star``,
    ``chi_c``, ``xi_q``, ``xi_c``, ``decade_depth``, ``critical_sigma_w2``,
    ``q_star_at_critical``, ``phase``; ``None`` where undefined), with ``depth=L`` the
    predicted gradient per layer (``report.predicted``) and the measured one (``measured``),
    its tables, JSON, and its figure: the phase diagram (and the gradient per layer)."""

    def __init__(self, activations: Sequence[BoundActivation], settings: DepthSettings | None,
                 options: dict) -> None:
        super().__init__(activations, settings, options)
        self._measured: DepthResult | None = None

    @property
    def report(self) -> PropagationReport:
        """Computed on first use."""
        if self._report is None:
            self._report = propagation_report(
                self.activations, self.options["sigma_w2"], self.options["sigma_b2"],
                None if self.depth_settings is None else self.depth_settings.layers)
        return self._report

    @property
    def measured(self) -> DepthResult | None:
        """The depth experiment with the same σ_w², σ_b² and depth (``None`` without depth)."""
        if self._measured is None and self.depth_settings is not None:
            from actviz.analysis.depth import depth_experiment

            self._measured = depth_experiment(self.activations, self.depth_settings)
        return self._measured

    def _sheets(self, fmt: str):
        from actviz.render.export import propagation_sheets

        return propagation_sheets(self.report, self.measured, "csv" if fmt == "html" else fmt)

    def _json_data(self) -> dict:
        from actviz.render.export import propagation_json

        return propagation_json(self.report, self.measured)

    def document(self, fmt: str, precision: int | None = None) -> str:
        """What ``--format fmt`` prints (csv, markdown, latex or json)."""
        from actviz.render.export import sheets_text

        if fmt == "json":
            return self.to_json()
        return sheets_text(self._sheets(fmt), fmt, self._precision(precision))

    def rich(self, precision: int | None = None):
        from actviz.render.tables import PropagationTables

        return PropagationTables(self.report, self.measured, self._precision(precision))

    @property
    def work_warnings(self) -> list[str]:
        """A measured forward pass that overflowed float64 (its gradients are nan)."""
        return self.overflow_warnings(self.measured)

    def _diagrams(self):
        top = max(_DIAGRAM_TOP, 1.5 * self.options["sigma_b2"])
        layers = self.depth_settings.layers if self.depth_settings is not None else None
        return [phase_diagram(act, top, layers or DEFAULT_CONTOUR_LAYERS)
                for act in self.activations]

    def _build(self, lang: str):
        from actviz.render.report_figures import propagation_figure

        return propagation_figure(self.report, self._diagrams(), self.measured, self.spec, lang)

    def _draw(self, axes, lang: str) -> None:
        from actviz.render.report_figures import draw_propagation

        draw_propagation(axes, self.report, self._diagrams(), self.measured, lang)

    def _summary(self) -> str:
        depth = f", depth {self.depth_settings.layers}" if self.depth_settings else ""
        return (f"{len(self.activations)} activations at σ_w² = {self.options['sigma_w2']:g}, "
                f"σ_b² = {self.options['sigma_b2']:g}{depth}")


@takes(PROPAGATE)
def propagate(names: str | Sequence[str] = (), **options: Any) -> PropagateResult:
    """Mean-field signal propagation of each activation ``names`` select (every one when
    none) in a wide random network with weights N(0, sigma_w2/fan_in) and biases
    N(0, sigma_b2): the fixed point q* of the length map, χ₁, the correlation fixed point c*
    and χ_c, the depth scales ξ_q and ξ_c, the depth of a tenfold gradient change, and the
    critical σ_w² at this sigma_b2.  ``depth=L`` adds the gradient per layer, predicted and
    measured in a random net of ``width`` units (``seed``) (``actviz propagate``).
    """
    patterns = [names] if isinstance(names, str) else list(names)
    given = PROPAGATE.bind(options)
    return PropagateResult(select(patterns), propagate_settings(given, options), given)
