"""Conversion step: Report ↔ plain dict (JSON-safe), and the JSON Schema of that dict.

One cattrs converter, built by [`make_converter`][gkparse.make_converter] (never cattrs' global
one), with every public key pinned: renaming an attribute cannot silently
change the JSON, because each key is written here by name.  Money is a
decimal *string* ("94600", "125565.17"), counts are ints, blanks are absent
cells.  ``to_dict``/``from_dict`` round-trip exactly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gkparse import templates
from gkparse.errors import GkparseError
from gkparse.model import ActiveTable, AppealsTable, Cell, Finding, Origin, Report, RequestsTable, Table, Value

LAYOUTS: Final = ("lines", "tabs", "pipes", "html", "pdf", "docx", "image")
"""What a table can be read from: a text layout, or a document format."""

FORMAT_VERSION: Final = 2
"""Version of the dict/JSON form; bumped only with a documented, incompatible change.

2 (0.2): cells gained ``origin``, reports ``source_format``; dicts of format 1 are still read.
"""

# Every public JSON key, pinned: attribute name → JSON key.  The converter is built from
# these and checks them against the attrs fields, so renaming, adding or removing an
# attribute fails at import (and in tests) instead of silently changing the JSON.
CELL_KEYS: Final = {k: k for k in ("key", "table", "row", "col", "value", "raw", "line", "origin")}
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
    fields = [a.name for a in attrs.fields(cls)]
    if set(fields) != set(keys):
        raise TypeError(
            f"{cls.__name__}'s attributes {fields} are not the pinned JSON keys {list(keys)}: "
            "pin the change in gkparse/_write/convert.py (and bump FORMAT_VERSION if it is incompatible)"
        )
    return {attr: override(rename=key) for attr, key in keys.items()}


def make_converter() -> cattrs.Converter:
    """A new cattrs converter for gkparse's records, with every JSON key pinned."""
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook_func(lambda t: t == Value, lambda v, _: _number_in(v, False))
    c.register_unstructure_hook_func(lambda t: t == Value, _number_out)
    _register_cells(c)
    _register_findings(c)
    _register_reports(c)
    return c


def _register_cells(c: cattrs.Converter) -> None:
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
        if isinstance(d, dict) and "origin" not in d:
            d = {**d, "origin": None}  # format 1
        if not isinstance(d, dict) or set(d) != set(CELL_KEYS.values()):
            raise GkparseError(f"a cell needs exactly the keys {', '.join(CELL_KEYS.values())}")
        money = str(d["key"]) in templates.current().money
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
        )

    c.register_unstructure_hook(Cell, un_cell)
    c.register_structure_hook(Cell, st_cell)


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


def _register_reports(c: cattrs.Converter) -> None:
    """Tables and reports: the format version and ``ok`` around the pinned keys; format 1 still read."""
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
        if version not in (1, FORMAT_VERSION):
            raise GkparseError(f"report dict format {version} is not {FORMAT_VERSION} (or 1)")
        if version == 1:
            d.setdefault("source_format", _NEW_IN_2["source_format"])
        d.pop("ok", None)
        report: Report = report_st(d, t)
        return report

    c.register_unstructure_hook(Report, un_report)
    c.register_structure_hook(Report, st_report)


_CONVERTER: Final = make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """The report as a JSON-safe dict (money as decimal strings), keys fixed by ``json_schema()``."""
    d: dict[str, Any] = _CONVERTER.unstructure(report)
    return d


def from_dict(d: dict[str, Any]) -> Report:
    """The report back from [`to_dict`][gkparse.to_dict]'s form.

    Raises:
        GkparseError: the dict is not a report in this format.
    """
    try:
        return _CONVERTER.structure(d, Report)
    except GkparseError:
        raise
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as e:
        raise GkparseError(f"not a gkparse report dict: {e}") from None


def _table_schema(name: str) -> dict[str, Any]:
    keys = sorted({k.key for k in templates.all_keys() if k.table == name})
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": list(TABLE_KEYS.values()),
        "properties": {
            "template": {"enum": [*_template_names(), None]},
            "layout": {"enum": [*LAYOUTS, "none"]},
            "cells": {
                "type": "array",
                "items": {
                    "allOf": [{"$ref": "#/$defs/cell"}],
                    "properties": {"key": {"enum": keys}, "table": {"const": name}},
                },
            },
        },
    }


def _template_names() -> list[str]:
    return [t.name for t in templates.get_templates()]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of [`to_dict`][gkparse.to_dict]'s output."""
    number = {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}, {"type": "null"}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gkparse.invalid/schema/report-2.json",
        "title": "gkparse report",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", *REPORT_KEYS.values(), "ok"],
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "source": {"type": ["string", "null"]},
            "template": {"enum": [*_template_names(), None]},
            "year": {"type": ["integer", "null"]},
            "organ": {"type": ["string", "null"]},
            "layout": {"enum": [*LAYOUTS, "mixed", "none"]},
            "active": _table_schema("active"),
            "requests": _table_schema("requests"),
            "appeals": _table_schema("appeals"),
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "source_format": {"enum": ["text", "html", "pdf", "docx", "image"]},
            "ok": {"type": "boolean"},
        },
        "$defs": {
            "cell": {
                "type": "object",
                "additionalProperties": False,
                "required": list(CELL_KEYS.values()),
                "properties": {
                    "key": {"type": "string"},
                    "table": {"enum": list(templates.current().tables)},
                    "row": {"type": "string"},
                    "col": {"type": "string"},
                    "value": number,
                    "raw": {"type": "string"},
                    "line": {"type": "integer", "minimum": 1},
                    "origin": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": [k for k in ORIGIN_KEYS.values() if k not in _ORIGIN_OCR],
                                "properties": {
                                    "page": {"type": ["integer", "null"], "minimum": 1},
                                    "table": {"type": "integer", "minimum": 1},
                                    "row": {"type": "integer", "minimum": 0},
                                    "col": {"type": "integer", "minimum": 0},
                                    "box": {
                                        "type": ["array", "null"],
                                        "items": {"type": "integer"},
                                        "minItems": 4,
                                        "maxItems": 4,
                                    },
                                    "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                                },
                            },
                        ]
                    },
                },
            },
            "finding": {
                "type": "object",
                "additionalProperties": False,
                "required": list(FINDING_KEYS.values()),
                "properties": {
                    "severity": {"enum": ["error", "warning", "info"]},
                    "code": {"type": "string", "pattern": r"^[a-z_]+(\.[a-z_]+)*$"},
                    "message": {"type": "string"},
                    "keys": {"type": "array", "items": {"type": "string"}},
                    "line": {"type": ["integer", "null"], "minimum": 1},
                    "relation": {"type": ["string", "null"]},
                    "left": number,
                    "right": number,
                    "source": {"type": ["string", "null"]},
                },
            },
        },
    }


__all__ = ["FORMAT_VERSION", "Table", "from_dict", "json_schema", "make_converter", "to_dict"]
