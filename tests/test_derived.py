"""Derived values: only what the relations of the template determine, always the true value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import gkparse
from gkparse.model import TABLES, Cell, Report
from tests.strategies.models import ReportModel, full_reports


def _report(model: ReportModel, blank: frozenset[str]) -> Report:
    """A report holding the model's printed cells less ``blank``."""
    tables = {}
    for name, cls in TABLES.items():
        cells = []
        for key, value in model.values.items():
            if key.startswith(f"{name}.") and key not in blank:
                row, col = key[len(name) + 1 :].rsplit(".", 1)
                cells.append(Cell(key, name, row, col, value, str(value), 1))
        tables[name] = cls(model.template, "lines", tuple(cells))
    return Report("model", model.template, model.year, model.organ, "lines", findings=(), **tables)  # type: ignore[arg-type]


@st.composite
def blanked(draw: st.DrawFn) -> tuple[ReportModel, frozenset[str]]:
    model = draw(full_reports())
    keys = sorted(model.values)
    blank = draw(st.sets(st.sampled_from(keys), max_size=12))
    return model, frozenset(blank)


@given(blanked())
def test_a_derived_value_is_the_true_value(case: tuple[ReportModel, frozenset[str]]) -> None:
    """Blank some cells of a valid report: every value derived is the one blanked, and only blanked
    cells are derived; the printed cells are unchanged."""
    model, blank = case
    report = _report(model, blank)
    derived = report.derived()
    for c in derived.cells():
        if c.derived:
            assert c.key in blank
            assert c.value == model.values[c.key], c.relation
            assert c.raw == ""
            assert c.relation
        else:
            assert c.key not in blank
    assert [c for c in derived.cells() if not c.derived] == list(report.cells())


def _requests(values: dict[str, int]) -> Report:
    cells = tuple(
        Cell(f"requests.{k}", "requests", k.rsplit(".", 1)[0], k.rsplit(".", 1)[1], v, str(v), 1)
        for k, v in values.items()
    )
    return Report(
        "x", "2019", 2020, None, "lines", None, gkparse.RequestsTable("2019", "lines", cells), None, findings=()
    )


COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org")


def test_two_blanks_that_need_not_be_zero_decide_nothing() -> None:
    """A row total of 5 with two blank parts (the others 0) derives neither part."""
    values = {f"new.{c}": 0 for c in COLS if c not in ("natural_person", "commercial_enterprise")}
    values |= {"new.other_org": 0, "new.total": 5}
    derived = _requests(values).derived()
    assert derived.requests is not None
    assert derived.requests.get("new.natural_person") is None
    assert derived.requests.get("new.commercial_enterprise") is None


def test_a_blank_total_is_derived_from_its_parts() -> None:
    """A blank 总计 with every part printed is their sum, marked derived with the relation."""
    values = {"new.natural_person": 258, "new.commercial_enterprise": 12, "new.research_institution": 0}
    values |= {"new.social_welfare_org": 0, "new.legal_service_org": 1, "new.other_org": 1}
    cell = _requests(values).derived().requests.get("new.total")  # type: ignore[union-attr]
    assert cell is not None
    assert (cell.value, cell.derived) == (272, True)
    assert cell.relation is not None
    assert "total" in cell.relation


def test_a_relation_the_printed_cells_break_derives_nothing_in_the_table() -> None:
    """When the derived values would complete a relation that does not hold, none is kept."""
    values = {f"new.{c}": 1 for c in COLS} | {"new.other_org": 1, "new.total": 6}
    values |= {f"carried_over.{c}": 0 for c in COLS} | {"carried_over.other_org": 0, "carried_over.total": 0}
    values |= {f"total.{c}": 1 for c in COLS} | {"total.other_org": 1}  # total.total blank: 6 by the row
    values |= {f"carried_forward.{c}": 0 for c in COLS} | {"carried_forward.other_org": 0, "carried_forward.total": 1}
    derived = _requests(values).derived()
    assert not [c for c in derived.cells() if c.derived]


def test_printed_values_are_the_default_everywhere() -> None:
    """to_frame gives printed cells only unless derived=True; derived rows say so."""
    shanghai = [gkparse.parse_file(gkparse.fixtures_path("documents/shanghai_2019_js.html"))]
    printed = gkparse.to_frame(shanghai)
    both = gkparse.to_frame(shanghai, derived=True)
    assert not printed["derived"].any()
    assert both["derived"].sum() > 0
    assert len(both) - len(printed) == both["derived"].sum()
    total = both[both["key"] == "requests.granted.total"]
    assert total["value"].tolist() == [272.0]
