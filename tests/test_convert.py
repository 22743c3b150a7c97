"""Dict/JSON form: one pinned converter, exact round trip, JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gkparse
from gkparse.model import ActiveTable, AppealsTable, Cell, Finding, Report, RequestsTable
from tests import schema as _schema
from tests.conftest import FIXTURES, STEMS

KEYS = _schema.all_keys()
VALIDATOR = jsonschema.Draft202012Validator(gkparse.json_schema())


@st.composite
def cells(draw: st.DrawFn, table: str) -> tuple[Cell, ...]:
    specs = [k for k in KEYS if k.table == table]
    chosen = draw(st.lists(st.sampled_from(specs), unique_by=lambda k: k.key, max_size=12))
    out = []
    for k in chosen:
        if k.money:
            value: int | Decimal | None = draw(
                st.one_of(st.none(), st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
            )
        else:
            value = draw(st.integers(min_value=-50, max_value=10**9))
        out.append(Cell(k.key, k.table, k.row, k.col, value, draw(st.text(max_size=12)), draw(st.integers(1, 10**5))))
    return tuple(out)


numbers = st.one_of(st.none(), st.integers(-(10**9), 10**9), st.decimals(-(10**6), 10**6, places=2, allow_nan=False))
findings = st.builds(
    Finding,
    severity=st.sampled_from(["error", "warning", "info"]),
    code=st.from_regex(r"[a-z_]{1,8}(\.[a-z_]{1,8}){0,2}", fullmatch=True),
    message=st.text(max_size=40),
    keys=st.lists(st.sampled_from([k.key for k in KEYS]), max_size=3).map(tuple),
    line=st.one_of(st.none(), st.integers(1, 10**5)),
    relation=st.one_of(st.none(), st.text(max_size=20)),
    left=numbers,
    right=numbers,
    source=st.one_of(st.none(), st.text(max_size=20)),
)
templates = st.sampled_from(["2019", "2021", None])
layouts = st.sampled_from(["lines", "tabs", "pipes", "none"])


@st.composite
def reports(draw: st.DrawFn) -> Report:
    t = draw(templates)

    def table(cls: Any, name: str) -> Any:
        if not draw(st.booleans()):
            return None
        return cls(template=t, layout=draw(layouts), cells=draw(cells(name)))

    return Report(
        source=draw(st.one_of(st.none(), st.text(max_size=30))),
        template=t,
        year=draw(st.one_of(st.none(), st.integers(2000, 2030))),
        organ=draw(st.one_of(st.none(), st.text(max_size=20))),
        layout=draw(st.sampled_from(["lines", "tabs", "pipes", "mixed", "none"])),
        active=table(ActiveTable, "active"),
        requests=table(RequestsTable, "requests"),
        appeals=table(AppealsTable, "appeals"),
        findings=tuple(draw(st.lists(findings, max_size=5))),
    )


@given(reports())
def test_round_trip_property(report: Report) -> None:
    """from_dict(to_dict(r)) == r for any report, through JSON text, and the dict validates against the schema."""
    d = gkparse.to_dict(report)
    back = gkparse.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert back == report
    VALIDATOR.validate(json.loads(json.dumps(d)))


def test_derived_cells_and_place_round_trip() -> None:
    """Derived cells (derived, relation) and the report's place survive JSON (format 4) and validate."""
    report = gkparse.parse_file(gkparse.fixtures_path("documents/shanghai_2019.pdf")).derived()
    assert any(c.derived for c in report.cells())
    d = json.loads(json.dumps(gkparse.to_dict(report), ensure_ascii=False))
    VALIDATOR.validate(d)
    assert gkparse.from_dict(d) == report


def test_format_3_dicts_still_read() -> None:
    """A dict of format 3 (no derived, relation, place) reads back with the defaults."""
    report = gkparse.parse_file(FIXTURES / "000_e5f035dbe7594dbe.txt")
    d = gkparse.to_dict(report)
    d["format"] = 3
    del d["place"]
    for t in ("active", "requests", "appeals"):
        for c in (d[t] or {}).get("cells", []):
            del c["derived"], c["relation"]
    back = gkparse.from_dict(d)
    assert back.place is None
    assert not any(c.derived for c in back.cells())


@pytest.mark.parametrize("stem", STEMS)
def test_fixtures_round_trip_and_validate(stem: str) -> None:
    """Every fixture's report survives JSON exactly and matches the JSON Schema."""
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    text = json.dumps(gkparse.to_dict(report), ensure_ascii=False)
    VALIDATOR.validate(json.loads(text))
    assert gkparse.from_dict(json.loads(text)) == report


