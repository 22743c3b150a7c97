"""Tables step: cells → tokens → logical rows → typed cells and findings.

Cells become tokens (a number, a placeholder, an in-place empty cell, a
filler, a label, or prose).  A *logical row* is a run of label tokens
followed by a group of value tokens.  The run names the row (the last row
phrase in it, see ``_labels``); the group gives the numbers.

Numbers go to columns only where the text decides it:

* as many values as the row has columns: in order;
* fewer, in a layout that kept empty cells in place: by position when the
  row is exactly as wide as the table and its label is one cell; or, for a
  lone number after at least all-but-two empty cells, under 总计 (a report
  that fills only the total column);
* otherwise the row's numbers are kept on a ``row.ambiguous`` finding and no
  cell is made.  A blank is never read as zero, and a number is never moved.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Final, Literal, NamedTuple

import attrs

from gkparse import _schema
from gkparse._labels import scan
from gkparse._layout import Layout, RawCell
from gkparse._normalize import (
    MONEY_UNITS,
    Number,
    is_label_like,
    is_page_furniture,
    is_placeholder,
    norm_label,
    read_number,
    unit_in,
)
from gkparse.model import Cell, Finding, Value

TokKind = Literal["num", "ph", "empty", "filler", "text"]


class Tok(NamedTuple):
    """A cell after normalisation."""

    kind: TokKind
    raw: str
    line: int
    col: int
    layout: Layout
    prow: int | None
    cidx: int
    norm: str = ""
    number: Number | None = None
    label_like: bool = False


_Class = tuple[str, str, Number | None, bool]  # kind ("num", "ph", "page", "text"), norm, number, label-like


_PROSE_RAW: Final = re.compile(r"[。，；！？]")
_PARENS_RAW: Final = re.compile(r"[(（][^()（）]*[)）]")


def _classify_uncached(text: str) -> _Class:
    if len(text) > 64 and _PROSE_RAW.search(_PARENS_RAW.sub("", text)):
        return "text", "", None, False  # a sentence: prose, never a label (its normal form is not needed)
    number = read_number(text)
    if number is not None:
        return "num", "", number, False
    if is_placeholder(text):
        return "ph", "", None, False
    if is_page_furniture(text):
        return "page", "", None, False
    norm = norm_label(text)
    return "text", norm, None, is_label_like(norm)


_classify_cached = functools.lru_cache(maxsize=65536)(_classify_uncached)


def classify(text: str) -> _Class:
    """What a cell's text is: a pure function of the text, cached for the short texts that repeat."""
    return _classify_cached(text) if len(text) <= 64 else _classify_uncached(text)


def tokens(raw: Sequence[RawCell], *, cut_at_end: bool) -> tuple[list[Tok], list[Finding]]:
    """Classify every cell; drop page furniture and a number cut off by the end of the text."""
    out: list[Tok] = []
    for c in raw:
        if c.kind != "text":
            out.append(Tok(c.kind, "", c.line, c.col, c.layout, c.prow, c.cidx))
            continue
        kind, norm, number, label_like = classify(c.text)
        if kind == "page":
            continue
        out.append(Tok(kind, c.text, c.line, c.col, c.layout, c.prow, c.cidx, norm, number, label_like))  # type: ignore[arg-type]
    findings: list[Finding] = []
    if cut_at_end and out and out[-1].kind == "num":
        last = out.pop()
        findings.append(
            Finding(
                "info",
                "text.cut_value",
                f"the text ends in the middle of a table: the last number '{last.raw}' "
                "may be cut short and was not read",
                line=last.line,
            )
        )
    return out, findings


@attrs.frozen
class _Row:
    run: tuple[Tok, ...]
    group: tuple[Tok, ...]


