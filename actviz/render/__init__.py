"""Drawing: matplotlib figures, terminal charts and rich tables.  Takes plain data, computes none."""
