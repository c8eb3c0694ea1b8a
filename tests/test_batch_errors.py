"""`actviz batch` refuses a bad config whole: every problem at once, where it is, exit 2, nothing
written; and outputs never leave the output folder."""

from __future__ import annotations

import pytest

from actviz.batch import ConfigError, load_plan
from tests.batch_helpers import files, run, write_config


def problems_of(invoke, folder, text):
    """The error lines of a run of ``text``, after checking that it wrote nothing."""
    config = write_config(folder, text)
    result = run(invoke, config)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert files(folder) == [], "a refused config must write nothing"
    lines = result.stderr.splitlines()
    assert all(line.startswith(f"actviz: error: {config}:") for line in lines), lines
    return [line.removeprefix(f"actviz: error: {config}:") for line in lines]


def test_every_problem_is_reported_at_once_with_its_line_figure_and_key(invoke, tmp_path):
    found = problems_of(invoke, tmp_path, """\
        [defaults]
        dpi = "high"
        colour = "red"

        [activations.approx_gelu]
        formula = "x*sigmoid(1.702*x"

        [[figure]]
        kind = "plott"
        activations = ["relu"]
        output = "a.png"

        [[figure]]
        kind = "plot"
        activations = ["sigmod", "elu:alpha=-1"]
        derivatve = true
        output = "b.png"

        [[figure]]
        kind = "compare"
        activations = ["relu"]
        sweep = "alpha=1,2"
        output = "c.png"

        [[figure]]
        kind = "table"
        activations = ["relu", "approx_gelu"]
        at = [0, nan]
        output = "t.png"

        [[figure]]
        kind = "saturation"
        init = "xavier"
        threshold = -1
        lang = "fr"
        output = "s.png"
        """)
    assert found == [
        "2: [defaults] dpi: must be a number, got 'high'",
        "3: [defaults] colour: unknown option 'colour'; known: derivative, second_derivative, "
        "sweep, xmin, xmax, points, dpi, style, title, width, height, lang, axes, format, dtype, at, precision, "
        "threshold, sigma, depth, network_width, init, seed, sigma_w2, sigma_b2, temperature, "
        "jacobian, explain, target, "
        "hidden, epochs, lr, restarts, guide",
        "5: [activations.approx_gelu]: formula error at column 10: invalid syntax: '(' was "
        "never closed",
        "9: figure 1 kind: unknown kind 'plott' (did you mean 'plot'?); known: plot, compare, "
        "table, saturation, propagate, softmax, fit, info, precision",
        "15: figure 2 activations: unknown activation 'sigmod'; did you mean 'sigmoid' or "
        "'logsigmoid'? (`actviz list` shows all 45)",
        "15: figure 2 activations: parameter 'alpha' of elu must be in (0, 1e6], got -1",
        "16: figure 2 derivatve: unknown key 'derivatve' (did you mean 'derivative'?); a plot "
        "takes: kind, activations, output, derivative, second_derivative, sweep, xmin, xmax, "
        "points, dpi, style, title, width, height, lang, axes, format, dtype",
        "21: figure 3 activations: compare needs two or more activations (for one, use "
        "kind = \"plot\")",
        "22: figure 3 sweep: is not an option of kind 'compare' (it applies to plot)",
        "28: figure 4 at: must list numbers, got nan in [0, nan]",
        "29: figure 4 output: 't.png': kind 'table' writes .csv, .md, .tex, .json, not .png",
        "33: figure 5 init: only applies with depth L",
        "34: figure 5 threshold: must be a positive finite number, got -1.0",
        "35: figure 5 lang: must be one of en, zh, got 'fr'",
    ]


def test_a_toml_syntax_error_names_its_line_and_column(invoke, tmp_path):
    assert problems_of(invoke, tmp_path, """\
        [[figure]]
        kind = "plot"
        activations = ["relu"
        output = "a.png"
        """) == ["4: TOML syntax error at column 1: Unclosed array"]
    assert problems_of(invoke, tmp_path, '[[figure]]\nkind = "plot') == [
        "2: TOML syntax error: Unterminated string (at the end of the file)"]


