"""Checks step: the arithmetic of a report (勾稽关系) and its plausibility.

Every relation of ``invariants.md`` is checked on the printed cells only.  A
break is a finding with the relation, both sides and the keys involved; a
relation with a blank term is *not assessable* (an info finding, never a pass
or a fail).  Severities: arithmetic breaks are errors, the 2019 active-table
relation is a warning (agencies read its columns differently).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs

from gkparse import _schema
from gkparse._normalize import nfkc, to_simplified
from gkparse.model import Finding, Report, Severity, Value

_DENIED: Final = tuple(
    r.key for r in _schema.ROWS if r.table == "requests" and r.key.startswith("denied.") and "2019" in r.templates
)
_UNABLE: Final = tuple(r.key for r in _schema.ROWS if r.key.startswith("unable."))
_NOT_PROCESSED: Final = tuple(r.key for r in _schema.ROWS if r.key.startswith("not_processed."))
_OTHER: Final[dict[str, tuple[str, ...]]] = {
    "2019": ("other",),
    "2021": ("other.overdue_correction", "other.overdue_fee", "other.other"),
}
_APPLICANTS: Final = _schema.REQUEST_COLUMNS[:-1]


@attrs.frozen
class _Relation:
    """``sum(left) == sum(right)`` (or ``<=``) over cell keys."""

    code: str
    text: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: Severity = "error"
    le: bool = False
    where: str = ""


@functools.cache
def _relations(template: str | None) -> tuple[_Relation, ...]:
    rels: list[_Relation] = []
    for c in _schema.REQUEST_COLUMNS:
        rels.append(
            _Relation(
                "requests.flow",
                "new + carried_over = total + carried_forward",
                (f"requests.new.{c}", f"requests.carried_over.{c}"),
                (f"requests.total.{c}", f"requests.carried_forward.{c}"),
                where=f"column {c}",
            )
        )
        if template is not None:
            parts = ("granted", "partially_granted", *_DENIED, *_UNABLE, *_NOT_PROCESSED, *_OTHER[template])
            other = "other" if template == "2019" else "Σ other.*"
            rels.append(
                _Relation(
                    "requests.results",
                    f"total = granted + partially_granted + Σ denied.* + Σ unable.* + Σ not_processed.* + {other}",
                    (f"requests.total.{c}",),
                    tuple(f"requests.{p}.{c}" for p in parts),
                    where=f"column {c}",
                )
            )
    for spec in _schema.rows_of("requests", template):
        rels.append(
            _Relation(
                "requests.row_total",
                "total = natural_person + commercial_enterprise + research_institution + social_welfare_org "
                "+ legal_service_org + other_org",
                (f"requests.{spec.key}.total",),
                tuple(f"requests.{spec.key}.{c}" for c in _APPLICANTS),
                where=f"row {spec.key}",
            )
        )
    for row in ("review", "litigation_direct", "litigation_after_review"):
        rels.append(
            _Relation(
                "appeals.row_total",
                "total = upheld + corrected + other + pending",
                (f"appeals.{row}.total",),
                tuple(f"appeals.{row}.{c}" for c in ("upheld", "corrected", "other", "pending")),
                where=f"row {row}",
            )
        )
    if template == "2019":
        for row in ("rules", "normative_documents"):
            rels.append(
                _Relation(
                    "active.published_le_total",
                    "published <= total_published",
                    (f"active.{row}.published",),
                    (f"active.{row}.total_published",),
                    severity="warning",
                    le=True,
                    where=f"row {row}",
                )
            )
    return tuple(rels)


def _side(keys: Sequence[str], values: Mapping[str, Value]) -> int | Decimal:
    total: int | Decimal = 0
    for k in keys:
        v = values[k]
        assert v is not None
        total += v
    return total


def _terms(rel: _Relation, values: Mapping[str, Value]) -> str:
    def side(keys: Sequence[str]) -> str:
        return " + ".join(f"{k.split('.', 1)[1]} {values[k]}" for k in keys)

    return f"{side(rel.left)} {'≤' if rel.le else '≠'} {side(rel.right)}"


def check_arithmetic(report: Report) -> list[Finding]:
    """The 勾稽关系 of one report as findings (breaks, and relations not assessable)."""
    cells = {c.key: c for c in report.cells()}
    values: dict[str, Value] = {k: c.value for k, c in cells.items()}
    findings: list[Finding] = []
    unassessable: dict[str, list[str]] = {}
    for rel in _relations(report.template):
        table = rel.code.split(".", 1)[0]
        if getattr(report, table) is None:
            continue
        keys = rel.left + rel.right
        printed = [k for k in keys if values.get(k) is not None]
        if not printed:
            continue
        if len(printed) < len(keys):
            unassessable.setdefault(rel.code, []).append(rel.where)
            continue
        left, right = _side(rel.left, values), _side(rel.right, values)
        broken = left > right if rel.le else left != right
        if not broken:
            continue
        line = min(cells[k].line for k in keys)
        diff = left - right
        findings.append(
            Finding(
                rel.severity,
                rel.code,
                f"{table} {rel.where}: {rel.text} does not hold: {left} vs {right} "
                f"(difference {diff:+}); printed {_terms(rel, values)}",
                keys,
                line,
                relation=rel.text,
                left=left,
                right=right,
            )
        )
    rel_text = {r.code: r.text for r in _relations(report.template)}
    for code, wheres in unassessable.items():
        findings.append(
            Finding(
                "info",
                f"{code}.not_assessable",
                f"{rel_text[code]} is not assessable for {len(wheres)} "
                f"{'instance' if len(wheres) == 1 else 'instances'} ({', '.join(wheres)}): a term is blank",
                relation=rel_text[code],
            )
        )
    return findings


def check_plausibility(report: Report) -> list[Finding]:
    """Oddities no relation catches: the same number pasted across a whole table."""
    findings: list[Finding] = []
    for table in report.tables():
        vals = [c.value for c in table.cells if c.value is not None]
        if len(vals) >= 8 and len(set(vals)) == 1 and vals[0] != 0:
            findings.append(
                Finding(
                    "warning",
                    "table.same_value",
                    f"every one of the {len(vals)} printed cells of the {table.name} table is {vals[0]}: "
                    "probably pasted, not counted",
                    (f"{table.name}.*",),
                    table.cells[0].line,
                )
            )
    return findings


# ---------------------------------------------------------------- narrative

_NARRATIVE_RES: Final = (
    re.compile(
        r"共(?:收到|受理|接收|接到)(?:各类)?(?:政府信息公开|依申请公开|信息公开)(?:政府信息)?(?:的)?申请"
        r"(?:共计|总计|合计)?(?P<n>\d+)(?:件|份|个|条|宗)"
    ),
    re.compile(r"共(?:收到|受理|接收|接到)(?P<n>\d+)(?:件|份|个|条|宗)(?:政府信息公开|依申请公开|信息公开)申请"),
    re.compile(r"共(?:收到|受理)依申请公开政府信息(?:申请)?(?P<n>\d+)(?:件|份)"),
    re.compile(r"本年度?新收(?:政府信息公开|依申请公开)?申请(?P<n>\d+)件"),
)


def check_narrative(report: Report, text: str, normalised: str | None = None) -> list[Finding]:
    """Compare counts the prose states with requests.new.total (only reliable phrasings)."""
    if report.requests is None:
        return []
    new = report.requests["new.total"]
    if new is None:
        return []
    carried = report.requests["carried_over.total"]
    flat = re.sub(r"\s+", "", normalised if normalised is not None else to_simplified(nfkc(text)))
    for rx in _NARRATIVE_RES:
        for m in rx.finditer(flat):
            stated = int(m.group("n"))
            if stated == new or (carried is not None and stated == new + carried):
                continue
            line = text.count("\n", 0, _locate(text, m.group("n"), m.group())) + 1
            return [
                Finding(
                    "warning",
                    "narrative.requests_new",
                    f"the text says '{m.group()}' but the table's 本年新收 total (requests.new.total) is {new}",
                    ("requests.new.total",),
                    line,
                    relation="stated = new.total",
                    left=stated,
                    right=new,
                )
            ]
    return []


def _locate(text: str, number: str, phrase: str) -> int:
    """Offset in the raw text of the stated number (white space may sit inside the phrase there)."""
    head = phrase[:4]
    i = text.find(head)
    j = text.find(number, i if i >= 0 else 0)
    return max(j, 0)


# ---------------------------------------------------------------- series


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
        findings.append(
            Finding("warning", "series.organ", f"the reports name different organs: {', '.join(sorted(organs))}")
        )
    for r in items:
        if r.year is None or r.requests is None:
            findings.append(
                Finding(
                    "info",
                    "series.skipped",
                    f"{r.source or 'a report'} has no {'year' if r.year is None else 'requests table'}: "
                    "not in the series",
                    source=r.source,
                )
            )
            continue
        if r.year in by_year:
            findings.append(
                Finding(
                    "warning",
                    "series.duplicate_year",
                    f"two reports for {r.year}: {by_year[r.year].source} and {r.source}; the first is used",
                    source=r.source,
                )
            )
            continue
        by_year[r.year] = r
    years = sorted(by_year)
    for a, b in itertools.pairwise(years):
        ra, rb = by_year[a], by_year[b]
        if b != a + 1:
            findings.append(Finding("info", "series.gap", f"no report between {a} ({ra.source}) and {b} ({rb.source})"))
            continue
        assert ra.requests is not None
        assert rb.requests is not None
        for c in _schema.REQUEST_COLUMNS:
            fwd = ra.requests[f"carried_forward.{c}"]
            over = rb.requests[f"carried_over.{c}"]
            if fwd is None or over is None or fwd == over:
                continue
            over_cell = rb.requests.get(f"carried_over.{c}")
            findings.append(
                Finding(
                    "error",
                    "series.carry",
                    f"column {c}: {a} carried forward {fwd} ({ra.source}) but {b} carried over {over} "
                    f"({rb.source}): difference {fwd - over:+}",
                    (f"requests.carried_forward.{c}", f"requests.carried_over.{c}"),
                    over_cell.line if over_cell else None,
                    relation=f"carried_forward {a} = carried_over {b}",
                    left=fwd,
                    right=over,
                    source=rb.source,
                )
            )
    return tuple(findings)
