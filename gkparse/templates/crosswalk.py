"""The crosswalk between the national templates: which key of one corresponds to which keys of the other.

Most keys are the same in both templates (the requests table but for its
其他处理 rows, the appeals table, the decision counts of the active table).
The rest either add up (2019's single ``requests.other`` row is the sum of
2021's three ``requests.other.*`` rows) or have no counterpart (the active
table's document and item counts changed meaning in 2021).
"""

from __future__ import annotations

from typing import Final, Literal

import attrs

from gkparse.templates._index import Index

LinkKind = Literal["same", "sum", "none"]


@attrs.frozen
class Link:
    """How one key of template 2019 corresponds to template 2021.

    Attributes:
        key: the comparable key (the 2019 key, or a key of 2021 with no 2019 counterpart).
        kind: ``"same"`` — the key exists in both; ``"sum"`` — the 2019 key is the sum
            of the 2021 ``keys``; ``"none"`` — no counterpart in the other template.
        keys: the 2021 keys it corresponds to.
        note: why, for the documentation.
    """

    key: str
    kind: LinkKind
    keys: tuple[str, ...] = ()
    note: str = ""


_OTHER_ROWS: Final = ("other.overdue_correction", "other.overdue_fee", "other.other")
_NOTES: Final = {
    "active": "the active table's columns changed meaning in 2021 (documents made/issued, items/decisions, "
    "procurement dropped, fees in money): no counterpart",
}


def crosswalk(index: Index, old: str = "2019", new: str = "2021") -> tuple[Link, ...]:
    """Every key of two templates, linked: same key, a sum, or no counterpart."""
    keys_old = {k.key for k in index.keys if old in k.templates}
    keys_new = {k.key for k in index.keys if new in k.templates}
    links: list[Link] = []
    for k in index.keys:
        if k.key in keys_old and k.key in keys_new:
            links.append(Link(k.key, "same", (k.key,)))
        elif k.key in keys_old and k.table == "requests" and k.row == "other":
            parts = tuple(f"requests.{r}.{k.col}" for r in _OTHER_ROWS)
            links.append(Link(k.key, "sum", parts, "2021 split （六）其他处理 into three rows"))
        elif k.key in keys_new and k.table == "requests" and k.row in _OTHER_ROWS:
            continue  # part of a sum above
        else:
            which = old if k.key in keys_old else new
            note = _NOTES.get(k.table, f"only in template {which}")
            links.append(Link(k.key, "none", (), note))
    return tuple(links)
