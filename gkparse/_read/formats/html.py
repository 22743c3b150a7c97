"""Read HTML report pages into a `DocContent` with lxml.

Every data ``<table>`` is expanded into a full grid (rowspan/colspan covered
positions are ``spanned``); text outside tables becomes prose lines.  Tables
that hold other tables are layout: their own text is prose and the nested
tables are read.  Markup kept in a JavaScript string (pages that render the
report from a JS variable) is unescaped and read in place.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from gkparse._extras import need
from gkparse._read.formats.content import DocContent, DocTable, Format, build_table, clean_cell_text, collapse_space
from gkparse.errors import DocumentError

MAX_BYTES = 64 * 1024 * 1024
MAX_SPAN = 500
MAX_GRID = 2_000_000
MAX_CELLS = 100_000
MAX_TAGS = 3_000_000

_SKIP = frozenset({"script", "style", "noscript", "template", "nav", "select", "option", "button", "iframe", "head"})
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
    | {"section", "article", "header", "footer", "blockquote", "pre", "center", "form", "hr", "address"}
    | {"main", "aside", "figure", "caption", "title", "body", "html"}
)
_META = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_JS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`""", re.DOTALL)
_JS_ESCAPE = re.compile(r"""\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)""", re.DOTALL)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}
_CONCAT = re.compile(r"\s*\+\s*")
_MARKUP_IN_JS = re.compile(r"<\s*(?:table|tr|td)\b", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, then ``<meta charset>``, then UTF-8, then GB18030.

    Args:
        data: the page's bytes.

    Returns:
        The page as text.
    """
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
    for bom, enc in boms:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    candidates = ["utf-8", "gb18030"]
    m = _META.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"):
            declared = "gb18030"
        try:
            codecs.lookup(declared)
            candidates.insert(0, declared)
        except LookupError:
            pass
    for enc in candidates:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode(candidates[0], errors="replace")


def _tag(el: Any) -> str:
    """The lower-case tag name, or "" for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _cell_text(el: Any) -> str:
    """Text of a cell: ``<br>`` and block children become line breaks."""
    out: list[str] = []

    def walk(node: Any) -> None:
        tag = _tag(node)
        if tag in _SKIP or (not tag and node.tag is not None and not isinstance(node.tag, str)):
            return
        if tag in _BLOCK:
            out.append("\n")
        if node.text:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if tag in _BLOCK:
            out.append("\n")

    walk(el)
    return clean_cell_text("".join(out))


def _span(el: Any, attr: str) -> int:
    """A rowspan/colspan attribute as a bounded int (1 when absent or bad)."""
    raw = el.get(attr)
    if not raw:
        return 1
    m = re.match(r"\s*(\d+)", raw)
    return max(1, min(int(m.group(1)), MAX_SPAN)) if m else 1


def _table_rows(table: Any) -> list[Any]:
    """The ``<tr>`` of a table, not of tables nested in it."""
    return list(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"))


def read_table(table: Any, index: int) -> DocTable | None:
    """Expand one ``<table>`` element into a grid; None when it has no cells.

    Args:
        table: an lxml ``<table>`` element holding no other table.
        index: the table's 1-based order in the document.

    Returns:
        The table, or None for a table without cells.
    """
    trs = _table_rows(table)
    grid: dict[tuple[int, int], tuple[str, bool, int | None]] = {}
    kept = 0
    for tr in trs:
        cells = tr.xpath("./td|./th")
        if not cells and not any((kept, c) in grid for c in range(MAX_SPAN)):
            continue
        col = 0
        for td in cells:
            while (kept, col) in grid:
                col += 1
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            rs = min(rs, max(1, len(trs) - kept))
            for dr in range(rs):
                for dc in range(cs):
                    grid[(kept + dr, col + dc)] = ("", True, None)
            grid[(kept, col)] = (_cell_text(td), False, None)
            col += cs
            if len(grid) > MAX_GRID:
                raise DocumentError(f"table {index} is too large to read (more than {MAX_GRID} cells)")
        kept += 1
    if not grid:
        return None
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    rows = [[grid.get((r, c), ("", False, None)) for c in range(width)] for r in range(height)]
    # rows with nothing in them (Word's "supportMisalignedColumns" sizing row, spacers) carry no position
    rows = [row for row in rows if any(text or spanned for text, spanned, _ in row)]
    return build_table(index, rows) if rows else None


def _js_unescape(body: str) -> str:
    """Undo JavaScript string escapes (``\\"``, ``\\n``, ``\\uXXXX``, ``\\/``…)."""

    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] == "u" and len(esc) > 1:
            return chr(int(esc.strip("u{}"), 16))
        if esc[0] == "x" and len(esc) == 3:
            return chr(int(esc[1:], 16))
        if esc.strip("\r") == "\n":
            return ""
        return _JS_SIMPLE.get(esc, esc)

    return _JS_ESCAPE.sub(one, body)


def markup_in_script(code: str) -> str | None:
    """The markup held in a script's string literals, when it holds a table.

    The string literals holding markup are unescaped and joined in order, with
    a plain literal concatenated between two of them (pages build the report
    as ``"<tr><td>" + "12" + "</td>"``); other literals (ids, names) are left out.

    Args:
        code: the script's source.

    Returns:
        The joined markup, or None when no literal holds table markup.
    """
    if not _MARKUP_IN_JS.search(code):
        return None
    found = [
        (m.start(), m.end(), _js_unescape(next(g for g in m.groups() if g is not None)))
        for m in _JS_STRING.finditer(code)
    ]
    tagged = [("<" in text or ">" in text) for _, _, text in found]
    parts = []
    for i, (_, _, text) in enumerate(found):
        if tagged[i] or (
            0 < i < len(found) - 1
            and tagged[i - 1]
            and tagged[i + 1]
            and _CONCAT.fullmatch(code[found[i - 1][1] : found[i][0]])
            and _CONCAT.fullmatch(code[found[i][1] : found[i + 1][0]])
        ):
            parts.append(text)
    markup = "".join(parts)
    return markup if _MARKUP_IN_JS.search(markup) else None


class _Walker:
    """Walk a parsed page in document order, collecting prose lines and tables."""

    def __init__(self, lh: Any) -> None:
        self.lh = lh
        self.items: list[str | DocTable] = []
        self.line: list[str] = []
        self.tables = 0
        self.images: list[tuple[int, str]] = []

    def flush(self) -> None:
        text = collapse_space("".join(self.line))
        self.line = []
        if text:
            self.items.append(text)

    def script(self, node: Any) -> None:
        kind = (node.get("type") or "").lower()
        code = node.text or ""
        markup = code if ("html" in kind or "template" in kind) else markup_in_script(code)
        if markup and _MARKUP_IN_JS.search(markup):
            _check_size(markup)
            self.flush()
            fragment = self.lh.fragment_fromstring(markup, create_parent="div")
            self.walk(fragment)
            self.flush()

    def table(self, node: Any) -> None:
        self.flush()
        if node.xpath(".//table"):  # a layout table: its text is prose, its tables are read
            for child in node:
                self.walk(child)
                self.flush()
            return
        for caption in node.xpath("./caption"):
            self.items.extend(x for x in [collapse_space(_cell_text(caption))] if x)
        table = read_table(node, self.tables + 1)
        if table is not None:
            self.tables += 1
            self.items.append(table)

    def walk(self, node: Any) -> None:
        tag = _tag(node)
        if tag == "img" and node.get("src"):
            self.flush()
            self.images.append((len(self.items), node.get("src").strip()))
        elif tag == "script":
            self.script(node)
        elif tag == "table":
            self.table(node)
        elif tag and tag not in _SKIP:
            block = tag in _BLOCK
            if block:
                self.flush()
            if node.text:
                self.line.append(node.text)
            for child in node:
                self.walk(child)
                if child.tail:
                    self.line.append(child.tail)
            if block:
                self.flush()


def _check_size(text: str) -> None:
    """Refuse, before parsing, markup whose size would make reading slow.

    A report page has a few hundred table cells; a page with more than
    ``MAX_CELLS`` cells or ``MAX_TAGS`` tags is not read (bounded cost).
    """
    cells = sum(text.count(t) for t in ("<td", "<TD", "<Td", "<th", "<TH", "<Th"))
    if cells > MAX_CELLS:
        raise DocumentError(f"the HTML page has {cells} table cells (limit {MAX_CELLS}); it is not read")
    tags = text.count("<")
    if tags > MAX_TAGS:
        raise DocumentError(f"the HTML page has {tags} tags (limit {MAX_TAGS}); it is not read")


def read_html(data: bytes | str) -> DocContent:
    """Read an HTML page into prose lines and expanded tables.

    Args:
        data: the page, as bytes (encoding detected) or text.

    Returns:
        The page's content; a page without tables gets a ``document.no_table`` finding.

    Raises:
        MissingExtraError: lxml is not installed.
        DocumentError: the page is larger than 64 MB or cannot be parsed.
    """
    lh = need("lxml.html", "html", purpose="reading this file")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the HTML page is too large to read ({len(data)} bytes, limit {MAX_BYTES})")
    text = decode_html(data) if isinstance(data, bytes) else data
    text = _XML_DECL.sub("", text.lstrip("\ufeff"), count=1).replace("\x00", "")
    if not text.strip():
        return DocContent("html", (), (("document.no_text", "the HTML page is empty"),))
    _check_size(text)
    try:
        root = lh.document_fromstring(text, parser=lh.HTMLParser(huge_tree=True, remove_comments=True))
        walker = _Walker(lh)
        body = root.find("body")
        title = root.findtext(".//title")
        if title and collapse_space(title):
            walker.items.append(collapse_space(title))
        for node in [body] if body is not None else list(root):
            walker.walk(node)
        walker.flush()
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError("the HTML page is nested too deeply to read") from None
    except Exception as exc:  # lxml raises ParserError/XMLSyntaxError/ValueError on hopeless input
        raise DocumentError(f"the HTML page cannot be parsed: {exc}") from None
    items: list[str | DocTable] = walker.items
    findings: list[tuple[str, str]] = []
    if walker.images:
        from gkparse._read.formats.htmlimages import read_images

        items, findings = read_images(walker.items, walker.images, walker.tables + 1)
    if not any(isinstance(i, DocTable) for i in items):
        findings.append(("document.no_table", "the HTML page holds no table"))
    return DocContent("html", tuple(items), tuple(findings))


_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|table|div|p|span|title|script"
    rb"|style|link|center|font|h[1-6]|section|article)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def is_html(head: bytes, data: bytes, name: str | None) -> bool:
    """An ``.html``/``.htm`` name, or content that starts like markup (after a BOM and white space)."""
    return (name or "").lower().endswith(_SUFFIXES) or _HTML_START.match(head) is not None


FORMAT = Format(
    kind="html",
    title="HTML page",
    suffixes=(".html", ".htm"),
    extra="html",
    requires=("lxml",),
    sniff=is_html,
    read=read_html,
    order=90,
)
