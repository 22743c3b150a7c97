"""Real report documents in fixtures/documents: the readers place every labelled number at its cell.

Each ``NAME.html``/``NAME.docx``/``NAME.pdf`` has a ``NAME.json`` label in the data-dictionary
format.  These tests read the document, map the grid's rows and columns to
data-dictionary keys by their printed labels (as the core will), and compare
with the label: every labelled cell at its place, every blank cell blank.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gkparse._read.formats import DocContent, DocTable, read_document

pytest.importorskip("lxml")
pytest.importorskip("docx")
pytest.importorskip("pypdfium2")

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
NAMES = sorted(
    p.name for p in DOCS.iterdir() if p.suffix in (".html", ".docx", ".pdf") and p.with_suffix(".json").exists()
)

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org")
APPLICANTS += ("legal_service_org", "other_org", "total")
APPEALS = [
    f"{r}.{c}"
    for r in ("review", "litigation_direct", "litigation_after_review")
    for c in ("upheld", "corrected", "other", "pending", "total")
]
REQUEST_ROWS = {
    "本年新收": "new",
    "上年结转": "carried_over",
    "予以公开": "granted",
    "部分公开": "partially_granted",
    "国家秘密": "denied.state_secret",
    "禁止公开": "denied.prohibited_by_law",
    "三安全一稳定": "denied.safety_stability",
    "第三方": "denied.third_party_rights",
    "内部事务": "denied.internal_affairs",
    "过程性": "denied.process_info",
    "执法案卷": "denied.enforcement_files",
    "查询事项": "denied.inquiry_matters",
    "不掌握": "unable.not_held",
    "另行制作": "unable.needs_creation",
    "仍不明确": "unable.unclear",
    "信访": "not_processed.complaint",
    "重复申请": "not_processed.duplicate",
    "出版物": "not_processed.publication",
    "大量反复": "not_processed.excessive",
    "确认或重新出具": "not_processed.confirm_or_reissue",
    "其他处理": "other",
    "总计": "total",
    "结转下年度": "carried_forward",
}
ACTIVE_ROWS = {
    "规章": ("rules", ("made", "published", "total_published")),
    "规范性文件": ("normative_documents", ("made", "published", "total_published")),
    "行政许可": ("licensing", ("prior_items", "items_change", "decisions")),
    "其他对外管理服务事项": ("other_services", ("prior_items", "items_change", "decisions")),
    "行政处罚": ("penalties", ("prior_items", "items_change", "decisions")),
    "行政强制": ("coercion", ("prior_items", "items_change", "decisions")),
    "行政事业性收费": ("fees", ("prior_items", "items_change")),
    "政府集中采购": ("procurement", ("items", "amount")),
}


def label(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DOCS / name).with_suffix(".json").read_text(encoding="utf-8"))
    return data


def read(name: str) -> DocContent:
    content = read_document((DOCS / name).read_bytes(), name)
    assert content is not None
    return content


def printed(value: Any) -> str:
    return str(value["raw"] if isinstance(value, dict) else value)


def request_cells(table: DocTable) -> dict[str, str]:
    """Keys of the requests table: rows by their label text, columns by position (3..9)."""
    out: dict[str, str] = {}
    for row in table.rows[3:]:
        labels = "".join(c.text for c in row[:3])
        last_label = next(c.text for c in reversed(row[:3]) if c.text)
        key = next(v for k, v in REQUEST_ROWS.items() if k in (last_label if k == "总计" else labels))
        for applicant, cell in zip(APPLICANTS, row[3:], strict=True):
            if cell.text:
                out[f"requests.{key}.{applicant}"] = cell.text
    return out


def active_cells(table: DocTable) -> dict[str, str]:
    """Keys of the active table: values in reading order after the row label (positions may be offset by spans)."""
    out: dict[str, str] = {}
    for row in table.rows:
        if row[0].text in ACTIVE_ROWS:
            name, columns = ACTIVE_ROWS[row[0].text]
            values = [c for c in row[1:] if not c.spanned]
            for column, cell in zip(columns, values, strict=False):
                if cell.text:
                    out[f"active.{name}.{column}"] = cell.text
    return out


def appeal_cells(table: DocTable) -> dict[str, str]:
    return {f"appeals.{k}": c.text for k, c in zip(APPEALS, table.rows[3], strict=True) if c.text}


@pytest.mark.parametrize("name", NAMES)
def test_document_cells_match_label(name: str) -> None:
    content, expected = read(name), label(name)
    active, requests, appeals = content.tables
    got = {**active_cells(active), **request_cells(requests), **appeal_cells(appeals)}
    assert got == {k: printed(v) for k, v in expected["cells"].items()}


@pytest.mark.parametrize("name", NAMES)
def test_document_grid_shapes(name: str) -> None:
    content = read(name)
    assert content.findings == ()
    assert [t.width for t in content.tables] == [5 if "shanghai" in name else 4, 10, 15]
    requests = content.tables[1]
    assert len(requests.rows) == 26
    group = requests.rows[5][0]
    assert group.text == "三、本年度办理结果"
    assert all(row[0].spanned for row in requests.rows[6:25])  # rowspan 20 expanded
    assert [c.text for c in requests.rows[2][4:9]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    year = str(label(name)["year"])
    assert any(year in line for line in content.lines)


def test_shanghai_js_page() -> None:
    """The report held in a JavaScript string: rows and blanks at their columns, misaligned spans kept."""
    content = read("shanghai_2019_js.html")
    assert content.lines[1] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    active, requests, appeals = content.tables
    assert requests.texts()[3] == ["一、本年新收政府信息公开申请数量", "", "", "821", "35", "", "", "2", "1", "859"]
    assert [c.spanned for c in requests.rows[3][:3]] == [False, True, True]
    assert requests.texts()[25][3:] == ["72", "", "", "", "", "", "72"]
    assert requests.rows[7][1].text == "（三）不予公开"
    assert all(requests.rows[r][1].spanned for r in range(8, 15))  # rowspan 8
    assert active.texts()[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "", "对外公开总数量"]
    licensing = active.rows[6]  # "0" spans columns 1-2 under 上一年项目数量 and half of 本年增/减
    assert [(c.text, c.spanned) for c in licensing] == [
        ("行政许可", False),
        ("0", False),
        ("", True),
        ("0", False),
        ("0", False),
    ]
    assert appeals.texts()[3] == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]


def test_gbk_page_decodes_and_keeps_blanks() -> None:
    data = (DOCS / "duizhen_2020_gbk.html").read_bytes()
    assert re.search(rb"charset=gb2312", data)
    data.decode("gbk")  # really GBK, not UTF-8
    content = read("duizhen_2020_gbk.html")
    appeals = content.tables[2]
    assert appeals.texts()[3] == [""] * 5 + ["0"] * 10  # 行政复议 left blank
    assert content.tables[0].texts()[-1] == ["政府集中采购", "4", "6.02 万元", ""]


def test_docx_joins_line_breaks_in_header_cells() -> None:
    requests = read("shitai_2020.docx").tables[1]
    assert requests.texts()[0][9] == "合计"
    assert requests.texts()[1][3] == "自然人"
    assert requests.rows[7][1].text == "(三)不予公开"


def test_pdf_table_over_the_page_break() -> None:
    """The 三、依申请 table of the PDF runs from page 1 to page 2 and is read as one table."""
    content = read("shanghai_2019.pdf")
    requests = content.tables[1]
    assert sorted({row[3].page for row in requests.rows}) == [1, 2]
    assert requests.texts()[6][1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"  # wrapped in its cell
    html = read("shanghai_2019_js.html")
    assert [t.texts() for t in content.tables] == [t.texts() for t in html.tables]
