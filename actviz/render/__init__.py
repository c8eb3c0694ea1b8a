"""Drawing: matplotlib figures, terminal charts and rich tables.  Takes plain data, computes none.

One module per medium, each importing only those listed before it (no import circle):

- ``labels``: every word, in every language;
- ``words``: numbers, intervals, peaks and formulas as text, for every medium;
- ``export``: sheets, and the text formats (CSV, Markdown, LaTeX, JSON) that write them;
- ``tables``: rich tables for the terminal;
- ``listing``: ``actviz list``'s rich table, apart so that ``list`` imports no sheets;
- ``documents``: ``actviz info``'s card and guide, as rich panels or Markdown;
- ``canvas``: style sheets, fonts, and drawing and saving a matplotlib figure;
- ``panels``: what a curve figure shows, decided once for matplotlib and the terminal;
- ``figures``: the figures of plot and compare;
- ``report_figures``: the figures of saturation, softmax and fit;
- ``terminal``: charts drawn in the terminal with plotext.
"""
