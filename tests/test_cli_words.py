"""What the command line says matches what it does (issue 20, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gkparse
from gkparse.cli import build_parser, main


def test_skipped_files_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file the pattern leaves out is named on standard error by parse, check and show."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt").read_bytes())
    (tmp_path / "in" / "notes.xyz").write_text("x", encoding="utf-8")
    for argv in (["parse", "-o", str(tmp_path / "o.jsonl")], ["check"], ["show"]):
        main([argv[0], str(tmp_path / "in"), *argv[1:]])
        assert "notes.xyz" in capsys.readouterr().err, argv[0]


def test_quiet_is_accepted_by_every_reading_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check, show and parse accept -q, which silences the notices."""
    one = str(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))
    assert main(["check", one, "-q"]) == 0
    assert main(["show", one, "-q"]) == 0
    assert main(["parse", one, "-q", "-o", str(tmp_path / "o.jsonl")]) == 0


def test_show_fixtures_works_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gkparse show fixtures` (the --help example) reads the bundled fixtures from any folder, and counts
    as "with cells" only reports that have cells."""
    monkeypatch.chdir(tmp_path)
    assert main(["show", "fixtures", "-q"]) == 0
    out = capsys.readouterr().out
    assert "45 file(s): 41 with cells" in out


def test_a_table_without_cells_is_not_all_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """show never prints "all 0 cells are 0": a table with no cell read says so."""
    main(["show", str(gkparse.fixtures_path()), "-q"])
    assert "all 0 cells are 0" not in capsys.readouterr().out


def test_help_names_every_output_and_reader() -> None:
    """parse --help names every output suffix and the tidy columns; the readers are not .txt only."""
    parse = build_parser()._subparsers._group_actions[0].choices["parse"].format_help()  # type: ignore[union-attr]
    for needle in (".json one JSON array", ".sqlite", ".duckdb", ".xlsx", "source_format", "report_id"):
        assert needle in parse, needle
    assert "PDF" in build_parser().format_help()
