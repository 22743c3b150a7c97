"""The JSON Schema of a report's dict form, derived from the templates, layouts and formats registered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from gkparse import templates as _templates
from gkparse._read import formats
from gkparse._read.layouts import LAYOUTS
from gkparse._write.convert import (
    _ORIGIN_OCR,
    CELL_KEYS,
    FINDING_KEYS,
    FORMAT_VERSION,
    ORIGIN_KEYS,
    PLACE_KEYS,
    REPORT_KEYS,
    TABLE_KEYS,
)
from gkparse.model import LEVELS, PLACEMENTS, SEVERITIES


def _table_schema(name: str, index: _templates.Index) -> dict[str, Any]:
    keys = sorted({k.key for k in index.keys if k.table == name})
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": list(TABLE_KEYS.values()),
        "properties": {
            "template": {"enum": [*index.names, None]},
            "layout": {"enum": [*layout_names(), "none"]},
            "cells": {
                "type": "array",
                "items": {
                    "allOf": [{"$ref": "#/$defs/cell"}],
                    "properties": {"key": {"enum": keys}, "table": {"const": name}},
                },
            },
        },
    }


def layout_names() -> tuple[str, ...]:
    """What a table can be read from: each text layout, and each document format."""
    return (*(layout.name for layout in LAYOUTS), *(f.kind for f in formats.formats()))


_NUMBER: Final = {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}, {"type": "null"}]}


def json_schema(templates: Iterable[_templates.Template] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of [`to_dict`][gkparse.to_dict]'s output.

    Args:
        templates: the templates whose keys and names the schema allows (default: the registered ones).
    """
    index = _templates.current() if templates is None else _templates.index(tuple(templates))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://gkparse.invalid/schema/report-{FORMAT_VERSION}.json",
        "title": "gkparse report",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", *REPORT_KEYS.values(), "ok"],
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "source": {"type": ["string", "null"]},
            "template": {"enum": [*index.names, None]},
            "year": {"type": ["integer", "null"]},
            "organ": {"type": ["string", "null"]},
            "layout": {"enum": [*layout_names(), "mixed", "none"]},
            "active": _table_schema("active", index),
            "requests": _table_schema("requests", index),
            "appeals": _table_schema("appeals", index),
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "source_format": {"enum": list(formats.kinds())},
            "place": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/place"}]},
            "ok": {"type": "boolean"},
        },
        "$defs": _defs(index),
    }


def _defs(index: _templates.Index) -> dict[str, Any]:
    """The schema's cell and finding definitions."""
    return {
        "cell": {
            "type": "object",
            "additionalProperties": False,
            "required": list(CELL_KEYS.values()),
            "properties": {
                "key": {"type": "string"},
                "table": {"enum": list(index.tables)},
                "row": {"type": "string"},
                "col": {"type": "string"},
                "value": _NUMBER,
                "raw": {"type": "string"},
                "line": {"type": "integer", "minimum": 1},
                "placed": {"enum": [*PLACEMENTS, None]},
                "derived": {"type": "boolean"},
                "relation": {"type": ["string", "null"]},
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
        "place": {
            "type": "object",
            "additionalProperties": False,
            "required": list(PLACE_KEYS.values()),
            "properties": {
                **{k: {"type": ["string", "null"]} for k in ("province", "city", "county", "evidence")},
                "code": {"type": ["string", "null"], "pattern": r"^\d{6}$"},
                "level": {"enum": [*LEVELS, None]},
            },
        },
        "finding": {
            "type": "object",
            "additionalProperties": False,
            "required": list(FINDING_KEYS.values()),
            "properties": {
                "severity": {"enum": list(SEVERITIES)},
                "code": {"type": "string", "pattern": r"^[a-z_]+(\.[a-z_]+)*$"},
                "message": {"type": "string"},
                "keys": {"type": "array", "items": {"type": "string"}},
                "line": {"type": ["integer", "null"], "minimum": 1},
                "relation": {"type": ["string", "null"]},
                "left": _NUMBER,
                "right": _NUMBER,
                "source": {"type": ["string", "null"]},
            },
        },
    }
