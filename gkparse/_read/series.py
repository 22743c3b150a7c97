"""Series check: consecutive years of one organ must carry their open applications over."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from gkparse import _findings_corpus as C
from gkparse.model import Finding, Report


def check_series(reports: Iterable[Report]) -> tuple[Finding, ...]:
    """Check consecutive years of one organ: carried_forward of N = carried_over of N+1.

    Args:
        reports: reports of one organ, in any order. Reports without a year
            or a requests table are skipped (with an info finding).

    Returns:
        The findings, each naming both reports (``source`` is the later one)
        — ``series.carry`` (error) for each column that does not carry over,
        ``series.gap`` (info) for missing years, ``series.duplicate_year``
        and ``series.organ`` (warnings).
    """
    items = list(reports)
    findings: list[Finding] = []
    by_year: dict[int, Report] = {}
    organs = {r.organ for r in items if r.organ}
    if len(organs) > 1:
        findings.append(C.SERIES_ORGAN.make(organs=", ".join(sorted(organs))))
    for r in items:
        carried = {table for table, _, _ in _carries(r)}
        if r.year is None or not any(r.table(t) is not None for t in carried):
            missing = "year" if r.year is None else " or ".join(f"{t} table" for t in sorted(carried))
            findings.append(C.SERIES_SKIPPED.make(source=r.source, name=r.source or "a report", missing=missing))
            continue
        if r.year in by_year:
            first = by_year[r.year].source
            findings.append(C.SERIES_DUPLICATE.make(source=r.source, year=r.year, first=first, second=r.source))
            continue
        by_year[r.year] = r
    for a, b in itertools.pairwise(sorted(by_year)):
        ra, rb = by_year[a], by_year[b]
        if b != a + 1:
            findings.append(C.SERIES_GAP.make(a=a, sa=ra.source, b=b, sb=rb.source))
            continue
        findings += _carry(ra, rb)
    return tuple(findings)


def _carries(report: Report) -> list[tuple[str, str, str]]:
    """(table, row, next year's row) of every carry of the report's templates (结转下年度 → 上年结转)."""
    out: list[tuple[str, str, str]] = []
    for t in report.index.templates:
        for spec in t.tables:
            if spec.carry is not None and (spec.name, *spec.carry) not in out:
                out.append((spec.name, *spec.carry))
    return out


def _carry(ra: Report, rb: Report) -> list[Finding]:
    """The carries of year ``ra.year`` into ``rb.year`` that do not hold, column by column."""
    findings: list[Finding] = []
    a, b = ra.year, rb.year
    for table, row, nxt in _carries(rb):
        ta, tb = ra.table(table), rb.table(table)
        if ta is None or tb is None:
            continue
        for c in dict.fromkeys(k.col for k in rb.index.keys if k.table == table and k.row == nxt):
            fwd, over = ta[f"{row}.{c}"], tb[f"{nxt}.{c}"]
            if fwd is None or over is None or fwd == over:
                continue
            over_cell = tb.get(f"{nxt}.{c}")
            findings.append(
                C.SERIES_CARRY.make(
                    (f"{table}.{row}.{c}", f"{table}.{nxt}.{c}"),
                    over_cell.line if over_cell else None,
                    relation=f"{row} {a} = {nxt} {b}",
                    left=fwd,
                    right=over,
                    source=rb.source,
                    col=c,
                    a=a,
                    fwd=fwd,
                    sa=ra.source,
                    b=b,
                    over=over,
                    sb=rb.source,
                    diff=fwd - over,
                )
            )
    return findings
