"""The rich table behind ``actviz list``."""

from __future__ import annotations

from typing import Any, Iterable

from rich.table import Table



def _parameters_text(record: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in record["parameters"].items()) or "—"


def _properties_text(props: dict[str, Any]) -> str:
    """The key properties as a few short words, so the table fits an 80-column terminal."""
    words = [props["continuity"], "monotonic" if props["monotonic"] else "non-monotonic"]
    if props["zero_centred"]:
        words.append("zero-centred")
    if props["saturating"] != "none":
        words.append(f"saturates {props['saturating']}")
    if props["identity_near_origin"]:
        words.append("≈ x near 0")
    return ", ".join(words)


def listing_table(records: Iterable[dict[str, Any]]) -> Table:
    """One row per activation: name, formula, range, parameters and key properties."""
    table = Table(title="Registered activations", header_style="bold", expand=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("formula", ratio=3)
    table.add_column("range", no_wrap=True)
    table.add_column("parameters", ratio=1)
    table.add_column("properties", ratio=2)
    for record in records:
        name = record["name"]
        if record["aliases"]:
            name += "\n[dim]" + "\n".join(record["aliases"]) + "[/dim]"
        table.add_row(
            name,
            plain_formula(record["formula"]),
            record["properties"]["range"],
            _parameters_text(record),
            _properties_text(record["properties"]),
        )
    return table


_MATHTEXT_WORDS = {
    r"\sigma": "σ", r"\alpha": "α", r"\beta": "β", r"\lambda": "λ", r"\Phi": "Φ",
    r"\varphi": "φ", r"\pi": "π", r"\tanh": "tanh", r"\log": "log", r"\ln": "ln",
    r"\max": "max", r"\min": "min", r"\leq": "≤", r"\geq": "≥", r"\neq": "≠",
    r"\mathrm{sech}": "sech", r"\mathrm{if}": "if", r"\mathrm{else}": "else",
    r"\mathrm{otherwise}": "otherwise", r"\,": " ", r"\ ": " ", r"\left": "", r"\right": "",
    r"\sqrt": "√",
}


def plain_formula(mathtext: str) -> str:
    """Mathtext as readable terminal text: Greek letters, a/b fractions, e^(...) powers.

    Innermost groups are rewritten first, so nested ones (sigmoid's
    ``\\frac{1}{1 + e^{-x}}``) come out as ``1/(1 + e^-x)``.
    """
    import re

    text = mathtext
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\^\{([^{}]*)\}", lambda m: "^" + _grouped(m.group(1)), text)
        text = re.sub(
            r"\\frac\{([^{}]*)\}\{([^{}]*)\}(\s*)(?=(\\?[A-Za-z(])?)",
            lambda m: f"{_grouped(m.group(1))}/{_grouped(m.group(2))}"
            + (" " if m.group(4) else m.group(3)),
            text,
        )
    for word, symbol in _MATHTEXT_WORDS.items():
        text = text.replace(word, symbol)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def _grouped(term: str) -> str:
    """``term`` alone if it is one symbol or number (``-x``, ``2``, ``\\beta``), else in ( )."""
    bare = term.strip()
    simple = bare.lstrip("-").replace(".", "").isalnum() or (
        bare.startswith("\\") and bare[1:].isalpha()
    )
    return bare if simple else f"({bare})"
