"""Report identity and duplicates: which files are the same report.

* ``content_id`` — a fingerprint of the printed cells (keys and exact values): the same
  report saved as text, HTML, PDF or Word has the same one.
* ``report_id`` — ``CODE/ORGAN/YEAR``: the organ's division code (GB/T 2260), its
  normalised name without the division's names, and the year. Known only when all three are:
  an organ named without its place (区民政局) in a report whose place is not found could be
  any district's, so it has no identity rather than a wrong one.

[`dedupe`][gkparse.dedupe] keeps one report of each group of files that share either, the
richest (most cells, then a document over text, then fewer errors, then the first), and
says what it dropped and why.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Final

import attrs

from gkparse._read.text import nfkc, to_simplified
from gkparse._write.records import Failure, Outcome, printable
from gkparse.model import Report

_SPACE: Final = re.compile(r"\s+")


def normalise_organ(organ: str | None) -> str | None:
    """The organ's name compared across files: NFKC, simplified characters, no spaces or brackets."""
    if organ is None:
        return None
    flat = _SPACE.sub("", to_simplified(nfkc(organ))).strip("#*()（）[]【】")
    return flat or None


def organ_core(report: Report) -> str | None:
    """The normalised organ without the names of its division (``黄陂区民政局`` → ``民政局``)."""
    flat = normalise_organ(report.organ)
    if flat is None:
        return None
    place = report.place
    if place is not None:
        for name in (place.province, place.city, place.county):
            if name and flat.startswith(name) and len(flat) > len(name):
                flat = flat[len(name) :]
        if place.county and flat[:1] in ("区", "县") and place.county.endswith(flat[0]) and len(flat) > 1:
            flat = flat[1:]  # 区民政局 of a report whose 区 is known
    return flat


def report_id(report: Report) -> str | None:
    """``CODE/ORGAN/YEAR`` (see the module notes); None unless the code, organ and year are known."""
    core = organ_core(report)
    code = report.place.code if report.place is not None else None
    if core is None or code is None or report.year is None:
        return None
    return f"{code}/{core}/{report.year}"


def content_id(report: Report) -> str | None:
    """A 16-hex-digit fingerprint of the year and the printed cells (derived cells left out);
    None without cells."""
    printed = sorted(f"{c.key}={c.value}" for c in report.cells() if not c.derived)
    if not printed:
        return None
    text = f"{report.year}\n" + "\n".join(printed)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


MIN_NONZERO: Final = 3
"""Cells other than 0 that two reports of unknown organ must share to be taken as one report by
their cells alone: two townships that printed only zeros are not the same report."""


def _same_by_cells(a: Report, b: Report) -> bool:
    """Same cells make one report only when nothing says otherwise: organs and places agree (or
    one is unknown), and — when no organ tells — the cells are not a handful of zeros."""
    ca, cb = organ_core(a), organ_core(b)
    if ca is not None and cb is not None and ca != cb:
        return False
    pa, pb = (r.place.code if r.place else None for r in (a, b))
    if pa is not None and pb is not None and pa != pb:
        return False
    if ca is not None and ca == cb:
        return True
    return sum(1 for c in a.cells() if c.value not in (0, None) and not c.derived) >= MIN_NONZERO


@attrs.frozen
class Duplicate:
    """A report left out by [`dedupe`][gkparse.dedupe], and why.

    Attributes:
        source: the file left out.
        kept: the file kept in its place.
        reason: ``"same cells"`` (same ``content_id``) or ``"same organ and year"``
            (same ``report_id``, different cells), with the id.
    """

    source: str
    kept: str
    reason: str


@attrs.frozen
class Deduped:
    """The outcomes of a batch with one report per identity: iterate it like the outcomes.

    Attributes:
        outcomes: the reports kept and every failure, in their order.
        dropped: the reports left out, each with the one kept and the reason.
    """

    outcomes: tuple[Outcome, ...]
    dropped: tuple[Duplicate, ...]

    def __iter__(self) -> Iterator[Outcome]:
        """The outcomes kept, in order."""
        return iter(self.outcomes)

    def __len__(self) -> int:
        """How many outcomes are kept."""
        return len(self.outcomes)


_FORMAT_RANK: Final = {"docx": 0, "html": 1, "pdf": 2, "text": 3}


def _richness(report: Outcome, order: int) -> tuple[int, int, int, int]:
    if isinstance(report, Failure):
        return (0, 0, 0, order)
    cells = sum(1 for c in report.cells() if not c.derived)
    errors = sum(f.severity == "error" for f in report.findings)
    return (-cells, _FORMAT_RANK.get(report.source_format, 9), errors, order)


def dedupe(items: Iterable[Outcome]) -> Deduped:
    """One report per identity: files with the same ``content_id`` or ``report_id`` are one report.

    Of each group the richest is kept (most printed cells, then a document over a text, then
    fewer error findings, then the first given); failures are all kept.

    Args:
        items: reports and failures, e.g. the outcomes of [`parse_paths`][gkparse.parse_paths].

    Returns:
        The outcomes kept, in order, and the duplicates left out with the reason.
    """
    listed = list(items)
    parent = list(range(len(listed)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], list[int]] = {}
    for i, item in enumerate(listed):
        if isinstance(item, Failure):
            continue
        for kind, ident in (("content", item.content_id), ("report", item.report_id)):
            if ident is None:
                continue
            seen = first.setdefault((kind, ident), [])
            for j in seen:
                other = listed[j]
                if kind == "report" or (isinstance(other, Report) and _same_by_cells(item, other)):
                    parent[find(i)] = find(j)
                    break
            seen.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(listed)):
        groups.setdefault(find(i), []).append(i)
    keep: set[int] = set()
    dropped: list[tuple[int, Duplicate]] = []
    for members in groups.values():
        best = min(members, key=lambda i: _richness(listed[i], i))
        keep.add(best)
        for i in members:
            if i != best:
                dropped.append((i, _duplicate(listed[i], listed[best])))
    return Deduped(
        tuple(x for i, x in enumerate(listed) if i in keep), tuple(d for _, d in sorted(dropped, key=lambda p: p[0]))
    )


def _duplicate(item: Outcome, kept: Outcome) -> Duplicate:
    assert isinstance(item, Report)
    assert isinstance(kept, Report)
    if item.content_id is not None and item.content_id == kept.content_id:
        reason = f"same cells (content_id {item.content_id})"
    elif item.report_id is not None and item.report_id == kept.report_id:
        reason = f"same organ and year (report_id {item.report_id}), different cells"
    else:
        reason = "same report as another file of its group (shared content_id or report_id)"
    return Duplicate(printable(str(item.source)), printable(str(kept.source)), reason)
