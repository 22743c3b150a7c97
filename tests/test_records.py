"""Tidy and wide records, pandas frames and Arrow tables."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import gkparse
from gkparse._write.records import TIDY_COLUMNS, columns, wide_keys
from tests.conftest import FIXTURES, STEMS, expected

KEYS = wide_keys()
WIDE_COLUMNS = columns("wide")


@pytest.fixture(scope="module")
def outcomes() -> list[gkparse.Report | gkparse.Failure]:
    return list(gkparse.parse_paths([FIXTURES], pattern="*.txt"))


def test_parse_paths_walks_folders_in_order(outcomes: list[gkparse.Report | gkparse.Failure]) -> None:
    """A folder gives every file matching the pattern in it, sorted, as reports."""
    assert [Path(str(o.source)).stem for o in outcomes] == STEMS


def test_tidy_has_one_row_per_cell_and_keeps_empty_reports(outcomes: list[gkparse.Report | gkparse.Failure]) -> None:
    """Tidy: one row per cell; a report without cells is one status row, never dropped."""
    rows = list(gkparse.rows(outcomes, "tidy"))
    assert all(list(r) == list(TIDY_COLUMNS) for r in rows)
    reports = [o for o in outcomes if isinstance(o, gkparse.Report)]
    cells = sum(len(list(o.cells())) for o in reports)
    without = [o for o in reports if not any(True for _ in o.cells())]
    assert len(rows) == cells + len(without)  # each report without cells: one no_cells row
    empties = {Path(r["source"]).stem: r for r in rows if r["status"] == "no_cells"}
    assert "002_e0387e8ce51192b3" in empties
    assert "report.no_tables" in empties["002_e0387e8ce51192b3"]["error"]


def test_wide_has_one_row_per_report(outcomes: list[gkparse.Report | gkparse.Failure]) -> None:
    """Wide: one row per report with every data-dictionary key as a column."""
    rows = list(gkparse.rows(outcomes, "wide"))
    assert len(rows) == len(STEMS)
    assert list(rows[0]) == list(WIDE_COLUMNS)
    by = {Path(r["source"]).stem: r for r in rows}
    assert by["004_f6278f3ab9b7decc"]["requests.new.total"] == 2.0
    assert by["004_f6278f3ab9b7decc"]["active.procurement.amount"] == 94600.0
    assert by["003_651373a10ed2d74b"]["appeals.review.total"] is None  # blank, not 0
    assert by["dev21_07"]["warnings"] == 2


def test_failures_are_rows_with_a_reason() -> None:
    """A file that failed is one row (tidy and wide) with status failed and the reason."""
    fail = gkparse.Failure("x.txt", "empty file")
    (tidy,) = gkparse.rows([fail], "tidy")
    (wide,) = gkparse.rows([fail], "wide")
    for r in (tidy, wide):
        assert (r["source"], r["status"], r["error"]) == ("x.txt", "failed", "empty file")


def test_unknown_shape_is_an_error() -> None:
    """Only tidy and wide exist."""
    with pytest.raises(ValueError, match="shape"):
        list(gkparse.rows([], "long"))


def test_to_frame_tidy(outcomes: list[gkparse.Report | gkparse.Failure]) -> None:
    """The tidy frame: float values for analysis, value_exact for the exact decimal, nullable ints."""
    df = gkparse.to_frame(outcomes, "tidy")
    assert list(df.columns) == list(TIDY_COLUMNS)
    assert df["value"].dtype == "float64"
    assert str(df["line"].dtype) == "Int64"
    money = df[df.key == "active.procurement.amount"].set_index("raw")
    assert money.loc["9.46万元", "value"] == 94600.0
    assert money.loc["9.46万元", "value_exact"] == "94600"
    assert math.isnan(money.loc["125565.17", "value"])
    by_outcome = df[df.key.str.startswith("requests.granted", na=False)].groupby("col")["value"].sum()
    assert by_outcome["total"] == _labelled_sum("requests.granted.total")


def test_to_frame_wide(outcomes: list[gkparse.Report | gkparse.Failure]) -> None:
    """The wide frame: one row per report, one float column per key."""
    df = gkparse.to_frame(outcomes, "wide")
    assert df.shape == (len(STEMS), len(WIDE_COLUMNS))
    assert all(df[k].dtype == "float64" for k in KEYS)
    assert df["requests.new.total"].sum() == _labelled_sum("requests.new.total")


def test_to_arrow_matches_frame(outcomes: list[gkparse.Report | gkparse.Failure]) -> None:
    """The Arrow table has the fixed schema and the frame's content."""
    table = gkparse.to_arrow(outcomes, "tidy")
    assert table.schema.field("value").type == "double"
    assert table.schema.field("year").type == "int64"
    pd.testing.assert_series_equal(
        table.to_pandas()["value_exact"].astype("string"), gkparse.to_frame(outcomes)["value_exact"]
    )


def _labelled_sum(key: str) -> int:
    """The sum of one key over the hand labels of every fixture (blank cells left out)."""
    return sum(int(expected(stem)["cells"].get(key, 0)) for stem in STEMS)


def test_value_is_a_finite_number_and_value_exact_keeps_the_digits() -> None:
    """Issue 11.7: value is a float (None beyond float range, never Infinity); value_exact is the exact text."""
    from decimal import Decimal

    cells = (
        gkparse.Cell("active.procurement.amount", "active", "procurement", "amount", Decimal("125565.17"), "x", 1),
        gkparse.Cell("active.procurement.items", "active", "procurement", "items", Decimal("1e400"), "y", 2),
    )
    report = gkparse.Report(
        source="r.txt",
        template="2019",
        year=2020,
        organ=None,
        layout="lines",
        active=gkparse.ActiveTable(template="2019", layout="lines", cells=cells),
        requests=None,
        appeals=None,
        findings=(),
    )
    rows = list(gkparse.rows([report]))
    assert [(r["value"], r["value_exact"]) for r in rows] == [(125565.17, "125565.17"), (None, "1E+400")]
