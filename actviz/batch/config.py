"""Reading a batch config: TOML in, checked jobs out, and every problem reported at once.

:func:`load_plan` reads the file with :mod:`tomllib`, checks every key of every table (the
option table is :mod:`actviz.batch.schema`), resolves the activations (:mod:`.specs`: no
formula is compiled) and expands each ``[[figure]]`` into jobs, one per output file.  Problems
are collected, not raised one by one, so a config with five mistakes is fixed in one round:
each names the file, the line, the figure and the key.  Nothing here draws or imports
matplotlib: a rerun with nothing to draw costs a read, a check and a hash per output.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from actviz.batch import schema
from actviz.batch.locations import Lines, syntax_problem
from actviz.batch.manifest import (
    actviz_version,
    digest,
    file_digest,
    house_style_digest,
    matplotlib_version,
)
from actviz.batch.outputs import (
    PLACEHOLDER,
    SAFE_NAME,
    OutputProblem,
    check_template,
    duplicates,
    linked_outside,
    linked_together,
    output_format,
    relative_output,
    shortened,
    too_long,
)
from actviz.batch.schema import BadValue, Option, options_of
from actviz.options import Choice
from actviz.batch.specs import Resolved, SpecResolver
from actviz.errors import ActvizError, OptionError
from actviz.products import checks

SECTIONS = ("defaults", "activations", "figure")

# A config is read whole by tomllib, which is pure Python: 2.5-5 µs a value, 0.5-1 s a MiB of
# numbers (measured, 2 cores); a million `at` values (5 MB) took 2.4-4 s, a million unknown
# keys (12 MB) 67 s to check.  The biggest shipped config is a few KB; a long list of x is
# `points` (or `actviz table --at`).  Refused before parsing: any file is answered in bounded
# time and memory.
MAX_CONFIG_BYTES = 2**20
# Suggestions for unknown names ("did you mean ...") cost a difflib scan each (~75 µs): the
# first ones are shown (the summary shows 3 of a kind), the rest are refused without them.
MAX_SUGGESTIONS = 100


class ConfigError(OptionError):
    """A config with problems; ``problems`` holds one line for each (exit code 2)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")

    def summary(self, shown: int = 3) -> list[str]:
        """Every problem, but at most ``shown`` of one kind (the same words, other names and
        numbers) and then a line counting the rest: 2,000 colliding outputs are a handful of
        lines on a terminal, not 2,000, and five different mistakes are still five lines."""
        counts: dict[str, int] = {}
        examples: dict[str, str] = {}
        lines: list[str] = []
        for problem in self.problems:
            kind = _PARTICULARS.sub("", problem)
            counts[kind] = counts.get(kind, 0) + 1
            examples.setdefault(kind, problem.split(": ", 1)[-1])  # without the file and line
            if counts[kind] <= shown:
                lines.append(problem)
        lines += [f"and {count - shown:,} more problems like {shortened(examples[kind])}"
                  for kind, count in counts.items() if count > shown]
        return lines


# What differs between two problems of one kind: quoted names and numbers (lines, figures).
_PARTICULARS = re.compile(r"'[^']*'|\d+")


@dataclass(frozen=True)
class Job:
    """One output file: what to make (the command ``kind`` with resolved ``options``), from
    which activations, in which format, and the hash of all of it."""

    figure: int  # the number of its [[figure]] table, from 1
    kind: str
    output: str  # relative to the output folder, "/"-separated
    fmt: str  # png, svg, pdf, csv, markdown, latex or json
    specs: tuple[str, ...]  # the activations as written (a wildcard's names)
    options: dict[str, Any]
    digest: str
    estimate: float  # seconds it may take: the longest start first

    @property
    def label(self) -> str:
        return f"figure {self.figure}, {self.output}"


