"""Whole scanned reports (opt-in: ``pytest -m ocr_heavy``; ``.ci/run`` runs them once).

Each document fixture is scanned (tests/scangen.py: 200 dpi, turned by under 1°, blurred and
noised, saved as an image-only PDF) and read by OCR end to end: no value differs from the
fixture's label, and every labelled cell not read is covered by a finding.  About a minute each.
"""

from __future__ import annotations

import json

import pytest

import gkparse
from gkparse._read.formats import ocr
from tests.conftest import FIXTURES, expected_value
from tests.scangen import SOURCES, scanned

pytestmark = [
    pytest.mark.ocr_heavy,
    pytest.mark.skipif(not ocr.available(), reason='the ocr extra is not installed: pip install "gkparse[ocr]"'),
]
_UNPLACED = ("values.unlabelled", "row.ambiguous", "row.too_many_values", "ocr.unread")
"""Findings that keep numbers they could not place (no key to name)."""


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_scanned_document_reads_without_a_wrong_value(name: str) -> None:
    """A scan of a real report gives no wrong value, and each labelled cell not read is covered by a finding."""
    label = json.loads((FIXTURES / "documents" / f"{name}.json").read_text(encoding="utf-8"))
    report = gkparse.parse_bytes(scanned(name), name=f"{name}_scan.pdf")
    got = {c.key: c.value for c in report.cells()}
    want = {k: expected_value(v) for k, v in label["cells"].items()}
    wrong = {k: (v, want.get(k)) for k, v in got.items() if k not in want or want[k] != v}
    assert not wrong
    keyed = {k for f in report.findings for k in f.keys}
    unplaced = any(f.code in _UNPLACED for f in report.findings)
    for key in set(want) - set(got):
        row = key.rsplit(".", 1)[0]
        assert key in keyed or f"{row}.*" in keyed or unplaced, key
    assert len(got) >= 0.85 * len(want)


def test_a_three_smudged_into_an_eight_gives_a_finding_not_a_number() -> None:
    """The 3 of 部分公开 (requests.partially_granted.natural_person) in a scan of a real report, its open
    left side closed by a smudge before scanning, never comes out as another number: the cell is read as
    printed or stays unread with a finding that shows what the engine saw."""
    import numpy as np
    from PIL import ImageDraw

    from gkparse._read.formats import ocrgrid as og
    from tests.scangen import degrade, image_pdf, render

    pages = render(SOURCES["shanghai_2019"].read_bytes())
    page = pages[1]
    s = og.GridSettings()
    mask = og.ink(np.asarray(page))
    lines = og.line_mask(mask, s)
    text = mask & ~lines
    grid = og.find_tables(lines, s)[0]
    # the cell of 部分公开's first number: row 1 of the page's table, the first column of numbers
    cell = next(c for c in grid.cells if c.row == 1 and c.col == 3)
    x0, y0, _, y1 = og.text_bands(text, cell.box, s)[0]
    ImageDraw.Draw(page).line((x0 + 1, y0 + 2, x0 + 1, y1 - 2), fill=0, width=3)  # close the 3's left side
    report = gkparse.parse_bytes(image_pdf(degrade(pages)), name="smudged.pdf")
    key = "requests.partially_granted.natural_person"
    value = report.value(key)
    assert value in (3, None)
    if value is None:
        assert any(key in f.keys or f.code == "ocr.unread" for f in report.findings)