def logical_rows(toks: Sequence[Tok]) -> list[_Row]:
    """Pair every run of label tokens with the values that follow it."""
    rows: list[_Row] = []
    run: list[Tok] = []
    group: list[Tok] = []
    anchor: int | None = None

    def close() -> None:
        nonlocal group, anchor
        if any(t.kind in ("num", "ph") for t in group):
            rows.append(_Row(tuple(run), tuple(group)))
        group, anchor = [], None

    for t in toks:
        if t.kind == "text":
            if group:
                had_values = any(g.kind in ("num", "ph") for g in group)
                close()
                if had_values:
                    run = []
            if not t.label_like:
                run = []  # prose: a barrier between tables and the text around them
                continue
            run.append(t)
            continue
        if t.kind in ("num", "ph"):
            if not any(g.kind in ("num", "ph") for g in group):
                anchor = t.prow
                group = [g for g in group if g.prow == anchor and anchor is not None]
            group.append(t)
        elif t.kind == "empty":
            if t.prow is None:
                continue
            if (
                (anchor is not None and t.prow == anchor)
                or (not group and run and run[-1].prow == t.prow)
                or (group and not any(g.kind in ("num", "ph") for g in group) and group[-1].prow == t.prow)
            ):
                group.append(t)
        else:  # filler
            if group or run:
                group.append(t)
    close()
    return rows


# ---------------------------------------------------------------- resolving a run


@attrs.frozen
class _Resolved:
    table: str | None
    row: str | None  # row key, or "*flat" for the 15 appeal values after the headers
    run: Sequence[Tok]
    unit: str | None
    other_template_row: str | None = None

    @property
    def label(self) -> str:
        """The run's printed text, for messages."""
        return " ".join(t.raw for t in self.run)[-80:]


def resolve(run: Sequence[Tok], template: str | None, context: str | None) -> _Resolved:
    """Which row a run of label cells names (see module docstring)."""
    norms = [t.norm for t in run]
    s = "".join(norms)
    starts: list[int] = []
    pos = 0
    for n in norms:
        starts.append(pos)
        pos += len(n)
    pieces = scan(s)
    unit = unit_in(s) if "单位" in s else None
    label = run
    table = context
    for p in pieces:
        if p.kind in ("row", "section") and p.table is not None:
            table = p.table
    last = None
    for i in range(len(pieces) - 1, -1, -1):
        if pieces[i].kind == "row":
            last = i
            break
    if last is None:
        flat = table == "appeals" and any(p.kind == "header" and p.table == "appeals" for p in pieces)
        return _Resolved(table, "*flat" if flat else None, label, unit)
    p = pieces[last]
    after = pieces[last + 1 :]
    appeal_rows = {q.text for q in pieces if q.kind == "row" and q.table == "appeals"}
    if p.table == "appeals" and len(appeal_rows) > 1:
        # several appeal rows named with no numbers between them: the header of
        # the usual one-line layout, whose 15 values follow all the labels
        return _Resolved("appeals", "*flat", label, unit)
    if any(a.kind in ("header", "group") for a in after):
        flat = p.table == "appeals" and any(a.kind == "header" and a.table == "appeals" for a in after)
        return _Resolved(p.table, "*flat" if flat else None, label, unit)
    if any(a.kind == "junk" for a in after):
        return _Resolved(table, None, label, unit)
    # within the cell where the phrase starts, nothing unknown may precede it
    cell_start = max(st for st in starts if st <= p.start)
    if any(q.kind == "junk" and q.start >= cell_start and q.end <= p.start for q in pieces[:last]):
        return _Resolved(table, None, label, unit)
    key = p.row_for(template)
    if key is None:
        other = next((r for _, r in p.rows if r), None)
        return _Resolved(p.table, None, label, unit, other_template_row=other)
    return _Resolved(p.table, key, label, unit)


# ---------------------------------------------------------------- values → columns


@attrs.frozen
class Assembled:
    """What the tables step read."""

    cells: dict[str, list[Cell]]
    findings: list[Finding]
    layouts: dict[str, Counter[str]]
    seen: set[str]


