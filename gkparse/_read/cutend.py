"""The last number of a text that ends right after it, with no line end (issue 17, form 6).

A download cut short may end inside a number (``42`` of ``422``), so the tokens step leaves
such a number unread (``text.cut_value``).  The pipeline then reads the text a second time
with it, and `whole_last_number` takes that reading only when the number is confirmed by the
template's arithmetic.
"""

from __future__ import annotations

import re

import attrs

from gkparse import _findings_doc as D
from gkparse import templates as _templates
from gkparse.model import Finding, Report, severity_rank


def whole_last_number(report: Report, whole: Report, cut: Finding, index: _templates.Index) -> Report | None:
    """``whole`` (the text read with its last number) when that number is confirmed: read with it, every
    cell read without it is read the same, the new cells stand in its row, and a relation holds as
    printed with it as a term while none with it breaks.  Else None."""
    before = {c.key: c.value for c in report.cells()}
    after = {c.key: c for c in whole.cells()}
    if any(k not in after or after[k].value != v for k, v in before.items()):
        return None
    new = [c for k, c in after.items() if k not in before]
    raw = re.search(r"'([^']*)'", cut.message)
    last = [c for c in new if raw is not None and c.line == cut.line and c.raw == raw.group(1)]
    if len(last) != 1 or any(c.table != last[0].table or c.row != last[0].row for c in new):
        return None
    key = last[0].key
    values = {k: c.value for k, c in after.items()}
    holding = []
    for check in index.checks(whole.template):
        if key not in (*check.left, *check.right) or check.le:
            continue
        terms = [values.get(k) for k in (*check.left, *check.right)]
        if any(t is None for t in terms):
            continue
        if sum(values[k] for k in check.left) != sum(values[k] for k in check.right):  # type: ignore[misc]
            return None
        holding.append(check.text)
    if not holding:
        return None
    found = D.CUT_VALUE_CHECKED.make((key,), cut.line, raw=last[0].raw, relations="; ".join(holding))
    kept = [f for f in whole.findings if f.code != D.CUT_VALUE.code]
    return attrs.evolve(
        whole, findings=tuple(sorted([*kept, found], key=lambda f: (severity_rank(f.severity), f.line or 0)))
    )
