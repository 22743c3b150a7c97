"""Scanned tables read by OCR, end to end: a noisy, slightly rotated scan of a real report's table.

``tests/scans/appeals_scan.jpg`` is the 四、复议诉讼 table of fixtures/documents/shanghai_2019.pdf
rendered at 200 dpi, turned by under 1°, blurred and noised.  Each test reads one small image
(a few seconds); the tests skip, saying why, when the ``ocr`` extra is not installed.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import gkparse
from gkparse._read.formats import ocr, ocrpages
from gkparse.errors import DocumentError, MissingExtraError

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(not ocr.available(), reason='the ocr extra is not installed: pip install "gkparse[ocr]"'),
]
SCAN = Path(__file__).parent / "scans" / "appeals_scan.jpg"
PRINTED = {
    "appeals.review.upheld": 5,
    "appeals.review.pending": 2,
    "appeals.review.total": 7,
    "appeals.litigation_direct.upheld": 8,
    "appeals.litigation_direct.pending": 1,
    "appeals.litigation_direct.total": 9,
}


def _damaged(key: str, digit: str) -> bytes:
    """The scan with the print of one cell painted over by another digit (a smudge the engine reads)."""
    from PIL import Image, ImageDraw, ImageFont

    report = gkparse.parse_file(SCAN)
    cell = next(c for c in report.cells() if c.key == key)
    assert cell.origin is not None
    assert cell.origin.box is not None
    img = Image.open(SCAN).convert("L")
    x0, y0, x1, y1 = cell.origin.box
    draw = ImageDraw.Draw(img)
    draw.rectangle((x0 + 6, y0 + 5, x1 - 6, y1 - 5), fill=255)
    draw.text((x0 + 16, y0 + 8), digit, fill=0, font=ImageFont.load_default(size=26))
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def test_scanned_table_is_read_exactly() -> None:
    """Every printed number of the scanned table is read, and each OCR'd cell says where it was seen
    (page, box) and how confident the engine was; the report counts the cells read by OCR."""
    report = gkparse.parse_file(SCAN)
    assert report.source_format == "image"
    assert {c.key: c.value for c in report.cells()} == PRINTED
    for c in report.cells():
        assert c.origin is not None
        assert c.origin.page == 1
        assert c.origin.box is not None
        assert c.origin.confidence is not None
        assert c.origin.confidence >= 0.9
    read = [f for f in report.findings if f.code == "ocr.read"]
    assert len(read) == 1
    assert read[0].message.startswith("6 cell(s) read by OCR: 6 accepted")
    assert any(f.code == "ocr.relations_used" for f in report.findings)


def test_a_damaged_digit_gives_a_finding_not_a_number() -> None:
    """A digit of the scan overwritten by another (2 → 8: the row no longer adds up) is not emitted:
    the cell stays unread and a finding shows what the engine saw."""
    data = _damaged("appeals.review.pending", "8")
    report = gkparse.parse_bytes(data, name="damaged.png")
    values = {c.key: c.value for c in report.cells()}
    for key, value in values.items():
        assert PRINTED[key] == value
    assert "appeals.review.pending" not in values
    withheld = [f for f in report.findings if f.code == "ocr.withheld" and "appeals.review.pending" in f.keys]
    assert withheld
    assert "'8'" in withheld[0].message


def test_an_image_without_a_table_gives_no_tables() -> None:
    """A picture with no ruled table is no error: the report has no table and says so."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (900, 400), 255)
    ImageDraw.Draw(img).ellipse((100, 100, 300, 300), outline=0, width=3)
    out = io.BytesIO()
    img.save(out, format="PNG")
    report = gkparse.parse_bytes(out.getvalue(), name="photo.png")
    assert report.tables() == ()
    assert any(f.code == "report.no_tables" for f in report.findings)


def test_large_images_are_scaled_down_and_long_scans_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page above the pixel bound is read scaled down, a file with more pages than the bound is read
    up to it, each with an ``ocr.capped`` finding; an image above the refusal bound is not decoded."""
    from PIL import Image

    monkeypatch.setattr(ocrpages, "MAX_PIXELS", 150_000)
    report = gkparse.parse_file(SCAN)
    assert any(f.code == "ocr.capped" for f in report.findings)
    for c in report.cells():
        assert PRINTED[c.key] == c.value
    monkeypatch.setattr(ocrpages, "MAX_PAGES", 1)
    out = io.BytesIO()
    blank = Image.new("L", (200, 100), 255)
    blank.save(out, format="TIFF", save_all=True, append_images=[blank, blank])
    report = gkparse.parse_bytes(out.getvalue(), name="scan.tif")
    assert any(f.code == "ocr.capped" and "3 pages" in f.message for f in report.findings)
    monkeypatch.setattr(ocrpages, "REFUSE_PIXELS", 10_000)
    with pytest.raises(DocumentError, match="not read"):
        gkparse.parse_file(SCAN)


def test_junk_image_bytes_are_a_document_error() -> None:
    """Bytes that start like a PNG but are no image give a clear DocumentError, not a traceback."""
    with pytest.raises(DocumentError, match="image"):
        gkparse.parse_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50), name="x.png")


def test_without_the_extra_reading_an_image_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the OCR engine, reading an image raises MissingExtraError naming pip install "gkparse[ocr]"."""
    ocr.engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    try:
        with pytest.raises(MissingExtraError, match=r'pip install "gkparse\[ocr\]"'):
            gkparse.parse_file(SCAN)
    finally:
        ocr.engine.cache_clear()


def test_html_page_whose_table_is_a_local_image(tmp_path: Path) -> None:
    """An HTML page saved with its resources: the table shown as an image beside it is read by OCR,
    in place; an image at a web address is not downloaded, and a finding names its address."""
    (tmp_path / "report_files").mkdir()
    (tmp_path / "report_files" / "image001.jpg").write_bytes(SCAN.read_bytes())
    page = tmp_path / "report.html"
    page.write_text(
        "<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        '<p><img src="report_files/image001.jpg"></p>'
        '<p><img src="https://www.example.gov.cn/pic/table2.png"></p></body></html>',
        encoding="utf-8",
    )
    report = gkparse.parse_file(page)
    assert {c.key: c.value for c in report.cells()} == PRINTED
    named = [f for f in report.findings if f.code == "ocr.image_table"]
    assert len(named) == 1
    assert "https://www.example.gov.cn/pic/table2.png" in named[0].message


def test_ocr_provenance_round_trips_through_json() -> None:
    """A report read by OCR fits the JSON schema and round-trips: each cell's box and confidence included."""
    jsonschema = pytest.importorskip("jsonschema")
    report = gkparse.parse_file(SCAN)
    data = gkparse.to_dict(report)
    jsonschema.validate(data, gkparse.json_schema())
    cell = data["appeals"]["cells"][0]
    assert len(cell["origin"]["box"]) == 4
    assert gkparse.from_dict(data) == report