def _positions(group: Sequence[Tok], run: Sequence[Tok], prow_len: dict[int, int]) -> tuple[bool, int, int, bool]:
    """(in place, base index, width after the label, label is one leading cell)."""
    values = [t for t in group if t.kind in ("num", "ph")]
    anchor = values[0].prow
    if anchor is None or any(t.prow != anchor for t in group if t.kind != "filler"):
        return False, 0, 0, False
    idx = [t.cidx for t in values]
    if any(t.kind == "filler" and t.prow == anchor and min(idx) < t.cidx < max(idx) for t in group):
        return False, 0, 0, False
    labels_here = [t for t in run if t.prow == anchor]
    base = labels_here[-1].cidx + 1 if labels_here else 0
    single = (len(labels_here) == 1 and labels_here[0].cidx == 0) or not labels_here
    return True, base, prow_len.get(anchor, 0) - base, single


def place(
    group: Sequence[Tok], run: Sequence[Tok], ncols: int, prow_len: dict[int, int], *, total_last: bool
) -> list[Tok | None] | None:
    """The value token of each column (None: blank), or None when the text does not decide."""
    values = [t for t in group if t.kind in ("num", "ph")]
    n = len(values)
    if n == ncols:
        return list(values)
    if n > ncols:
        return None
    in_place, base, width, single = _positions(group, run, prow_len)
    if not in_place:
        return None
    pos = [t.cidx - base for t in values]
    if width == ncols and single and all(0 <= p < ncols for p in pos):
        out: list[Tok | None] = [None] * ncols
        for p, t in zip(pos, values, strict=True):
            out[p] = t
        return out
    if total_last and n == 1 and pos[0] >= ncols - 2:
        out = [None] * ncols
        out[-1] = values[0]
        return out
    return None


def _value(
    t: Tok, table: str, row: str, col: str, unit: str | None, key: str, findings: list[Finding]
) -> tuple[bool, Value]:
    """(make a cell?, value) for one printed value, with findings for what is odd."""
    if t.kind == "ph":
        findings.append(
            Finding("info", "cell.placeholder", f"{key} is printed as '{t.raw}': read as blank", (key,), t.line)
        )
        return False, None
    num = t.number
    assert num is not None
    if _schema.is_money(row, col):
        if num.value == 0:
            return True, Decimal(0)
        u = num.unit if num.unit in MONEY_UNITS else unit
        if u is None:
            findings.append(
                Finding(
                    "warning",
                    "money.unit_unknown",
                    f"{key} is printed as '{t.raw}' with no unit (元 or 万元) in the cell "
                    "or its header: value left empty",
                    (key,),
                    t.line,
                )
            )
            return True, None
        v = num.value * MONEY_UNITS[u]
        if v == v.to_integral_value():
            v = v.quantize(Decimal(1))
        if v < 0:
            findings.append(Finding("warning", "money.negative", f"{key} is negative: '{t.raw}'", (key,), t.line))
        return True, v
    if num.unit in MONEY_UNITS:
        findings.append(
            Finding("warning", "count.money_unit", f"{key} is a count but printed as money '{t.raw}'", (key,), t.line)
        )
        return False, None
    if not num.whole:
        findings.append(
            Finding(
                "warning",
                "count.not_whole",
                f"{key} is a count but printed as '{t.raw}', not a whole number: not read",
                (key,),
                t.line,
            )
        )
        return False, None
    value = int(num.value)
    if value < 0 and col not in _schema.SIGNED_COLUMNS:
        findings.append(Finding("warning", "count.negative", f"{key} is a negative count: '{t.raw}'", (key,), t.line))
    return True, value


_FLAT: Final = tuple(
    (r, c) for r in ("review", "litigation_direct", "litigation_after_review") for c in _schema.APPEAL_COLUMNS
)


