"""What every result of the API has: a figure to show, draw or save; a table to export.

A result is a plain object made by a product function (``actviz.plot(...)``): its numbers are
attributes, and it draws or writes only when asked.

- :class:`FigureResult`: ``.figure()`` a new matplotlib Figure in the house style (the style
  and fonts are applied around the drawing only, so matplotlib's global state is untouched);
  ``.draw(ax)`` or ``.draw((ax_f, ax_df))`` onto the caller's Axes; ``.save(path)``, atomic,
  with the checks and errors of ``-o``; in Jupyter, the figure as a PNG (or SVG).
- :class:`TableResult`: ``.to_csv()``, ``.to_markdown()``, ``.to_latex()``, ``.to_json()``
  (exactly what the command prints), ``.rows`` (dicts keyed by the CSV headers, unrounded),
  ``.to_pandas()``, and in Jupyter an HTML table.

A subclass says how to build its figure (:meth:`FigureResult._build`), how to draw on given
Axes (:meth:`FigureResult._draw`, with :attr:`FigureResult.panels` Axes), and which sheets
and JSON it has (:meth:`TableResult._sheets`, :meth:`TableResult._json_data`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence, TextIO

from actviz.errors import OptionError
from actviz.options import API, PLOT, SATURATION, Command

if TYPE_CHECKING:  # matplotlib is imported only by code that draws
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from actviz.render.canvas import FigureSpec
    from actviz.render.export import Sheet


def takes(command: "Command"):
    """Give a product function the signature of its command's keywords, so that ``help()``
    and a notebook's completion show them (``plot(name, *, derivative=False, ...)``); the
    function itself takes ``**options`` and binds them with ``command.bind``."""
    import inspect

    def decorate(function):
        signature = inspect.signature(function)
        fixed = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        keywords = [inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY,
                                      default=option.default)
                    for option in command.taken_by(API)]
        function.__signature__ = signature.replace(parameters=fixed + keywords)
        return function

    return decorate


class Result:
    """A command's result: ``options`` are its keywords, checked, with the defaults filled in."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)

    @property
    def announcements(self) -> list[str]:
        """What to say before any work (a long experiment's estimate), one line each."""
        return []

    @property
    def warnings(self) -> list[str]:
        """Every warning of the result, one line each: :attr:`announcements` first, then
        what the work found (:attr:`work_warnings`)."""
        return []

    @property
    def work_warnings(self) -> list[str]:
        """The warnings the work found: :attr:`warnings` after the announcements."""
        return self.warnings[len(self.announcements):]

    def _summary(self) -> str:
        """What ``repr`` shows after the class name: a few words, no numbers dump."""
        return ""

    def __repr__(self) -> str:
        summary = self._summary()
        return f"<{type(self).__name__}{' ' + summary if summary else ''}>"


