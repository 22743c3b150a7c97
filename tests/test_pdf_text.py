"""Text extracted from PDFs (issue 10, convention 7): labels printed around their numbers.

``tests/snippets/pdf_requests_2021.txt`` is a requests table of the 2021 template as
pdfplumber and PDF viewers give it: header words broken over lines (``商业企`` / ``业``),
item labels wrapped before and after their numbers, group labels printed one
character per line, running into the rows beside them (``本 1.本机关不掌握…``), and a
group label on the numbers' line of the row whose label wraps around it.  No real
report of this kind could be found in the public pages, so the snippet is hand-made
after the cases the issue quotes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gkparse

SNIPPET = (Path(__file__).parent / "snippets" / "pdf_requests_2021.txt").read_text(encoding="utf-8")
ZERO = [0] * 7
ROWS = {
    "new": [58, 7, 1, 0, 0, 0, 66],
    "granted": [40, 5, 1, 0, 0, 0, 46],
    "partially_granted": [12, 1, 0, 0, 0, 0, 13],
    "unable.not_held": [3, 1, 0, 0, 0, 0, 4],
    "other.overdue_correction": [3, 0, 0, 0, 0, 0, 3],
    "total": [58, 7, 1, 0, 0, 0, 66],
}


def _rows(report: gkparse.Report) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for c in report.cells():
        out.setdefault(c.row, []).append(c.value)
    return out


def test_every_row_of_a_pdf_extracted_table_is_read() -> None:
    """All 25 rows are read, each with its own numbers; none is reported as unlabelled."""
    report = gkparse.parse(SNIPPET)
    got = _rows(report)
    assert len(got) == 25
    for row, values in got.items():
        assert values == ROWS.get(row, ZERO), row
    assert not [f for f in report.findings if f.code in ("values.unlabelled", "row.ambiguous")]
    assert not [f for f in report.findings if f.severity == "error"]  # the arithmetic holds


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("5.要求行政机关确认或重新出\n1 0 0 0 0 0 1\n具已获取信息\n", "not_processed.confirm_or_reissue"),
        ("（二）部分公开（区分处理的，只计这一情\n31 2 0 0 0 0 33\n形，不计其他情形）\n", "partially_granted"),
        ("（一）\n5 0 0 0 0 0 5\n予以公开\n", "granted"),
        ("本 1.本机关不掌握相关政府信息 3 1 0 0 0 0 4\n", "unable.not_held"),
        ("果 （一）予以公开 5 0 0 0 0 0 5\n", "granted"),
    ],
)
def test_a_wrapped_label_names_its_row(text: str, row: str) -> None:
    """An item label wrapped below its numbers, or run into by a vertical group label, names its row."""
    report = gkparse.parse("三、收到和处理政府信息公开申请情况\n" + text)
    assert set(_rows(report)) == {row}


@pytest.mark.parametrize(
    "text",
    [
        # the text after the numbers is a label of its own (it starts with an enumerator)
        "5.要求行政机关确认或重新出\n1 0 0 0 0 0 1\n1.具已获取信息\n",
        # the text after the numbers completes no row phrase begun before them
        "（二）部分\n31 2 0 0 0 0 33\n政府信息公开工作\n",
    ],
)
def test_text_after_the_numbers_that_completes_nothing_is_not_joined(text: str) -> None:
    """Only a cell that finishes a phrase begun before the numbers is joined to it; otherwise the
    numbers stay unread with a finding."""
    report = gkparse.parse("三、收到和处理政府信息公开申请情况\n" + text)
    assert list(report.cells()) == []
    assert "values.unlabelled" in [f.code for f in report.findings]
