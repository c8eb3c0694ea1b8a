"""examples/tour.ipynb runs in a real Jupyter kernel: figure cells show an image, table cells an
HTML table; and it makes the calls of the README's Python API section."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOUR = ROOT / "examples" / "tour.ipynb"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_api_calls() -> list[str]:
    """The statements of the README's block of result objects (``p = actviz.plot(...)``...),
    without their comments."""
    block = README.split("```python\np = actviz.plot(", 1)[1].split("```", 1)[0]
    lines = ("p = actviz.plot(" + block).splitlines()
    return [line.split("  #", 1)[0].rstrip() for line in lines if line.strip()]


def code_of(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_the_tour_makes_the_readmes_calls():
    nbformat = pytest.importorskip("nbformat", reason="nbformat comes with nbclient")
    code = code_of(nbformat.read(TOUR, as_version=4))
    calls = readme_api_calls()
    assert len(calls) >= 10
    missing = [call for call in calls if call not in code]
    assert not missing, f"examples/tour.ipynb lacks the README's {missing}"


def test_the_tour_runs_in_a_real_kernel(tmp_path):
    pytest.importorskip("ipykernel", reason="the notebook test needs ipykernel (test extra)")
    nbclient = pytest.importorskip("nbclient", reason="the notebook test needs nbclient "
                                   "(test extra)")
    import nbformat

    notebook = nbformat.read(TOUR, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    tagged = {"figure": 0, "table": 0}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        shown = {kind for output in cell.outputs for kind in output.get("data", {})}
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        for tag in cell.metadata.get("tags", []):
            wanted = {"figure": "image/png", "table": "text/html"}[tag]
            assert wanted in shown, f"{cell.source!r} showed {sorted(shown)}, not {wanted}"
            tagged[tag] += 1
    assert tagged["figure"] >= 6 and tagged["table"] >= 5  # plot, draw, compare, sat, sm, fit
    assert (tmp_path / "figures" / "elu.svg").read_text(encoding="utf-8").startswith("<?xml")
    card = notebook.cells[-1].outputs[0]["data"]["text/markdown"]
    assert card.startswith("# GELU")