class FigureResult(Result):
    """A result that is a figure; see the module docstring."""

    #: names of the figure-size keywords (saturation's ``width`` is its network's)
    size_options = PLOT.size_options
    #: the language setup's warning of the last drawing (no CJK font for ``lang="zh"``)
    warning: str | None = None

    @property
    def spec(self) -> "FigureSpec":
        """How the figure looks: the figure keywords as the render layer takes them."""
        from actviz.products.checks import figure_spec

        return figure_spec(self.options, self.size_options)

    @property
    def panels(self) -> int:
        """How many Axes :meth:`draw` takes."""
        return 1

    def _build(self, lang: str) -> "Figure":
        """A new Figure in language ``lang``; called inside the style and fonts."""
        raise NotImplementedError

    def _draw(self, axes: Sequence["Axes"], lang: str) -> None:
        """Draw onto ``axes`` (:attr:`panels` of them); called inside the style and fonts."""
        raise NotImplementedError

    #: the command whose figure this is (its size rule: :func:`~actviz.products.checks.figure_inches`)
    kind: str = PLOT.name

    @property
    def shown(self) -> int:
        """How many things the figure shows one of each (activations; softmax: logits)."""
        return len(getattr(self, "activations", ()))

    def check_output(self, path: str | os.PathLike) -> None:
        """What ``-o path`` checks before any drawing (suffix, folder, style, title, a PNG's
        pixels), by the rule a batch config's figures are checked with."""
        from actviz.products.checks import check_figure_file

        check_figure_file(self.kind, self.options, self.spec, path, self.shown)

    def figure(self) -> "Figure":
        """A new matplotlib Figure (no pyplot: it is not shown or kept anywhere)."""
        with self._drawing() as lang:
            return self._build(lang)

    @contextlib.contextmanager
    def _drawing(self) -> Iterator[str]:
        """The style and fonts of ``spec`` while a figure is built (the style checked first,
        so a bad one is the one-line error of ``-o``); yields the language of the labels."""
        from actviz.render.canvas import check_style, drawing

        check_style(self.spec.style)
        with drawing(self.spec) as setup:
            self.warning = setup.warning
            yield setup.lang

    def draw(self, ax: "Axes | Sequence[Axes]") -> "Axes | Sequence[Axes]":
        """Draw onto the caller's Axes, one per panel (``(ax_f, ax_df)`` with a derivative),
        in the house style; returns ``ax``.  The figure's title and legend are the caller's:
        ``ax.legend()`` shows the labels of the curves."""
        axes = list(ax) if isinstance(ax, (list, tuple)) else [ax]
        if len(axes) != self.panels:
            raise OptionError(f"{self._summary() or 'this figure'} has {self.panels} panel"
                              f"{'s' if self.panels > 1 else ''}: pass {self.panels} Axes, "
                              f"not {len(axes)}")
        with self._drawing() as lang:
            self._draw(axes, lang)
        return ax

    def save(self, path: str | os.PathLike) -> Path:
        """Write the figure to ``path`` (``.png``, ``.svg`` or ``.pdf``), atomically; missing
        folders are created.  Bad options raise before anything is drawn, as for ``-o``."""
        from actviz.render.canvas import draw_and_save

        self.check_output(path)
        self.warning = draw_and_save(self._build, self.spec, path).warning
        return Path(path)

    def _image(self, fmt: str) -> bytes:
        from actviz.render.canvas import figure_bytes

        with self._drawing() as lang:
            return figure_bytes(self._build(lang), fmt, self.spec.dpi)

    def _repr_png_(self) -> bytes:
        return self._image("png")

    def to_svg(self) -> str:
        """The figure as SVG text."""
        return self._image("svg").decode("utf-8")

    # No _repr_svg_: IPython would draw the figure a second time for it, on every display.
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter's view: the PNG, drawn once (the SVG instead when only it is asked for)."""
        if include and "image/svg+xml" in include and "image/png" not in include:
            return {"image/svg+xml": self.to_svg(), "text/plain": repr(self)}
        return {"image/png": self._repr_png_(), "text/plain": repr(self)}


class TableResult(Result):
    """A result that is a table; see the module docstring.  ``precision`` (a keyword of the
    command) is the default number of significant digits of Markdown, LaTeX and HTML."""

    default_precision = 6

    def _sheets(self, fmt: str) -> list["Sheet"]:
        """The sheets of format ``fmt`` (``csv``, ``markdown``, ``latex``, ``html``)."""
        raise NotImplementedError

    def _json_data(self) -> Any:
        """What ``--format json`` prints, as plain data."""
        raise NotImplementedError

    def _precision(self, precision: int | None) -> int:
        if precision is None:
            return self.options.get("precision", self.default_precision)
        from actviz.options import precision as precision_option

        return precision_option(precision).read(precision)

    def to_csv(self) -> str:
        """CSV: every float at full precision, machine headers (``sigmoid f'(x)``)."""
        from actviz.render.export import to_csv

        return to_csv(*self._sheets("csv"))

    def csv_chunks(self) -> Iterator[str]:
        """The text of :meth:`to_csv` in pieces, for writing as it is made (one piece here;
        a long table streams its rows)."""
        yield self.to_csv()

    def json_chunks(self, ascii_only: bool = False) -> Iterator[str]:
        """The text of :meth:`to_json` in pieces (one piece here; a long table streams its
        rows)."""
        yield self.to_json(ascii_only)

    def chunks(self, fmt: str, ascii_only: bool = False) -> Iterator[str]:
        """The document of ``--format fmt`` (csv, json, markdown or latex) in pieces, for
        writing as it is made: CSV and JSON stream their rows (:meth:`csv_chunks`,
        :meth:`json_chunks`); Markdown and LaTeX are tables for reading, of at most
        :data:`~actviz.analysis.limits.READING_MAX_ROWS` rows, written whole.
        ``ascii_only`` writes JSON's non-ASCII text as ``\\u`` escapes."""
        if fmt == "csv":
            return self.csv_chunks()
        if fmt == "json":
            return self.json_chunks(ascii_only)
        return iter([getattr(self, f"to_{fmt}")()])

    def write(self, file: TextIO, fmt: str, ascii_only: bool = False) -> None:
        """Write :meth:`chunks` to the open text ``file``, each piece as it is made."""
        for chunk in self.chunks(fmt, ascii_only):
            file.write(chunk)

    def save_text(self, path: str | os.PathLike, fmt: str) -> Path:
        """Write the document of ``--format fmt`` to ``path`` as it is made, atomically (a
        temporary file beside it, renamed over it once complete); missing folders are
        created."""
        from actviz.output import atomic_output

        with atomic_output(path, "w") as file:
            self.write(file, fmt)
        return Path(path)

    def to_markdown(self, precision: int | None = None) -> str:
        """A Markdown pipe table, ``precision`` significant digits."""
        from actviz.render.export import to_markdown

        return to_markdown(*self._sheets("markdown"), precision=self._precision(precision))

    def to_latex(self, precision: int | None = None) -> str:
        """A LaTeX table (``\\usepackage{booktabs}``), ``precision`` significant digits."""
        from actviz.render.export import to_latex

        return to_latex(*self._sheets("latex"), precision=self._precision(precision))

    def to_json(self, ascii_only: bool = False) -> str:
        """The JSON the command prints with ``--format json`` (``"inf"`` for infinities)."""
        from actviz.render.export import json_text

        return json_text(self._json_data(), ascii_only=ascii_only)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One dict per row of the (first) table, keyed by the CSV headers, values unrounded."""
        from actviz.render.export import sheet_records

        return sheet_records(self._sheets("csv")[0])

    def to_pandas(self):
        """:attr:`rows` as a pandas DataFrame (pandas is optional)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(f"{type(self).__name__}.to_pandas() needs pandas, which is not "
                              "installed: pip install pandas (or use .rows, a list of dicts)"
                              ) from None
        return pandas.DataFrame.from_records(self.rows)

    def _repr_html_(self) -> str:
        from actviz.render.export import to_html

        return to_html(*self._sheets("html"), precision=self._precision(None))


