"""Comparable values: the cells of any report under the keys both templates share (see the crosswalk)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gkparse import templates as _templates
from gkparse.model import Report, Value
from gkparse.templates.crosswalk import Link, crosswalk


def _links(index: _templates.Index) -> tuple[Link, ...]:
    return tuple(link for link in crosswalk(index) if link.kind != "none")


def comparable_keys(templates: Iterable[_templates.Template] | None = None) -> tuple[str, ...]:
    """The keys every report has a value for under `comparable`, whatever its template.

    Args:
        templates: the templates (default: the registered ones).
    """
    index = _templates.current() if templates is None else _templates.index(tuple(templates))
    return tuple(link.key for link in _links(index))


def comparable(report: Report) -> dict[str, Value]:
    """A report's values under the keys both templates share.

    A 2021 report's three ``requests.other.*`` rows are summed into the 2019 key
    ``requests.other.COL`` (None unless all three are printed: a blank is not 0);
    keys with no counterpart are left out.  The keys come from the templates the
    report was read with.

    Returns:
        ``{key: value}`` for every key of `comparable_keys`; None where blank.
    """
    cells = {c.key: c.value for c in report.cells()}
    out: dict[str, Value] = {}
    for link in _links(report.index):
        if link.kind == "same" or link.key in cells:
            out[link.key] = cells.get(link.key)
            continue
        parts = [cells.get(k) for k in link.keys]
        out[link.key] = None if any(v is None for v in parts) else sum(v for v in parts if v is not None)
    return out


def comparable_rows(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """One row per report — ``source``, ``year``, ``template``, ``organ`` and `comparable`'s values.

    ``gkparse.comparable_frame(reports)`` is the same as a DataFrame with fixed dtypes (year ``Int64``,
    values ``float64``): a series over 2019–2024 in one call.
    """
    return [
        {"source": r.source, "year": r.year, "template": r.template, "organ": r.organ, **comparable(r)} for r in reports
    ]
