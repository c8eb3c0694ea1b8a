"""The one door: what each command produces, for the Python API, the command line and batch.

``actviz.plot(...)``, ``actviz.compare(...)``, ... are the functions here; each binds its
keywords with the command's declaration in :mod:`actviz.options` (one schema for every front
end), checks every option first (so bad input fails before any work and never leaves a file
behind), computes with :mod:`actviz.analysis` and returns a result object
(:mod:`~actviz.products.base`) that draws with :mod:`actviz.render` and writes files
atomically when asked.  ``actviz/cli.py`` and ``actviz/batch`` call these functions and
nothing below them.  Data flows one way: registry → analysis → render → products → API, cli,
batch.

The commands are those of ``actviz.options.COMMANDS`` (the one list of them), each in the
module of its name (:func:`product_module`; ``tests/test_api.py`` checks this list against it):

- :mod:`~actviz.products.curves`: ``plot`` and ``compare`` (figures and terminal charts)
- :mod:`~actviz.products.table`: ``table`` (values of f and f' at chosen x)
- :mod:`~actviz.products.saturation`: ``saturation`` (the report and its figure)
- :mod:`~actviz.products.propagate`: ``propagate`` (mean-field theory, the phase diagram)
- :mod:`~actviz.products.softmax`: ``softmax`` (the report and its figure)
- :mod:`~actviz.products.fit`: ``fit`` (the experiment and its figure)
- :mod:`~actviz.products.info`: ``info`` (an activation's card, the guide to choosing one)
- :mod:`~actviz.products.precision`: ``precision`` (float32, float16, bfloat16, float8: where f
  and f' round to their limits, overflow, and where textbook forms fail)

Adding a command ``NAME``:

1. its options: ``NAME = Command("NAME", (...))`` in :mod:`actviz.options`, from the shared
   groups there (``RANGE``, ``FIGURE``, ``format_option``, ``precision``), added to
   ``COMMANDS``; the command's ``outputs`` (suffix -> format) make it a batch kind;
2. its result type, in ``actviz/products/NAME.py``: a subclass of
   :class:`~actviz.products.base.FigureResult` (``_build(lang)`` a new Figure, ``_draw(axes,
   lang)`` onto given Axes, ``panels``) and/or :class:`~actviz.products.base.TableResult`
   (``_sheets(fmt)``, ``_json_data()``: the one home of its JSON shape), holding its numbers
   as attributes and with a short ``_summary()`` for ``repr``;
3. its function, ``def NAME(arguments, **options) -> NAMEResult``: ``given =
   options.NAME.bind(options)`` (unknown keywords and bad values raise
   :class:`~actviz.errors.OptionError` naming the option), cross-option checks (messages name
   options with :func:`actviz.errors.option_name`, never ``--name``), then the result
   (``actviz.NAME`` finds it through :func:`product_module`; a module holding another
   command's function too goes in ``_SHARED_MODULES``), and its line in the list above;
4. its CLI command in ``actviz/cli.py``: ``@schema_options(options.NAME)`` and a body of a
   few lines: ``result = NAME(args, **api_keywords(options.NAME, given))``, then print
   (``--format``) or save (``-o``);
5. its batch kind: nothing more when its function takes a list of activations and keywords
   (:func:`actviz.batch.jobs.result_of` calls ``actviz.NAME(specs, **options)``, then
   ``result.save(target)`` for a figure or writes ``result.document(fmt)``, else
   ``result.to_FORMAT()``, for a text output); otherwise a branch there;
6. tests, and the README: its section and its rows of the options table.
"""

# The commands whose function is not in the module of their own name.
_SHARED_MODULES = {"plot": "curves", "compare": "curves"}


def product_module(command: str) -> str:
    """The module that holds the function of ``command`` (a name of
    ``actviz.options.COMMANDS``): ``actviz.products.NAME``, or the one it shares."""
    return f"actviz.products.{_SHARED_MODULES.get(command, command)}"
