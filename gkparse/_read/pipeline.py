"""The pipeline: text → document → grid → tokens → template → rows → placement → tables → checks → Report."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import attrs

from gkparse import _findings as F
from gkparse import _findings_doc as D
from gkparse import templates as _templates
from gkparse._findings_doc import document_code
from gkparse._read import checks, layouts, meta, places
from gkparse._read.accept import Accept, acceptance
from gkparse._read.arith import place_by_arithmetic
from gkparse._read.cells import tokens
from gkparse._read.cutend import whole_last_number
from gkparse._read.detached import framed_lines
from gkparse._read.document import Document, decode
from gkparse._read.formats.content import DocContent
from gkparse._read.grid import GridCell, GridRow
from gkparse._read.labels import Vocabulary, vocabulary
from gkparse._read.placement import place_rows
from gkparse._read.rows import LogicalRow, logical_rows, resolve_rows
from gkparse._read.tables import Tabulated, tabulate
from gkparse.errors import GkparseError, InputError
from gkparse.model import TABLES, Finding, Report, Table, severity_rank


def parse(text: str, *, source: str | None = None, templates: Iterable[_templates.Template] | None = None) -> Report:
    """Read every statistical table of an annual report from its text.

    Args:
        text: the report as text, in any of the layouts gkparse reads
            (one value per line, tab-separated rows, pipe fragments), mixed or not.
        source: where the text came from, kept on the report (e.g. a path).
        templates: the templates to read the tables in (default: every
            registered one, see `gkparse.templates`).

    Returns:
        The report: template, year, organ, the tables found and the findings.
        A text without tables gives a report with no tables and a finding.

    Raises:
        GkparseError: only when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise InputError(f"parse() takes the report as str, not {type(text).__name__}; use parse_file() for files")
    index = _index_of(templates)
    doc = Document(text, source=source)
    try:
        return read(doc, layouts.read(doc), index)
    except GkparseError:
        raise
    except RecursionError as e:  # pragma: no cover - defensive
        raise GkparseError(f"the text is nested too deeply to read: {e}", source=source) from None


def _index_of(templates: Iterable[_templates.Template] | None) -> _templates.Index:
    """The index of the given templates, or of the registered ones.

    Raises:
        InputError: ``templates`` is not an iterable of ``Template``.
    """
    if templates is None:
        return _templates.current()
    chosen = tuple(templates) if isinstance(templates, Iterable) and not isinstance(templates, str | bytes) else None
    if chosen is None or not all(isinstance(t, _templates.Template) for t in chosen):
        raise InputError(f"templates must be Template objects (gkparse.templates.get_templates()), not {templates!r}")
    return _templates.index(chosen)


def read(
    doc: Document,
    grid: tuple[Sequence[GridRow], Sequence[Finding]],
    index: _templates.Index,
    source_format: str = "text",
    accept: Accept | None = None,
) -> Report:
    """The report of a document whose grid rows (and what reading them noticed) are ``grid``.

    A text that ends right after a number may have been cut inside it (``42`` of ``422``): that
    number is not read — unless a relation of the template holds as printed with it, and none
    breaks (`gkparse._read.cutend`).
    """
    report = _read(doc, grid, index, source_format, accept, cut_at_end=doc.cut)
    cut = next((f for f in report.findings if f.code == D.CUT_VALUE.code), None)
    if cut is None:
        return report
    whole = _read(doc, grid, index, source_format, accept, cut_at_end=False)
    return whole_last_number(report, whole, cut, index) or report


def _order(f: Finding) -> tuple[int, int]:
    return severity_rank(f.severity), f.line or 0


