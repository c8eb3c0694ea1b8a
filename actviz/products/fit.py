"""``fit``: a tiny network per activation fitted to a curve, as a table and as a panel grid."""

from __future__ import annotations

from typing import Any

from actviz.analysis.fit import FitConfig, FitExperiment
from actviz.options import FIT
from actviz.products.base import LongWorkResult, takes
from actviz.products.checks import fit_config

class FitResult(LongWorkResult):
    """``actviz.fit(...)``: ``experiment`` (per activation in ``experiment.fits``: the best
    and median MSE over the restarts, dead units, the best network's weights), trained on
    first use; its table, its JSON and the panel grid as its figure."""

    kind = FIT.name

    def __init__(self, activations: list, target: Any, config: FitConfig, options: dict):
        super().__init__(options)
        self.activations, self.target, self.config = activations, target, config
        self._experiment: FitExperiment | None = None

    @property
    def experiment(self) -> FitExperiment:
        if self._experiment is None:
            from actviz.analysis.fit import run_fit

            self._experiment = run_fit(self.activations, self.target, self.config)
        return self._experiment

    def _sheets(self, fmt: str):
        from actviz.render.tables import fit_sheet

        return [fit_sheet(self.experiment, self.options["lang"])]

    def _json_data(self) -> dict:
        return self.experiment.to_json()

    @property
    def announcements(self) -> list[str]:
        """One line to print before a training that takes minutes or more."""
        return self.config.long_work()

    @property
    def work_warnings(self) -> list[str]:
        """None: the training finds nothing to warn about (a diverged run is in the table)."""
        return []

    @property
    def hint(self) -> str:
        """What the command says after its table: how to see each unit's contribution."""
        from actviz.render.labels import text

        return text("fit_hint", self.options["lang"])

    def rich(self):
        from actviz.render.tables import fit_table

        return fit_table(self.experiment, self.options["lang"])

    def _build(self, lang: str):
        from actviz.render.report_figures import fit_figure

        return fit_figure(self.experiment, self.spec, lang)

    @property
    def panels(self) -> int:
        """One per activation."""
        return len(self.activations)

    def _draw(self, axes, lang: str) -> None:
        from actviz.render.report_figures import draw_fits

        draw_fits(axes, self.experiment, lang)

    def _summary(self) -> str:
        names = ", ".join(a.spec for a in self.activations)
        return f"{names} fitting {self.target.label}, {self.config.hidden} hidden units"


@takes(FIT)
def fit(**options: Any) -> FitResult:
    """The course notes' experiment: fit ``target`` (a formula or a name; cos(x) + 1 by
    default) on ``points`` points of [xmin, xmax] with ŷ = b + Σ_j v_j f(w_j x + c_j),
    ``hidden`` units of each of ``activations``, by full-batch Adam (``lr``, ``epochs``) from
    ``restarts`` initialisations of ``seed`` (``actviz fit``).  Trained on first use."""
    from actviz.analysis.fit import parse_activation_list, resolve_activations, resolve_target

    given = FIT.bind(options)
    config = fit_config(given)
    chosen = resolve_activations(parse_activation_list(given["activations"]))
    return FitResult(chosen, resolve_target(given["target"]), config, given)

