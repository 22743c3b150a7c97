"""Conversion step: Report ↔ plain dict (JSON-safe); the JSON Schema of that dict is in ``schema``.

One cattrs converter, built by [`make_converter`][gkparse.make_converter] (never cattrs' global
one), with every public key pinned: renaming an attribute cannot silently
change the JSON, because each key is written here by name.  Money is a
decimal *string* ("94600", "125565.17"), counts are ints, blanks are absent
cells.  ``to_dict``/``from_dict`` round-trip exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gkparse import templates as _templates
from gkparse.errors import GkparseError
from gkparse.model import (
    NOT_IN_JSON,
    PLACEMENTS,
    ActiveTable,
    AppealsTable,
    Cell,
    Finding,
    Origin,
    Place,
    Report,
    RequestsTable,
    Value,
)

FORMAT_VERSION: Final = 4
"""Version of the dict/JSON form; bumped only with a documented, incompatible change.

2 (0.2): cells gained ``origin``, reports ``source_format``.
3 (0.3): cells gained ``placed`` (how their column was decided).
4 (0.3, after 3 in the same release): cells gained ``derived`` and ``relation`` (values computed by ``Report.derived``),
reports ``place`` (the organ's administrative division).
Dicts of formats 1 to 3 are still read (their cells' ``placed`` is None, ``derived`` False;
their reports' ``place`` None).
"""

# Every public JSON key, pinned: attribute name → JSON key.  The converter is built from
# these and checks them against the attrs fields, so renaming, adding or removing an
# attribute fails at import (and in tests) instead of silently changing the JSON.
CELL_KEYS: Final = {
    k: k for k in ("key", "table", "row", "col", "value", "raw", "line", "origin", "placed", "derived", "relation")
}
PLACE_KEYS: Final = {k: k for k in ("province", "city", "county", "code", "level", "evidence")}
ORIGIN_KEYS: Final = {k: k for k in ("page", "table", "row", "col", "box", "confidence")}
_ORIGIN_OCR: Final = ("box", "confidence")
"""Set only for a cell read by OCR (null otherwise); optional when read back."""
FINDING_KEYS: Final = {
    k: k for k in ("severity", "code", "message", "keys", "line", "relation", "left", "right", "source")
}
TABLE_KEYS: Final = {k: k for k in ("template", "layout", "cells")}
REPORT_KEYS: Final = {
    k: k
    for k in (
        "source",
        "template",
        "year",
        "organ",
        "layout",
        "active",
        "requests",
        "appeals",
        "findings",
        "source_format",
        "place",
    )
}
_NEW_IN_2: Final = {"origin": None, "source_format": "text"}


def _number_out(v: Value) -> int | str | None:
    if isinstance(v, Decimal):
        return str(v)
    return v


def _number_in(v: Any, money: bool) -> Value:
    if v is None:
        return None
    if isinstance(v, bool):
        raise GkparseError(f"a value must be a number, not {v!r}")
    try:
        if money or (isinstance(v, str) and not v.lstrip("+-").isdigit()):
            return Decimal(str(v))
        return int(v)
    except (ValueError, InvalidOperation):
        raise GkparseError(f"not a number: {v!r}") from None


def pinned(cls: type, keys: dict[str, str]) -> dict[str, Any]:
    """cattrs overrides that write each attribute under its pinned JSON key.

    Raises:
        TypeError: the class's attributes are not exactly the pinned ones (an attribute
            was renamed, added or removed without pinning its JSON key here).
    """
    fields = [a.name for a in attrs.fields(cls) if a.metadata.get("json", True)]
    if set(fields) != set(keys):
        raise TypeError(
            f"{cls.__name__}'s attributes {fields} are not the pinned JSON keys {list(keys)}: "
            "pin the change in gkparse/_write/convert.py (and bump FORMAT_VERSION if it is incompatible)"
        )
    left_out = {a.name: override(omit=True) for a in attrs.fields(cls) if a.metadata == NOT_IN_JSON}
    return {attr: override(rename=key) for attr, key in keys.items()} | left_out


def make_converter(templates: Iterable[_templates.Template] | None = None) -> cattrs.Converter:
    """A new cattrs converter for gkparse's records, with every JSON key pinned.

    Args:
        templates: the templates whose money keys decide how values are read back, and which
            the reports read back keep as their index (default: the registered ones, when used).
    """
    index = None if templates is None else _templates.index(tuple(templates))
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook_func(lambda t: t == Value, lambda v, _: _number_in(v, False))
    c.register_unstructure_hook_func(lambda t: t == Value, _number_out)
    _register_cells(c, index)
    _register_findings(c)
    _register_reports(c, index)
    return c


def _register_cells(c: cattrs.Converter, index: _templates.Index | None) -> None:
    """Cells: the value is int, Decimal (money) or None, the money keys deciding; origin is optional (format 1)."""
    origin_st = make_dict_structure_fn(Origin, c, _cattrs_forbid_extra_keys=True, **pinned(Origin, ORIGIN_KEYS))
    origin_un = make_dict_unstructure_fn(Origin, c, **pinned(Origin, ORIGIN_KEYS))

    def un_origin(origin: Origin) -> dict[str, Any]:
        d = origin_un(origin)
        d["box"] = None if origin.box is None else list(origin.box)  # a JSON array
        return d

    c.register_unstructure_hook(Origin, un_origin)
    c.register_structure_hook(Origin, origin_st)
    cell_un = make_dict_unstructure_fn(Cell, c, **pinned(Cell, CELL_KEYS))  # after the Origin hook: it uses it

    def un_cell(cell: Cell) -> dict[str, Any]:
        d = cell_un(cell)
        d["value"] = _number_out(cell.value)
        return d

    def st_cell(d: Any, _: Any) -> Cell:
        if isinstance(d, dict):
            d = {"origin": None, "placed": None, "derived": False, "relation": None, **d}  # formats 1 to 3
        if not isinstance(d, dict) or set(d) != set(CELL_KEYS.values()):
            raise GkparseError(f"a cell needs exactly the keys {', '.join(CELL_KEYS.values())}")
        money = str(d["key"]) in (index or _templates.current()).money
        origin = d["origin"]
        return Cell(
            key=str(d["key"]),
            table=str(d["table"]),
            row=str(d["row"]),
            col=str(d["col"]),
            value=_number_in(d["value"], money),
            raw=str(d["raw"]),
            line=int(d["line"]),
            origin=None if origin is None else c.structure(origin, Origin),
            placed=_placed(d["placed"]),
            derived=bool(d["derived"]),
            relation=None if d["relation"] is None else str(d["relation"]),
        )

    c.register_unstructure_hook(Cell, un_cell)
    c.register_structure_hook(Cell, st_cell)


def _placed(v: Any) -> str | None:
    if v is None or v in PLACEMENTS:
        return v  # type: ignore[no-any-return]
    raise GkparseError(f"a cell's placed must be one of {', '.join(PLACEMENTS)} or null, not {v!r}")


def _register_findings(c: cattrs.Converter) -> None:
    """Findings: keys as a list, the relation's sides as numbers."""
    finding_un = make_dict_unstructure_fn(Finding, c, **pinned(Finding, FINDING_KEYS))
    finding_st = make_dict_structure_fn(Finding, c, _cattrs_forbid_extra_keys=True, **pinned(Finding, FINDING_KEYS))

    def un_finding(f: Finding) -> dict[str, Any]:
        d = finding_un(f)
        d["left"], d["right"] = _number_out(f.left), _number_out(f.right)
        d["keys"] = list(f.keys)
        return d

    def st_finding(d: Any, t: Any) -> Finding:
        if not isinstance(d, dict):
            raise GkparseError("a finding must be a mapping")
        d = dict(d)
        left, right = d.pop("left", None), d.pop("right", None)
        f = finding_st(d, t)
        return attrs.evolve(f, keys=tuple(f.keys), left=_number_in(left, False), right=_number_in(right, False))

    c.register_unstructure_hook(Finding, un_finding)
    c.register_structure_hook(Finding, st_finding)


def _register_reports(c: cattrs.Converter, index: _templates.Index | None) -> None:
    """Tables and reports: the format version and ``ok`` around the pinned keys; format 1 still read."""
    c.register_unstructure_hook(Place, make_dict_unstructure_fn(Place, c, **pinned(Place, PLACE_KEYS)))
    c.register_structure_hook(
        Place, make_dict_structure_fn(Place, c, _cattrs_forbid_extra_keys=True, **pinned(Place, PLACE_KEYS))
    )
    for cls in (ActiveTable, RequestsTable, AppealsTable):
        c.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, c, **pinned(cls, TABLE_KEYS)))
        c.register_structure_hook(
            cls, make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True, **pinned(cls, TABLE_KEYS))
        )
    report_un = make_dict_unstructure_fn(Report, c, **pinned(Report, REPORT_KEYS))
    report_st = make_dict_structure_fn(Report, c, _cattrs_forbid_extra_keys=True, **pinned(Report, REPORT_KEYS))

    def un_report(r: Report) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, **report_un(r), "ok": r.ok}

    def st_report(d: Any, t: Any) -> Report:
        if not isinstance(d, dict):
            raise GkparseError("a report must be a mapping")
        d = dict(d)
        version = d.pop("format", FORMAT_VERSION)
        if version not in (1, 2, 3, FORMAT_VERSION):
            raise GkparseError(f"report dict format {version} is not {FORMAT_VERSION} (or 1 to 3)")
        d.setdefault("place", None)
        if version == 1:
            d.setdefault("source_format", _NEW_IN_2["source_format"])
        d.pop("ok", None)
        report: Report = report_st(d, t)
        return report if index is None else _with_index(report, index)

    c.register_unstructure_hook(Report, un_report)
    c.register_structure_hook(Report, st_report)


