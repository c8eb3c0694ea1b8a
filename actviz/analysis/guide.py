"""The "which activation should I use?" guide with its numbers filled in, as plain data.

The advice is written in :mod:`actviz.activations.guide`; the numbers it quotes (σ′ ≤ 0.25,
0.25^10 ≈ 9.5e-7, tanh′(5) ≈ 1.8e-4) are computed here from the registry's own activations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actviz.activations.guide import GUIDE
from actviz.activations.registry import get
from actviz.analysis.cards import DEPTH
from actviz.analysis.peaks import peak_abs_derivative


@dataclass(frozen=True)
class GuideItem:
    """One piece of advice in one language, numbers filled in."""

    text: str
    names: tuple[str, ...]
    use: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "names": list(self.names), "use": self.use or None}


@dataclass(frozen=True)
class GuideSection:
    key: str
    items: tuple[GuideItem, ...]


@dataclass(frozen=True)
class Guide:
    """The guide in ``lang``: sections of advice, and the numbers quoted in it."""

    lang: str
    sections: tuple[GuideSection, ...]
    facts: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "sections": [{"key": s.key, "items": [i.to_json() for i in s.items]}
                         for s in self.sections],
            "facts": dict(self.facts),
        }


def guide_facts() -> dict[str, float]:
    """The numbers the guide quotes, from the registry: peak slopes and what DEPTH layers do."""
    sigmoid_peak = peak_abs_derivative(get("sigmoid")).value
    relu_peak = peak_abs_derivative(get("relu")).value
    tanh = get("tanh")
    return {
        "depth": DEPTH,
        "sigmoid_peak": sigmoid_peak,
        "sigmoid_gain": sigmoid_peak**DEPTH,
        "tanh_peak": peak_abs_derivative(tanh).value,
        "tanh_at_2": float(tanh.derivative(2.0)),
        "tanh_at_5": float(tanh.derivative(5.0)),
        "relu_peak": relu_peak,
        "relu_gain": relu_peak**DEPTH,
    }


def short_number(value: float) -> str:
    """Three significant digits, exponent without padding: 0.25, 0.0707, 9.54e-7."""
    text = f"{value:.3g}"
    return text.replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


def build_guide(lang: str = "en") -> Guide:
    """The guide in ``lang`` (English where a text has no translation)."""
    facts = guide_facts()
    words = {key: short_number(value) for key, value in facts.items()}
    sections = tuple(
        GuideSection(section.key, tuple(
            GuideItem(advice.text.get(lang, advice.text["en"]).format(**words), advice.names,
                      advice.use)
            for advice in section.advice
        ))
        for section in GUIDE
    )
    return Guide(lang, sections, facts)
