"""The public records gkparse returns: Report, its tables, cells and findings.

All are attrs frozen classes holding tuples, so a parsed report is immutable,
hashable and safe to share between threads and processes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal

import attrs

from gkparse._place import LEVELS as LEVELS
from gkparse._place import Place as Place

if TYPE_CHECKING:  # pragma: no cover
    from gkparse.templates import Index


Severity = Literal["error", "warning", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "info")
"""Every severity, most severe first: the one place their order is defined."""
Value = int | Decimal | None
_RANK: Final[dict[str, int]] = {s: i for i, s in enumerate(SEVERITIES)}
PLACEMENTS: Final = ("count", "position", "convention", "total", "arithmetic")
"""How a cell's column can be decided (``Cell.placed``), from the plainest evidence to the most inferred."""
NOT_IN_JSON: Final = {"json": False}
"""Metadata of an attribute the dict/JSON form leaves out (the templates a report was read in)."""


def _index_field() -> Any:
    """The templates' index a table or report was read with: not compared, not printed, not in the JSON."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True, alias="index", metadata=NOT_IN_JSON)


def _current(index: Index | None) -> Index:
    """``index``, or the index of the registered templates when it is None."""
    if index is not None:
        return index
    from gkparse import templates

    return templates.current()


def severity_rank(severity: str) -> int:
    """0 for "error", 1 for "warning", 2 for "info": sort findings most severe first."""
    return _RANK[severity]


@attrs.frozen
class Origin:
    """Where a cell of a document stands in the original file.

    Attributes:
        page: 1-based page of a PDF (None for HTML and Word files).
        table: 1-based number of the table in the document.
        row: 0-based row of the table, merged cells expanded.
        col: 0-based column of the table, merged cells expanded.
        box: for a cell read by OCR from a scanned page, its box in pixels of the
            deskewed page at 200 dpi (x0, y0, x1, y1); None otherwise.
        confidence: for a cell read by OCR, the recogniser's confidence (0–1); None otherwise.
    """

    page: int | None
    table: int
    row: int
    col: int
    box: tuple[int, int, int, int] | None = None
    confidence: float | None = None


@attrs.frozen
class Cell:
    """One printed cell of a statistical table.

    Attributes:
        key: stable key ``TABLE.ROW.COL``, e.g. ``"requests.new.natural_person"``.
        table: ``"active"``, ``"requests"`` or ``"appeals"``.
        row: row key, e.g. ``"new"`` or ``"denied.state_secret"``.
        col: column key, e.g. ``"total"``.
        value: the number: ``int`` for counts, ``Decimal`` yuan for money,
            ``None`` where a money amount was printed with no unit anywhere.
        raw: the cell's text as printed.
        line: 1-based line of the input the cell was read from (for a document:
            the line of its text form, one line per table row).
        origin: for a cell read from an HTML, PDF or Word document, where it stands
            there (page, table, row, column); None for text input.
        placed: how the text decided the cell's column (see `PLACEMENTS`): ``"count"`` —
            every column of the row printed, in order; ``"position"`` — the row kept its
            cells in place; ``"convention"`` — the layout's own rule (bare pipes standing
            for empty cells); ``"total"`` — a lone number after blank cells, under 总计;
            ``"arithmetic"`` — the only reading under which the template's relations hold
            (those relations then vouch for nothing). None for a cell not read by gkparse.
        derived: True for a value gkparse computed (see [`Report.derived`][gkparse.Report.derived]),
            never printed: its ``raw`` is empty. False for every printed cell.
        relation: for a derived cell, the relation that determined it (as text); else None.
    """

    key: str
    table: str
    row: str
    col: str
    value: Value
    raw: str
    line: int
    origin: Origin | None = None
    placed: str | None = None
    derived: bool = False
    relation: str | None = None


@attrs.frozen
class Finding:
    """Something a reader of the report should know: a doubt, a gap, a break.

    Attributes:
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        code: stable dotted code, e.g. ``"row.ambiguous"``.
        message: human-readable text naming the Chinese label and the numbers.
        keys: the cell keys (or row keys ending in ``.*``) involved.
        line: 1-based line of the input, when the finding points at one.
        relation: for arithmetic checks, the relation as text, e.g.
            ``"new + carried_over = total + carried_forward"``.
        left: for arithmetic checks, the value of the relation's left side.
        right: for arithmetic checks, the value of the relation's right side.
        source: the report the finding is about, where it is not the
            report carrying it (series checks name both reports).
    """

    severity: Severity
    code: str
    message: str
    keys: tuple[str, ...] = ()
    line: int | None = None
    relation: str | None = None
    left: int | Decimal | None = None
    right: int | Decimal | None = None
    source: str | None = None

    @property
    def difference(self) -> int | Decimal | None:
        """``left - right`` for arithmetic findings, else None."""
        if self.left is None or self.right is None:
            return None
        return self.left - self.right


@attrs.frozen
class Table:
    """The cells read from one statistical table.

    Index a table with a key relative to it: ``report.requests["new.total"]``
    is the value of ``requests.new.total`` (``None`` when blank or absent).

    Attributes:
        template: the template the table follows (``"2019"``, ``"2021"``), or None when undecided.
        layout: how the table was printed: a text layout (``"lines"``, ``"tabs"``, ``"pipes"``)
            or a document format (``"html"``, ``"pdf"``, ``"docx"``).
        cells: the cells read, in the order of the text ([`Cell`][gkparse.Cell]; blanks are absent).
        index: the templates the table was read in (keyword; default: the registered ones).
    """

    name: ClassVar[str] = ""

    template: str | None
    layout: str
    cells: tuple[Cell, ...]
    _index: Any = _index_field()  # noqa: RUF009 - an Index (typed Any: the templates import this module)

    @property
    def index(self) -> Index:
        """The index of the templates the table was read in (see `gkparse.templates.Index`)."""
        return _current(self._index)

    def __repr__(self) -> str:
        """One line: the table's class, template, layout and number of cells."""
        return f"<{type(self).__name__} template={self.template} layout={self.layout} cells={len(self.cells)}>"

    def get(self, key: str) -> Cell | None:
        """The cell ``ROW.COL`` (relative to the table), or None when not printed."""
        full = f"{self.name}.{key}"
        for c in self.cells:
            if c.key == full:
                return c
        return None

    def __getitem__(self, key: str) -> Value:
        """The value of ``ROW.COL``; None when blank, or when the key belongs to another template only.

        Raises:
            KeyError: no template has the key in this table (the message names close matches).
        """
        if key not in self.keys():
            _known(f"{self.name}.{key}", self.index)
            return None
        cell = self.get(key)
        return None if cell is None else cell.value

    def keys(self) -> tuple[str, ...]:
        """Every ``ROW.COL`` key this table has in its template (printed or not)."""
        return _keys_of(self.index, self.name, self.template)

    def row(self, row: str) -> dict[str, Value]:
        """The values of one row as ``{column: value}``; blank cells are None."""
        spec = self.index.row(self.name, row, self.template)
        if spec is None:
            raise KeyError(f"{self.name} has no row {row!r} in template {self.template}")
        return {c: self[f"{row}.{c}"] for c in spec.columns}


