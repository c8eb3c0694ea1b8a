"""One activation's card as plain data, for ``actviz info NAME``.

The card gathers what the declaration states (formula, parameters, properties, reference, the
notes in the requested language) and adds the numbers that make it concrete, computed at the
bound parameter values: max |f'| and where (:func:`actviz.analysis.peaks.peak_abs_derivative`),
f(0) and f'(0), and what the largest slope becomes over :data:`DEPTH` layers when it is below 1
(sigmoid: 0.25^10 ≈ 9.5e-7, the vanishing gradient in one number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actviz.activations.registry import BoundActivation, FrameworkName, Notes, Properties, get
from actviz.analysis.peaks import Peak, peak_abs_derivative
from actviz.jsonable import json_number

# How many layers the card multiplies the largest slope over: deep enough to show vanishing.
DEPTH = 10


@dataclass(frozen=True)
class ParameterRow:
    """One parameter as the card shows it: its value here, default, valid range and meaning."""

    name: str
    symbol: str
    value: float
    default: float
    range: str
    meaning: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "symbol": self.symbol, "value": self.value,
                "default": self.default, "range": self.range, "meaning": self.meaning}


@dataclass(frozen=True)
class Card:
    """Everything ``actviz info`` shows about one bound activation, in one language.

    ``notes`` are the declaration's notes in ``notes_lang``: the requested language, else
    English, else ``None`` (a plugin or formula activation may have none).
    """

    lang: str
    name: str
    spec: str
    title: str
    label: str
    family: str
    aliases: tuple[str, ...]
    params: dict[str, float]
    formula: str
    derivative_formula: str
    parameters: tuple[ParameterRow, ...]
    properties: Properties
    peak: Peak
    value_at_zero: float
    slope_at_zero: float
    breakpoints: tuple[float, ...]
    at_breakpoints: str
    summary: str
    reference: str
    uses: tuple[str, ...]
    notes: Notes | None
    notes_lang: str | None
    framework: str | None = None  # whose defaults the parameters started from (elu@keras)
    frameworks: tuple[FrameworkName, ...] = ()  # how each framework ships it

    @property
    def depth_gain(self) -> float | None:
        """(max |f'|)^DEPTH: the most the activation alone lets a gradient keep over DEPTH
        layers; ``None`` when max |f'| ≥ 1 (the activation then does not make it vanish) or
        is 0 (nothing passes at all)."""
        value = self.peak.value
        return value**DEPTH if 0 < value < 1 else None

    def to_json(self) -> dict[str, Any]:
        notes = self.notes
        return {
            "name": self.name,
            "spec": self.spec,
            "title": self.title,
            "label": self.label,
            "family": self.family,
            "aliases": list(self.aliases),
            "lang": self.lang,
            "notes_lang": self.notes_lang,
            "params": dict(self.params),
            "formula": self.formula,
            "derivative_formula": self.derivative_formula,
            "parameters": [row.to_json() for row in self.parameters],
            "properties": self.properties.to_json(),
            **self.peak.to_json(),
            "at_zero": {"f": json_number(self.value_at_zero),
                        "derivative": json_number(self.slope_at_zero)},
            "depth": DEPTH,
            "depth_gain": json_number(self.depth_gain),
            "breakpoints": list(self.breakpoints),
            "at_breakpoints": self.at_breakpoints,
            "summary": self.summary,
            "lesson": notes.lesson if notes else None,
            "strengths": list(notes.strengths) if notes else [],
            "weaknesses": list(notes.weaknesses) if notes else [],
            "where_used": notes.where_used if notes else None,
            "uses": list(self.uses),
            "reference": self.reference,
            "framework": self.framework,
            "frameworks": [shipped.to_json(self.lang) for shipped in self.frameworks],
        }


def build_card(spec: str | BoundActivation, lang: str = "en") -> Card:
    """The card of ``spec`` (``"elu"``, ``"elu:alpha=0.5"`` or a bound activation) in ``lang``.

    Raises :class:`UnknownActivationError` or :class:`ParameterError` for a bad spec.
    """
    bound = get(spec)
    activation = bound.activation
    notes_lang = next((code for code in (lang, "en") if activation.notes_in(code)), None)
    notes = activation.notes_in(notes_lang) if notes_lang else None
    translated = activation.notes_in(lang)  # parameter meanings and kink rule: this language only
    return Card(
        lang=lang,
        name=activation.name,
        spec=bound.spec,
        title=activation.title,
        label=bound.label,
        family=activation.family,
        aliases=tuple(activation.aliases),
        params=dict(bound.params),
        formula=activation.formula,
        derivative_formula=activation.derivative_formula,
        parameters=_parameter_rows(bound, translated),
        properties=bound.properties,
        peak=peak_abs_derivative(bound),
        value_at_zero=float(bound(0.0)),
        slope_at_zero=float(bound.derivative(0.0)),
        breakpoints=bound.breakpoints,
        at_breakpoints=(translated and translated.at_breakpoints) or activation.at_breakpoints,
        summary=activation.summary,
        reference=activation.reference,
        uses=tuple(activation.uses),
        notes=notes,
        notes_lang=notes_lang,
        framework=bound.framework,
        frameworks=tuple(activation.frameworks),
    )


def _parameter_rows(bound: BoundActivation, notes: Notes | None) -> tuple[ParameterRow, ...]:
    """The parameters with their meaning in the notes' language, else the declaration's."""
    meanings = notes.parameters if notes else {}
    return tuple(
        ParameterRow(
            name=p.name,
            symbol=p.label,
            value=bound.params[p.name],
            default=p.default,
            range=p.interval_text(),
            meaning=meanings.get(p.name) or p.meaning,
        )
        for p in bound.activation.parameters
    )
