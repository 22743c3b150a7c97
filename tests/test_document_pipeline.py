"""Documents through the whole pipeline: generated HTML, Word and PDF reports read back exactly, blanks included.

In a document every cell's position is known, so no number is ever placed by
count: the cells gkparse returns are exactly the printed ones (a blank cell
stays blank, wherever it falls), and the real documents of fixtures/documents
read exactly as labelled.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

import gkparse
from tests import docgen
from tests.conftest import FIXTURES, expected_value

pytest.importorskip("lxml")
pytest.importorskip("docx")

DOCUMENTS = sorted(p for p in (FIXTURES / "documents").iterdir() if p.suffix in (".html", ".htm", ".pdf", ".docx"))

_RESULTS_2019 = (
    "granted", "partially_granted",
    *(f"denied.{k}" for k in ("state_secret", "prohibited_by_law", "safety_stability", "third_party_rights",
                              "internal_affairs", "process_info", "enforcement_files", "inquiry_matters")),
    "unable.not_held", "unable.needs_creation", "unable.unclear",
    *(f"not_processed.{k}" for k in ("complaint", "duplicate", "publication", "excessive", "confirm_or_reissue")),
)  # fmt: skip
_COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
         "legal_service_org", "other_org", "total")  # fmt: skip
_APPEALS = tuple(
    f"appeals.{r}.{c}"
    for r in ("review", "litigation_direct", "litigation_after_review")
    for c in ("upheld", "corrected", "other", "pending", "total")
)


def _money(text: str) -> Decimal:
    if text.endswith("万元"):
        return Decimal(text[:-2]) * 10000
    return Decimal(text.removesuffix("元"))


def expected(tables: dict[str, list[docgen.Spec]], template: str) -> dict[str, object]:
    """The cells a careful reader takes from the generated tables: every printed value at its key."""
    out: dict[str, object] = {}
    other = ("other",) if template == "2019" else ("other.overdue_correction", "other.overdue_fee", "other.other")
    rows = ("new", "carried_over", *_RESULTS_2019, *other, "total", "carried_forward")
    for s in tables.get("requests", []):
        if s.row >= 3 and s.col >= 3 and s.text:
            out[f"requests.{rows[s.row - 3]}.{_COLS[s.col - 3]}"] = int(s.text)
    docs, items = ("made", "published", "total_published"), ("prior_items", "items_change", "decisions")
    active = {2: ("rules", docs), 3: ("normative_documents", docs), 6: ("licensing", items),
              7: ("other_services", items), 10: ("procurement", ("items", "amount"))}  # fmt: skip
    for s in tables.get("active", []):
        if s.row in active and s.col >= 1 and s.text:
            row, cols = active[s.row]
            col = cols[s.col - 1]
            out[f"active.{row}.{col}"] = _money(s.text) if col == "amount" else int(s.text)
    for s in tables.get("appeals", []):
        if s.row == 3 and s.text:
            out[_APPEALS[s.col]] = int(s.text)
    return out


def _tables(rng: random.Random, template: str) -> dict[str, list[docgen.Spec]]:
    tables = {"requests": docgen.requests_table(rng, template), "appeals": docgen.appeals_table(rng)}
    if template == "2019":
        tables = {"active": docgen.active_table(rng), **tables}
    return tables


def _cells(report: gkparse.Report) -> dict[str, object]:
    return {c.key: c.value for c in report.cells()}


@pytest.mark.parametrize("seed", range(24))
def test_generated_html_reads_back_exactly(seed: int) -> None:
    """An HTML report with random blanks, spans and noise: every printed cell comes back at its key, no other."""
    rng = random.Random(seed)
    template = rng.choice(["2019", "2021"])
    tables = _tables(rng, template)
    page = docgen.html_page(list(tables.values()), rng, title="某县2022年政府信息公开工作年度报告")
    report = gkparse.parse_bytes(page.encode("utf-8"), name="r.html")
    assert report.template == template
    assert _cells(report) == expected(tables, template)
    assert not [f for f in report.findings if f.code in ("row.ambiguous", "values.unlabelled")]


@pytest.mark.parametrize("seed", range(12))
def test_generated_docx_reads_back_exactly(seed: int) -> None:
    """A Word report with merged cells: every printed cell comes back at its key, blanks stay blank."""
    rng = random.Random(1000 + seed)
    template = rng.choice(["2019", "2021"])
    tables = _tables(rng, template)
    report = gkparse.parse_bytes(docgen.docx_bytes(list(tables.values()), rng), name="r.docx")
    assert _cells(report) == expected(tables, template)


@pytest.mark.parametrize("seed", range(3))
def test_generated_pdf_reads_back_exactly(seed: int) -> None:
    """A ruled PDF report (requests and appeals tables): read back exactly, blanks included."""
    pytest.importorskip("pypdfium2")
    pytest.importorskip("reportlab")
    from tests import docgen_pdf

    rng = random.Random(2000 + seed)
    template = "2021"
    tables = _tables(rng, template)
    flow = [docgen_pdf.pdf_paragraph("某县2022年政府信息公开工作年度报告")]
    for specs in tables.values():
        flow.append(docgen_pdf.pdf_table(specs, col_width=52, font_size=6))
    report = gkparse.parse_bytes(docgen_pdf.pdf_bytes(flow), name="r.pdf")
    assert _cells(report) == expected(tables, template)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_real_documents_read_as_labelled(path: Path) -> None:
    """Every real document in fixtures/documents reads exactly as its hand label, template and year included."""
    if path.suffix == ".pdf":
        pytest.importorskip("pypdfium2")
    label = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    report = gkparse.parse_file(path)
    want = {k: expected_value(v) for k, v in label["cells"].items()}
    assert _cells(report) == want
    assert report.template == label["template"]
    assert report.year == label["year"]
    assert report.organ in (label["organ"], None)


def test_cells_of_documents_say_where_they_stand() -> None:
    """A document's cell keeps its line in the text form; the grid cell behind it knows table, row and column."""
    report = gkparse.parse_file(FIXTURES / "documents" / "duizhen_2020_gbk.html")
    assert report.layout == "html"
    cell = report.requests.get("new.total") if report.requests else None
    assert cell is not None
    assert cell.raw == str(cell.value)