def _known(key: str, index: Index) -> None:
    """Raise KeyError, naming close matches, when no template of the index has the key."""
    import difflib

    order = index.order
    if key in order:
        return
    close = difflib.get_close_matches(key, list(order), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; gkparse.all_keys() lists every key"
    raise KeyError(f"no template has the cell key {key!r}{hint}")


@functools.lru_cache(maxsize=64)
def _keys_of(index: Index, name: str, template: str | None) -> tuple[str, ...]:
    return tuple(f"{r.key}.{c}" for r in index.rows_of(name, template) for c in r.columns)


@attrs.frozen
class ActiveTable(Table):
    """二、主动公开政府信息情况 — proactive disclosure."""

    name: ClassVar[str] = "active"


@attrs.frozen
class RequestsTable(Table):
    """三、收到和处理政府信息公开申请情况 — requests received and handled."""

    name: ClassVar[str] = "requests"


@attrs.frozen
class AppealsTable(Table):
    """四、政府信息公开行政复议、行政诉讼情况 — administrative review and litigation."""

    name: ClassVar[str] = "appeals"


class Tables(tuple[Table, ...]):
    """The tables of a report: a tuple that also answers a call (``report.tables()``, as in 0.3)."""

    def __call__(self) -> Tables:
        """The same tables (``report.tables`` is a property since 0.4; the call is kept for old code)."""
        return self


TABLES: Final[dict[str, type[Table]]] = {"active": ActiveTable, "requests": RequestsTable, "appeals": AppealsTable}
"""The tables a report holds, by name, in report order: the one list of them."""


@attrs.frozen
class Report:
    """One annual report as read from text.

    Attributes:
        source: where the text came from (a path), if given.
        template: ``"2019"`` (reports for 2019–2020), ``"2021"`` (2021 on) or None.
        year: the year the report covers, or None.
        organ: the issuing organ as printed in the title or signature, or None.
        layout: how the tables arrived: a text layout (``"lines"``, ``"tabs"``,
            ``"pipes"``), a document format (``"html"``, ``"pdf"``, ``"docx"``, ``"image"``),
            ``"mixed"`` or ``"none"`` (no table found).
        active: 二、主动公开 table, or None when absent.
        requests: 三、依申请 table, or None when absent.
        appeals: 四、复议诉讼 table, or None when absent.
        findings: everything odd about the report, most severe first.
        source_format: what was read: ``"text"``, ``"html"``, ``"pdf"``, ``"docx"``, ``"doc"``, ``"wps"``
            or ``"image"`` (a scan).
        place: the organ's administrative division and level ([`Place`][gkparse.Place]), when the
            text decides it and the ``places`` extra is installed; else None.
        index: the templates the report was read in (keyword; default: the registered ones).
    """

    source: str | None
    template: str | None
    year: int | None
    organ: str | None
    layout: str
    active: ActiveTable | None
    requests: RequestsTable | None
    appeals: AppealsTable | None
    findings: tuple[Finding, ...]
    source_format: str = "text"
    place: Place | None = None
    _index: Any = _index_field()  # noqa: RUF009 - an Index (typed Any: the templates import this module)

    @property
    def index(self) -> Index:
        """The index of the templates the report was read in (see `gkparse.templates.Index`)."""
        return _current(self._index)

    @property
    def tables(self) -> Tables:
        """The tables found, in report order (a tuple; calling it, the 0.3 spelling, gives the same)."""
        return Tables(t for t in (self.active, self.requests, self.appeals) if t is not None)

    def table(self, name: str) -> Table | None:
        """The table of this name (``"active"``, ``"requests"``, ``"appeals"``), or None when absent."""
        return next((t for t in self.tables if t.name == name), None)

    def cells(self) -> Iterator[Cell]:
        """Every cell read, table by table, in template order."""
        for t in self.tables:
            yield from t.cells

    @property
    def report_id(self) -> str | None:
        """The report's identity: ``CODE/ORGAN/YEAR`` from its division code, its normalised organ
        (the division's names left out) and its year; None unless all three are known.

        Two files with the same ``report_id`` are the same organ's report for the same year
        (see [`dedupe`][gkparse.dedupe]).
        """
        from gkparse._write.identity import report_id

        return report_id(self)

    @property
    def content_id(self) -> str | None:
        """A fingerprint of the printed cells (keys and exact values): the same report read from
        two formats has the same ``content_id``; None for a report without cells."""
        from gkparse._write.identity import content_id

        return content_id(self)

    def derived(self) -> Report:
        """This report with the blank cells its relations determine uniquely filled in.

        A blank total from its printed parts, a single blank part from the total and the others,
        until nothing more is decided; each such cell has ``derived=True``, the ``relation`` used
        and no ``raw`` text.  Printed cells are unchanged (see ``gkparse._write.derive``).
        """
        from gkparse._write.derive import derive

        return derive(self)

    def __repr__(self) -> str:
        """One line: source, organ, year, template, layout, cells and findings."""
        errors = sum(f.severity == "error" for f in self.findings)
        return (
            f"<Report {self.source!r} organ={self.organ!r} year={self.year} template={self.template} "
            f"layout={self.layout} cells={sum(len(t.cells) for t in self.tables)} "
            f"findings={len(self.findings)} errors={errors}>"
        )

    def _repr_html_(self) -> str:
        """The report as Jupyter shows it: its tables laid out as the national form (see ``gkparse review``)."""
        from gkparse._write.review import report_html

        return report_html(self)

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``"error"``."""
        return not any(f.severity == "error" for f in self.findings)

    def value(self, key: str) -> Value:
        """The value of a full key such as ``"requests.new.total"``.

        The value is None when the cell is blank, its table was not found, or the
        key belongs to the other template only (see the crosswalk in the data
        dictionary), so a series over 2019–2024 never trips on a missing table.

        Raises:
            KeyError: no template has the key (the message names close matches).
        """
        for c in self.cells():
            if c.key == key:
                return c.value
        _known(key, self.index)
        return None

    __getitem__ = value
