"""Acceptance step: a number read by OCR is emitted only when it is confident and consistent.

Runs on the placed cells of a report read (partly) by OCR, after the tables
step and before the checks.  The rule, with the template's relation
instances (`gkparse.templates.Index.checks`) as the check on every digit:

1. A cell read with confidence below ``THRESHOLD`` is withheld.
2. An instance is *usable* when none of its terms was withheld in step 1 or
   is a money amount without a unit, and neither of its sides is wholly
   blank (a total left blank is not filled in, not 0); then a blank term
   counts as 0, as reports leave zero counts blank.  A usable instance with
   at least one OCR'd term either holds or breaks.
3. A cell in a broken instance is *implicated*.  A cell is *confirmed* by a
   holding equality instance whose every other OCR'd term is neither
   implicated nor covered by that instance alone (a compensating misread
   cannot vouch for its partner).
4. Each broken instance withholds its OCR'd cells that are not confirmed —
   a misread digit breaks its row and its column relations, and is the one
   cell there that nothing confirms.  When every OCR'd cell of a broken
   instance is confirmed elsewhere, the culprit cannot be named: every
   OCR'd cell of the instance is withheld (missing is acceptable, wrong is
   not).  A report whose *printed* arithmetic is wrong looks the same and is
   told apart only this far: its cells are withheld with that reason.
5. A cell that has relations in the template but no usable one is withheld.
   A cell no relation of the template covers (most of the active table) is
   accepted only with confidence at least ``ALONE`` (an ``ocr.unchecked``
   finding lists them); otherwise withheld.

What the rule cannot see: misreads that cancel in every relation they share
(two in one appeals row, whose cells have one relation each; four in a
rectangle of the requests table), and a misread in a cell no relation covers
(the active table) read at high confidence.  Because the relations were used
to accept the numbers, an ``ocr.relations_used`` finding says their holding
is no evidence of sound arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from gkparse._findings_ocr import OCR_READ, OCR_RELATIONS_USED, OCR_UNCHECKED, OCR_WITHHELD
from gkparse._read.formats.content import DocCell, DocContent
from gkparse.model import Cell, Finding, Report
from gkparse.templates import Check, Index

THRESHOLD = 0.90
"""Below this confidence a number read by OCR is withheld."""
ALONE = 0.97
"""A number no usable relation covers is accepted only at or above this confidence."""

Accept = Callable[[Report, Index], tuple[Report, list[Finding]]]
Slot = tuple[int, int, int]
"""table, row, column of a document cell."""


def acceptance(content: DocContent) -> Accept | None:
    """The acceptance step for a document's OCR'd cells, or None when no cell was read by OCR."""
    read: dict[Slot, DocCell] = {
        (t.index, c.row, c.col): c for t in content.tables for row in t.rows for c in row if c.confidence is not None
    }
    if not read and not content.ocr_prose:
        return None
    return lambda report, index: accept(report, index, read, ocr_prose=content.ocr_prose)


def _ocr_cells(report: Report, read: Mapping[Slot, DocCell]) -> dict[str, Cell]:
    """The report's cells read by OCR, their origin completed with box and confidence."""
    out: dict[str, Cell] = {}
    for c in report.cells():
        o = c.origin
        doc = None if o is None else read.get((o.table, o.row, o.col))
        if o is not None and doc is not None:
            out[c.key] = attrs.evolve(c, origin=attrs.evolve(o, box=doc.box, confidence=doc.confidence))
    return out


def _judge(
    checks: tuple[Check, ...], values: Mapping[str, int | Decimal | None], ocr: Mapping[str, Cell], low: set[str]
) -> tuple[list[Check], list[Check]]:
    """The usable instances with an OCR'd term, split into (holding, broken)."""
    holding: list[Check] = []
    broken: list[Check] = []
    for chk in checks:
        terms = chk.left + chk.right
        if not any(k in ocr for k in terms) or any(k in low or (k in values and values[k] is None) for k in terms):
            continue
        if all(k not in values for k in chk.left) or all(k not in values for k in chk.right):
            continue  # a side left wholly blank: not filled in, not zero
        left = sum((values.get(k) or 0 for k in chk.left), start=0)
        right = sum((values.get(k) or 0 for k in chk.right), start=0)
        ok = left <= right if chk.le else left == right
        (holding if ok else broken).append(chk)
    return holding, broken


