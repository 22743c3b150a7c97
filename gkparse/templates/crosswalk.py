"""The crosswalk between templates: which key of one corresponds to which keys of the other.

Derived from the newer template's `Crosswalk`.  Between the national
templates most keys are the same (the requests table but for its 其他处理
rows, the appeals table, the decision counts of the active table); the rest
either add up (2019's single ``requests.other`` row is the sum of 2021's
three ``requests.other.*`` rows) or have no counterpart (the active table's
document and item counts changed meaning in 2021).
"""

from __future__ import annotations

from typing import Literal

import attrs

from gkparse.templates._index import Index
from gkparse.templates._spec import Crosswalk

LinkKind = Literal["same", "sum", "none"]


@attrs.frozen
class Link:
    """How one key of an older template corresponds to a newer one (2019 and 2021).

    Attributes:
        key: the comparable key (the older template's key, or a newer key with no counterpart).
        kind: ``"same"`` — the key exists in both; ``"sum"`` — the older key is the sum
            of the newer ``keys``; ``"none"`` — no counterpart in the other template.
        keys: the newer template's keys it corresponds to.
        note: why, for the documentation.
    """

    key: str
    kind: LinkKind
    keys: tuple[str, ...] = ()
    note: str = ""


def _pair(index: Index, old: str | None, new: str | None) -> tuple[str, str, Crosswalk] | None:
    """The two templates to link and the newer one's crosswalk (default: the first template that follows another)."""
    for t in index.templates:
        cw = t.crosswalk
        if cw is None or cw.follows not in index.names:
            continue
        if (new is None or t.name == new) and (old is None or cw.follows == old):
            return cw.follows, t.name, cw
    return None


def crosswalk(index: Index, old: str | None = None, new: str | None = None) -> tuple[Link, ...]:
    """Every key of two templates, linked: same key, a sum, or no counterpart.

    The links come from the newer template's `Crosswalk` (which template it follows,
    which of the older template's rows are sums of its own rows).  By default the
    first template of the index that follows another one, and that one.  No
    crosswalk between the two: every key is its own (``"same"`` where both have it).
    """
    pair = _pair(index, old, new)
    old_name, new_name, cw = pair if pair is not None else (old, new, Crosswalk(follows=old or ""))
    keys_old = {k.key for k in index.keys if old_name in k.templates}
    keys_new = {k.key for k in index.keys if new_name in k.templates}
    sums = {(s.table, s.row): s for s in cw.sums}
    parts = {(s.table, p) for s in cw.sums for p in s.parts}
    notes = dict(cw.notes)
    links: list[Link] = []
    for k in index.keys:
        total = sums.get((k.table, k.row))
        if k.key in keys_old and k.key in keys_new:
            links.append(Link(k.key, "same", (k.key,)))
        elif k.key in keys_old and total is not None:
            keys = tuple(f"{k.table}.{p}.{k.col}" for p in total.parts)
            links.append(Link(k.key, "sum", keys, total.note))
        elif k.key in keys_new and (k.table, k.row) in parts:
            continue  # part of a sum above
        elif k.key in keys_old or k.key in keys_new:
            which = old_name if k.key in keys_old else new_name
            links.append(Link(k.key, "none", (), notes.get(k.table, f"only in template {which}")))
    return tuple(links)
