"""Report models: what a careful reader takes from a report, drawn by hypothesis, and what gkparse must read."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from tests import schema as _schema

Value = int | Decimal

LAYOUTS: Final = (
    "lines",
    "tabs",
    "pipes_cells",
    "pipes_rows",
    "pipes_open",
    "pipes_inplace",
    "pdf_text",
    "lines_blank",
)
"""lines: one cell per line (seed 000); tabs: one row per line, cells split by tabs (seeds 001, 003);
pipes_cells: one cell per line ended by ' |', empties collected as bare runs after the row (seed 004);
pipes_rows: a whole row per line, 'label | 0 | 0 |', empties as '| |' (dev19_06, dev21_03);
pipes_open: one cell per line, every row opened by a bare '|', an empty cell a bare '|' in place (dev21_02);
pipes_inplace: one cell per line, rows not opened by a bare '|', each empty cell a bare '|' in place or
a run '||' for consecutive ones, a '||' filler after every row (tjj2023_frag; issue 10, conventions 2 and 3);
pdf_text: text extracted from a PDF (issue 10, convention 7): a row's label and values on one line, blanks
dropped, long labels wrapped around their numbers, group labels one character per line, headers broken
over lines or written one character per line (sjj2020_pdf);
lines_blank: one cell per line, each printed cell followed by a blank line and each empty cell one more
newline, so positions are kept (issue 10, convention 4)."""

POSITIONAL: Final = frozenset({"tabs", "pipes_rows", "pipes_open", "lines_blank"})
"""Layouts that keep empty cells in place, so positions can decide a partially blank row."""

BLANK_KINDS: Final = ("carried_forward", "carried_over", "only_total", "review", "fees", "active_cell")
"""Where real reports leave cells blank:

* carried_forward / carried_over: that requests row left wholly blank;
* only_total: the requests table gives only the 总计 column (seed 001);
* review: the appeals 行政复议 row left blank (seed 003: the first five of the 15 cells);
* fees: the active 行政事业性收费 row left blank;
* active_cell: one cell of a multi-column active row left blank (dev21_02's 规章 现行有效件数).
"""

MONEY_KEYS: Final = frozenset(k.key for k in _schema.all_keys() if k.money)
APPEAL_ROWS: Final = ("review", "litigation_direct", "litigation_after_review")
APPLICANTS: Final = _schema.REQUEST_COLUMNS[:-1]
FLAT_KEYS: Final = tuple(f"appeals.{r}.*" for r in APPEAL_ROWS)

_KEYSPECS: Final = {k.key: k for k in _schema.all_keys()}
_SIGNED: Final = _schema.SIGNED_COLUMNS


# ====================================================================== the model


@dataclasses.dataclass(frozen=True)
class ReportModel:
    """What a careful reader takes from one report."""

    template: str
    year: int
    organ: str
    values: Mapping[str, Value]
    """Every printed cell: ``TABLE.ROW.COL`` → int (counts) or Decimal yuan (money)."""
    blanks: frozenset[str]
    """The cells of the template left blank (absent, not zero)."""
    blank_kinds: tuple[str, ...] = ()

    def keys(self) -> tuple[str, ...]:
        """Every cell key of the template, in table order."""
        return tuple(
            f"{t}.{r.key}.{c}" for t in _schema.TABLES for r in _schema.rows_of(t, self.template) for c in r.columns
        )

    def __repr__(self) -> str:
        """Compact, for hypothesis' falsifying examples: cells not named are 0, blank rows end in '.*'."""
        nonzero = {k: x for k, x in self.values.items() if x != 0}
        rows: dict[str, list[str]] = {}
        for k in sorted(self.blanks):
            rows.setdefault(k.rsplit(".", 1)[0], []).append(k)
        blank: list[str] = []
        for row, keys in rows.items():
            table, name = row.split(".", 1)
            spec = _schema.row_spec(table, name, self.template)
            whole = spec is not None and len(keys) == len(spec.columns)
            blank += [f"{row}.*"] if whole else keys
        return (
            f"ReportModel(template={self.template!r}, year={self.year}, organ={self.organ!r}, "
            f"blank_kinds={self.blank_kinds!r}, blank={blank!r}, nonzero={nonzero!r})"
        )

    def with_value(self, key: str, value: Value) -> ReportModel:
        """The same model with one printed cell changed (for mutation tests)."""
        assert key in self.values
        return dataclasses.replace(self, values={**self.values, key: value})


ORGANS: Final = (
    "莲花镇人民政府",
    "金城镇人民政府",
    "两城镇人民政府",
    "兑镇镇人民政府",
    "石台县人民政府办公室",
    "汉阳区政府办公室",
    "某某县商务局",
    "某某市生态环境局",
    "某某街道办事处",
)


def _count(zeros: int = 4) -> st.SearchStrategy[int]:
    """A count as reports print them: mostly 0 or small (0..50), now and then large (1234)."""

    def tier(t: int) -> st.SearchStrategy[int]:
        if t < zeros:
            return st.just(0)
        if t < zeros + 6:
            return st.integers(0, 9)
        if t < zeros + 9:
            return st.integers(0, 50)
        return st.sampled_from((120, 138, 314, 1234, 1517))

    return st.integers(0, zeros + 9).flatmap(tier)


def _money() -> st.SearchStrategy[Decimal]:
    """An amount in yuan: 0, whole 万元 with cents of 万元, or any whole yuan."""
    return st.one_of(
        st.just(Decimal(0)),
        st.integers(1, 50_000).map(lambda k: Decimal(k * 100)),
        st.integers(1, 99_999_999).map(Decimal),
    )


@st.composite
def reports(
    draw: st.DrawFn,
    template: str | None = None,
    *,
    full: bool = False,
    kinds: tuple[str, ...] | None = None,
    scattered: bool = False,
) -> ReportModel:
    """A valid report model: every invariant of invariants.md holds on its numbers.

    Args:
        template: a registered template's name ("2019", "2021"); None draws one.
        full: no blank cell at all (for mutation tests).
        kinds: the blank kinds to draw from (default :data:`BLANK_KINDS`).
        scattered: also leave up to 30 cells anywhere blank (a blank where a 0 belongs).  Such rows are
            only for the never-wrong property: :func:`expected_cells` does not judge them.  A requests
            row never keeps a lone value other than its 总计, which the parser reads as the 总计 by rule.
    """
    tpl = template or draw(st.sampled_from(_schema.TEMPLATES))
    year = draw(st.sampled_from(_schema.years_of(tpl)))
    organ = draw(st.sampled_from(ORGANS))
    v: dict[str, Value] = {}

    # ---- active
    for spec in _schema.rows_of("active", tpl):
        base = f"active.{spec.key}"
        cols = spec.columns
        if "total_published" in cols:  # template 2019: published <= total_published
            total = draw(_count())
            v[f"{base}.made"] = draw(_count())
            v[f"{base}.published"] = draw(st.integers(0, total))
            v[f"{base}.total_published"] = total
            continue
        for c in cols:
            key = f"{base}.{c}"
            if _schema.is_money(spec.key, c):
                v[key] = draw(_money())
            elif c in _SIGNED:
                prior = int(v.get(f"{base}.prior_items", 0))
                v[key] = draw(st.integers(-prior, 20))
            else:
                v[key] = draw(_count())

    # ---- requests: per applicant column, results sum to total; flow holds
    result_rows = [
        r.key
        for r in _schema.rows_of("requests", tpl)
        if r.key not in ("new", "carried_over", "total", "carried_forward")
    ]
    for c in APPLICANTS:
        total = 0
        for r in result_rows:
            n = draw(_count(zeros=12))
            v[f"requests.{r}.{c}"] = n
            total += n
        cf = draw(_count(zeros=8))
        co = draw(st.integers(0, total + cf))
        v[f"requests.total.{c}"] = total
        v[f"requests.carried_forward.{c}"] = cf
        v[f"requests.carried_over.{c}"] = co
        v[f"requests.new.{c}"] = total + cf - co
    for spec in _schema.rows_of("requests", tpl):
        v[f"requests.{spec.key}.total"] = sum(int(v[f"requests.{spec.key}.{c}"]) for c in APPLICANTS)

    # ---- appeals: total = upheld + corrected + other + pending
    for r in APPEAL_ROWS:
        parts = [draw(st.one_of(st.just(0), st.integers(0, 9))) for _ in range(4)]
        for c, n in zip(_schema.APPEAL_COLUMNS[:4], parts, strict=True):
            v[f"appeals.{r}.{c}"] = n
        v[f"appeals.{r}.total"] = sum(parts)

    # ---- blanks, only where real reports have them
    blanks: set[str] = set()
    chosen: tuple[str, ...] = ()
    if not full:
        pool = BLANK_KINDS if kinds is None else kinds
        chosen = tuple(sorted(draw(st.sets(st.sampled_from(pool), max_size=len(pool))))) if pool else ()
        for kind in chosen:
            if kind in ("carried_forward", "carried_over"):
                blanks |= {f"requests.{kind}.{c}" for c in _schema.REQUEST_COLUMNS}
            elif kind == "only_total":
                blanks |= {f"requests.{r.key}.{c}" for r in _schema.rows_of("requests", tpl) for c in APPLICANTS}
            elif kind == "review":
                blanks |= {f"appeals.review.{c}" for c in _schema.APPEAL_COLUMNS}
            elif kind == "fees":
                spec = _schema.row_spec("active", "fees", tpl)
                assert spec is not None
                blanks |= {f"active.fees.{c}" for c in spec.columns}
            elif kind == "active_cell":
                multi = [r for r in _schema.rows_of("active", tpl) if len(r.columns) > 1]
                spec = draw(st.sampled_from(multi))
                col = draw(st.sampled_from(spec.columns))
                blanks.add(f"active.{spec.key}.{col}")
        if scattered:
            every = [k for k in v if k not in blanks]
            blanks |= draw(st.sets(st.sampled_from(every), max_size=30))
            for spec in _schema.rows_of("requests", tpl):
                printed = [c for c in _schema.REQUEST_COLUMNS if f"requests.{spec.key}.{c}" not in blanks]
                if len(printed) == 1 and printed[0] != "total":
                    blanks.discard(f"requests.{spec.key}.total")
            chosen += ("scattered",)
    values = {k: x for k, x in v.items() if k not in blanks}
    return ReportModel(tpl, year, organ, values, frozenset(blanks), chosen)


def full_reports(template: str | None = None) -> st.SearchStrategy[ReportModel]:
    """Valid models with every cell printed (no blank anywhere)."""
    return reports(template, full=True)


# ====================================================================== what the parser must read


def _table_rows(template: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(t, r.key, r.columns) for t in ("active", "requests") for r in _schema.rows_of(t, template)]


def _placement(model: ReportModel, layout: str) -> tuple[dict[str, Value], set[str]]:
    """(cells the parser must return, row keys it must call ambiguous) for a layout."""
    cells: dict[str, Value] = {}
    ambiguous: set[str] = set()
    for table, row, cols in _table_rows(model.template):
        keys = [f"{table}.{row}.{c}" for c in cols]
        printed = [k for k in keys if k in model.values]
        if not printed:
            continue  # a wholly blank row: no cell, no finding
        if len(printed) == len(keys):
            cells.update({k: model.values[k] for k in keys})
            continue
        # partially blank: only in-place layouts decide, by position or as a lone 总计
        if table == "requests" and printed != [f"requests.{row}.total"]:
            raise AssertionError(f"the generator made a partial requests row it does not know how to judge: {row}")
        if layout in POSITIONAL or (layout == "pipes_inplace" and keys[-1] in model.values):
            # pipes_inplace: the empties before the last value stand in place; after it they are
            # indistinguishable from the filler that closes the row
            cells.update({k: model.values[k] for k in printed})
        else:
            ambiguous.add(f"{table}.{row}.*")
    # appeals: the 15 values in one row after the headers
    keys = [f"appeals.{r}.{c}" for r in APPEAL_ROWS for c in _schema.APPEAL_COLUMNS]
    printed = [k for k in keys if k in model.values]
    if len(printed) == len(keys):
        cells.update({k: model.values[k] for k in keys})
    elif printed:
        assert all(k.startswith("appeals.review.") for k in keys if k not in model.values)
        if layout in ("tabs", "lines_blank"):  # the first five of 15 cells empty, in place: read by position
            cells.update({k: model.values[k] for k in printed})
        else:
            ambiguous.update(FLAT_KEYS)
    return cells, ambiguous


def expected_cells(model: ReportModel, layout: str) -> dict[str, Value]:
    """The cells gkparse must return for ``render(model, layout, …)``: key → value."""
    return _placement(model, layout)[0]


def ambiguous_rows(model: ReportModel, layout: str) -> set[str]:
    """The row keys (``TABLE.ROW.*``) that must get a ``row.ambiguous`` finding in that layout."""
    return _placement(model, layout)[1]