def assemble(toks: Sequence[Tok], template: str | None, prow_len: dict[int, int]) -> Assembled:
    """Read the tables from the token stream."""
    cells: dict[str, dict[str, Cell]] = {t: {} for t in _schema.TABLES}
    conflicts: set[str] = set()
    findings: list[Finding] = []
    layouts: dict[str, Counter[str]] = {t: Counter() for t in _schema.TABLES}
    seen: set[str] = set()
    context: str | None = None
    for lr in logical_rows(toks):
        res = resolve(lr.run, template, context)
        if res.table is not None:
            context = res.table
            seen.add(res.table)
        values = [t for t in lr.group if t.kind in ("num", "ph")]
        raw_values = ", ".join(t.raw for t in values)
        first_line = values[0].line
        if res.row is None or res.table is None:
            if not any(t.kind == "num" for t in values):
                continue  # "无" under a prose heading: nothing was printed as a number
            if res.other_template_row is not None:
                msg = (
                    f"row '{res.label}' belongs to the other template than {template}: "
                    f"its numbers ({raw_values}) were not read"
                )
                code = "row.other_template"
            else:
                msg = f"numbers ({raw_values}) follow '{res.label}', which is not a row gkparse knows: not read"
                code = "values.unlabelled"
            findings.append(Finding("warning", code, msg, (), first_line))
            continue
        if res.row == "*flat":
            targets = list(_FLAT)
            ncols = len(targets)
            slots = place(lr.group, lr.run, ncols, prow_len, total_last=False)
            row_keys = tuple(f"appeals.{r}.*" for r in ("review", "litigation_direct", "litigation_after_review"))
        else:
            spec = _schema.row_spec(res.table, res.row, template)
            if spec is None:
                findings.append(
                    Finding(
                        "warning",
                        "template.unknown_row",
                        f"row '{res.label}' has different columns in the two templates and the template is unknown: "
                        f"its numbers ({raw_values}) were not read",
                        (f"{res.table}.{res.row}.*",),
                        first_line,
                    )
                )
                continue
            targets = [(spec.key, c) for c in spec.columns]
            ncols = len(targets)
            slots = place(lr.group, lr.run, ncols, prow_len, total_last=spec.columns[-1] == "total")
            row_keys = (f"{res.table}.{res.row}.*",)
        if slots is None:
            code = "row.too_many_values" if len(values) > ncols else "row.ambiguous"
            findings.append(
                Finding(
                    "warning",
                    code,
                    f"row '{res.label}' has {len(values)} value(s) ({raw_values}) for {ncols} columns and the text "
                    "does not say which column each belongs to: no cell was read",
                    row_keys,
                    first_line,
                )
            )
            continue
        for (row, col), tok in zip(targets, slots, strict=True):
            if tok is None:
                continue
            key = f"{res.table}.{row}.{col}"
            make, value = _value(tok, res.table, row, col, res.unit, key, findings)
            if not make:
                continue
            cell = Cell(key, res.table, row, col, value, tok.raw, tok.line)
            old = cells[res.table].get(key)
            if old is not None and old.value != cell.value:
                conflicts.add(key)
                findings.append(
                    Finding(
                        "warning",
                        "cell.conflict",
                        f"{key} is printed twice with different values ('{old.raw}' on line {old.line}, "
                        f"'{cell.raw}' on line {cell.line}): neither was kept",
                        (key,),
                        cell.line,
                    )
                )
                continue
            if old is None:
                cells[res.table][key] = cell
                layouts[res.table][tok.layout] += 1
    ordered: dict[str, list[Cell]] = {}
    for table in _schema.TABLES:
        kept = [c for k, c in cells[table].items() if k not in conflicts]
        ordered[table] = sorted(kept, key=lambda c: _ORDER.get(c.key, 10**6))
    return Assembled(ordered, findings, layouts, seen)


# Template order of every key (a key of both templates takes its first place)
_ORDER: Final[dict[str, int]] = {}
for _r in _schema.ROWS:
    for _c in _r.columns:
        _ORDER.setdefault(f"{_r.table}.{_r.key}.{_c}", len(_ORDER))
