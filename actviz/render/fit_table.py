"""The rich table behind ``actviz fit``: per activation, how well the tiny network fits."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from actviz.analysis.fit import FitExperiment
from actviz.render.labels import text
from actviz.render.numbers import pi_fraction, pi_text, significant

if TYPE_CHECKING:
    from rich.table import Table

    from actviz.render.sheets import Sheet


MSE_DIGITS = 4


def mse_text(value: float, lang: str = "en") -> str:
    """A mean squared error in the table and the figure: 4 significant digits, or "diverged"."""
    return text("fit_diverged_mse", lang) if math.isnan(value) else significant(value, MSE_DIGITS)


def x_text(value: float) -> str:
    """An interval end for titles: ``2π`` for a multiple of π/2, else 4 significant digits."""
    fraction = pi_fraction(value, (1, 2))
    return pi_text(*fraction) if fraction else significant(value, 4)


def fit_table(experiment: FitExperiment, lang: str = "en") -> "Table":
    """Activation, best and median MSE over the restarts, restarts that ended with a dead unit.

    The caption gives the least-squares line's MSE: the floor an identity network cannot beat.
    """
    from rich.table import Table
    from rich.text import Text

    config = experiment.config
    table = Table(
        title=Text(text("fit_table", lang, target=experiment.target, xmin=x_text(config.xmin),
                        xmax=x_text(config.xmax), hidden=config.hidden)),
        caption=Text(text("fit_line", lang, mse=mse_text(experiment.line_mse, lang))),
        header_style="bold",
    )
    table.add_column(text("fit_activation", lang), style="bold cyan", no_wrap=True)
    table.add_column(text("fit_best", lang), justify="right")
    table.add_column(text("fit_median", lang), justify="right")
    table.add_column(text("fit_dead_restarts", lang), justify="right")
    for fit in experiment.fits:
        dead = f"{fit.dead_restarts}/{config.restarts}"
        if fit.diverged_restarts:
            dead += " " + text("fit_diverged", lang, count=fit.diverged_restarts)
        table.add_row(fit.label, mse_text(fit.best_mse, lang), mse_text(fit.median_mse, lang), dead)
    return table


def fit_sheet(experiment: FitExperiment, lang: str = "en") -> "Sheet":
    """The table as a sheet (HTML, Markdown, CSV): the same columns, MSEs unrounded for CSV."""
    from actviz.render.sheets import TEXT, Column, Sheet

    config, fits = experiment.config, experiment.fits
    dead = [f"{fit.dead_restarts}/{config.restarts}" for fit in fits]
    columns = (
        Column("activation", text("fit_activation", lang), [fit.label for fit in fits], TEXT),
        Column("best_mse", text("fit_best", lang), [fit.best_mse for fit in fits]),
        Column("median_mse", text("fit_median", lang), [fit.median_mse for fit in fits]),
        Column("dead_restarts", text("fit_dead_restarts", lang), dead, TEXT),
    )
    title = text("fit_table", lang, target=experiment.target, xmin=x_text(config.xmin),
                 xmax=x_text(config.xmax), hidden=config.hidden)
    return Sheet(title, columns, text("fit_line", lang, mse=mse_text(experiment.line_mse, lang)))
