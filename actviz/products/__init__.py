"""What each command produces, made once for the command line and for ``actviz batch``.

A product function checks every option first (so bad input fails before any work and never
leaves a file behind), computes with :mod:`actviz.analysis`, draws with :mod:`actviz.render`
and writes files atomically.  Data flows one way: registry → analysis → render → products →
cli and batch; render only turns plain data into figures, charts and text.

- :mod:`~actviz.products.curves`: ``plot`` and ``compare`` (figures and terminal charts)
- :mod:`~actviz.products.saturation`: ``saturation`` (the report and its figure)
- :mod:`~actviz.products.table`: ``table`` (values of f and f' at chosen x)
- :mod:`~actviz.products.softmax`: ``softmax`` (the report and its figure)
- :mod:`~actviz.products.fit`: ``fit`` (the experiment and its figure)
"""