def test_an_unknown_format_is_refused_with_the_config_before_anything_is_drawn(invoke, tmp_path):
    found = problems_of(invoke, tmp_path, """\
        [[figure]]
        kind = "plot"
        activations = "sigmoid"
        dtype = "float64"
        output = "a.png"

        [[figure]]
        kind = "precision"
        activations = "sigmoid"
        dtype = ["float16", "bfloat17"]
        output = "p.json"
        """)
    assert [line.split("?", 1)[0] for line in found] == [
        "4: figure 1 dtype: unknown dtype 'float64'; did you mean 'float16' or 'bfloat16'",
        "10: figure 2 dtype: unknown dtype 'bfloat17'; did you mean 'bfloat16' or 'float16'"]


@pytest.mark.parametrize(("output", "message"), [
    ("../escape.png", "'../escape.png' leaves the output folder: outputs never go above it"),
    ("a/../../escape.png", "'a/../../escape.png' leaves the output folder"),
    ("/tmp/abs.png", "'/tmp/abs.png' is an absolute path: outputs are relative to the output "
                     "folder (--out-dir), and never leave it"),
    ("C:/Windows/abs.png", "'C:/Windows/abs.png' is an absolute path"),
    ("\\\\\\\\server\\\\share\\\\x.png", "is an absolute path"),
    ("sub/", "'sub/' names a folder, not a file"),
    (".actviz-batch.json", "writes .png, .svg, .pdf, not .json"),
    ("{label}.png", "unknown placeholder {label} in '{label}.png': only {name} is replaced"),
])
def test_outputs_never_leave_the_output_folder(invoke, tmp_path, output, message):
    (found,) = problems_of(invoke, tmp_path, f"""\
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "{output}"
        """)
    assert found.startswith("4: figure 1 output: ") and message in found, found


def test_a_path_that_stays_inside_is_fine(tmp_path):
    config = write_config(tmp_path, """\
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "a/./b/../relu.png"
        """)
    assert [job.output for job in load_plan(config).jobs] == ["a/relu.png"]


def test_a_loop_of_symbolic_links_is_one_line_not_a_traceback(invoke, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(out / "loop")
    (out / "loop").symlink_to(out / "sub")
    (tmp_path / "selfloop").symlink_to(tmp_path / "selfloop")
    config = write_config(tmp_path, """\
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "sub/relu.png"
        """)
    result = run(invoke, config, "--out-dir", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"actviz: error: {config}:4: figure 1 output: 'sub/relu.png': its folder is a loop "
        "of symbolic links"]
    result = run(invoke, config, "--out-dir", tmp_path / "selfloop")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"actviz: error: the output folder '{tmp_path / 'selfloop'}' is a loop of symbolic "
        "links"]


def test_a_symbolic_link_out_of_the_output_folder_is_refused(invoke, tmp_path):
    """The text of the path stays inside, the folder it names does not: refused like '..'.
    A link that stays inside is fine."""
    out, outside = tmp_path / "out", tmp_path / "outside"
    (out / "inner").mkdir(parents=True)
    outside.mkdir()
    (out / "link").symlink_to(outside, target_is_directory=True)
    (out / "inner" / "up").symlink_to(tmp_path, target_is_directory=True)
    (out / "alias").symlink_to(out / "inner", target_is_directory=True)
    config = write_config(tmp_path, """\
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "link/evil.png"

        [[figure]]
        kind = "plot"
        activations = ["relu", "tanh"]
        output = "alias/up/outside/new/{name}.png"

        [[figure]]
        kind = "table"
        activations = "relu"
        output = "alias/values.csv"
        """)
    result = run(invoke, config, "--out-dir", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"actviz: error: {config}:4: figure 1 output: 'link/evil.png' leaves the output "
        f"folder through the symbolic link 'link' (to {outside}): outputs never go outside it",
        f"actviz: error: {config}:9: figure 2 output: 'alias/up/outside/new/relu.png' leaves "
        f"the output folder through the symbolic link 'alias/up' (to {tmp_path}): outputs "
        "never go outside it",
        f"actviz: error: {config}:9: figure 2 output: 'alias/up/outside/new/tanh.png' leaves "
        f"the output folder through the symbolic link 'alias/up' (to {tmp_path}): outputs "
        "never go outside it",
    ]
    assert list(outside.iterdir()) == [] and list((out / "inner").iterdir()) == [out / "inner/up"]
    # A link that stays inside the output folder is followed.
    inside = write_config(tmp_path, """\
        [[figure]]
        kind = "table"
        activations = "relu"
        output = "alias/values.csv"
        """, name="inside.toml")
    assert run(invoke, inside, "--out-dir", out).exit_code == 0
    assert sorted(p.name for p in (out / "inner").iterdir()) == ["up", "values.csv"]


