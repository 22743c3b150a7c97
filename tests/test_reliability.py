"""Issue 21: every input bounded before the work, and only GkparseError from the public API.

Each test is a repro of the reliability probe at a small size: the caps on
what a document expands to (checked before the work and per document, not per
table), the Word reader that reads only ``word/document.xml``, HTML charsets
and spans, the size cap and FIFO guard of ``parse_file``, and type misuse of
the entry points.  Their peak memory and time at the probe's sizes are in
``benchmarks/adversarial.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import gkparse
from gkparse._read.formats import read_document
from tests import advgen as a
from tests.conftest import FIXTURES, ROOT

pytest.importorskip("lxml")

GOOD = FIXTURES / "004_f6278f3ab9b7decc.txt"
APPEALS = (
    "<table><tr><td>四、政府信息公开行政复议、行政诉讼情况</td></tr>"
    "<tr><td>行政复议</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>"
)


def _cap_error(data: bytes, cap: str) -> gkparse.DocumentError:
    with pytest.raises(gkparse.DocumentError) as info:
        read_document(data)
    assert f"gkparse.limits({cap}=N)" in str(info.value), info.value
    assert f"--limit {cap}=N" in str(info.value)
    return info.value


# ---------------------------------------------------------------- caps on what a document expands to


def test_html_colspan_bomb_over_many_tables_is_refused_by_the_document_cap() -> None:
    """100 tables of 20 rows of colspan=500 (83 KB, each table within 0.2's per-table cap) are refused
    before their grids are built: the positions are counted per document (0.2: 368 MB, 6 s)."""
    err = _cap_error(a.html_colspan_bomb(100), "cells")
    assert "table positions" in str(err)


def test_html_cap_counts_the_padded_rectangle() -> None:
    """One wide row and many narrow rows: the rectangle they pad to counts, not only the cells set."""
    page = "<table><tr>" + "<td colspan=500>1</td>" * 20 + "</tr>" + "<tr><td>1</td></tr>" * 30 + "</table>"
    _cap_error(page.encode(), "cells")


def test_cells_escaped_in_javascript_count_against_the_cell_cap() -> None:
    """Scripts holding cells escaped as \\x3ctd (no <td in the raw page) count against the cell_tags cap
    together: 4 scripts of 2,000 cells pass a cap of 5,000 each but not all four (0.2 counted each script
    on its own and read 180,000 such cells under its 100,000 cap)."""
    data = a.html_cells_in_javascript(scripts=4, cells=2000)
    with gkparse.limits(cell_tags=5000):
        _cap_error(data, "cell_tags")
    with gkparse.limits(cell_tags=8100):
        content = read_document(data)
    assert content is not None
    assert sum(t.width for t in content.tables) == 8000


def test_raised_caps_read_what_the_default_caps_refuse() -> None:
    """gkparse.limits(cells=...) raises the cap for its block: the colspan bomb is then read."""
    data = a.html_colspan_bomb(tables=3, rows=20, span=500)
    with gkparse.limits(cells=10_000):
        _cap_error(data, "cells")
    with gkparse.limits(cells=100_000) as caps:
        assert caps.cells == 100_000
        content = read_document(data)
    assert content is not None
    assert len(content.tables) == 3
    assert gkparse.limits  # the default is back outside the block
    with pytest.raises(gkparse.GkparseError, match="no cap named"), gkparse.limits(cellz=1):
        pass


def test_docx_zip_bomb_is_refused_from_its_declared_size() -> None:
    """A 345 KB .docx whose word/document.xml inflates to 100 MB is refused before inflating (member_bytes)
    (0.2: 1.45 GB, 32 s)."""
    err = _cap_error(a.docx_paragraph_bomb(100_000_000), "member_bytes")
    assert "word/document.xml" in str(err)


def test_docx_huge_text_node_is_refused_before_reading() -> None:
    """One 40 MB text node (0.2 read the whole member into memory first) is refused by member_bytes."""
    _cap_error(a.docx_text_node(40_000_000), "member_bytes")


def test_docx_span_bomb_over_many_tables_is_refused_by_the_document_cap() -> None:
    """gridSpan=1000 cells over 20 tables (0.2's per-table cap was got round: 1.4 GB, 23 s) are refused."""
    err = _cap_error(a.docx_span_bomb(20), "cells")
    assert "Word document" in str(err)


def test_docx_reader_reads_only_word_document_xml() -> None:
    """A valid report with 20 MB of white space in word/styles.xml is read (0.2: refused, 2.09 GB at 1 GB)."""
    data = a.docx_huge_styles(20_000_000)
    report = gkparse.parse_bytes(data, name="r.docx")
    assert report.value("appeals.review.upheld") == 1
    assert report.value("appeals.review.total") == 1


def test_docx_many_tables_are_read_in_linear_work() -> None:
    """Numbering the tables of a .docx is linear: four times the tables cost at most ~four times the
    interpreted lines of the reader (0.2 counted every earlier table for each one: quadratic)."""
    events = []
    here = os.path.dirname(gkparse.__file__)
    count = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal count
        if frame.f_code.co_filename.startswith(here):  # type: ignore[attr-defined]
            count += 1
        return trace

    for n in (500, 2000):
        data = a.docx_many_tables(n)
        count = 0

        sys.settrace(trace)
        try:
            content = read_document(data)
        finally:
            sys.settrace(None)
        assert content is not None
        assert [t.index for t in content.tables] == list(range(1, n + 1))
        events.append(count)
    assert events[1] <= 4.5 * events[0]


def test_docx_grid_before_zero_skips_nothing() -> None:
    """w:gridBefore w:val="0" skips no column (0.2 read it as 1 and shifted the row right)."""
    row = (
        '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="0"/></w:trPr>'
        "<w:tc><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    content = read_document(a.docx_from_parts([row]))
    assert content is not None
    assert content.tables[0].texts() == [["行政复议", "1"]]


@pytest.mark.parametrize(
    "body",
    [
        '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_docx_entities_are_never_resolved(body: str) -> None:
    """An external entity (XXE) or nested entities (billion laughs) in word/document.xml are not expanded."""
    import io
    import zipfile

    data = a.docx_from_parts(["<w:p><w:r><w:t>&x;&b;</w:t></w:r></w:p>"])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            member = src.read(info)
            if info.filename == "word/document.xml":
                member = member.replace(b"?>", b"?>" + body.encode(), 1)
            dst.writestr(info, member)
    try:
        content = read_document(buf.getvalue())
    except gkparse.DocumentError:
        return
    assert content is not None
    assert "root:" not in "".join(content.lines)
    assert "aaaaaaaaaa" not in "".join(content.lines)


# ---------------------------------------------------------------- HTML charsets and spans


@pytest.mark.parametrize("label", ["iso-8859-1", "latin-1", "utf-16", "cp437", "koi8-r"])
def test_utf8_page_under_a_wrong_charset_label_keeps_its_cells(label: str) -> None:
    """A UTF-8 page labelled iso-8859-1 (…) is read as UTF-8 with a document.charset_mismatch finding
    (0.2: every cell lost, only report.no_tables)."""
    report = gkparse.parse_bytes(a.html_with_charset(label, APPEALS))
    assert report.value("appeals.review.upheld") == 1
    (finding,) = [f for f in report.findings if f.code == "document.charset_mismatch"]
    assert label in finding.message
    assert "utf-8" in finding.message


def test_gbk_page_labelled_gbk_is_read_without_a_finding() -> None:
    """A right label gives no charset finding."""
    page = f'<html><head><meta charset="gbk"></head><body>{APPEALS}</body></html>'.encode("gbk")
    report = gkparse.parse_bytes(page)
    assert report.value("appeals.review.total") == 1
    assert "document.charset_mismatch" not in [f.code for f in report.findings]


@pytest.mark.parametrize("label", ["hex", "rot13", "base64", "zlib", "no-such-charset"])
def test_a_charset_that_is_no_text_encoding_is_not_an_exception(label: str) -> None:
    """<meta charset=hex> (rot13, base64, zlib, unknown) gives a report, never a LookupError (0.2)."""
    report = gkparse.parse_html(f"<meta charset={label}><table><tr><td>1".encode())
    assert isinstance(report, gkparse.Report)
    page = gkparse.parse_bytes(a.html_with_charset(label, APPEALS))
    assert page.value("appeals.review.upheld") == 1


def test_a_span_of_thousands_of_digits_counts_as_one() -> None:
    """colspan of 5,001 digits counts as 1, as the docs say of a bad span (0.2 refused the whole page)."""
    report = gkparse.parse_bytes(a.html_long_span(5001))
    assert report.value("appeals.review.upheld") == 1
    assert report.value("appeals.review.total") == 1


# ---------------------------------------------------------------- files: size cap, special files


def _run(code: str, timeout: float = 60, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # pragma: no cover - runs in the child
        if memory:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=limit
    )


def test_parse_file_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    """parse_file on a FIFO nobody writes to is an InputError at once (0.2 blocked for ever)."""
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    code = f"import gkparse\ntry:\n    gkparse.parse_file({str(fifo)!r})\nexcept gkparse.InputError as e:\n    print(e)"
    try:
        proc = _run(code, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("parse_file blocked on a FIFO")
    assert "not a regular file" in proc.stdout, proc.stderr


def test_parse_file_refuses_a_device() -> None:
    """parse_file('/dev/zero') is an InputError, never a MemoryError (0.2 read until memory ran out)."""
    code = "import gkparse\ntry:\n    gkparse.parse_file('/dev/zero')\nexcept gkparse.InputError as e:\n    print(e)"
    proc = _run(code, timeout=60, memory=2 << 30)
    assert "not a regular file" in proc.stdout, proc.stderr


def test_parse_file_and_parse_bytes_have_a_size_cap(tmp_path: Path) -> None:
    """A file or bytes over max_bytes (default: the file_bytes cap, 50 MB) are refused before parsing."""
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD.read_bytes() * 3)
    with pytest.raises(gkparse.InputError, match="too large"):
        gkparse.parse_file(big, max_bytes=1000)
    with pytest.raises(gkparse.InputError, match="too large"):
        gkparse.parse_bytes(big.read_bytes(), max_bytes=1000)
    with gkparse.limits(file_bytes=1000), pytest.raises(gkparse.InputError, match="too large"):
        gkparse.parse_file(big)
    assert gkparse.parse_file(big).value("requests.new.total") is not None
    assert gkparse.Limits().file_bytes == 50 * 1024 * 1024


# ---------------------------------------------------------------- only GkparseError from the public API


@pytest.mark.parametrize(
    "call",
    [
        lambda: gkparse.parse_bytes("str"),  # type: ignore[arg-type]
        lambda: gkparse.parse_file(None),  # type: ignore[arg-type]
        lambda: gkparse.parse_file(123),  # type: ignore[arg-type]
        lambda: gkparse.parse_file("a\x00b"),
        lambda: list(gkparse.parse_paths([1])),  # type: ignore[list-item]
        lambda: gkparse.parse_document(None),  # type: ignore[arg-type]
        lambda: gkparse.parse("text", templates=[1]),  # type: ignore[list-item]
        lambda: gkparse.parse_file(GOOD, max_bytes="1"),  # type: ignore[arg-type]
        lambda: gkparse.templates.register(None),  # type: ignore[arg-type]
        lambda: gkparse.templates.with_wording(None, "a", "b", "c"),  # type: ignore[arg-type]
        lambda: gkparse.to_frame(None),  # type: ignore[arg-type]
        lambda: gkparse.from_dict(1),  # type: ignore[arg-type]
        lambda: list(gkparse.rows([1])),  # type: ignore[list-item]
    ],
)
def test_type_misuse_raises_gkparse_errors(call: object) -> None:
    """Wrong argument types give a GkparseError subclass (0.2: TypeError, AttributeError, ValueError)."""
    with pytest.raises(gkparse.GkparseError):
        call()  # type: ignore[operator]


def test_guarded_errors_keep_their_builtin_class() -> None:
    """A KeyError or ValueError turned into InputError is still a KeyError / ValueError for old callers."""
    with pytest.raises(KeyError) as info:
        gkparse.templates.get_template("1999")
    assert isinstance(info.value, gkparse.InputError)
    with pytest.raises(ValueError, match="shape") as err:
        list(gkparse.rows([], "long"))
    assert isinstance(err.value, gkparse.InputError)


def test_junk_to_every_public_function_raises_only_gkparse_errors() -> None:
    """None, ints, bytes, lists and objects given to every public function: a result or a GkparseError."""
    import inspect

    junk: list[object] = [None, 1, b"x", [1], object(), {}]
    names = [n for n in gkparse.__all__ if inspect.isfunction(getattr(gkparse, n))]
    assert "parse_paths" in names
    assert "limits" in names
    for name in names:
        fn = getattr(gkparse, name)
        required = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        for value in junk:
            try:
                result = fn(*[value] * len(required))
                if inspect.isgenerator(result):
                    list(result)
                elif name == "limits":
                    with result:
                        pass
            except gkparse.GkparseError:
                pass
