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

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gkparse import templates
from gkparse.errors import GkparseError
from gkparse.model import ActiveTable, AppealsTable, Cell, Finding, Report, RequestsTable, Table, Value

LAYOUTS: Final = ("lines", "tabs", "pipes", "html", "pdf", "docx")
"""What a table can be read from: a text layout, or a document format."""

FORMAT_VERSION: Final = 1
"""Version of the dict/JSON form; bumped only with a documented, incompatible change."""

_CELL_KEYS: Final = ("key", "table", "row", "col", "value", "raw", "line")
_FINDING_KEYS: Final = ("severity", "code", "message", "keys", "line", "relation", "left", "right", "source")
_TABLE_KEYS: Final = ("template", "layout", "cells")
_REPORT_KEYS: Final = ("source", "template", "year", "organ", "layout", "active", "requests", "appeals", "findings")


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


def make_converter() -> cattrs.Converter:
    """A new cattrs converter for gkparse's records, with every JSON key pinned."""
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook_func(lambda t: t == Value, lambda v, _: _number_in(v, False))
    c.register_unstructure_hook_func(lambda t: t == Value, _number_out)

    def pinned(cls: type, keys: tuple[str, ...]) -> dict[str, Any]:
        return {k: override(rename=k) for k in keys}

    # Cell: the value is int, Decimal (money) or None; money keys decide the type.
    cell_un = make_dict_unstructure_fn(Cell, c, **pinned(Cell, _CELL_KEYS))

    def un_cell(cell: Cell) -> dict[str, Any]:
        d = cell_un(cell)
        d["value"] = _number_out(cell.value)
        return d

    def st_cell(d: Any, _: Any) -> Cell:
        if not isinstance(d, dict) or set(d) != set(_CELL_KEYS):
            raise GkparseError(f"a cell needs exactly the keys {', '.join(_CELL_KEYS)}")
        money = str(d["key"]) in templates.current().money
        return Cell(
            key=str(d["key"]),
            table=str(d["table"]),
            row=str(d["row"]),
            col=str(d["col"]),
            value=_number_in(d["value"], money),
            raw=str(d["raw"]),
            line=int(d["line"]),
        )

    c.register_unstructure_hook(Cell, un_cell)
    c.register_structure_hook(Cell, st_cell)

    finding_un = make_dict_unstructure_fn(Finding, c, **pinned(Finding, _FINDING_KEYS))

    def un_finding(f: Finding) -> dict[str, Any]:
        d = finding_un(f)
        d["left"], d["right"] = _number_out(f.left), _number_out(f.right)
        d["keys"] = list(f.keys)
        return d

    finding_st = make_dict_structure_fn(Finding, c, _cattrs_forbid_extra_keys=True, **pinned(Finding, _FINDING_KEYS))

    def st_finding(d: Any, t: Any) -> Finding:
        if not isinstance(d, dict):
            raise GkparseError("a finding must be a mapping")
        d = dict(d)
        left, right = d.pop("left", None), d.pop("right", None)
        f = finding_st(d, t)
        return Finding(
            f.severity,
            f.code,
            f.message,
            tuple(f.keys),
            f.line,
            f.relation,
            _number_in(left, False),
            _number_in(right, False),
            f.source,
        )

    c.register_unstructure_hook(Finding, un_finding)
    c.register_structure_hook(Finding, st_finding)

    for cls in (ActiveTable, RequestsTable, AppealsTable):
        un = make_dict_unstructure_fn(cls, c, **pinned(cls, _TABLE_KEYS))
        c.register_unstructure_hook(cls, un)
        st = make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True, **pinned(cls, _TABLE_KEYS))
        c.register_structure_hook(cls, st)

    report_un = make_dict_unstructure_fn(Report, c, **pinned(Report, _REPORT_KEYS))

    def un_report(r: Report) -> dict[str, Any]:
        d = {"format": FORMAT_VERSION, **report_un(r)}
        d["ok"] = r.ok
        return d

    report_st = make_dict_structure_fn(Report, c, _cattrs_forbid_extra_keys=True, **pinned(Report, _REPORT_KEYS))

    def st_report(d: Any, t: Any) -> Report:
        if not isinstance(d, dict):
            raise GkparseError("a report must be a mapping")
        d = dict(d)
        version = d.pop("format", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise GkparseError(f"report dict format {version} is not {FORMAT_VERSION}")
        d.pop("ok", None)
        report: Report = report_st(d, t)
        return report

    c.register_unstructure_hook(Report, un_report)
    c.register_structure_hook(Report, st_report)
    return c


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
        "required": list(_TABLE_KEYS),
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
        "$id": "https://gkparse.invalid/schema/report-1.json",
        "title": "gkparse report",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", *_REPORT_KEYS, "ok"],
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
            "ok": {"type": "boolean"},
        },
        "$defs": {
            "cell": {
                "type": "object",
                "additionalProperties": False,
                "required": list(_CELL_KEYS),
                "properties": {
                    "key": {"type": "string"},
                    "table": {"enum": list(templates.current().tables)},
                    "row": {"type": "string"},
                    "col": {"type": "string"},
                    "value": number,
                    "raw": {"type": "string"},
                    "line": {"type": "integer", "minimum": 1},
                },
            },
            "finding": {
                "type": "object",
                "additionalProperties": False,
                "required": list(_FINDING_KEYS),
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