def test_two_outputs_in_one_file_are_refused(invoke, tmp_path):
    found = problems_of(invoke, tmp_path, """\
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "f.png"

        [[figure]]
        kind = "plot"
        activations = "elu"
        output = "sub/../F.png"

        [[figure]]
        kind = "plot"
        activations = ["elu:alpha=0.5", "elu:alpha=2"]
        output = "{name}.png"
        """)
    assert found == [
        "9: figure 2 output: writes 'F.png', 'f.png' (only the case differs) as figure 1",
        "14: figure 3 output: writes 'elu.png', the same file as another output of this "
        "figure (two activations with one name: write the output without {name})",
    ]


@pytest.mark.parametrize(("lines", "message"), [
    (['activations = ["relu", "tanh"]', 'output = "f.png"'],
     "a plot draws one activation, and 'f.png' would get 2: put {name} in the output"),
    (['activations = "*"', 'output = "f.png"'], "would get 45"),
    (['activations = "relu"'], 'needs output = "FILE"'),
    (['output = "f.png"'], 'needs activations = ["NAME", ...]'),
    (['activations = []', 'output = "f.png"'], "must be a name, or a list of names"),
    (['activations = "relu"', 'output = "f"'], "'f' has no suffix: add one of .png, .svg, .pdf, "
                                               "or set format"),
    (['activations = "relu"', 'output = "f.png"', 'format = "svg"'],
     "format: 'svg' does not match the output 'f.png' (png)"),
    (['activations = "relu"', 'output = "f.png"', 'xmin = 3', 'xmax = 1'],
     "xmin (3) must be less than xmax (1)"),
    (['activations = "relu"', 'output = "f.png"', 'points = 1'],
     "points: must be between 2 and 10,000,000, got 1"),
    (['activations = "relu"', 'output = "f.png"', 'dpi = true'], "dpi: must be a number, got true"),
    (['activations = "relu"', 'output = "f.png"', 'sweep = {alpha = [1, 2]}'],
     "sweep: relu takes no parameters, got 'alpha'"),
    (['activations = "elu"', 'output = "f.png"', 'sweep = {alpha = [1, 0]}'],
     "sweep: parameter 'alpha' of elu must be in (0, 1e6], got 0"),
    (['activations = "elu:alpha=2"', 'output = "f.png"', 'sweep = "alpha=1,3"'],
     "sweep: parameter 'alpha' is given both in 'elu:alpha=2' and in sweep; drop one"),
    (['activations = "f(x)=x.__class__"', 'output = "f.png"'],
     "attribute access is not allowed: 'x.__class__'"),
    (['activations = "f(x)=x**2"', 'output = "{name}.png"'],
     "'f(x)=x**2' has no name for {name}: define it under [activations.NAME] and use NAME"),
])
def test_a_figure_with_a_problem(invoke, tmp_path, lines, message):
    body = "\n".join(lines)
    found = problems_of(invoke, tmp_path, f'[[figure]]\nkind = "plot"\n{body}\n')
    assert len(found) == 1 and message in found[0], found