def test_keys_are_pinned() -> None:
    """The dict's keys are exactly these, in this order: a rename in the code cannot change the JSON."""
    d = gkparse.to_dict(gkparse.parse_file(FIXTURES / "000_e5f035dbe7594dbe.txt"))
    assert list(d) == [
        "format",
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
        "ok",
    ]
    assert list(d["active"]) == ["template", "layout", "cells"]
    assert list(d["active"]["cells"][0]) == [
        *("key", "table", "row", "col", "value", "raw", "line", "origin", "placed", "derived", "relation")
    ]
    assert list(d["findings"][0]) == [
        "severity",
        "code",
        "message",
        "keys",
        "line",
        "relation",
        "left",
        "right",
        "source",
    ]


def test_money_is_a_decimal_string() -> None:
    """Money is written as a decimal string (JSON-safe, exact); counts as ints."""
    d = gkparse.to_dict(gkparse.parse_file(FIXTURES / "003_651373a10ed2d74b.txt"))
    cells = {c["key"]: c["value"] for c in d["active"]["cells"]}
    assert cells["active.procurement.amount"] == "60200"
    assert cells["active.procurement.items"] == 4


def test_converter_is_not_the_global_one() -> None:
    """make_converter builds a fresh converter each time; cattrs' global converter is untouched."""
    import cattrs

    a, b = gkparse.make_converter(), gkparse.make_converter()
    assert a is not b
    assert a is not cattrs.global_converter


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"format": 99},
        {"format": 1, "source": None},
        [1, 2],
        "report",
    ],
)
def test_from_dict_rejects_other_data(bad: Any) -> None:
    """from_dict raises GkparseError for anything that is not a report dict."""
    with pytest.raises(gkparse.GkparseError):
        gkparse.from_dict(bad)


def test_from_dict_rejects_unknown_keys() -> None:
    """An extra key is an error, not silently dropped."""
    d = gkparse.to_dict(gkparse.parse_file(FIXTURES / "004_f6278f3ab9b7decc.txt"))
    d["extra"] = 1
    with pytest.raises(gkparse.GkparseError):
        gkparse.from_dict(d)


def test_a_renamed_attribute_cannot_change_the_json() -> None:
    """The converter checks the pinned JSON keys against the attrs fields: a renamed field fails loudly."""
    import attrs

    from gkparse._write import convert

    @attrs.frozen
    class Renamed:
        key: str
        text: str  # was "raw"

    with pytest.raises(TypeError, match="pinned JSON keys"):
        convert.pinned(Renamed, {"key": "key", "raw": "raw"})
    for cls, keys in (
        (gkparse.Cell, convert.CELL_KEYS),
        (gkparse.Finding, convert.FINDING_KEYS),
        (gkparse.Report, convert.REPORT_KEYS),
        (gkparse.ActiveTable, convert.TABLE_KEYS),
    ):
        in_json = [a.name for a in attrs.fields(cls) if a.metadata != gkparse.model.NOT_IN_JSON]
        assert in_json == list(keys), cls


def _unplaced(report: gkparse.Report) -> gkparse.Report:
    """The report as an older format holds it: no cell says how its column was decided."""
    tables = {
        t.name: attrs.evolve(t, cells=tuple(attrs.evolve(c, placed=None) for c in t.cells)) for t in report.tables
    }
    return attrs.evolve(report, **tables)  # type: ignore[arg-type]


def test_format_1_dicts_are_still_read() -> None:
    """A dict written by 0.1 (format 1: no origin, no source_format, no placed) reads as a text report."""
    report = gkparse.parse_file(FIXTURES / "004_f6278f3ab9b7decc.txt")
    d = gkparse.to_dict(report)
    d["format"] = 1
    del d["source_format"]
    for table in ("active", "requests", "appeals"):
        for cell in (d[table] or {}).get("cells", []):
            del cell["origin"]
            del cell["placed"]
    assert gkparse.from_dict(d) == _unplaced(report)


def test_format_2_dicts_are_still_read() -> None:
    """A dict written by 0.2 (format 2: cells without placed) reads with every cell's placed None."""
    report = gkparse.parse_file(FIXTURES / "004_f6278f3ab9b7decc.txt")
    assert {c.placed for c in report.cells()} == {"count"}
    d = gkparse.to_dict(report)
    d["format"] = 2
    for table in ("active", "requests", "appeals"):
        for cell in (d[table] or {}).get("cells", []):
            del cell["placed"]
    assert gkparse.from_dict(d) == _unplaced(report)
    assert all(c.placed is None for c in gkparse.from_dict(d).cells())


def test_document_cells_carry_their_origin() -> None:
    """A cell read from a document says where it stands there, and the JSON keeps it."""
    pytest.importorskip("lxml")
    report = gkparse.parse_file(FIXTURES / "documents" / "duizhen_2020_gbk.html")
    assert report.source_format == "html"
    cell = report.requests.get("new.total") if report.requests else None
    assert cell is not None
    assert cell.origin is not None
    assert (cell.origin.page, cell.origin.table) == (None, 2)
    assert gkparse.from_dict(json.loads(json.dumps(gkparse.to_dict(report)))) == report
