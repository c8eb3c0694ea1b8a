"""``list``: the registry's activations with their formulas, parameters and properties."""

from __future__ import annotations

from typing import Any, Sequence

from actviz.products.base import Result


class Listing(Result):
    """What ``actviz list`` shows: one record per activation (``records``: name, aliases,
    parameters, properties, formulas, ...), as JSON or the terminal's table."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        super().__init__({})
        self.records = records

    def to_json(self, ascii_only: bool = False) -> str:
        from actviz.render.export import json_text

        return json_text(self.records, ascii_only=ascii_only)

    def rich(self):
        from actviz.render.listing import listing_table

        return listing_table(self.records)

    def _summary(self) -> str:
        return f"{len(self.records)} activations"


def catalog(patterns: Sequence[str] = ()) -> Listing:
    """The activations ``patterns`` name or select (every one when none); a name may carry
    parameters (``elu:alpha=2``: the properties at that value).  Reading the registry imports
    no numpy."""
    from actviz.analysis.catalog import catalog as records

    return Listing(records(patterns))
