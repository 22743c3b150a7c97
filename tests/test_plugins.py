"""A new text layout and a new document format, each added from one module and one registry line, read
through the whole pipeline (issue 16): nothing else in gkparse names them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import gkparse
from gkparse._read import formats, layouts
from tests.plugins import toy_format, toy_layout

CARETS = (
    "某县2022年政府信息公开工作年度报告\n"
    "三、收到和处理政府信息公开申请情况\n"
    "^^申请人情况^^^^^^\n"
    "^^自然人^法人或其他组织^^^^^总计\n"
    "^^^商业企业^科研机构^社会公益组织^法律服务机构^其他^\n"
    "一、本年新收政府信息公开申请数量^5^^^^^^5\n"
    "二、上年结转政府信息公开申请数量^0^0^0^0^0^0^0\n"
)


@pytest.fixture
def carets() -> Iterator[layouts.Layout]:
    """The caret-separated layout, registered for one test."""
    layouts.register(toy_layout.LAYOUT)
    try:
        yield toy_layout.LAYOUT
    finally:
        layouts.unregister(toy_layout.LAYOUT.name)


def test_a_separator_layout_from_one_module(carets: layouts.Layout, tmp_path: Path) -> None:
    """Caret rows are recognised, shaped by the layout's own grammar and placed by position, blanks kept
    blank; the report, its tables and the JSON Schema name the new layout; a batch's worker processes
    read with it too."""
    assert layouts.line_type("规章^0^0") == "carets"
    report = gkparse.parse(CARETS)
    assert report.layout == "carets"
    assert report.requests is not None
    assert report.requests.layout == "carets"
    assert report.requests.row("new") == {
        "natural_person": 5,
        "commercial_enterprise": None,
        "research_institution": None,
        "social_welfare_org": None,
        "legal_service_org": None,
        "other_org": None,
        "total": 5,
    }
    assert report.requests["carried_over.total"] == 0
    assert "carets" in gkparse.json_schema()["properties"]["layout"]["enum"]
    assert gkparse.from_dict(json.loads(json.dumps(gkparse.to_dict(report)))) == report
    (tmp_path / "r.txt").write_text(CARETS, encoding="utf-8")
    (batched,) = gkparse.parse_paths([tmp_path], jobs=2)
    assert isinstance(batched, gkparse.Report)
    assert batched.layout == "carets"
    assert batched.requests is not None
    assert batched.requests["new.total"] == 5


def test_without_the_layout_the_caret_rows_are_not_read() -> None:
    """Unregistered, the same text has no table row the built-in layouts can place (nothing guessed)."""
    report = gkparse.parse(CARETS)
    assert report.requests is None or not report.requests.cells
    with pytest.raises(ValueError, match="built in"):
        layouts.unregister("tabs")


CSV = (
    "某县2022年政府信息公开工作年度报告\n"
    "\n"
    "三、收到和处理政府信息公开申请情况\n"
    ",申请人情况,,,,,,\n"
    ",自然人,法人或其他组织,,,,,总计\n"
    ",,商业企业,科研机构,社会公益组织,法律服务机构,其他,\n"
    "一、本年新收政府信息公开申请数量,7,,1,,,,8\n"
    "二、上年结转政府信息公开申请数量,0,0,0,0,0,0,0\n"
)


@pytest.fixture
def csv_format() -> Iterator[formats.Format]:
    """The CSV format, registered for one test."""
    formats.register(toy_format.FORMAT)
    try:
        yield toy_format.FORMAT
    finally:
        formats.unregister(toy_format.FORMAT.kind)


def test_a_document_format_from_one_module(csv_format: formats.Format, tmp_path: Path) -> None:
    """A CSV export is sniffed by its entry, read into a grid, placed by position (its spans in place),
    and named everywhere the formats are listed: the default pattern, the JSON Schema, batches and the CLI."""
    from gkparse.cli import main

    data = CSV.encode("utf-8")
    assert formats.sniff(data, "r.csv") == "csv"
    report = gkparse.parse_bytes(data, name="r.csv", source="r.csv")
    assert report.source_format == "csv"
    assert report.requests is not None
    assert report.requests.layout == "csv"
    assert report.requests["new.natural_person"] == 7
    assert report.requests["new.commercial_enterprise"] is None
    assert report.requests["new.research_institution"] == 1
    assert report.requests["new.total"] == 8
    assert "*.csv" in formats.default_pattern().split(",")
    assert "csv" in gkparse.json_schema()["properties"]["source_format"]["enum"]
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.csv").write_bytes(data)
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    got = list(gkparse.parse_paths([folder]))
    assert [r.source_format for r in got if isinstance(r, gkparse.Report)] == ["csv"]
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(folder), "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["key"]: r["value"] for r in rows}["requests.new.total"] == 8
    assert {r["source_format"] for r in rows} == {"csv"}


def test_without_the_format_csv_is_read_as_text() -> None:
    """Unregistered, the CSV file is text: the built-in formats never claim it."""
    assert formats.sniff(CSV.encode("utf-8"), "r.csv") == "text"
    with pytest.raises(ValueError, match="built in"):
        formats.unregister("pdf")
