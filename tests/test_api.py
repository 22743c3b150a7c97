"""The public API: names, records, encodings, errors."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import gkparse
from tests.conftest import FIXTURES


def test_public_names() -> None:
    """The names the scorer and users depend on are exported."""
    for name in ("parse", "parse_file", "Report", "Cell", "Finding", "GkparseError"):
        assert name in gkparse.__all__
        assert hasattr(gkparse, name)


def test_report_is_frozen_and_tables_are_typed() -> None:
    """Reports are immutable; tables are typed, indexable by ROW.COL and validate keys."""
    report = gkparse.parse_file(FIXTURES / "004_f6278f3ab9b7decc.txt")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.year = 1999  # type: ignore[misc]
    assert isinstance(report.requests, gkparse.RequestsTable)
    assert report.requests["new.natural_person"] == 2
    assert report.requests.row("new")["total"] == 2
    with pytest.raises(KeyError):
        report.requests["new.nonsense"]
    assert report.ok


def test_cells_carry_key_parts_raw_and_line() -> None:
    """A cell has its key split into table/row/col, its printed text and its line."""
    report = gkparse.parse_file(FIXTURES / "003_651373a10ed2d74b.txt")
    cell = report.active.get("procurement.amount") if report.active else None
    assert cell is not None
    assert (cell.key, cell.table, cell.row, cell.col) == (
        "active.procurement.amount",
        "active",
        "procurement",
        "amount",
    )
    assert (cell.raw, cell.line) == ("6.02 万元", 62)


def test_blank_cells_read_as_none_through_the_table() -> None:
    """Seed 003's 行政复议 cells are blank: absent, and None through the table."""
    report = gkparse.parse_file(FIXTURES / "003_651373a10ed2d74b.txt")
    assert report.appeals is not None
    assert report.appeals.get("review.total") is None
    assert report.appeals["review.total"] is None
    assert report.appeals["litigation_direct.total"] == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_parse_file_detects_encoding(tmp_path: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM, GB18030/GBK and UTF-16 with BOM files give the same report."""
    text = (FIXTURES / "001_7f8cb9d4cf28011f.txt").read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    report = gkparse.parse_file(path)
    expected = gkparse.parse(text)
    assert list(report.cells()) == list(expected.cells())
    assert report.source == str(path)


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    """Bytes that are no text raise DecodeError (a GkparseError) naming the file."""
    path = tmp_path / "x.bin"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(gkparse.GkparseError) as info:
        gkparse.parse_file(path)
    assert isinstance(info.value, gkparse.DecodeError)
    assert str(path) in str(info.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A missing file raises InputError, not OSError."""
    with pytest.raises(gkparse.InputError, match="cannot read"):
        gkparse.parse_file(tmp_path / "missing.txt")


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["list"]])
def test_parse_rejects_non_text(bad: object) -> None:
    """parse() takes str; anything else is a GkparseError with a hint."""
    with pytest.raises(gkparse.GkparseError, match="str"):
        gkparse.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "junk", ["", " ", "\n\n", "€", "|", "\t", "||||\n|\n", "\x00\x01", "规章", "0", "-", "(((((", "一、" * 500]
)
def test_junk_never_crashes(junk: str) -> None:
    """Junk gives a report (usually with a finding), never an exception."""
    report = gkparse.parse(junk)
    assert isinstance(report, gkparse.Report)


def test_empty_file_is_a_report_without_tables(tmp_path: Path) -> None:
    """An empty file parses to a report with no tables and a finding."""
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    report = gkparse.parse_file(path)
    assert report.tables == ()
    assert [f.code for f in report.findings] == ["report.no_tables"]


def test_all_keys_is_the_data_dictionary() -> None:
    """all_keys() lists every key of both templates once, with Chinese labels."""
    keys = gkparse.all_keys()
    names = [k.key for k in keys]
    assert len(names) == len(set(names))
    assert "requests.other.total" in names
    assert "requests.other.other.total" in names
    assert "active.fees.amount" in names
    assert "active.procurement.amount" in names
    spec = next(k for k in keys if k.key == "requests.new.total")
    assert spec.templates == ("2019", "2021")
    assert "本年新收" in spec.row_label
    assert next(k for k in keys if k.key == "active.fees.amount").money


def _docstrings(obj: object) -> list[str]:
    import inspect

    docs = [inspect.getdoc(obj) or ""]
    if inspect.isclass(obj):
        docs += [inspect.getdoc(m) or "" for _, m in inspect.getmembers(obj) if callable(m) or isinstance(m, property)]
    return docs


def test_public_names_are_documented_without_sphinx_roles() -> None:
    """Issue 11.12: every public name is on the API page; no docstring shows a literal Sphinx role."""
    import re

    import gkparse.dask
    import gkparse.errors

    page = (FIXTURES.parent / "docs" / "reference" / "api.md").read_text("utf-8")
    role = re.compile(r":(func|class|meth|attr|mod|data|exc):`")
    for name in gkparse.__all__:
        if name == "__version__":
            continue
        assert f"gkparse.{name}" in page or name in vars(gkparse.errors), name
        for doc in _docstrings(getattr(gkparse, name)):
            assert not role.search(doc), (name, doc)
    for mod in (gkparse.dask, gkparse.errors):
        assert not role.search(mod.__doc__ or "")
    for name in ("Value", "Outcome", "Severity"):
        assert name in gkparse.__all__


def test_python_3_13_is_declared() -> None:
    """Issue 11.14: the classifiers name 3.10 to 3.13; .ci/run tests on 3.13, 3.12 and 3.10 where installed."""
    ci = (FIXTURES.parent / ".ci" / "run").read_text("utf-8")
    assert "for py in python3.13 python3.12 python3.10" in ci
    assert "skipped" in ci
    text = (FIXTURES.parent / "pyproject.toml").read_text("utf-8")
    for v in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {v}" in text
