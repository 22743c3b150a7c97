"""The data dictionary as the tests read it: names derived from the template registry (``gkparse.templates``)."""

from __future__ import annotations

from typing import Final

from gkparse import templates
from gkparse.templates import Row as RowSpec

_INDEX = templates.current()
TEMPLATES: Final = tuple(t.name for t in templates.get_templates())
TABLES: Final = _INDEX.tables
_FIRST = templates.get_templates()[0]
TABLE_LABELS: Final = {s.name: s.title for s in _FIRST.tables}
REQUEST_COLUMNS: Final = tuple(c.key for c in _FIRST.table("requests").columns)  # type: ignore[union-attr]
APPEAL_COLUMNS: Final = tuple(c.key for c in _FIRST.table("appeals").columns)  # type: ignore[union-attr]
SIGNED_COLUMNS: Final = frozenset(k.rsplit(".", 1)[1] for k in _INDEX.signed)
COLUMN_LABELS: Final = {
    s.name: {c.key: c.label for c in s.columns} for t in reversed(templates.get_templates()) for s in t.tables
}


def years_of(template: str) -> tuple[int, ...]:
    """The report years a template is used for (five years on for one still in use)."""
    first, last = templates.get_template(template).years
    return tuple(range(first, (first + 4 if last is None else last) + 1))


def column_label(template: str, table: str, col: str) -> str:
    """A column's header as a template prints it."""
    spec = templates.get_template(template).table(table)
    assert spec is not None
    return spec.column(col).label


def rows_of(table: str, template: str | None) -> tuple[RowSpec, ...]:
    """Rows of a table in a template (None: the rows every template shares)."""
    return _INDEX.rows_of(table, template)


def row_spec(table: str, row: str, template: str | None) -> RowSpec | None:
    """A row's spec in a template."""
    return _INDEX.row(table, row, template)


def is_money(row: str, col: str) -> bool:
    """True for the money cells."""
    return any(k.endswith(f".{row}.{col}") for k in _INDEX.money)


all_keys = templates.all_keys

__all__ = [
    "APPEAL_COLUMNS",
    "COLUMN_LABELS",
    "REQUEST_COLUMNS",
    "SIGNED_COLUMNS",
    "TABLES",
    "TABLE_LABELS",
    "TEMPLATES",
    "RowSpec",
    "all_keys",
    "column_label",
    "is_money",
    "row_spec",
    "rows_of",
    "years_of",
]