def _withhold(holding: list[Check], broken: list[Check], ocr: Mapping[str, Cell]) -> dict[str, str]:
    """The OCR'd cells the broken instances withhold, each with its reason (steps 3 and 4)."""
    implicated = {k for chk in broken for k in chk.left + chk.right if k in ocr}
    usable = holding + broken
    cover = {k: sum(1 for chk in usable if k in chk.left + chk.right) for k in ocr}
    confirmed: set[str] = set()
    for chk in holding:
        if chk.le:
            continue
        terms = [k for k in chk.left + chk.right if k in ocr]
        for k in terms:
            if all(o not in implicated and cover[o] > 1 for o in terms if o != k):
                confirmed.add(k)
    out: dict[str, str] = {}
    for chk in broken:
        terms = [k for k in chk.left + chk.right if k in ocr]
        suspects = [k for k in terms if k not in confirmed]
        where = f"{chk.table} {chk.where}: {chk.text} does not hold"
        if suspects:
            for k in suspects:
                out.setdefault(k, f"{where} and nothing else confirms this cell")
        else:
            for k in terms:
                out.setdefault(k, f"{where}, every OCR'd term is confirmed elsewhere: a misread or a printed error")
    return out


def accept(
    report: Report, index: Index, read: Mapping[Slot, DocCell], *, ocr_prose: bool = False
) -> tuple[Report, list[Finding]]:
    """The report with its OCR'd numbers that fail the rule removed, and the findings that say so.

    Args:
        report: the report after the tables step (cells placed, checks not yet run).
        index: the templates' index (the relation instances).
        read: the document's OCR'd cells by (table, row, column).
        ocr_prose: the document's prose was read by OCR: a number read from it (an unruled table's
            line of text, which has no cell) cannot be checked and is withheld.

    Returns:
        The report (accepted OCR'd cells carry box and confidence in their origin) and the findings:
        one ``ocr.withheld`` per withheld cell, ``ocr.unchecked``, ``ocr.relations_used`` and ``ocr.read``.
    """
    loose = [c for c in report.cells() if c.origin is None] if ocr_prose else []
    if loose:
        report = _evolved(report, {}, {c.key for c in loose})
    ocr = _ocr_cells(report, read)
    if not ocr:
        return report, [_loose(c) for c in loose]
    values = {c.key: c.value for c in report.cells()}
    low = {k for k, c in ocr.items() if _confidence(c) < THRESHOLD}
    present = {t.name for t in report.tables}
    checks = tuple(chk for chk in index.checks(report.template) if chk.table in present)
    holding, broken = _judge(checks, values, ocr, low)
    reasons = {k: f"confidence below {THRESHOLD}" for k in low}
    for k, why in _withhold(holding, broken, ocr).items():
        reasons.setdefault(k, why)
    checked = {k for chk in holding + broken for k in chk.left + chk.right}
    related = {k for chk in checks for k in chk.left + chk.right}
    for k in ocr:
        if k in related and k not in checked:
            reasons.setdefault(k, "none of its relations could be checked (a term unread or read with low confidence)")
    alone = [k for k in ocr if k not in related and k not in reasons]
    for k in alone:
        if _confidence(ocr[k]) < ALONE:
            reasons[k] = f"no relation of the template covers it and its confidence is below {ALONE}"
    alone = [k for k in alone if k not in reasons]
    findings = [_loose(c) for c in loose] + [_withheld(ocr[k], why) for k, why in reasons.items()]
    if alone:
        findings.append(OCR_UNCHECKED.make(tuple(alone), n=len(alone), cells=", ".join(alone)))
    if holding or broken:
        tables = sorted({chk.table for chk in holding + broken})
        findings.append(OCR_RELATIONS_USED.make(tuple(f"{t}.*" for t in tables), tables=", ".join(tables)))
    accepted = len(ocr) - len(reasons)
    findings.append(
        OCR_READ.make(
            n=len(ocr), accepted=accepted, checked=accepted - len(alone), alone=len(alone), withheld=len(reasons)
        )
    )
    return _evolved(report, ocr, set(reasons)), findings


def _confidence(c: Cell) -> float:
    return c.origin.confidence if c.origin is not None and c.origin.confidence is not None else 0.0


def _withheld(c: Cell, reason: str) -> Finding:
    o = c.origin
    assert o is not None
    return OCR_WITHHELD.make(
        (c.key,), c.line, key=c.key, raw=c.raw, confidence=_confidence(c), page=o.page, box=o.box, reason=reason
    )


def _loose(c: Cell) -> Finding:
    """A number read from a line of OCR'd prose (an unruled table): no cell, no box, nothing to check it by."""
    why = "read from a line of text recognised by OCR outside any ruled table: its digits cannot be checked"
    return OCR_WITHHELD.make((c.key,), c.line, key=c.key, raw=c.raw, confidence=0.0, page=None, box=None, reason=why)


def _evolved(report: Report, ocr: Mapping[str, Cell], withheld: set[str]) -> Report:
    """The report's tables without the withheld cells, the OCR'd cells with their completed origin."""
    changes: dict[str, Any] = {}
    for t in report.tables:
        cells = tuple(ocr.get(c.key, c) for c in t.cells if c.key not in withheld)
        changes[t.name] = attrs.evolve(t, cells=cells)
    return attrs.evolve(report, **changes)