def _read(
    doc: Document,
    grid: tuple[Sequence[GridRow], Sequence[Finding]],
    index: _templates.Index,
    source_format: str,
    accept: Accept | None,
    *,
    cut_at_end: bool,
) -> Report:
    """The stages of `read`, with the text's last number read or not (``cut_at_end``).

    The stages, each a function of what the ones before returned, each giving its findings:
    tokens → template → rows → placement → tables → (acceptance of OCR'd cells) → checks.
    ``accept`` is the acceptance step of cells read by OCR (`gkparse._read.accept`), run on the
    placed cells before the checks.
    """
    rows, noticed = grid
    voc = vocabulary(index)
    toks, cut, widths = tokens(rows, cut_at_end=cut_at_end, open_end=doc.open_end)
    year = meta.year_of(doc.normalised, normalised=True)
    lrows = logical_rows(toks)
    decided = _template(toks, lrows, year, index, voc)
    template = decided.template
    resolved = resolve_rows(lrows, template, voc, index, framed_lines(doc.lines))
    placed = place_rows(resolved.rows, widths, index, voc)
    by_arithmetic = place_by_arithmetic(placed.left, placed.rows, template, index, voc)
    tabulated = tabulate([*placed.rows, *by_arithmetic.rows], index)
    tables = _tables(tabulated, placed.unplaced, resolved.seen, template, index)
    organ = meta.organ_of(doc.lines)
    place, placing = places.place_of(organ, places.sources_of(organ, doc.lines))
    report = Report(
        source=doc.source,
        template=template,
        year=year,
        organ=organ,
        layout=_layout(tables),
        active=tables.get("active"),  # type: ignore[arg-type]
        requests=tables.get("requests"),  # type: ignore[arg-type]
        appeals=tables.get("appeals"),  # type: ignore[arg-type]
        findings=(),
        source_format=source_format,
        place=place,
        index=index,
    )
    accepted: list[Finding] = []
    if accept is not None:
        report, accepted = accept(report, index)
    findings = [
        *noticed,
        *cut,
        *decided.findings,
        *resolved.findings,
        *placed.findings,
        *by_arithmetic.findings,
        *tabulated.findings,
        *_completeness(tables, doc.cut),
        *_year_findings(year, template, tables, index),
        *accepted,
        *checks.check(report, doc),
        *placing,
    ]
    findings.sort(key=_order)
    return attrs.evolve(report, findings=tuple(findings))


class _Decided(NamedTuple):
    template: str | None
    findings: list[Finding]


def _template(
    toks: Sequence[GridCell], lrows: Sequence[LogicalRow], year: int | None, index: _templates.Index, voc: Vocabulary
) -> _Decided:
    """Template stage: the template whose wording the tables print, else the one of the report's year —
    but only when the text shows a table at all (decided once, before the rows are read in it)."""
    template, from_year, findings = meta.decide_template(toks, year, index)
    if from_year and not resolve_rows(lrows, None, voc, index).seen:
        return _Decided(None, [])
    return _Decided(template, findings)


def _tables(
    tabulated: Tabulated,
    unplaced: dict[str, Counter[str]],
    seen: set[str],
    template: str | None,
    index: _templates.Index,
) -> dict[str, Table]:
    """The tables found: those with cells or seen in the text, each with the layout most of its cells
    (or, when none was placed, most of its values) came from."""
    out: dict[str, Table] = {}
    for name, cls in TABLES.items():
        cells = tabulated.cells.get(name)
        if not cells and name not in seen:
            continue
        counts = tabulated.layouts.get(name) or unplaced.get(name)
        layout = counts.most_common(1)[0][0] if counts else "none"
        out[name] = cls(template=template, layout=layout, cells=tuple(cells or ()), index=index)
    return out


def _layout(tables: dict[str, Table]) -> str:
    """The report's layout: the one layout its tables were read in, "mixed", or "none"."""
    seen = {t.layout for t in tables.values() if t.layout != "none"}
    return "none" if not seen else seen.pop() if len(seen) == 1 else "mixed"


def _year_findings(
    year: int | None, template: str | None, tables: dict[str, Table], index: _templates.Index
) -> list[Finding]:
    if year is None and tables:
        return [F.YEAR_UNKNOWN.make()]
    if year is not None and template is not None and index.template_for_year(year) not in (None, template):
        return [F.YEAR_MISMATCH.make(year=year, template=template)]
    return []


def _completeness(tables: dict[str, Table], cut: bool) -> list[Finding]:
    if not tables:
        return [F.NO_TABLES.make()]
    missing = [n for n in TABLES if n not in tables]
    if not missing:
        return []
    tail = " — the text ends inside the tables and looks truncated" if cut else ""
    return [F.INCOMPLETE.make(missing=", ".join(missing), cut=tail)]


