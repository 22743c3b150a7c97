"""Read Word (.docx) reports into a `DocContent` with python-docx.

python-docx's ``row.cells`` repeats a merged cell's object at every position
it covers, which hides where the cell starts.  This reader walks the
underlying ``w:tc`` elements instead: ``w:gridSpan`` gives the colspan,
``w:vMerge`` (``restart`` … continue) the rowspan, ``w:gridBefore`` the
columns skipped at the start of a row.  Paragraphs and tables come out in
body order.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from gkparse._extras import need
from gkparse._read.formats.content import DocContent, DocTable, Format, build_table, clean_cell_text, collapse_space
from gkparse.errors import DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_CELLS = 200_000


def _val(el: Any, path: str) -> str | None:
    """The ``w:val`` of the first element at ``path`` under ``el``; "" when present without a value."""
    found = el.find(path)
    if found is None:
        return None
    return str(found.get(f"{W}val", ""))


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(1, min(int(value or default), 1000))
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


def read_table(tbl: Any, index: int) -> DocTable | None:
    """Expand one ``w:tbl`` into a grid with merged positions marked ``spanned``.

    Grid columns too narrow to hold text are left out (a cell's span loses them); a cell
    standing wholly in such columns with text in it keeps them all.

    Args:
        tbl: the table element.
        index: the table's 1-based order in the document.

    Returns:
        The table, or None for a table without cells.
    """
    slivers = _slivers(tbl)
    if slivers:
        table = _read_table(tbl, index, slivers)
        if table is not None or not any(True for _ in tbl.iter(f"{W}t")):
            return table
    return _read_table(tbl, index, set())


def _read_table(tbl: Any, index: int, slivers: set[int]) -> DocTable | None:
    """The table with the grid columns ``slivers`` left out; None when a cell with text stands only in them."""
    grid: list[list[tuple[str, bool, int | None]]] = []
    total = 0
    for r, tr in enumerate(_rows(tbl)):
        row: list[tuple[str, bool, int | None]] = []
        col = 0  # position in the full grid, slivers included
        before = _int(_val(tr, f"{W}trPr/{W}gridBefore"), 0) if tr.find(f"{W}trPr/{W}gridBefore") is not None else 0
        row.extend(("", False, None) for c in range(before) if c not in slivers)
        col += before
        for tc in _cells(tr):
            span = _int(_val(tc, f"{W}tcPr/{W}gridSpan"))
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
        total += len(row)
        if total > _MAX_CELLS:
            raise DocumentError(f"table {index} is too large to read (more than {_MAX_CELLS} cells)")
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


def _walk(parent: Any, items: list[str | DocTable]) -> None:
    """Append the paragraphs (as lines) and tables under ``parent`` to ``items``, in body order.

    A table that holds other tables is layout: its cells are walked in turn,
    so their paragraphs become lines and the nested tables are read.
    """
    for block in _blocks(parent):
        if block.tag == f"{W}p":
            items.extend(ln for ln in (collapse_space(x) for x in paragraph_text(block).split("\n")) if ln)
        elif any(True for _ in block.iterdescendants(f"{W}tbl")):
            for tr in _rows(block):
                for tc in _cells(tr):
                    _walk(tc, items)
        else:
            table = read_table(block, sum(isinstance(i, DocTable) for i in items) + 1)
            if table is not None:
                items.append(table)


def read_docx(data: bytes) -> DocContent:
    """Read a Word .docx report into prose lines and expanded tables.

    Args:
        data: the .docx file's bytes.

    Returns:
        The document's content.

    Raises:
        MissingExtraError: python-docx is not installed.
        DocumentError: the file is not a readable .docx.
    """
    docx = need("docx", "docx", purpose="reading this file")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        items: list[str | DocTable] = []
        _walk(body, items)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"the file is not a readable Word .docx ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # python-docx/lxml raise many kinds on damaged parts
        raise DocumentError(f"the Word document cannot be read ({type(exc).__name__}: {exc})") from None
    findings: tuple[tuple[str, str], ...] = ()
    if not any(isinstance(i, DocTable) for i in items):
        findings = (("document.no_table", "the Word document holds no table"),)
    return DocContent("docx", tuple(items), findings)


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
    requires=("python-docx",),
    sniff=is_docx,
    read=read_docx,
    order=20,
)
