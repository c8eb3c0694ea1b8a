"""``info``: an activation's card, or the guide to choosing one."""

from __future__ import annotations

from typing import Any

from actviz.options import INFO
from actviz.products.base import Result, takes
from actviz.products.checks import check_info


class InfoResult(Result):
    """``actviz.info(...)``: ``card`` (:class:`actviz.analysis.cards.Card`: formulas,
    parameters, properties, numbers, notes) or, with ``guide=True``, ``guide``; as Markdown,
    JSON or the terminal's panel.  Jupyter shows the Markdown."""

    def __init__(self, data: Any, options: dict) -> None:
        super().__init__(options)
        self.data = data

    @property
    def card(self):
        return None if self.options["guide"] else self.data

    @property
    def guide(self):
        return self.data if self.options["guide"] else None

    def _renderers(self):
        from actviz.render import documents

        if self.options["guide"]:
            return documents.guide_markdown, documents.guide_panel
        return documents.card_markdown, documents.card_panel

    def to_markdown(self) -> str:
        return self._renderers()[0](self.data)

    def to_json(self, ascii_only: bool = False) -> str:
        """The JSON ``actviz info --format json`` prints."""
        from actviz.render.export import json_text

        return json_text(self.data.to_json(), ascii_only=ascii_only)

    def rich(self):
        return self._renderers()[1](self.data)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _summary(self) -> str:
        what = "the guide" if self.options["guide"] else self.data.spec
        return f"{what} ({self.options['lang']})"


@takes(INFO)
def info(name: str | None = None, **options: Any) -> InfoResult:
    """What to know about activation ``name`` (``"elu:alpha=0.5"``: numbers at that value),
    or with ``guide=True`` which activation to use and why; ``lang`` is ``en`` or ``zh``
    (``actviz info``)."""
    given = INFO.bind(options)
    check_info(name, given)
    if given["guide"]:
        from actviz.analysis.guide import guide_facts
        from actviz.render.documents import build_guide

        return InfoResult(build_guide(guide_facts(), given["lang"]), given)
    from actviz.analysis.cards import build_card

    return InfoResult(build_card(name, given["lang"]), given)
