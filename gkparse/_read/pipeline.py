"""The pipeline, end to end: text → document → grid → tokens → rows → tables → checked Report."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from gkparse import _findings as F
from gkparse import templates as _templates
from gkparse._read import checks, layouts, meta
from gkparse._read.accept import Accept, acceptance
from gkparse._read.cells import tokens
from gkparse._read.document import Document, decode
from gkparse._read.formats.content import DocContent
from gkparse._read.grid import GridRow
from gkparse._read.labels import vocabulary
from gkparse._read.tables import assemble
from gkparse.errors import GkparseError, InputError
from gkparse.model import ActiveTable, AppealsTable, Finding, Report, RequestsTable, Table, severity_rank

_TABLE_CLASSES: dict[str, type[Table]] = {"active": ActiveTable, "requests": RequestsTable, "appeals": AppealsTable}


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
    """The index of the given templates, or of the registered ones."""
    return _templates.current() if templates is None else _templates.index(tuple(templates))


def read(
    doc: Document,
    rows: Iterable[GridRow],
    index: _templates.Index,
    source_format: str = "text",
    accept: Accept | None = None,
) -> Report:
    """The report of a document whose grid rows are ``rows`` (from its text layouts or its tables).

    ``accept`` is the acceptance step of cells read by OCR (`gkparse._read.accept`), run on the placed
    cells before the checks.
    """
    toks, findings, widths = tokens(rows, cut_at_end=doc.cut, open_end=doc.open_end)
    findings = doc.findings + findings
    year = meta.year_of(doc.normalised, normalised=True)
    template, from_year, decided = meta.decide_template(toks, year, index)
    done = assemble(toks, template, widths, index, vocabulary(index))
    if from_year and not done.seen:
        template, decided = None, []
    findings += decided
    findings += done.findings
    tables: dict[str, Table] = {}
    layouts_seen: set[str] = set()
    for name, cls in _TABLE_CLASSES.items():
        if not done.cells.get(name) and name not in done.seen:
            continue
        counts = done.layouts.get(name) or done.unplaced.get(name)  # a table whose rows were all unplaced
        lay = counts.most_common(1)[0][0] if counts else "none"
        if lay != "none":
            layouts_seen.add(lay)
        tables[name] = cls(template=template, layout=lay, cells=tuple(done.cells.get(name, ())))
    findings += _completeness(tables, doc.cut)
    if year is None and tables:
        findings.append(F.YEAR_UNKNOWN.make())
    elif year is not None and template is not None and index.template_for_year(year) not in (None, template):
        findings.append(F.YEAR_MISMATCH.make(year=year, template=template))
    layout = "none" if not layouts_seen else layouts_seen.pop() if len(layouts_seen) == 1 else "mixed"
    report = Report(
        source=doc.source,
        template=template,
        year=year,
        organ=meta.organ_of(doc.lines),
        layout=layout,
        active=tables.get("active"),  # type: ignore[arg-type]
        requests=tables.get("requests"),  # type: ignore[arg-type]
        appeals=tables.get("appeals"),  # type: ignore[arg-type]
        findings=(),
        source_format=source_format,
    )
    if accept is not None:
        report, accepted = accept(report, index)
        findings += accepted
    findings += checks.check_arithmetic(report, index)
    findings += checks.check_plausibility(report)
    findings += checks.check_narrative(report, doc)
    findings.sort(key=lambda f: (severity_rank(f.severity), f.line or 0))
    return attrs.evolve(report, findings=tuple(findings))


def _completeness(tables: dict[str, Table], cut: bool) -> list[Finding]:
    if not tables:
        return [F.NO_TABLES.make()]
    missing = [n for n in _TABLE_CLASSES if n not in tables]
    if not missing:
        return []
    tail = " — the text ends inside the tables and looks truncated" if cut else ""
    return [F.INCOMPLETE.make(missing=", ".join(missing), cut=tail)]


def parse_file(path: str | os.PathLike[str], *, templates: Iterable[_templates.Template] | None = None) -> Report:
    """Read a report file and parse it: text (UTF-8, UTF-8 with BOM, GB18030/GBK; detected),
    or an HTML page, a PDF or a Word .docx (by content and suffix; extras ``gkparse[html]``,
    ``gkparse[pdf]``, ``gkparse[docx]``).

    Raises:
        InputError: the file cannot be read.
        DecodeError: the bytes are not text in a supported encoding.
        DocumentError: the document cannot be read (a truncated or encrypted PDF …).
        MissingExtraError: the reader of the file's format is not installed.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", source=str(path)) from None
    return parse_bytes(data, name=p.name, source=str(path), templates=templates)


def parse_bytes(
    data: bytes,
    *,
    name: str | None = None,
    source: str | None = None,
    templates: Iterable[_templates.Template] | None = None,
) -> Report:
    """Parse a report given as bytes: text, HTML, PDF or Word (see `parse_file`).

    Args:
        data: the file's content.
        name: the file's name, if known (``.html``/``.htm`` marks HTML).
        source: kept on the report.
        templates: the templates to read in (default: the registered ones).
    """
    from gkparse._read.formats import read_document
    from gkparse._read.formats.htmlimages import reading

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
    """The report of a document read into a grid: its tables placed by position, never by count."""
    from gkparse._read.formats.textform import rows_of, text_form

    index = _index_of(templates)
    text, table_lines = text_form(content)
    doc = Document(text, source=source)
    for code, message in content.findings:
        doc.findings.append(F.document_code(code).make(message=message))
    return read(doc, rows_of(doc, content, table_lines), index, content.format, acceptance(content))


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