def test_parse_html_takes_markup() -> None:
    """gkparse.parse_html reads markup given as str."""
    markup = (FIXTURES / "documents" / "shanghai_2019_js.html").read_text(encoding="utf-8")
    report = gkparse.parse_html(markup, source="page")
    assert report.source == "page"
    assert report.value("requests.new.total") == 859


def test_document_reports_fit_the_json_schema() -> None:
    """to_dict of a report read from a document validates against json_schema() and round-trips."""
    jsonschema = pytest.importorskip("jsonschema")
    report = gkparse.parse_file(FIXTURES / "documents" / "duizhen_2020_gbk.html")
    jsonschema.validate(gkparse.to_dict(report), gkparse.json_schema())
    assert gkparse.from_dict(gkparse.to_dict(report)) == report


def test_a_value_beyond_a_blank_is_never_pulled_into_place() -> None:
    """行政事业性收费 has two columns; '0 | (blank) | 5' prints 5 beyond them: no cell is shifted into place."""
    markup = (
        "<p>某县2020年政府信息公开工作年度报告</p><table>"
        "<tr><td>第二十条第（八）项</td><td colspan=3></td></tr>"
        "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td>1</td><td>2</td><td>3</td></tr>"
        "<tr><td>行政事业性收费</td><td>0</td><td>&nbsp;</td><td>5</td></tr>"
        "</table>"
    )
    report = gkparse.parse_html(markup)
    assert report.value("active.licensing.decisions") == 3
    assert report.value("active.fees.prior_items") is None
    assert report.value("active.fees.items_change") is None
    assert "row.ambiguous" in [f.code for f in report.findings]