def _with_index(report: Report, index: _templates.Index) -> Report:
    """The report and its tables, keeping ``index`` as the templates they were read in."""
    tables: dict[str, Any] = {t.name: attrs.evolve(t, index=index) for t in report.tables}
    return attrs.evolve(report, index=index, **tables)


_CONVERTER: Final = make_converter()


@functools.lru_cache(maxsize=8)
def _converter_for(templates: tuple[_templates.Template, ...]) -> cattrs.Converter:
    return make_converter(templates)


def to_dict(report: Report) -> dict[str, Any]:
    """The report as a JSON-safe dict (money as decimal strings), keys fixed by ``json_schema()``."""
    d: dict[str, Any] = _CONVERTER.unstructure(report)
    return d


def from_dict(d: dict[str, Any], *, templates: Iterable[_templates.Template] | None = None) -> Report:
    """The report back from [`to_dict`][gkparse.to_dict]'s form.

    Args:
        d: the dict.
        templates: the templates the report was read in, when not the registered ones
            (they decide which values are money, and the report keeps them).

    Raises:
        GkparseError: the dict is not a report in this format.
    """
    converter = _CONVERTER if templates is None else _converter_for(tuple(templates))
    try:
        return converter.structure(d, Report)
    except GkparseError:
        raise
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as e:
        raise GkparseError(f"not a gkparse report dict: {e}") from None


__all__ = ["FORMAT_VERSION", "from_dict", "make_converter", "to_dict"]
