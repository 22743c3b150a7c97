"""Series check: consecutive years of one organ must carry their open applications over."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from gkparse import _findings as F
from gkparse import templates
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
        findings.append(F.SERIES_ORGAN.make(organs=", ".join(sorted(organs))))
    for r in items:
        if r.year is None or r.requests is None:
            missing = "year" if r.year is None else "requests table"
            findings.append(F.SERIES_SKIPPED.make(source=r.source, name=r.source or "a report", missing=missing))
            continue
        if r.year in by_year:
            first = by_year[r.year].source
            findings.append(F.SERIES_DUPLICATE.make(source=r.source, year=r.year, first=first, second=r.source))
            continue
        by_year[r.year] = r
    columns = [c.col for c in templates.all_keys() if c.table == "requests" and c.row == "carried_over"]
    for a, b in itertools.pairwise(sorted(by_year)):
        ra, rb = by_year[a], by_year[b]
        if b != a + 1:
            findings.append(F.SERIES_GAP.make(a=a, sa=ra.source, b=b, sb=rb.source))
            continue
        assert ra.requests is not None
        assert rb.requests is not None
        for c in columns:
            fwd = ra.requests[f"carried_forward.{c}"]
            over = rb.requests[f"carried_over.{c}"]
            if fwd is None or over is None or fwd == over:
                continue
            over_cell = rb.requests.get(f"carried_over.{c}")
            findings.append(
                F.SERIES_CARRY.make(
                    (f"requests.carried_forward.{c}", f"requests.carried_over.{c}"),
                    over_cell.line if over_cell else None,
                    relation=f"carried_forward {a} = carried_over {b}",
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
    return tuple(findings)
