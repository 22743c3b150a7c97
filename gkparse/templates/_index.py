"""What the reader derives from a set of templates: keys, row lookups, markers, relation instances.

Built once per set of templates (cached) and shared by the steps that need
it: placement reads the rows and money columns, the checks read the
relations, the data dictionary reads the keys.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final

import attrs

from gkparse.model import Severity
from gkparse.templates._spec import Relation, Row, Template


@attrs.frozen
class KeySpec:
    """One cell key of the data dictionary.

    Attributes:
        key: ``TABLE.ROW.COL``.
        table: the table's name.
        row: the row key.
        col: the column key.
        templates: the names of the templates that have the key.
        row_label: the official wording of the row.
        col_label: the official wording of the column.
        money: the cell holds an amount of money (Decimal yuan).
    """

    key: str
    table: str
    row: str
    col: str
    templates: tuple[str, ...]
    row_label: str
    col_label: str
    money: bool


@attrs.frozen
class Check:
    """One instance of a relation: concrete keys on each side."""

    code: str
    text: str
    table: str
    where: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: Severity
    le: bool


def _merge(order: list[str], keys: Iterable[str]) -> None:
    """Add one template's keys to the order: a new row goes before the next known row, a new column of a
    known row at the end of its table."""
    seq = list(keys)
    known = set(order)
    known_rows = {k.rsplit(".", 1)[0] for k in order}
    for i, k in enumerate(seq):
        if k in known:
            continue
        row = k.rsplit(".", 1)[0]
        nxt = None
        if row not in known_rows:
            nxt = next((s for s in seq[i + 1 :] if s.rsplit(".", 1)[0] in known_rows and s in known), None)
        if nxt is None:
            table = k.split(".", 1)[0]
            last = max((j for j, o in enumerate(order) if o.split(".", 1)[0] == table), default=len(order) - 1)
            order.insert(last + 1, k)
        else:
            order.insert(order.index(nxt), k)
        known.add(k)


def _expand(rel: Relation, rows: tuple[Row, ...], columns: tuple[str, ...]) -> list[Check]:
    row_keys = [r.key for r in rows]

    def terms(side: tuple[str, ...]) -> list[str]:
        if rel.over == "rows":
            return list(side)
        out: list[str] = []
        for t in side:
            out += [k for k in row_keys if k.startswith(t[:-1])] if t.endswith(".*") else [t]
        return out

    left, right = terms(rel.left), terms(rel.right)

    def check(where: str, row: str | None, col: str | None) -> Check:
        """The instance in one column (terms are rows) or one row (terms are columns)."""

        def key(term: str) -> str:
            return f"{rel.table}.{term}.{col}" if row is None else f"{rel.table}.{row}.{term}"

        lk, rk = tuple(map(key, left)), tuple(map(key, right))
        return Check(rel.code, rel.text, rel.table, where, lk, rk, rel.severity, rel.le)

    if rel.over == "columns":
        return [check(f"column {c}", None, c) for c in rel.where or columns]
    return [
        check(f"row {r.key}", r.key, None)
        for r in rows
        if (not rel.where or r.key in rel.where) and set(left + right) <= set(r.columns)
    ]


def _interleave(groups: list[list[Check]]) -> list[Check]:
    """Per-column relations of one table in column order (flow(c), results(c), flow(c'), …)."""
    out: list[Check] = []
    for i in range(max((len(g) for g in groups), default=0)):
        out += [g[i] for g in groups if i < len(g)]
    return out


Slot = tuple[str, str, str]  # row, column, key


class Index:
    """Lookups derived from a set of templates (see module docstring)."""

    def __init__(self, templates: tuple[Template, ...]) -> None:
        if not templates:
            raise ValueError("at least one template is needed")
        self.templates: Final = templates
        self.names: Final = tuple(t.name for t in templates)
        self.by_name: Final = {t.name: t for t in templates}
        tables: list[str] = []
        for t in templates:
            tables += [s.name for s in t.tables if s.name not in tables]
        self.tables: Final = tuple(tables)
        self.totals: Final = {
            s.name: s.total for t in reversed(templates) for s in t.tables
        }  # table → its total column (the first template's, where templates differ)
        self._rows: dict[tuple[str, str, str], Row] = {}
        order: list[str] = []
        specs: dict[str, KeySpec] = {}
        self.money: Final[set[str]] = set()
        self.signed: Final[set[str]] = set()
        for t in templates:
            seq: list[str] = []
            for spec in t.tables:
                for r in spec.rows:
                    self._rows[(spec.name, r.key, t.name)] = r
                    for c in r.columns:
                        col = spec.column(c)
                        key = f"{spec.name}.{r.key}.{c}"
                        seq.append(key)
                        if col.money:
                            self.money.add(key)
                        if col.signed:
                            self.signed.add(key)
                        old = specs.get(key)
                        if old is None:
                            specs[key] = KeySpec(key, spec.name, r.key, c, (t.name,), r.label, col.label, col.money)
                        else:
                            specs[key] = attrs.evolve(old, templates=(*old.templates, t.name))
            seq.sort(key=lambda k: tables.index(k.split(".", 1)[0]))
            _merge(order, seq)
        self.order: Final = {k: i for i, k in enumerate(order)}
        self.keys: Final = tuple(specs[k] for k in order)
        self.keys_order: Final = tuple(order)
        self.markers: Final = {
            t.name: re.compile("|".join(re.escape(m) for m in t.markers)) for t in templates if t.markers
        }
        self._checks: dict[str | None, tuple[Check, ...]] = {}
        self._slots: dict[tuple[str, str, str | None], tuple[Slot, ...] | None] = {}

    def __reduce__(self) -> tuple[object, tuple[tuple[Template, ...]]]:
        """Pickled as its templates (a report sent between processes keeps the index it was read with)."""
        return index, (self.templates,)

    def row(self, table: str, row: str, template: str | None) -> Row | None:
        """The row's spec in a template; with no template, only if every template agrees on its columns."""
        if template is not None:
            return self._rows.get((table, row, template))
        found = [self._rows.get((table, row, n)) for n in self.names]
        if any(r is None for r in found):
            return None
        first = found[0]
        assert first is not None
        return first if all(r is not None and r.columns == first.columns for r in found) else None

    def slots(self, table: str, row: str, template: str | None) -> tuple[Slot, ...] | None:
        """(row, column, key) of each value of a row in a template, in printed order; None when not a row there.

        ``row`` ``"*flat"`` stands for all the table's flat rows in one (the appeals' 15 numbers).
        """
        k = (table, row, template)
        if k not in self._slots:
            if row == "*flat":
                spec = next(s for t in self.templates if (s := t.table(table)) is not None)
                got: tuple[Slot, ...] | None = tuple(
                    (r, c.key, f"{table}.{r}.{c.key}") for r in spec.flat for c in spec.columns
                )
            else:
                spec_row = self.row(table, row, template)
                got = None if spec_row is None else tuple((row, c, f"{table}.{row}.{c}") for c in spec_row.columns)
            self._slots[k] = got
        return self._slots[k]

    def rows_of(self, table: str, template: str | None) -> tuple[Row, ...]:
        """Rows of a table in template order (template None: the rows every template shares)."""
        out: list[Row] = []
        seen: set[str] = set()
        for t in self.templates if template is None else (self.by_name[template],):
            spec = t.table(table)
            for r in spec.rows if spec else ():
                got = self.row(table, r.key, template)
                if got is not None and r.key not in seen:
                    seen.add(r.key)
                    out.append(got)
        return tuple(out)

    def checks(self, template: str | None) -> tuple[Check, ...]:
        """The relation instances of a template (None: the instances every template has)."""
        if template not in self._checks:
            if template is None:
                each = [self.checks(n) for n in self.names]
                common = set(each[0]).intersection(*each[1:])
                self._checks[None] = tuple(c for c in each[0] if c in common)
            else:
                self._checks[template] = self._template_checks(self.by_name[template])
        return self._checks[template]

    def _template_checks(self, t: Template) -> tuple[Check, ...]:
        out: list[Check] = []
        pending: list[list[Check]] = []
        for i, rel in enumerate(t.relations):
            spec = t.table(rel.table)
            if spec is None:
                continue
            expanded = _expand(rel, spec.rows, tuple(c.key for c in spec.columns))
            if rel.over == "columns":
                pending.append(expanded)
                nxt = t.relations[i + 1] if i + 1 < len(t.relations) else None
                if nxt is None or nxt.over != "columns" or nxt.table != rel.table:
                    out += _interleave(pending)
                    pending = []
            else:
                out += expanded
        return tuple(out)

    def narrative(self, template: str | None) -> tuple[str, ...]:
        """The template's narrative cells (see `Template.narrative`); None: those every template shares."""
        if template is not None:
            return self.by_name[template].narrative
        found = {t.narrative for t in self.templates}
        return found.pop() if len(found) == 1 else ()

    def template_for_year(self, year: int) -> str | None:
        """The template reports for ``year`` use; before every template's years, the oldest; else None."""
        found = next((t.name for t in self.templates if t.covers(year)), None)
        if found is None and all(year < t.years[0] for t in self.templates):
            found = min(self.templates, key=lambda t: t.years[0]).name
        return found

    def relation_codes(self) -> tuple[tuple[str, Severity, str], ...]:
        """(code, severity, relation text) of every relation, each code once."""
        seen: dict[str, tuple[str, Severity, str]] = {}
        for t in self.templates:
            for r in t.relations:
                seen.setdefault(r.code, (r.code, r.severity, r.text))
        return tuple(seen.values())


@functools.lru_cache(maxsize=16)
def index(templates: tuple[Template, ...]) -> Index:
    """The index of a set of templates, built once per set."""
    return Index(templates)