@pytest.mark.parametrize(("text", "message"), [
    ("", "figure: no [[figure]] tables: add at least one"),
    ('[[figures]]\nkind = "plot"', "figures: unknown section 'figures' (did you mean 'figure'?)"),
    ('defaults = 3\n[[figure]]\nkind = "plot"\nactivations = "relu"\noutput = "f.png"',
     "defaults: must be a table"),
    ('[defaults]\noutput = "x.png"\n[[figure]]\nkind = "plot"\nactivations = "relu"\n'
     'output = "f.png"', "[defaults] output: cannot be a default: give it in each [[figure]]"),
    ('[activations.relu]\nformula = "x"\n', "'relu' is already registered; give the formula"),
    ('[activations.My-Gate]\nformula = "x"\n', "must be lower-case letters, digits and _"),
    ('[activations.gate]\nformula = "x"\nsummry = "x"\n', "unknown key(s) summry"),
    ('[activations.gelu2]\nformula = "x*sigmoid(1.7*x)"\n[[figure]]\nkind = "plot"\n'
     'activations = "gelu3"\noutput = "f.png"',
     "unknown activation 'gelu3'; did you mean 'gelu2' (defined in [activations.gelu2])?"),
    ('[[figure]]\nkind = "table"\nactivations = "relu"\nat = [1]\npoints = 5\n'
     'output = "t.csv"', "give either at or xmin/xmax/points, not both"),
    ('[[figure]]\nkind = "table"\nactivations = "relu"\nprecision = 3\noutput = "t.csv"',
     "precision: does not apply to a csv output"),
    ('[[figure]]\nkind = "saturation"\ntitle = "T"\noutput = "s.csv"',
     "title: does not apply to a csv output"),
    ('[[figure]]\nkind = "saturation"\ndepth = 3\nnetwork_width = 9999\noutput = "s.png"',
     "network_width: must be an integer from 1 to 4,096, got 9999"),
    ('[[figure]]\nkind = "compare"\nactivations = ["relu", "relu"]\noutput = "c.png"',
     "'relu' and 'relu' are the same activation"),
    ('[[figure]]\nkind = "compare"\nactivations = ["relu", "elu"]\noutput = "{name}.png"',
     "{name} makes one file per activation, but a comparison draws them together"),
    ('[[figure]]\nkind = "plot"\nactivations = "relu"\nstyle = "no/such.mplstyle"\n'
     'output = "f.png"', "style: cannot read the style file 'no/such.mplstyle'"),
])
def test_config_problems(invoke, tmp_path, text, message):
    found = problems_of(invoke, tmp_path, text)
    assert any(message in line for line in found), found


def test_problems_found_only_when_drawing_still_stop_before_any_file(invoke, tmp_path):
    """A style name or a mathtext title is checked (with matplotlib) for the outputs to draw,
    before the first is drawn."""
    config = write_config(tmp_path, """\
        [[figure]]
        kind = "table"
        activations = "relu"
        output = "a.csv"

        [[figure]]
        kind = "plot"
        activations = "relu"
        style = "no-such-style"
        output = "b.png"

        [[figure]]
        kind = "compare"
        activations = ["relu", "elu"]
        title = "$\\\\alpha"
        output = "c.png"
        """)
    for dry in ((), ("--dry-run",)):  # a dry run makes the same checks
        result = run(invoke, config, *dry)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "actviz: error: figure 2, b.png: style: 'no-such-style' is neither a matplotlib "
            "style name nor a style file (see matplotlib.style.available)",
            "actviz: error: figure 3, c.png: title: cannot read the math in '$\\alpha' "
            "(write a literal $ as \\$)",
        ]
        assert files(tmp_path) == []


def test_an_unreadable_config(invoke, tmp_path):
    result = invoke("batch", tmp_path / "missing.toml")
    assert result.exit_code == 2
    assert result.stderr == (f"actviz: error: cannot read the config "
                             f"'{tmp_path / 'missing.toml'}': No such file or directory\n")


def test_the_library_raises_one_config_error_holding_every_problem(tmp_path):
    config = write_config(tmp_path, '[[figure]]\nkind = "x"\n[[figure]]\nkind = "y"\n')
    with pytest.raises(ConfigError) as raised:
        load_plan(config)
    assert len(raised.value.problems) == 2
    assert str(raised.value).endswith("(and 1 more)") and raised.value.exit_code == 2


def test_a_byte_order_mark_from_an_editor_is_fine(tmp_path):
    config = tmp_path / "notes.toml"
    config.write_bytes(b'\xef\xbb\xbf[[figure]]\nkind = "table"\nactivations = "relu"\n'
                       b'output = "t.csv"\n')
    assert [job.output for job in load_plan(config).jobs] == ["t.csv"]


def test_a_default_format_that_no_kind_writes_is_refused(invoke, tmp_path):
    found = problems_of(invoke, tmp_path, """\
        [defaults]
        format = "svgz"
        [[figure]]
        kind = "plot"
        activations = "relu"
        output = "relu"
        """)
    assert found[0].startswith("2: [defaults] format: must be one of ")