@dataclass(frozen=True)
class Plan:
    """A checked config: where the outputs go, the formulas it defines, and its jobs."""

    config: Path
    out_dir: Path
    definitions: dict[str, Any]  # [activations] as plain data: each worker makes its scope
    jobs: tuple[Job, ...]

    def target(self, job: Job) -> Path:
        return self.out_dir / job.output

    @property
    def config_key(self) -> str:
        """How the manifest names this config: its path from the output folder, so that
        moving a project (config and figures together) changes nothing."""
        try:
            return Path(os.path.relpath(self.config, self.out_dir.resolve())).as_posix()
        except ValueError:  # another drive (Windows)
            return str(self.config)


def load_plan(config: str | Path, out_dir: str | Path | None = None) -> Plan:
    """Read and check ``config``; raise :class:`ConfigError` listing every problem.

    Outputs are relative to ``out_dir`` (default: the config's folder), style files to the
    config's folder.
    """
    path = Path(config)
    text = _read_config(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([syntax_problem(str(config), text, error)]) from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise ConfigError([_too_deep(config)]) from None
    folder = Path(out_dir) if out_dir is not None else path.parent
    reader = _Reader(str(config), path.resolve().parent, Lines(text))
    try:
        plan = reader.plan(data, path.resolve(), folder)
    except RecursionError:  # a value nested too deep for the checks (or the hash) to walk
        raise ConfigError([_too_deep(config)]) from None
    if reader.problems:
        raise ConfigError(reader.problems)
    return plan


def _read_config(path: Path) -> str:
    """The config's text, refused in one line (:class:`ConfigError`) when it cannot be read,
    is not UTF-8, or holds more than :data:`MAX_CONFIG_BYTES` (checked before it is read, and
    read no further than that: a pipe or a huge file costs no more than the limit)."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size  # 0 for a pipe: counted while read
            data = file.read(MAX_CONFIG_BYTES + 1) if size <= MAX_CONFIG_BYTES else b""
        if size > MAX_CONFIG_BYTES or len(data) > MAX_CONFIG_BYTES:
            raise ConfigError([_too_big(path, size)])
        return data.decode("utf-8-sig")  # an editor's byte-order mark is fine
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise ConfigError([f"cannot read the config '{path}': {reason}"]) from None


def _too_big(path: Path, size: int) -> str:
    """The refusal of a config of ``size`` bytes (0: a pipe's, of unknown size)."""
    over = f"{size:,} bytes" if size else "more"
    return (f"{path}: {over}, but a config holds at most {MAX_CONFIG_BYTES:,} bytes (1 MiB, "
            "about 1 s to read: TOML is read by pure Python): give many x values as xmin, "
            "xmax and points")


def _too_deep(config: str | Path) -> str:
    return (f"{config}: arrays or inline tables nested too deep to read: a config's values "
            "are at most a list of numbers or names")


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------


@dataclass
class _Figure:
    """One [[figure]] while it is checked (``options`` keyed as in TOML)."""

    index: int
    table: dict[str, Any]
    kind: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)  # options set in the figure itself
    activations: list[Resolved] = field(default_factory=list)

    @property
    def section(self) -> tuple:
        return ("figure", self.index)


class _Reader:
    def __init__(self, name: str, config_dir: Path, lines: Lines):
        self.name = name
        self.config_dir = config_dir
        self.lines = lines
        self._found: list[tuple[int, str]] = []
        self.definitions: dict[str, Any] = {}
        self._broken: set[str] = set()  # [activations] names whose definition has a problem
        self.resolver = SpecResolver()
        self._outputs: list[tuple[int, str]] = []  # (figure, output) as found, for duplicates
        self._suggestions = MAX_SUGGESTIONS

    def unknown(self, what: str, value: Any, known: Iterable[str], listed: str = "known") -> str:
        """:func:`_unknown`, with a suggestion for the first :data:`MAX_SUGGESTIONS` only."""
        self._suggestions -= 1
        return _unknown(what, value, known, listed, suggest=self._suggestions >= 0)

    def problem(self, section: tuple, key: str | None, message: str) -> None:
        line = self.lines.of(section, key)
        place = f"{self.name}:{line}" if line else self.name
        if section and section[0] == "figure":
            where = f"figure {section[1]}"
        elif section:
            where = "[" + ".".join(str(part) for part in section) + "]"
        else:
            where = ""
        if key is not None:
            where = f"{where} {key}".strip()
        self._found.append((line or 0, f"{place}: {where}: {message}" if where
                            else f"{place}: {message}"))

    @property
    def problems(self) -> list[str]:
        """Every problem, in the order of the file's lines."""
        return [text for _, text in sorted(self._found, key=lambda found: found[0])]

    def plan(self, data: dict[str, Any], config: Path, out_dir: Path) -> Plan:
        for key in data:
            if key not in SECTIONS:
                self.problem((), key, self.unknown("section", key, SECTIONS)
                             + "; a config has [defaults], [activations.NAME] and [[figure]]")
        defaults = self._defaults(data.get("defaults", {}))
        self._formulas(data.get("activations", {}))
        figures = data.get("figure")
        jobs: list[Job] = []
        if not isinstance(figures, list) or not figures:
            self.problem((), "figure", "no [[figure]] tables: add at least one, with kind, "
                         'activations and output (kind = "plot", activations = ["relu"], '
                         'output = "relu.png")')
            figures = []
        for index, table in enumerate(figures, 1):
            jobs += self._figure(_Figure(index, table), defaults)
        self._check_distinct_outputs()
        if out_dir.exists() and not out_dir.is_dir():
            self._found.append((0, f"the output folder '{out_dir}' is a file"))
        self._check_inside(out_dir, jobs)
        return Plan(config, out_dir, self.definitions, tuple(jobs))

    # -- [defaults] and [activations] ---------------------------------------------------------

    def _defaults(self, table: Any) -> dict[str, dict[str, Any]]:
        """Each key of [defaults] read by each kind that takes it: {key: {kind: value}}."""
        section = ("defaults",)
        if not isinstance(table, dict):
            self.problem((), "defaults", "must be a table: [defaults]")
            return {}
        known = schema.every_key()
        values: dict[str, dict[str, Any]] = {}
        for key, value in table.items():
            if key in schema.FIGURE_KEYS:
                self.problem(section, key, "cannot be a default: give it in each [[figure]]")
            elif key not in known:
                self.problem(section, key, self.unknown("option", key, known))
            else:
                values[key] = self._read_default(key, value, known[key])
        return values

    def _read_default(self, key: str, value: Any, kinds: list[str]) -> dict[str, Any]:
        """``value`` as each of ``kinds`` reads it; its first problem is the [defaults]'s.

        A choice that only some kinds offer (``format = "svg"``: figures, not tables) is the
        default of those kinds; the others keep their own.  Any other value must suit all."""
        read, problem, choice = {}, None, True
        for kind in kinds:
            option = options_of(kind)[key]
            choice = choice and isinstance(option.type, Choice)
            try:
                read[kind] = option.read(value)
            except ActvizError as error:
                problem = problem or error.spelled(schema.batch_spelling(kind), False)
        if problem is not None and not (choice and read):
            self.problem(("defaults",), key, problem)
        return read

    def _formulas(self, table: Any) -> None:
        if not isinstance(table, dict):
            self.problem((), "activations", "must hold tables: [activations.NAME] with "
                         'formula = "..."')
            return
        if not table:
            return
        from actviz.activations.formula import FormulaScope

        for name, entry in table.items():
            try:
                FormulaScope({name: entry})
            except ActvizError as error:
                message = str(error).removeprefix(f"activation '{name}': ")
                self.problem(("activations", name), None, message)
                self._broken.add(name)
            else:
                self.definitions[name] = entry
        self.resolver = SpecResolver(FormulaScope(self.definitions))

    def _read(self, section: tuple, option: Option, value: Any) -> Any:
        try:
            return option.read(value)
        except ActvizError as error:
            self.problem(section, option.batch_key, error.spelled(str, with_subject=False))
            return None

    def _refused(self, figure: _Figure, error: ActvizError, key: str | None = None) -> None:
        """A command's check failed: the option it names (else ``key``) is the key at fault,
        in TOML's spelling (saturation's ``width`` is ``network_width``)."""
        spelling = schema.batch_spelling(figure.kind)
        subject = None if error.subject is None else spelling(error.subject)
        self.problem(figure.section, subject or key,
                     error.spelled(spelling, with_subject=subject is None))

    # -- [[figure]] ------------------------------------------------------------------------

    def _figure(self, figure: _Figure, defaults: dict[str, Any]) -> list[Job]:
        if not isinstance(figure.table, dict):
            self.problem(figure.section, None, "must be a table ([[figure]])")
            return []
        if not self._kind(figure):
            return []
        before = len(self._found)
        self._options(figure, defaults)
        self._activations(figure)
        output = self._output(figure)
        if output is None or len(self._found) > before:
            return []
        return self._jobs(figure, *output)

    def _kind(self, figure: _Figure) -> bool:
        kind = figure.table.get("kind")
        if kind is None:
            self.problem(figure.section, None, f"needs kind = one of {', '.join(schema.KINDS)}")
        elif kind not in schema.KINDS:
            self.problem(figure.section, "kind", self.unknown("kind", kind, schema.KINDS))
        else:
            figure.kind = kind
            return True
        return False

    def _options(self, figure: _Figure, defaults: dict[str, dict[str, Any]]) -> None:
        kind, section = figure.kind, figure.section
        taken, every = options_of(kind), schema.every_key()
        for key, value in figure.table.items():
            if key in schema.figure_keys(kind) or key == "activations":
                continue  # what to draw and where: read by _activations and _output
            option = taken.get(key)
            if option is None and key in every:
                self.problem(section, key, f"is not an option of kind '{kind}' (it applies to "
                                           f"{', '.join(every[key])})")
            elif option is None:
                known = [*schema.figure_keys(kind), *taken]
                self.problem(section, key, self.unknown("key", key, known, f"a {kind} takes"))
            elif (read := self._read(section, option, value)) is not None:
                figure.options[key] = read
                figure.given.add(key)
        for key, option in taken.items():
            if key not in figure.options:
                inherit = option.from_defaults and kind in defaults.get(key, {})
                figure.options[key] = defaults[key][kind] if inherit else option.default
        self._combinations(figure)

    def _api(self, figure: _Figure) -> tuple[dict[str, Any], set[str]]:
        """The figure's options under their API names, and the names set in the figure."""
        taken = options_of(figure.kind)
        named = {option.name: figure.options.get(key) for key, option in taken.items()}
        return named, {taken[key].name for key in figure.given}

    def _combinations(self, figure: _Figure) -> None:
        """The checks the command makes across options: the command's own functions
        (:mod:`actviz.products.checks`), whose errors name the option at fault."""
        named, typed = self._api(figure)
        kind, options = figure.kind, figure.options
        try:
            checks.dtype_names(named)
            if kind in schema.CURVES:
                checks.check_curves(named)
            elif kind == schema.TABLE and checks.table_grid(named, typed) is None:
                options.update(xmin=None, xmax=None, points=None)  # the x values are `at`'s
            elif kind == schema.SATURATION:
                self._depth(figure, checks.depth_settings(named, typed))
            elif kind == schema.PROPAGATE:
                self._depth(figure, checks.propagate_settings(named, typed))
            elif kind == schema.FIT:
                checks.fit_config(named)
            elif kind == schema.SOFTMAX:
                self._logits(figure, named)
            elif kind == schema.INFO and named["guide"] and "activations" in figure.table:
                raise OptionError("guide = true is the guide to every activation: leave out "
                                  "activations (or drop guide for their cards)")
        except ActvizError as error:
            self._refused(figure, error)

    @staticmethod
    def _depth(figure: _Figure, settings: Any) -> None:
        """The network's options, resolved (its defaults filled in), or gone without depth."""
        if settings is None:
            for key in schema.DEPTH_ONLY:
                figure.options.pop(key, None)
            return
        resolved = dict(network_width=settings.width, init=settings.init, seed=settings.seed)
        figure.options.update({key: value for key, value in resolved.items()
                               if key in figure.options})

    def _logits(self, figure: _Figure, named: dict[str, Any]) -> None:
        logits = figure.table.get("logits")
        if not isinstance(logits, list) or isinstance(logits, bool):
            self.problem(figure.section, "logits" if logits is not None else None,
                         "needs logits = [z1, z2, ...], two or more finite numbers")
            return
        if not all(isinstance(z, (int, float)) and not isinstance(z, bool) for z in logits):
            self.problem(figure.section, "logits",
                         f"must list numbers, got {schema.shown(logits)}")
            return
        checks.check_softmax(logits, named)
        figure.options["logits"] = [float(z) for z in logits]

    def _activations(self, figure: _Figure) -> None:
        section, kind = figure.section, figure.kind
        value = figure.table.get("activations", "*" if kind == schema.SATURATION else None)
        items = [value] if isinstance(value, str) else value
        if value is None and kind in schema.ACTIVATIONS_OPTIONAL + (schema.SOFTMAX,):
            return  # the lesson's (fit), none (softmax, the guide), or a missing NAME (info)
        if value is None:
            self.problem(section, None, 'needs activations = ["NAME", ...] (or "*" for all)')
            return
        if kind == schema.SOFTMAX:
            self.problem(section, "activations", "softmax takes logits = [...], not "
                         "activations")
            return
        if not isinstance(items, list) or not items or not all(
                isinstance(item, str) and item.strip() for item in items):
            self.problem(section, "activations", "must be a name, or a list of names such as "
                         f'["relu", "elu:alpha=0.5"], or "*"; got {schema.shown(value)}')
            return
        for item in items:
            if item.partition(":")[0].strip() in self._broken:
                continue  # its definition's problem is reported already
            try:
                figure.activations += self.resolver.expand(item.strip())
            except ActvizError as error:
                self.problem(section, "activations", str(error))
        if kind == schema.COMPARE:
            self._distinct(figure)
        if kind == schema.PLOT and figure.options["sweep"] is not None:
            self._sweep(figure)

    def _distinct(self, figure: _Figure) -> None:
        seen: dict[str, str] = {}
        for activation in figure.activations:
            if activation.canonical in seen:
                self.problem(figure.section, "activations",
                             f"'{activation.spec}' and '{seen[activation.canonical]}' are the "
                             "same activation; compare different ones")
            seen.setdefault(activation.canonical, activation.spec)
        if len(figure.activations) < 2:
            self.problem(figure.section, "activations",
                         "compare needs two or more activations (for one, use kind = \"plot\")")

    def _sweep(self, figure: _Figure) -> None:
        for activation in figure.activations:
            try:
                checks.check_sweep(activation.spec, figure.options["sweep"], self.resolver.bind)
            except ActvizError as error:
                self._refused(figure, error, key="sweep")

    # -- outputs -------------------------------------------------------------------------

    def _output(self, figure: _Figure) -> tuple[str, str, str] | None:
        """The output template, its format and the suffix to append; checked (placeholders,
        suffix, a path inside the output folder) even when other keys have problems."""
        template = figure.table.get("output")
        if not isinstance(template, str) or not template.strip():
            self.problem(figure.section, "output" if template is not None else None,
                         'needs output = "FILE" (relative to the output folder; '
                         '"{name}" is each activation\'s name)')
            return None
        try:
            check_template(template)
            fmt, suffix = output_format(figure.kind, template, figure.options.get("format"),
                                        "format" in figure.given)
            # A name is one plain path component: the template with any name stands for all.
            relative = relative_output(template + suffix)
        except OutputProblem as problem:
            self.problem(figure.section, problem.key, str(problem))
            return None
        if PLACEHOLDER not in template:
            self._outputs.append((figure.index, relative))
        if not self._applies(figure, fmt) or not self._fits(figure, fmt):
            return None
        return template, fmt, suffix

    def _fits(self, figure: _Figure, fmt: str) -> bool:
        """A table for people fits its format, counted from the options by the rule the
        command applies to the table it made (a batch refuses before anything is drawn)."""
        named, _ = self._api(figure)
        named["logits"] = figure.options.get("logits", ())
        try:
            checks.check_reading(figure.kind, named, fmt)
        except ActvizError as error:
            table = checks.reading_table(figure.kind, named)
            self._refused(figure, error, table.key_at_fault() if table else None)
            return False
        return True

    def _jobs(self, figure: _Figure, template: str, fmt: str, suffix: str) -> list[Job]:
        per_name = PLACEHOLDER in template
        groups = self._groups(figure, per_name, template)
        if groups is None:
            return []
        jobs = []
        for name, activations in groups:
            try:  # a long name can still make a file name too long
                output = relative_output(template.replace(PLACEHOLDER, name) + suffix)
            except OutputProblem as problem:
                self.problem(figure.section, problem.key, str(problem))
                continue
            if per_name:
                self._outputs.append((figure.index, output))
            jobs.append(self._job(figure, output, fmt, activations, name))
        return jobs

    def _groups(self, figure: _Figure, per_name: bool,
                template: str) -> list[tuple[str, list[Resolved]]] | None:
        """(name, activations) per output: one group, or one per activation with {name}."""
        activations, section = figure.activations, figure.section
        if not per_name:
            single = figure.kind in (schema.PLOT, schema.INFO)
            if figure.kind == schema.INFO and not activations and not figure.options["guide"]:
                self.problem(section, None, 'needs activations = ["NAME"] (one card each, '
                             'with {name} in the output) or guide = true')
                return None
            if single and len(activations) > 1:
                word = "a plot draws" if figure.kind == schema.PLOT else "a card shows"
                other = ', or use kind = "compare"' if figure.kind == schema.PLOT else ""
                self.problem(section, "output", f"{word} one activation, and "
                             f"'{template}' would get {len(activations)}: put {PLACEHOLDER} in "
                             f"the output for one file each{other}")
                return None
            return [("", activations)]
        if figure.kind in schema.TOGETHER:
            self.problem(section, "output", f"{PLACEHOLDER} makes one file per activation, but "
                         f"{schema.TOGETHER[figure.kind]}: name its one output")
            return None
        groups = []
        for activation in activations:
            if activation.name is None or not SAFE_NAME.fullmatch(activation.name):
                self.problem(section, "output", f"'{activation.spec}' has no name for "
                             f"{PLACEHOLDER}: define it under [activations.NAME] and use NAME")
                return None
            groups.append((activation.name, [activation]))
        return groups

    def _applies(self, figure: _Figure, fmt: str) -> bool:
        """Options set in the figure that its output cannot use are mistakes; those from
        [defaults] are simply left out."""
        figure_only = schema.figure_only(figure.kind)
        ignored = [] if fmt in schema.FIGURE_SUFFIXES.values() else list(figure_only)
        if fmt not in schema.HUMAN_TEXT and "precision" in figure.options:
            ignored.append("precision")
        ok = True
        for key in ignored:
            if key in figure.given:
                self.problem(figure.section, key, f"does not apply to a {fmt} output")
                ok = False
            figure.options.pop(key, None)
        figure.options.pop("format", None)  # the suffix says it
        if fmt in ("svg", "pdf") and "dpi" in figure.options:
            # Vector files are the same bytes at any dpi: a dpi for the PNGs of the set must
            # not redraw them.
            figure.options["dpi"] = None
        return ok

    def _check_inside(self, out_dir: Path, jobs: list[Job]) -> None:
        figure_of = {job.output: job.figure for job in jobs}
        for output, message in too_long(out_dir, figure_of):
            self.problem(("figure", figure_of[output]), "output", message)
        try:
            for output, message in linked_outside(out_dir, figure_of):
                self.problem(("figure", figure_of[output]), "output", message)
        except BadValue as error:  # the output folder itself cannot be resolved
            self._found.append((0, str(error)))
            return
        for output, message in linked_together(out_dir, figure_of):
            self.problem(("figure", figure_of[output]), "output", message)

    def _check_distinct_outputs(self) -> None:
        for figure, message in duplicates(self._outputs):
            self.problem(("figure", figure), "output", message)

    # -- a job and its hash --------------------------------------------------------------

    def _job(self, figure: _Figure, output: str, fmt: str, activations: list[Resolved],
             name: str) -> Job:
        options = dict(figure.options)
        if options.get("title") is not None:
            options["title"] = options["title"].replace(PLACEHOLDER, name)
        look = None
        if options.get("style") is not None:
            options["style"], look = self._style(figure.section, options["style"])
        payload = {
            "actviz": actviz_version(),
            "kind": figure.kind,
            "format": fmt,
            "activations": [a.canonical for a in activations],
            "formulas": {a.formula: self.definitions[a.formula] for a in activations
                         if a.formula in self.definitions},
            "options": {**options, "style": look or options.get("style")},
        }
        if fmt in schema.FIGURE_SUFFIXES.values():
            payload["house"] = house_style_digest()
            payload["matplotlib"] = matplotlib_version()
        return Job(figure.index, figure.kind, output, fmt, tuple(a.spec for a in activations),
                   options, digest(payload),
                   estimate_seconds(figure.kind, options, activations))

    def _style(self, section: tuple, style: str) -> tuple[str, Any]:
        """A style file (a path, or a name ending in .mplstyle) relative to the config, with
        its contents' hash; a style name as it is."""
        if not style.endswith(".mplstyle") and "/" not in style and "\\" not in style:
            return style, style
        path = (self.config_dir / style).resolve()
        try:
            contents = file_digest(path)
        except OSError as error:
            self.problem(section, "style", f"cannot read the style file '{style}' "
                                           f"({error.strerror}; relative to the config)")
            return style, style
        return str(path), {"file": style, "sha256": contents}


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

# Rough seconds per output on one core; only their order matters (the longest start first),
# and the manifest's measured times replace them after the first run.
_BASE_SECONDS = {schema.PLOT: 0.18, schema.COMPARE: 0.2, schema.SATURATION: 0.3,
                 schema.PROPAGATE: 0.6,
                 schema.TABLE: 0.01, schema.SOFTMAX: 0.1, schema.FIT: 1.5, schema.INFO: 0.05,
                 schema.PRECISION: 0.15}


def estimate_seconds(kind: str, options: dict[str, Any], activations: Sequence[Any]) -> float:
    """A guess at how long an output takes: more curves, a derivative panel, a deeper network
    or a formula to compile (sympy, in the worker) take longer."""
    count = len(activations)
    seconds = _BASE_SECONDS[kind]
    if kind in schema.CURVES:
        curves = count if options.get("sweep") is None else options["sweep"].count(",") + 1
        seconds *= (1.4 if options.get("derivative") else 1.0) * (1 + 0.15 * (curves - 1))
    elif kind == schema.SATURATION:
        seconds += 0.02 * count * (1 + (options.get("depth") or 0) / 20)
    elif kind == schema.FIT:  # the lesson's six activations, 20 restarts: ~1.5 s
        seconds *= max(count, 1) / 6 * options.get("restarts", 20) / 20
    elif kind == schema.PRECISION:  # float32's 2^18 inputs per side cost the most
        seconds *= max(count, 1) * len((options.get("dtype") or "f32,f16,bf16").split(","))
    if any(getattr(a, "formula", None) for a in activations):
        seconds += 1.0
    return seconds


def _unknown(what: str, value: Any, known: Iterable[str], listed: str = "known",
             suggest: bool = True) -> str:
    import difflib  # only for a mistake: a config without one does not pay for it

    known = list(known)
    close = difflib.get_close_matches(str(value), known, n=1, cutoff=0.6) if suggest else []
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {what} {schema.shown(value)}{hint}; {listed}: {', '.join(known)}"
