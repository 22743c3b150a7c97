"""Every output format, read back by pandas, polars and DuckDB, equals the frames gkparse gives."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import gkparse
from gkparse.cli import main

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")

ROWS = ("jsonl", "json", "csv", "parquet")


@pytest.fixture(scope="module")
def frame() -> Any:
    """The tidy frame of the fixtures, as ``to_frame`` gives it."""
    return gkparse.to_frame(list(gkparse.parse_paths([gkparse.fixtures_path()])))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixtures written by ``gkparse parse`` in every format."""
    folder = tmp_path_factory.mktemp("outputs")
    out = {}
    for fmt in (*ROWS, "sqlite", "duckdb", "xlsx"):
        path = folder / f"cells.{fmt}"
        assert main(["parse", str(gkparse.fixtures_path()), "-q", "-o", str(path)]) == 0
        out[fmt] = path
    return out


def _norm(v: Any, typeless: bool) -> Any:
    """A value as compared: null for None/NaN/NA; numbers as floats; in a typeless format (CSV) a
    string that is a number compares as that number (the reader may have read it so)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if typeless and isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return v
    return v


def _same(expected: Any, got: Any, typeless: bool = False) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for col in expected.columns:
        want = [_norm(v, typeless) for v in expected[col].tolist()]
        have = [_norm(v, typeless) for v in got[col].tolist()]
        assert have == want, col


def _read(tool: str, fmt: str, path: Path) -> Any:
    """The file as a pandas frame, read by ``tool`` with its default options (polars: the text
    formats with ``infer_schema_length=None``, see the test below)."""
    if tool == "duckdb":
        return duckdb.sql(f"SELECT * FROM '{path}'").df()
    if tool == "pandas":
        return {
            "jsonl": lambda: pd.read_json(path, lines=True, dtype=False),
            "json": lambda: pd.read_json(path, dtype=False),
            "csv": lambda: pd.read_csv(path),
            "parquet": lambda: pd.read_parquet(path),
        }[fmt]()
    read = {"jsonl": pl.read_ndjson, "json": pl.read_json, "csv": pl.read_csv, "parquet": pl.read_parquet}[fmt]
    options = {} if fmt == "parquet" else {"infer_schema_length": None}
    return read(path, **options).to_pandas()


@pytest.mark.parametrize("tool", ["pandas", "polars", "duckdb"])
@pytest.mark.parametrize("fmt", ROWS)
def test_row_outputs_read_back_equal_the_frame(frame: Any, written: dict[str, Path], fmt: str, tool: str) -> None:
    """JSON lines, a JSON array, CSV and Parquet read by pandas, polars and DuckDB give the frame's
    columns and values (CSV carries no types: its numbers may come back as numbers)."""
    _same(frame, _read(tool, fmt, written[fmt]), typeless=fmt == "csv")


def test_parquet_keeps_the_frame_dtypes(frame: Any, written: dict[str, Path]) -> None:
    """Parquet read by pandas with nullable dtypes has exactly the frame's dtypes (year Int64, ok boolean)."""
    got = pd.read_parquet(written["parquet"], dtype_backend="numpy_nullable")
    for col in frame.columns:
        want = "Float64" if str(frame[col].dtype) == "float64" else str(frame[col].dtype)
        assert str(got[col].dtype) in (want, "string[python]", "string[pyarrow]", str(frame[col].dtype)), col


def test_frames_have_one_dtype_per_kind() -> None:
    """Every route to pandas gives one dtype per column: strings string, counts Int64, values float64."""
    outcomes = list(gkparse.parse_paths([gkparse.fixtures_path()]))
    for shape in ("tidy", "wide", "findings"):
        f = gkparse.to_frame(outcomes, shape)
        for col in ("source", "year", "template"):
            if col in f:
                assert str(f[col].dtype) == ("Int64" if col == "year" else "string"), (shape, col)
        if "value" in f:
            assert str(f["value"].dtype) == "float64"
            assert str(f["raw"].dtype) == "string"


