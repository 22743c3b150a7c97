"""PDF tables without ruling lines (or with only some): values placed under the header cells they stand under.

The test PDFs are report tables drawn by reportlab without rules, with only the
lines between rows, only those between columns, or only the outer border — cells
centred, left- or right-aligned, labels wrapped around their values, group labels one
character per line, the requests table continued on the next page without its header.
Each reads exactly, blanks included.  Where the alignment does not decide — a value
under no header cell or under two, a header that does not name the template's columns
— no value is placed, and a finding says so: never a wrong number.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkparse
from gkparse._read.formats import read_document
from tests import docgen as g
from tests import docgen_pdf as gp
from tests.test_document_pipeline import expected

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")
HEADINGS = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
}
WIDTHS = {"active": 90, "requests": 52, "appeals": 36}
_ACTIVE_2021 = {
    2: ("rules", ("issued", "repealed", "in_force")),
    3: ("normative_documents", ("issued", "repealed", "in_force")),
    6: ("licensing", ("decisions",)),
    9: ("penalties", ("decisions",)),
    10: ("coercion", ("decisions",)),
    13: ("fees", ("amount",)),
}


def tables_of(rng: random.Random, template: str) -> dict[str, list[g.Spec]]:
    """The three tables of a report of the template (the 2021 主动公开 table has its own shape)."""
    active = g.active_table(rng) if template == "2019" else g.active_table_2021(rng)
    return {"active": active, "requests": g.requests_table(rng, template), "appeals": g.appeals_table(rng)}


def expected_cells(tables: dict[str, list[g.Spec]], template: str) -> dict[str, object]:
    """Every printed value at its key (the 2021 主动公开 table here, the others by the pipeline tests' helper)."""
    if template == "2019":
        return expected(tables, template)
    out = expected({k: v for k, v in tables.items() if k != "active"}, template)
    for s in tables.get("active", []):
        if s.row in _ACTIVE_2021 and s.col >= 1 and s.text:
            row, cols = _ACTIVE_2021[s.row]
            col = cols[s.col - 1]
            out[f"active.{row}.{col}"] = Decimal(s.text) * 10000 if col == "amount" else int(s.text)
    return out


def report_pdf(tables: dict[str, list[g.Spec]], year: int = 2022, **table: object) -> bytes:
    flow = [gp.pdf_paragraph(f"某县{year}年政府信息公开工作年度报告")]
    for name, specs in tables.items():
        flow += [gp.pdf_paragraph(HEADINGS[name]), gp.pdf_table(specs, WIDTHS[name], **table)]
    return gp.pdf_bytes(flow)


def cells_of(report: gkparse.Report) -> dict[str, object]:
    return {c.key: c.value for c in report.cells()}


def codes(report: gkparse.Report) -> list[str]:
    return [f.code for f in report.findings]


CASES = [(ruling, align) for ruling in ("none", "rows", "columns", "box") for align in ("CENTER", "LEFT", "RIGHT")]


@pytest.mark.parametrize(("ruling", "align"), CASES, ids=[f"{r}-{a}" for r, a in CASES])
def test_tables_without_rules_read_exactly(ruling: str, align: str) -> None:
    """Every template's three tables, ruled only in part or not at all, read back exactly, blanks included."""
    k = CASES.index((ruling, align))
    template = ("2019", "2021")[k % 2]
    tables = tables_of(random.Random(100 + k), template)
    data = report_pdf(tables, 2020 if template == "2019" else 2022, ruling=ruling, align=align)
    report = gkparse.parse_bytes(data, name="r.pdf")
    assert report.template == template
    assert cells_of(report) == expected_cells(tables, template)
    assert "document.unruled_table" in codes(report)
    assert not {"document.unaligned_row", "row.ambiguous", "values.unlabelled"} & set(codes(report))


def test_header_repeated_on_the_next_page() -> None:
    """A table without rules over two pages whose header rows are printed again on the second reads as one."""
    tables = tables_of(random.Random(7), "2021")
    data = report_pdf(tables, ruling="none", align="CENTER", repeat=3, font_size=6)
    content = read_document(data)
    assert content is not None
    assert content.lines.count("申请人情况") == 2  # the header printed on both pages
    assert cells_of(gkparse.parse_bytes(data, name="r.pdf")) == expected_cells(tables, "2021")


def test_grid_of_a_table_without_rules() -> None:
    """The appeals table without rules: one row of fifteen cells, each value in its column, blanks empty;
    the header lines stay prose."""
    specs = g.appeals_table(random.Random(3))
    content = read_document(report_pdf({"appeals": specs}, ruling="none", align="CENTER"))
    assert content is not None
    (table,) = content.tables
    assert table.texts() == [[text for text, _ in g.expected_grid(specs)[3]]]
    assert "行政复议 行政诉讼" in content.lines
    assert [code for code, _ in content.findings] == ["document.unruled_table"]


def _requests_pdf(specs: list[g.Spec], **table: object) -> bytes:
    flow = [gp.pdf_paragraph("某县2022年政府信息公开工作年度报告"), gp.pdf_paragraph(HEADINGS["requests"])]
    return gp.pdf_bytes([*flow, gp.pdf_table(specs, WIDTHS["requests"], ruling="none", align="CENTER", **table)])


def _assert_never_wrong(report: gkparse.Report, want: dict[str, object]) -> None:
    got = cells_of(report)
    assert {k: want.get(k) for k in got} == got


def test_spaced_out_headers_are_joined() -> None:
    """Header cells printed with spaces between their characters (其 他, 总　计) are one column each."""
    specs = [
        g.Spec(s.row, s.col, {"其他": "其 他", "总计": "总　计", "自然人": "自 然 人"}.get(s.text, s.text), s.rs, s.cs)
        for s in g.requests_table(random.Random(11), "2021")
    ]
    report = gkparse.parse_bytes(_requests_pdf(specs), name="r.pdf")
    assert cells_of(report) == expected_cells({"requests": g.requests_table(random.Random(11), "2021")}, "2021")


def test_header_that_does_not_name_the_columns_is_read_as_text() -> None:
    """A header missing a column cell (科研机构 left blank) gives no columns: the table is read as text lines,
    with a finding, and no value moves into the blank header's neighbour."""
    specs = g.requests_table(random.Random(12), "2021")
    want = expected_cells({"requests": specs}, "2021")
    blanked = [s for s in specs if s.text != "科研机构"]
    report = gkparse.parse_bytes(_requests_pdf(blanked), name="r.pdf")
    _assert_never_wrong(report, want)
    assert any("read as text lines" in f.message for f in report.findings if f.code == "document.unruled_table")


def test_values_off_their_header_are_not_read() -> None:
    """A row whose values stand between header cells (moved half a column) keeps none of them, with a finding;
    the other rows read exactly."""
    specs = g.requests_table(random.Random(13), "2021")
    want = expected_cells({"requests": specs}, "2021")
    moved = {(s.row, s.col): 26.0 for s in specs if s.row == 5 and s.col >= 3}  # （一）予以公开
    report = gkparse.parse_bytes(_requests_pdf(specs, shifts=moved), name="r.pdf")
    _assert_never_wrong(report, want)
    assert cells_of(report) == {k: v for k, v in want.items() if not k.startswith("requests.granted.")}
    assert "document.unaligned_row" in codes(report)


_VALUE_CELLS = [(s.row, s.col) for s in g.requests_table(random.Random(14), "2021") if s.row >= 3 and s.col >= 3]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_VALUE_CELLS), st.floats(-12, 12), max_size=12))
def test_values_moved_within_their_cells_are_never_misplaced(shifts: dict[tuple[int, int], float]) -> None:
    """Values moved anywhere within their own cells: every value read is the one printed at its key, and a
    row that lost any value says so (document.unaligned_row)."""
    specs = g.requests_table(random.Random(14), "2021")
    want = expected_cells({"requests": specs}, "2021")
    report = gkparse.parse_bytes(_requests_pdf(specs, shifts=shifts), name="r.pdf")
    _assert_never_wrong(report, want)
    if set(want) - set(cells_of(report)):
        assert "document.unaligned_row" in codes(report)
