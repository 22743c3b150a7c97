"""Document readers on bad input: sniffing, broken files, scans, unruled tables, missing extras."""

from __future__ import annotations

import contextlib
import io
import random
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkparse._read.formats import read_document, sniff
from gkparse.errors import DocumentError, GkparseError, MissingExtraError
from tests import docgen as g
from tests import docgen_pdf as gp

pytest.importorskip("lxml")
pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("reportlab")


# ---------------------------------------------------------------- sniffing, bad files, missing extras


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.7\n", None, "pdf"),
        (b"\xef\xbb\xbf \n<!DOCTYPE html><html>", None, "html"),
        ("<p>一、总体情况</p>".encode(), None, "html"),
        (b"<TABLE><TR>", None, "html"),
        (b"\n\n<meta charset=gbk>", None, "html"),
        ("一、总体情况\n二、主动公开".encode(), None, "text"),
        (b"plain", "a.HTM", "html"),
        ("规章 | 0 | 0 |".encode(), "a.txt", "text"),
    ],
)
def test_sniff(data: bytes, name: str | None, kind: str) -> None:
    assert sniff(data, name) == kind


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old binary Office"),
        (b"{\\rtf1\\ansi ...}", "RTF"),
    ],
)
def test_unsupported_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(DocumentError, match=what):
        read_document(data, "report.doc")


def test_ofd_is_named() -> None:
    with pytest.raises(DocumentError, match="OFD"):
        read_document(_zip(OFD__xml="<ofd:OFD/>"))


def test_plain_text_gives_none() -> None:
    assert read_document("一、总体情况".encode()) is None


def _zip(**members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name.replace("__xml", ".xml").replace("__", "/"), text)
    return buf.getvalue()


def _pdf_with(draw: str, **canvas_args: object) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **canvas_args)  # type: ignore[arg-type]
    if draw == "rect":
        c.rect(100, 100, 300, 200, fill=1)
    else:
        c.setFont("Helvetica", 12)
        c.drawString(100, 700, draw)
    c.showPage()
    c.save()
    return buf.getvalue()


def _bad_files() -> list[tuple[str, bytes, str]]:
    pdf = gp.pdf_bytes([gp.pdf_table(g.appeals_table(random.Random(0)), 36)])
    docx_data = g.docx_bytes([g.appeals_table(random.Random(0))], random.Random(0))
    return [
        ("truncated pdf", pdf[: len(pdf) // 2], "damaged or truncated"),
        ("truncated pdf tail", pdf[:-40], "damaged or truncated"),
        ("encrypted pdf", _pdf_with("12 34", encrypt="secret"), "encrypted"),
        ("zip not docx", _zip(content__xml="<x/>"), "not a Word .docx"),
        ("docx without parts", _zip(word__document__xml="<not xml"), "Word"),
        ("truncated docx", docx_data[: len(docx_data) // 2], "zip"),
        ("garbage pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40, "damaged or truncated"),
    ]


@pytest.mark.parametrize(("what", "data", "message"), _bad_files(), ids=[b[0] for b in _bad_files()])
def test_bad_files_raise_clear_errors(what: str, data: bytes, message: str) -> None:
    """Each broken file gives a DocumentError naming what is wrong (its time: benchmarks/adversarial.py)."""
    with pytest.raises(DocumentError, match=message) as info:
        read_document(data)
    assert isinstance(info.value, GkparseError)


def test_scanned_pdf_gives_no_text_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF without a text layer, the ocr extra missing: no items and a finding naming the extra to install."""
    from gkparse._read.formats import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    content = read_document(_pdf_with("rect"))
    assert content is not None
    assert content.items == ()
    assert [code for code, _ in content.findings] == ["document.no_text"]
    assert 'pip install "gkparse[ocr]"' in content.findings[0][1]


@pytest.mark.ocr
def test_scanned_pdf_without_a_table_is_read_by_ocr() -> None:
    """A PDF without a text layer, the ocr extra installed: its pages are read by OCR (here: no table)."""
    from gkparse._read.formats import ocr

    if not ocr.available():
        pytest.skip('the ocr extra is not installed: pip install "gkparse[ocr]"')
    content = read_document(_pdf_with("rect"))
    assert content is not None
    assert content.tables == ()


def test_pdf_without_ruling_lines_gives_text_lines() -> None:
    from reportlab.platypus import Table, TableStyle

    gp._register_font()
    rows = [["一、本年新收政府信息公开申请数量", "3", "0", "3"], ["二、上年结转政府信息公开申请数量", "1", "0", "1"]]
    unruled = Table(rows, style=TableStyle([("FONTNAME", (0, 0), (-1, -1), gp.FONT)]))
    content = read_document(gp.pdf_bytes([unruled]))
    assert content is not None
    assert content.tables == ()
    assert content.lines == ("一、本年新收政府信息公开申请数量 3 0 3", "二、上年结转政府信息公开申请数量 1 0 1")
    assert [code for code, _ in content.findings] == ["document.unruled_table"]


def test_unencrypted_pdf_with_empty_user_password_is_read() -> None:
    content = read_document(_pdf_with("12 34", encrypt=""))
    assert content is not None
    assert content.lines == ("12 34",)


@pytest.mark.parametrize(
    ("module", "extra", "data"),
    [("lxml", "html", b"<html></html>"), ("pypdfium2", "pdf", b"%PDF-1.4\n"), ("lxml", "docx", None)],
)
def test_missing_extra_names_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, module: str, extra: str, data: bytes | None
) -> None:
    """Reading a document whose reader's library is missing names the extra to install (Word files need lxml)."""
    if data is None:
        data = g.docx_bytes([[g.Spec(0, 0, "x")]], random.Random(0))
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    if module == "lxml":
        monkeypatch.setitem(sys.modules, "lxml.html", None)
        monkeypatch.setitem(sys.modules, "lxml.etree", None)
    with pytest.raises(MissingExtraError, match=rf'pip install "gkparse\[{extra}\]"') as info:
        read_document(data)
    assert info.value.extra == extra


_BASES: dict[str, bytes] = {}


def _base(kind: str) -> bytes:
    """A small generated document of each kind, made once."""
    if kind not in _BASES:
        rng = random.Random(0)
        specs = [g.appeals_table(rng)]
        render = {
            "html": lambda: g.html_page(specs, rng).encode(),
            "docx": lambda: g.docx_bytes(specs, rng),
            "pdf": lambda: gp.pdf_bytes([gp.pdf_table(specs[0], 36)]),
        }
        _BASES[kind] = render[kind]()
    return _BASES[kind]


@settings(max_examples=60)
@given(
    kind=st.sampled_from(["html", "docx", "pdf"]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 2), st.binary(max_size=40)), min_size=1, max_size=12),
)
def test_damaged_documents_never_leak_library_errors(kind: str, edits: list[tuple[float, int, bytes]]) -> None:
    """Bytes overwritten, cut or inserted anywhere: a result or a GkparseError, never another exception."""
    data = bytearray(_base(kind))
    for where, op, chunk in edits:
        pos = int(where * (len(data) - 1))
        if op == 0:
            data[pos : pos + len(chunk)] = chunk
        elif op == 1:
            del data[pos : pos + 1 + len(chunk) * 5]
        else:
            data[pos:pos] = chunk
    with contextlib.suppress(GkparseError):
        read_document(bytes(data))