@pytest.mark.parametrize("fmt", ["sqlite", "duckdb"])
def test_databases_hold_reports_cells_and_findings(frame: Any, written: dict[str, Path], fmt: str) -> None:
    """A database's cells, read by pandas, polars and DuckDB, are the frame's cells of the reports it
    holds (one per report_key: the same report in two files is stored once)."""
    path = written[fmt]
    if fmt == "sqlite":
        con = sqlite3.connect(path)
        cells = pd.read_sql("SELECT * FROM cells", con)
        reports = pd.read_sql("SELECT * FROM reports", con)
        con.close()
    else:
        con = duckdb.connect(str(path), read_only=True)
        cells = con.sql("SELECT * FROM cells").df()
        reports = con.sql("SELECT * FROM reports").df()
        assert len(pl.from_arrow(con.sql("SELECT * FROM cells").arrow())) == len(cells)
        con.close()
    assert reports["report_key"].is_unique
    assert set(cells["report_key"]) <= set(reports["report_key"])
    kept = frame[frame["source"].isin(reports["source"]) & frame["key"].notna()]
    assert len(cells) == len(kept)
    assert sorted(map(str, cells["key"] + "=" + cells["value_exact"].fillna(""))) == sorted(
        map(str, kept["key"] + "=" + kept["value_exact"].fillna(""))
    )


@pytest.mark.parametrize("fmt", ["sqlite", "duckdb"])
def test_databases_append_without_duplicating(tmp_path: Path, fmt: str) -> None:
    """A second run into the same database adds no report already there, and adds new ones."""
    path = tmp_path / f"corpus.{fmt}"
    one = gkparse.fixtures_path("000_e5f035dbe7594dbe.txt")
    two = gkparse.fixtures_path("001_7f8cb9d4cf28011f.txt")
    assert main(["parse", str(one), "-q", "-o", str(path)]) == 0
    assert main(["parse", str(one), str(two), "-q", "-o", str(path)]) == 0
    assert main(["parse", str(one), str(two), "-q", "-o", str(path)]) == 0
    con = duckdb.connect(str(path)) if fmt == "duckdb" else sqlite3.connect(path)
    n_reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    n_cells = con.execute("SELECT count(*) FROM cells").fetchall()[0][0]
    con.close()
    assert n_reports == 2
    both = gkparse.to_frame([gkparse.parse_file(one), gkparse.parse_file(two)])
    assert n_cells == len(both)


def test_excel_has_three_sheets(written: dict[str, Path], frame: Any) -> None:
    """The workbook has the sheets reports, cells and findings; the cells sheet holds every row."""
    pytest.importorskip("openpyxl")
    sheets = pd.read_excel(written["xlsx"], sheet_name=None)
    assert list(sheets) == ["reports", "cells", "findings"]
    assert len(sheets["cells"]) == len(frame)


def test_json_suffix_writes_one_array(written: dict[str, Path]) -> None:
    """``-o out.json`` writes one JSON array (what ``pandas.read_json`` reads), not JSON lines."""
    import json

    data = json.loads(written["json"].read_text(encoding="utf-8"))
    assert isinstance(data, list)
    assert data[0]["source"].endswith(".txt")


def test_exhausted_outcomes_are_refused() -> None:
    """Passing parse_paths' outcomes a second time raises instead of giving an empty frame."""
    outcomes = gkparse.parse_paths([gkparse.fixtures_path("000_e5f035dbe7594dbe.txt")])
    assert len(gkparse.to_frame(outcomes)) > 0
    with pytest.raises(gkparse.GkparseError, match="already read"):
        gkparse.to_frame(outcomes)


def test_comparable_frame_has_the_frame_dtypes() -> None:
    """comparable_frame: year Int64 and strings string, as from to_frame; values float64."""
    outcomes = list(gkparse.parse_paths([gkparse.fixtures_path()]))
    f = gkparse.comparable_frame(outcomes)
    assert str(f["year"].dtype) == "Int64"
    assert str(f["source"].dtype) == "string"
    assert str(f["requests.new.total"].dtype) == "float64"
    assert len(f) == 45