class FigureTableResult(FigureResult, TableResult):
    """A result that is both a figure and tables (saturation, softmax, fit, propagate):
    Jupyter shows the figure and, below it, the tables."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {**super()._repr_mimebundle_(include, exclude), "text/html": self._repr_html_()}


class LongWorkResult(FigureTableResult):
    """A result whose work may be long (saturation, propagate, fit): what to say before it
    (:attr:`announcements`, an estimate) is known without doing it, so that a front end says
    it first, then does the work and says what it found (:attr:`work_warnings`)."""

    @property
    def warnings(self) -> list[str]:
        """:attr:`announcements`, then what the work found (:attr:`work_warnings`)."""
        return [*self.announcements, *self.work_warnings]

    @property
    def work_warnings(self) -> list[str]:
        raise NotImplementedError


class NetworkResult(LongWorkResult):
    """A result about activations sent through a random network (saturation, propagate): the
    activations, the depth experiment's settings (``None`` without ``depth``), a figure of one
    panel and, with ``depth``, a second for the gradient per layer; figure size options
    ``fig_width``/``fig_height``, since ``width`` is the network's."""

    size_options = SATURATION.size_options  # propagate's are declared alike (a test checks)
    default_precision = 4

    def __init__(self, activations: Sequence[Any], settings: Any, options: dict) -> None:
        super().__init__(options)
        self.activations = list(activations)
        self.depth_settings = settings
        self._report: Any = None

    @property
    def panels(self) -> int:
        """The activations' panel, and with ``depth`` the gradient per layer."""
        return 1 if self.depth_settings is None else 2

    def _summary(self) -> str:
        depth = f", depth {self.depth_settings.layers}" if self.depth_settings else ""
        return f"{len(self.activations)} activations at {self._settings_summary()}{depth}"

    def _settings_summary(self) -> str:
        """The settings every activation is computed at, for ``repr``."""
        raise NotImplementedError

    @property
    def announcements(self) -> list[str]:
        """What to say before any work: the depth experiment's estimate when it is long
        (:meth:`actviz.analysis.depth.DepthSettings.long_work`, the rule ``fit`` uses too)."""
        return [] if self.depth_settings is None else self.depth_settings.long_work()

    @staticmethod
    def overflow_warnings(depth: Any) -> list[str]:
        """One line per forward pass of ``depth`` (a depth experiment, or ``None``) that
        overflowed float64: its gradients are nan."""
        if depth is None:
            return []
        return [f"the forward pass of {run.key} overflowed float64: its gradients are nan"
                for run in depth.runs if not run.finite]