def parse_file(
    path: str | os.PathLike[str],
    *,
    templates: Iterable[_templates.Template] | None = None,
    max_bytes: int | None = None,
) -> Report:
    """Read a report file and parse it: text (UTF-8, UTF-8 with BOM, GB18030/GBK; detected),
    or an HTML page, a PDF or a Word .docx (by content and suffix; extras ``gkparse[html]``,
    ``gkparse[pdf]``, ``gkparse[docx]``).

    Only a regular file is read (a FIFO or a device is refused, never waited on),
    and only up to ``max_bytes``; the file is read in this process, so a batch that
    must bound each file's time and memory uses [`parse_paths`][gkparse.parse_paths].

    Args:
        path: the file.
        templates: the templates to read in (default: the registered ones).
        max_bytes: a larger file is refused (None: the ``file_bytes`` cap, 50 MB,
            see [`limits`][gkparse.limits]).

    Raises:
        InputError: the file cannot be read, is not a regular file, or is larger than ``max_bytes``.
        DecodeError: the bytes are not text in a supported encoding.
        DocumentError: the document cannot be read (a truncated or encrypted PDF …) or is over a cap.
        MissingExtraError: the reader of the file's format is not installed.
    """
    from gkparse._read import files, limits

    cap = limits.current().file_bytes if max_bytes is None else files.check_cap(max_bytes)
    name = os.fsdecode(files.check_path(path))
    try:
        data = files.read_file(name, cap)
    except InputError as e:
        raise InputError(e.message, source=name) from None
    return parse_bytes(data, name=os.path.basename(name), source=name, templates=templates, max_bytes=cap)


def parse_bytes(
    data: bytes,
    *,
    name: str | None = None,
    source: str | None = None,
    templates: Iterable[_templates.Template] | None = None,
    max_bytes: int | None = None,
) -> Report:
    """Parse a report given as bytes: text, HTML, PDF or Word (see `parse_file`).

    Args:
        data: the file's content.
        name: the file's name, if known (``.html``/``.htm`` marks HTML).
        source: kept on the report.
        templates: the templates to read in (default: the registered ones).
        max_bytes: larger content is refused (None: the ``file_bytes`` cap, 50 MB,
            see [`limits`][gkparse.limits]).

    Raises:
        InputError: ``data`` is not bytes, or is larger than ``max_bytes``.
    """
    from gkparse._read import files, limits
    from gkparse._read.formats import read_document
    from gkparse._read.formats.htmlimages import reading

    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError(f"parse_bytes() takes bytes, not {type(data).__name__}; use parse() for text", source=source)
    cap = limits.current().file_bytes if max_bytes is None else files.check_cap(max_bytes)
    if len(data) > cap:
        raise InputError(f"too large: {len(data)} bytes, more than the cap of {cap}", source=source)
    data = bytes(data)
    try:
        with reading(source):  # an HTML page's images resolve beside the file
            content = read_document(data, name)
    except GkparseError as e:
        if e.source is None:
            e.source = source
            e.args = (str(e),)
        raise
    if content is None:
        return parse(decode(data, source=source), source=source, templates=templates)
    return parse_document(content, source=source, templates=templates)


def parse_html(
    markup: str | bytes, *, source: str | None = None, templates: Iterable[_templates.Template] | None = None
) -> Report:
    """Read a report from an HTML page: every ``<table>`` with rowspan/colspan expanded (extra ``gkparse[html]``).

    Raises:
        MissingExtraError: lxml is not installed.
        DocumentError: the page cannot be read.
    """
    from gkparse._read.formats.html import read_html

    return parse_document(read_html(markup), source=source, templates=templates)


def parse_document(
    content: DocContent, *, source: str | None = None, templates: Iterable[_templates.Template] | None = None
) -> Report:
    """The report of a document read into a grid: its tables placed by position, never by count.

    Raises:
        InputError: ``content`` is not a ``DocContent`` (from ``gkparse._read.formats.read_document``).
    """
    from gkparse._read.formats.textform import rows_of, text_form

    if not isinstance(content, DocContent):
        raise InputError(f"parse_document() takes a DocContent, not {type(content).__name__}")
    index = _index_of(templates)
    text, table_lines = text_form(content)
    doc = Document(text, source=source)
    rows, noticed = rows_of(doc, content, table_lines)
    found = [document_code(code).make(message=message) for code, message in content.findings]
    return read(doc, (rows, found + noticed), index, content.format, acceptance(content))


def clear_caches() -> None:
    """Forget every memo of the reader (line shapes, cell classes, label scans, normal forms, resolved runs).

    For benchmarks that measure a cold start; parsing never needs it (every cache is bounded).
    """
    from gkparse._read import cells, labels, rows, text

    cells.clear_caches()
    layouts.clear_caches()
    labels._scan_cached.cache_clear()
    text._norm_label_cached.cache_clear()
    rows._RESOLVED.clear()
