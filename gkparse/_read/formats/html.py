"""Read HTML report pages into a `DocContent` with lxml.

Every data ``<table>`` is expanded into a full grid (rowspan/colspan covered
positions are ``spanned``); text outside tables becomes prose lines.  Tables
that hold other tables are layout: their own text is prose and the nested
tables are read.  Markup kept in a JavaScript string (pages that render the
report from a JS variable) is unescaped and read in place.
"""

from __future__ import annotations

import re
from typing import Any

from gkparse._extras import need
from gkparse._read import limits
from gkparse._read.formats.charset import decode_html
from gkparse._read.formats.content import DocContent, DocTable, Format, build_table, clean_cell_text, collapse_space
from gkparse.errors import DocumentError

MAX_SPAN = 500
"""The largest rowspan/colspan read; a larger one counts as this, a bad one (not a number) as 1."""

_SKIP = frozenset({"script", "style", "noscript", "template", "nav", "select", "option", "button", "iframe", "head"})
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
    | {"section", "article", "header", "footer", "blockquote", "pre", "center", "form", "hr", "address"}
    | {"main", "aside", "figure", "caption", "title", "body", "html"}
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_JS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`""", re.DOTALL)
_JS_ESCAPE = re.compile(r"""\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)""", re.DOTALL)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}
_CONCAT = re.compile(r"\s*\+\s*")
_MARKUP_IN_JS = re.compile(r"<\s*(?:table|tr|td)\b", re.IGNORECASE)
_CELL_TAG = re.compile(r"<t[dh]", re.IGNORECASE)
_SPAN = re.compile(r"\s*(\d{1,9})(?!\d)")


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
    """A rowspan/colspan attribute as an int from 1 to ``MAX_SPAN`` (1 when absent, not a number or too long)."""
    raw = el.get(attr)
    if not raw:
        return 1
    m = _SPAN.match(raw)
    return max(1, min(int(m.group(1)), MAX_SPAN)) if m else 1


def _table_rows(table: Any) -> list[Any]:
    """The ``<tr>`` of a table, not of tables nested in it."""
    return list(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"))


def _spans(trs: list[Any]) -> list[tuple[list[Any], list[tuple[int, int]]]]:
    """Each row's cells with their (rowspan, colspan), rowspans cut at the table's end."""
    out = []
    for k, tr in enumerate(trs):
        cells = tr.xpath("./td|./th")
        left = max(1, len(trs) - k)
        out.append((cells, [(min(_span(td, "rowspan"), left), _span(td, "colspan")) for td in cells]))
    return out


def read_table(table: Any, index: int, budget: limits.Budget | None = None) -> DocTable | None:
    """Expand one ``<table>`` element into a grid; None when it has no cells.

    Before anything is expanded, the positions the spans cover and then the
    padded rectangle are counted against ``budget`` (the document's ``cells`` cap).

    Args:
        table: an lxml ``<table>`` element holding no other table.
        index: the table's 1-based order in the document.
        budget: the document's table positions still allowed (None: a budget of its own).

    Returns:
        The table, or None for a table without cells.

    Raises:
        DocumentError: the table would take the document past the ``cells`` cap.
    """
    budget = budget or limits.Budget("the HTML page")
    rows_spans = _spans(_table_rows(table))
    budget.take(sum(rs * cs for _, spans in rows_spans for rs, cs in spans))
    grid: dict[tuple[int, int], tuple[str, bool, int | None]] = {}
    kept = 0
    for cells, spans in rows_spans:
        if not cells and not any((kept, c) in grid for c in range(MAX_SPAN)):
            continue
        col = 0
        for td, (rs, cs) in zip(cells, spans, strict=True):
            while (kept, col) in grid:
                col += 1
            for dr in range(rs):
                for dc in range(cs):
                    grid[(kept + dr, col + dc)] = ("", True, None)
            grid[(kept, col)] = (_cell_text(td), False, None)
            col += cs
        kept += 1
    if not grid:
        return None
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    budget.take(height * width - len(grid))  # the padding of the rectangle
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

    def __init__(self, lh: Any, size: Size) -> None:
        self.lh = lh
        self.size = size
        self.budget = limits.Budget("the HTML page")
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
            self.size.add_script(code, markup)
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
        table = read_table(node, self.tables + 1, self.budget)
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


def _count_cells(text: str) -> int:
    return sum(text.count(t) for t in ("<td", "<TD", "<Td", "<tD", "<th", "<TH", "<Th", "<tH"))


class Size:
    """The cells and tags of a page, counted before it is parsed; scripts' markup adds to the count.

    A report page has a few hundred table cells; a page with more than the
    ``cell_tags`` cap of cells or the ``tags`` cap of tags is not read (bounded
    cost).  Markup held escaped in JavaScript strings counts too: what a script
    adds is counted before its markup is parsed, against the same caps.
    """

    def __init__(self, text: str) -> None:
        self.caps = limits.current()
        self.cells = _count_cells(text)
        self.tags = text.count("<")
        self._check()

    def add_script(self, code: str, markup: str) -> None:
        """Count the cells and tags a script's markup adds to what its source showed.

        Raises:
            DocumentError: the page is now over a cap.
        """
        self.cells += max(0, _count_cells(markup) - _count_cells(code))
        self.tags += max(0, markup.count("<") - code.count("<"))
        self._check()

    def _check(self) -> None:
        if self.cells > self.caps.cell_tags:
            raise limits.over("the HTML page has table cells (<td>/<th>, scripts included)", self.cells, "cell_tags")
        if self.tags > self.caps.tags:
            raise limits.over("the HTML page has tags (scripts included)", self.tags, "tags")


def read_html(data: bytes | str) -> DocContent:
    """Read an HTML page into prose lines and expanded tables.

    Args:
        data: the page, as bytes (encoding detected) or text.

    Returns:
        The page's content; a page without tables gets a ``document.no_table`` finding.

    Raises:
        MissingExtraError: lxml is not installed.
        DocumentError: the page is over a cap (``markup_bytes``, ``cell_tags``, ``tags``,
            ``cells``: see [`Limits`][gkparse.Limits]) or cannot be parsed.
    """
    lh = need("lxml.html", "html", purpose="reading this file")
    if len(data) > limits.current().markup_bytes:
        raise limits.over("the HTML page's size in bytes or characters", len(data), "markup_bytes")
    text, charset = decode_html(data) if isinstance(data, bytes) else (data, None)
    text = _XML_DECL.sub("", text.lstrip("\ufeff"), count=1).replace("\x00", "")
    if not text.strip():
        return DocContent("html", (), (("document.no_text", "the HTML page is empty"),))
    size = Size(text)
    try:
        root = lh.document_fromstring(text, parser=lh.HTMLParser(huge_tree=True, remove_comments=True))
        walker = _Walker(lh, size)
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
    findings: list[tuple[str, str]] = [charset] if charset else []
    if walker.images:
        from gkparse._read.formats.htmlimages import read_images

        items, image_findings = read_images(walker.items, walker.images, walker.tables + 1)
        findings += image_findings
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
