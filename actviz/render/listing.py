"""The rich table behind ``actviz list``.

Apart from :mod:`actviz.render.tables` for start-up's sake: ``actviz list`` computes nothing,
and this module imports only rich's table and the words (no sheets, no analysis, no numpy).
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.table import Table

from actviz.render.words import significant, to_plain


def _parameters_text(record: dict[str, Any]) -> str:
    return ", ".join(f"{k}={significant(v)}" for k, v in record["params"].items()) or "—"


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
        name = record["name"] + (f"@{record['framework']}" if record["framework"] else "")
        if record["aliases"]:
            name += "\n[dim]" + "\n".join(record["aliases"]) + "[/dim]"
        table.add_row(
            name,
            to_plain(record["formula"]),
            record["properties"]["range"],
            _parameters_text(record),
            _properties_text(record["properties"]),
        )
    return table
