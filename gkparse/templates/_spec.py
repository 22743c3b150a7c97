"""The spec types a template is written in: tables, rows, columns, relations.

A template is plain data.  Everything the reader knows about a national report
format — which rows a table has and how they are worded, which columns, which
hold money, which relations (勾稽关系) hold, which years use it and which
wordings identify it — is a `Template` built from these classes.
"""

from __future__ import annotations

from typing import Literal

import attrs

from gkparse.model import Severity


@attrs.frozen(cache_hash=True)
class Column:
    """One column of a table.

    Attributes:
        key: stable column key, e.g. ``"natural_person"``.
        label: the official Chinese header.
        money: the cells hold an amount of money (value in yuan, a Decimal).
        signed: the cells may be negative (本年增/减).
    """

    key: str
    label: str
    money: bool = False
    signed: bool = False


@attrs.frozen(cache_hash=True)
class Row:
    """One row of a table.

    Attributes:
        key: stable row key, e.g. ``"denied.state_secret"``.
        label: the official Chinese wording (for the documentation).
        columns: the keys of the row's columns, in printed order.
        wordings: regular expressions over the *normalised* label (see
            ``norm_label``) that name this row; longer wordings win.
    """

    key: str
    label: str
    columns: tuple[str, ...]
    wordings: tuple[str, ...]


@attrs.frozen(cache_hash=True)
class Relation:
    """An arithmetic relation: ``sum(left) == sum(right)`` (or ``<=``), checked on printed cells.

    Attributes:
        code: the finding code of a break, e.g. ``"requests.flow"``; a relation
            with a blank term gives ``CODE.not_assessable`` (info).
        text: the relation as people write it.
        table: the table it lives in.
        over: ``"columns"`` — the terms are rows and the relation holds in each
            column; ``"rows"`` — the terms are columns and it holds in each row.
        left: the terms of the left side. A row term ending in ``.*`` stands for
            every row of the table whose key starts with the prefix.
        right: the terms of the right side.
        where: the columns (``over="columns"``) or rows (``over="rows"``) it
            is checked in; empty: all of the table's.
        severity: the severity of a break.
        le: ``left <= right`` instead of ``left == right``.
    """

    code: str
    text: str
    table: str
    over: Literal["columns", "rows"]
    left: tuple[str, ...]
    right: tuple[str, ...]
    where: tuple[str, ...] = ()
    severity: Severity = "error"
    le: bool = False


@attrs.frozen(cache_hash=True)
class TableSpec:
    """One statistical table of a template.

    Attributes:
        name: ``"active"``, ``"requests"`` or ``"appeals"`` (the three sections
            of the national format; a report exposes them as attributes).
        title: the section heading, e.g. ``"二、主动公开政府信息情况"``.
        headings: regular expressions (normalised text) of the section heading.
        columns: every column of the table.
        rows: the rows, in printed order.
        headers: column-header wordings (regular expressions) of this table.
        groups: group headings that gather rows but hold no numbers
            (``不予公开``, ``无法提供`` …).
        flat: rows whose values may all follow the headers on one line
            (the appeals table prints its 15 numbers after all its headers).
        total: the column that holds each row's total (``"total"``, 总计): a lone number
            printed after the other cells left blank is read there.
        carry: ``(row, next_row)``: the row whose values carry over to the next year's
            report as ``next_row`` (the series check: 结转下年度 → 上年结转).
    """

    name: str
    title: str
    headings: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    headers: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    flat: tuple[str, ...] = ()
    total: str | None = None
    carry: tuple[str, str] | None = None

    def column(self, key: str) -> Column:
        """The column with this key (KeyError when the table has none)."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"table {self.name} has no column {key!r}")


@attrs.frozen(cache_hash=True)
class RowSum:
    """A row of an older template that is the sum of rows of a newer one, column by column.

    Attributes:
        table: the table.
        row: the older template's row key, e.g. ``"other"``.
        parts: the newer template's row keys that add up to it.
        note: why, for the documentation.
    """

    table: str
    row: str
    parts: tuple[str, ...]
    note: str = ""


@attrs.frozen(cache_hash=True)
class Crosswalk:
    """How a template's keys correspond to those of the template it follows.

    A key both templates have is the same cell; a `RowSum` says which rows add up
    to a row of the older template; any other key has no counterpart.

    Attributes:
        follows: the older template's name, e.g. ``"2019"``.
        sums: the rows of the older template that are sums of this template's rows.
        notes: ``(table, note)``: why a table's other keys have no counterpart.
    """

    follows: str
    sums: tuple[RowSum, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()


@attrs.frozen(cache_hash=True)
class Template:
    """A national format of the statistical tables.

    Attributes:
        name: the template's name, e.g. ``"2019"``.
        document: the document that fixes it, e.g. ``"国办公开办函〔2019〕60号"``.
        years: the first and last report year it is used for (last None: still in use).
        markers: wordings (plain text, normalised) found only in this
            template's tables; the template whose markers a report prints wins.
        tables: the tables, in printed order.
        relations: the arithmetic relations that hold in a correct report.
        common_headers: header words shared by all tables (总计, 其他).
        narrative: the cell whose count the report's prose states (共收到…申请N件),
            then cells the prose may add to it (the applications carried over);
            empty: the prose is not checked.
        crosswalk: how the keys correspond to those of the template this one follows
            (None: the first template, or no correspondence).
    """

    name: str
    document: str
    years: tuple[int, int | None]
    markers: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    relations: tuple[Relation, ...] = ()
    common_headers: tuple[str, ...] = ("总计", "其他")
    narrative: tuple[str, ...] = ()
    crosswalk: Crosswalk | None = None

    def table(self, name: str) -> TableSpec | None:
        """The table with this name, or None."""
        for t in self.tables:
            if t.name == name:
                return t
        return None

    def covers(self, year: int) -> bool:
        """True when reports for ``year`` use this template."""
        first, last = self.years
        return first <= year and (last is None or year <= last)


def with_wording(template: Template, table: str, row: str, *wordings: str) -> Template:
    """A copy of ``template`` in which ``table``'s row ``row`` is also named by ``wordings``.

    Args:
        template: the template to extend (e.g. ``gkparse.templates.get_template("2021")``).
        table: the table's name.
        row: the row's key.
        wordings: regular expressions over the *normalised* label (see `gkparse.explain_label`).

    Raises:
        KeyError: the template has no such table or row.
    """
    spec = template.table(table)
    if spec is None or all(r.key != row for r in spec.rows):
        raise KeyError(f"template {template.name} has no row {table}.{row}")
    rows = tuple(attrs.evolve(r, wordings=(*r.wordings, *wordings)) if r.key == row else r for r in spec.rows)
    tables = tuple(attrs.evolve(s, rows=rows) if s.name == table else s for s in template.tables)
    return attrs.evolve(template, tables=tables)
