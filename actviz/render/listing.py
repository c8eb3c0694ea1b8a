"""The rich table behind ``actviz list``.

Apart from :mod:`actviz.render.tables` for start-up's sake: ``actviz list`` computes nothing,
and this module imports only rich's table and the words (no sheets, no analysis, no numpy).
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

from actviz.render.words import significant, to_plain

# Below this many columns five columns leave the formula a few characters: each activation
# then gets two columns, its name and the rest on lines of their own (folded, never cut).
WIDE_COLUMNS = 90
FORMULA_MIN_WIDTH = 20  # a formula narrower than this reads as a column of fragments


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


def _name_text(record: dict[str, Any]) -> str:
    name = record["name"] + (f"@{record['framework']}" if record["framework"] else "")
    if record["aliases"]:
        name += "\n[dim]" + "\n".join(record["aliases"]) + "[/dim]"
    return name


def _longest_word(texts: Iterable[str]) -> int:
    """The widest word of ``texts``: a column narrower than it would cut that word."""
    return max((len(word) for text in texts for word in text.split()), default=1)


class ListingTable:
    """One row per activation: name, formula, range, parameters and key properties; in a
    terminal narrower than :data:`WIDE_COLUMNS`, the name and the rest on lines below it."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records = list(records)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide_enough = options.max_width >= max(WIDE_COLUMNS, self._wide_minimum())
        yield self.wide() if wide_enough else self.narrow()

    def _wide_minimum(self) -> int:
        """The columns five columns need so that no name, range or word is cut: the widest
        of each, :data:`FORMULA_MIN_WIDTH` for the formula, and the borders and padding."""
        names = max(len(line) for r in self.records
                    for line in [r["name"] + (f"@{r['framework']}" if r["framework"] else ""),
                                 *r["aliases"]])
        ranges = max(len(r["properties"]["range"]) for r in self.records)
        words = _longest_word(_properties_text(r["properties"]) for r in self.records)
        parameters = _longest_word(_parameters_text(r) for r in self.records)
        return names + ranges + words + parameters + FORMULA_MIN_WIDTH + 16  # 6 borders, 10 pads

    def wide(self) -> Table:
        properties = [_properties_text(r["properties"]) for r in self.records]
        table = _titled_table()
        table.add_column("name", style="bold cyan", no_wrap=True)
        table.add_column("formula", ratio=3, min_width=FORMULA_MIN_WIDTH)
        table.add_column("range", no_wrap=True)
        table.add_column("parameters", ratio=1,
                         min_width=_longest_word(_parameters_text(r) for r in self.records))
        table.add_column("properties", ratio=2, min_width=_longest_word(properties))
        for record, words in zip(self.records, properties):
            table.add_row(_name_text(record), to_plain(record["formula"]),
                          record["properties"]["range"], _parameters_text(record), words)
        return table

    def narrow(self) -> Table:
        table = _titled_table()
        table.add_column("name", style="bold cyan", no_wrap=True)
        table.add_column("formula · range · parameters · properties", overflow="fold")
        for record in self.records:
            about = "\n".join((
                to_plain(record["formula"]),
                f"range {record['properties']['range']}; parameters {_parameters_text(record)}",
                _properties_text(record["properties"]),
            ))
            table.add_row(_name_text(record), about)
        return table


def _titled_table() -> Table:
    return Table(title="Registered activations", header_style="bold", expand=False)


def listing_table(records: Iterable[dict[str, Any]]) -> ListingTable:
    """The table of ``records`` (see :class:`ListingTable`), laid out for the console's width."""
    return ListingTable(records)
