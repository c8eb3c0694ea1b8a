"""Numbers about activations: catalogues, tables, saturation.  No matplotlib, no click."""
