"""The tutorial in a real Jupyter kernel: it runs, draws its chart inline, and the chart's numbers are
the derived, deduplicated totals of the fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import gkparse

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
ROWS = ("granted", "partially_granted", "unable.not_held", "not_processed.complaint", "other")


def _expected() -> dict[str, float]:
    """Each outcome row's 总计, printed or derived, summed over the deduplicated fixtures."""
    kept = gkparse.dedupe(gkparse.parse_paths([gkparse.fixtures_path()]))
    sums: dict[str, float] = {}
    for item in kept:
        if not isinstance(item, gkparse.Report):
            continue
        for cell in item.derived().cells():
            if cell.table == "requests" and cell.col == "total" and cell.row in ROWS and cell.value is not None:
                sums[cell.row] = sums.get(cell.row, 0.0) + float(cell.value)
    return sums


def test_tutorial_runs_in_a_kernel_and_its_chart_is_right(tmp_path: Path) -> None:
    """Every code block of the tutorial runs in an IPython kernel (cwd elsewhere), the chart shows
    inline as a PNG with no warning on stderr, and its bars are the derived, deduplicated totals."""
    blocks = re.findall(r"```python\n(.*?)```", TUTORIAL.read_text(encoding="utf-8"), re.S)
    cells = [nbformat.v4.new_code_cell(code) for code in blocks]
    cells.append(nbformat.v4.new_code_cell("import json; print(json.dumps(by_outcome.dropna().to_dict()))"))
    nb = nbformat.v4.new_notebook(cells=cells)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}})
    client.execute()
    outputs = [o for c in nb.cells for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "a warning was printed"
    assert any("image/png" in o.get("data", {}) for o in nb.cells[-2].outputs), "the chart is not shown inline"
    shown = json.loads(nb.cells[-1].outputs[0]["text"])
    assert shown == _expected()
    assert shown["granted"] >= 272  # the Shanghai 2019 report's derived total counts
