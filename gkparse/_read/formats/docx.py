"""Read Word (.docx) reports into a `DocContent` with lxml.

Only what a report needs is read: the main document part
(``word/document.xml``), after its uncompressed size is checked against the
``member_bytes`` cap, streamed with lxml's ``iterparse`` so that each
paragraph or table of the body is read and then released.  Styles, images and
every other part are never inflated.  The parser resolves no entity and
fetches nothing from the network.

The reader walks the ``w:tc`` elements of each table: ``w:gridSpan`` gives
the colspan, ``w:vMerge`` (``restart`` … continue) the rowspan,
``w:gridBefore`` the columns skipped at the start of a row.  The positions a
table expands to are counted against the document's ``cells`` cap before it
is built.  Paragraphs and tables come out in body order.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import IO, Any

from gkparse._extras import need
from gkparse._read import limits
from gkparse._read.formats.content import DocContent, DocTable, Format, build_table, clean_cell_text, collapse_space
from gkparse.errors import DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "word/document.xml"
_RELS_BYTES = 1024 * 1024
_PARSER = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _val(el: Any, path: str) -> str | None:
    """The ``w:val`` of the first element at ``path`` under ``el``; "" when present without a value."""
    found = el.find(path)
    if found is None:
        return None
    return str(found.get(f"{W}val", ""))


def _int(value: str | None, default: int = 1, low: int = 1) -> int:
    """A span or skip from ``low`` to 1000; ``default`` when absent or not a whole number."""
    if not value or len(value) > 9:
        return default
    try:
        return max(low, min(int(value), 1000))
    except ValueError:
        return default


def paragraph_text(p: Any) -> str:
    """Text of a ``w:p``: runs joined, ``w:br``/``w:cr`` as line breaks, tabs as spaces."""
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"):
        tag = el.tag
        if tag == f"{W}t":
            out.append(el.text or "")
        elif tag == f"{W}tab":
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _cell_text(tc: Any) -> str:
    """Text of a ``w:tc``: its paragraphs on separate lines (nested tables left out)."""
    return clean_cell_text("\n".join(paragraph_text(p) for p in tc.findall(f"{W}p")))


def _rows(tbl: Any) -> list[Any]:
    """The ``w:tr`` of a table, including rows inside content controls."""
    return [tr for tr in tbl.iter(f"{W}tr") if tr.getparent() is tbl or tr.getparent().tag == f"{W}sdtContent"]


def _cells(tr: Any) -> list[Any]:
    """The ``w:tc`` of a row, including cells inside content controls."""
    return [tc for tc in tr.iter(f"{W}tc") if tc.getparent() is tr or tc.getparent().tag == f"{W}sdtContent"]


def _before(tr: Any) -> int:
    """The columns ``w:gridBefore`` skips at the start of a row (0 when absent)."""
    return _int(_val(tr, f"{W}trPr/{W}gridBefore"), 0, 0)


_SLIVER = 10
"""A grid column at most this many twips wide holds no text: an artefact of a conversion (LibreOffice writes
1-twip columns where the cells of two rows end a hair apart); it is left out of the grid."""


def _slivers(tbl: Any) -> set[int]:
    """The grid columns of a table too narrow to hold text (``w:gridCol`` of at most `_SLIVER` twips)."""
    grid = tbl.find(f"{W}tblGrid")
    if grid is None:
        return set()
    out = set()
    for k, col in enumerate(grid.findall(f"{W}gridCol")):
        try:
            if int(col.get(f"{W}w", "1000")) <= _SLIVER:
                out.add(k)
        except ValueError:
            continue
    return out


_Rows = list[tuple[Any, int, list[tuple[Any, int]]]]


def read_table(tbl: Any, index: int, budget: limits.Budget | None = None) -> DocTable | None:
    """Expand one ``w:tbl`` into a grid with merged positions marked ``spanned``.

    The positions of the padded grid are counted against ``budget`` (the
    document's ``cells`` cap) from the spans alone, before anything is built.
    Grid columns too narrow to hold text are left out (a cell's span loses them);
    a cell standing wholly in such columns with text in it keeps them all.

    Args:
        tbl: the table element.
        index: the table's 1-based order in the document.
        budget: the document's table positions still allowed (None: a budget of its own).

    Returns:
        The table, or None for a table without cells.

    Raises:
        DocumentError: the table would take the document past the ``cells`` cap.
    """
    rows: _Rows = [
        (tr, _before(tr), [(tc, _int(_val(tc, f"{W}tcPr/{W}gridSpan"))) for tc in _cells(tr)]) for tr in _rows(tbl)
    ]
    width = max((before + sum(span for _, span in cells) for _, before, cells in rows), default=0)
    (budget or limits.Budget("the Word document")).take(len(rows) * width)
    slivers = _slivers(tbl)
    if slivers:
        table = _grid(rows, index, slivers)
        if table is not None or not any(True for _ in tbl.iter(f"{W}t")):
            return table
    return _grid(rows, index, set())


def _grid(rows: _Rows, index: int, slivers: set[int]) -> DocTable | None:
    """The table with the grid columns ``slivers`` left out; None when a cell with text stands only in them."""
    grid: list[list[tuple[str, bool, int | None]]] = []
    for r, (_, before, cells) in enumerate(rows):
        row: list[tuple[str, bool, int | None]] = [("", False, None) for c in range(before) if c not in slivers]
        col = before  # position in the full grid, slivers included
        for tc, span in cells:
            kept = sum(1 for c in range(col, col + span) if c not in slivers)
            vmerge = _val(tc, f"{W}tcPr/{W}vMerge")
            continued = vmerge is not None and vmerge != "restart" and r > 0 and len(row) < len(grid[r - 1])
            if continued:
                row.extend(("", True, None) for _ in range(kept))
            elif kept:
                row.append((_cell_text(tc), False, None))
                row.extend(("", True, None) for _ in range(kept - 1))
            elif _cell_text(tc):
                return None
            col += span
        grid.append(row)
    if not any(grid):
        return None
    return build_table(index, grid)


def _blocks(parent: Any) -> list[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls."""
    out: list[Any] = []
    for child in parent:
        if child.tag in (f"{W}p", f"{W}tbl"):
            out.append(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_blocks(content))
    return out


class _Body:
    """The document's items as its body is streamed: prose lines and tables, and the positions counted."""

    def __init__(self) -> None:
        self.items: list[str | DocTable] = []
        self.tables = 0
        self.budget = limits.Budget("the Word document")

    def walk(self, parent: Any) -> None:
        """Append the paragraphs (as lines) and tables under ``parent`` (an element or a list of them).

        A table that holds other tables is layout: its cells are walked in turn,
        so their paragraphs become lines and the nested tables are read.
        """
        for block in _blocks(parent):
            if block.tag == f"{W}p":
                self.items.extend(ln for ln in (collapse_space(x) for x in paragraph_text(block).split("\n")) if ln)
            elif any(True for _ in block.iterdescendants(f"{W}tbl")):
                for tr in _rows(block):
                    for tc in _cells(tr):
                        self.walk(tc)
            else:
                table = read_table(block, self.tables + 1, self.budget)
                if table is not None:
                    self.tables += 1
                    self.items.append(table)


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named by ``_rels/.rels`` (``word/document.xml`` when it names none)."""
    etree = need("lxml.etree", "docx", purpose="reading this file")
    try:
        info = zf.getinfo("_rels/.rels")
    except KeyError:
        return _MAIN
    if info.file_size > _RELS_BYTES:
        return _MAIN
    root = etree.fromstring(zf.read(info), etree.XMLParser(**_PARSER))
    for rel in root.iter(_REL):
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            target = str(rel.get("Target", "")).lstrip("/")
            return target if target in zf.namelist() else _MAIN
    return _MAIN


def _stream(fh: IO[bytes], body: _Body) -> None:
    """Read the body's blocks as the part is inflated, releasing each once read."""
    etree = need("lxml.etree", "docx", purpose="reading this file")
    tag = f"{W}body"
    for _, el in etree.iterparse(fh, events=("end",), remove_comments=True, **_PARSER):
        parent = el.getparent()
        if parent is not None and parent.tag == tag:
            body.walk([el])
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                del parent[0]


def read_docx(data: bytes) -> DocContent:
    """Read a Word .docx report into prose lines and expanded tables.

    Args:
        data: the .docx file's bytes.

    Returns:
        The document's content.

    Raises:
        MissingExtraError: lxml is not installed.
        DocumentError: the file is not a readable .docx, or is over a cap
            (``member_bytes``, ``cells``: see [`Limits`][gkparse.Limits]).
    """
    need("lxml.etree", "docx", purpose="reading this file")
    body = _Body()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(_main_part(zf))
            if info.file_size > limits.current().member_bytes:
                what = f"the Word document's {info.filename} holds uncompressed bytes"
                raise limits.over(what, info.file_size, "member_bytes")
            with zf.open(info) as fh:
                _stream(fh, body)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError, zlib.error) as exc:
        raise DocumentError(f"the file is not a readable Word .docx ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # lxml raises XMLSyntaxError (and others) on damaged or hostile XML
        raise DocumentError(f"the Word document cannot be read ({type(exc).__name__}: {exc})") from None
    findings: tuple[tuple[str, str], ...] = ()
    if not body.tables:
        findings = (("document.no_table", "the Word document holds no table"),)
    return DocContent("docx", tuple(body.items), findings)


def is_docx(head: bytes, data: bytes, name: str | None) -> bool:
    """A zip archive holding ``word/document.xml``; any other zip is refused with the reason."""
    if not (data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06")):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"the file starts like a zip archive but cannot be opened: {exc}") from None
    if "word/document.xml" in names:
        return True
    if "OFD.xml" in names:
        raise DocumentError(
            "the file is an OFD document (a zip with OFD.xml), which gkparse does not read; export it as PDF"
        )
    raise DocumentError("the file is a zip archive but not a Word .docx (no word/document.xml)")


FORMAT = Format(
    kind="docx",
    title="Word .docx",
    suffixes=(".docx",),
    extra="docx",
    requires=("lxml",),
    sniff=is_docx,
    read=read_docx,
    order=20,
)
