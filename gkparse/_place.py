"""The place of a report's organ: a public record (``gkparse.Place``), kept apart from ``model`` for size."""

from __future__ import annotations

from typing import Final

import attrs

LEVELS: Final = ("national", "provincial", "city", "county", "township", "department")
"""An organ's level (``Place.level``): a government of each tier, or a department of one."""


@attrs.frozen
class Place:
    """The administrative division (GB/T 2260) an organ belongs to, as resolved from the report's text.

    Attributes:
        province: the province-level division, e.g. ``"湖北省"``.
        city: the prefecture-level division, e.g. ``"武汉市"`` (None for a province-level organ).
        county: the county-level division, e.g. ``"黄陂区"`` (None above county level).
        code: the six-digit GB/T 2260 code of the most specific division found, e.g. ``"420116"``.
        level: the organ's level: ``"national"``, ``"provincial"``, ``"city"``, ``"county"``,
            ``"township"`` (a 乡/镇/街道 government) or ``"department"`` (a bureau, office or
            commission of a government), or None when the organ's name does not say.
        evidence: where the division was read: ``"organ"``, ``"title"``, ``"signature"``,
            ``"contact"`` or ``"text"``.
    """

    province: str | None
    city: str | None
    county: str | None
    code: str | None
    level: str | None
    evidence: str | None = None
