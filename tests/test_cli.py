"""The gkparse command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkparse._read.formats import default_pattern
from gkparse.cli import main
from tests.conftest import FIXTURES, REPORT_FILES


def test_show_prints_numbers_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """`gkparse show FOLDER` summarises every report with its numbers and findings."""
    assert main(["show", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "厦门市同安区莲花镇人民政府" in out
    assert "procurement.amount=94600" in out  # 004: 9.46万元
    assert "money.unit_unknown" in out
    assert f"{len(REPORT_FILES)} file(s): {len(REPORT_FILES) - 4} with cells, 0 unreadable" in out


def test_quick_start_output_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11.15: `gkparse show fixtures` says the fixtures are excerpts and that '?' means unit not printed."""
    assert main(["show", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "procurement.amount=?" in out
    assert "unit not printed" in out
    assert "excerpts of real reports" in out
    assert "report.incomplete" in out


def test_show_reports_unreadable_files_and_carries_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad file is reported, the others are still shown, the exit status is 1 (a file failed)."""
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_text((FIXTURES / "003_651373a10ed2d74b.txt").read_text("utf-8"), "utf-8")
    assert main(["show", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "failed:" in out
    assert "兑镇镇人民政府" in out


def test_keys_lists_the_dictionary(capsys: pytest.CaptureFixture[str]) -> None:
    """`gkparse keys --template 2021` lists the 2021 keys with their labels."""
    assert main(["keys", "--template", "2021"]) == 0
    out = capsys.readouterr().out
    assert "active.rules.issued\t2021" in out
    assert "active.rules.made" not in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help works and shows examples."""
    with pytest.raises(SystemExit) as e:
        main(["show", "--help"])
    assert e.value.code == 0
    assert "examples:" in capsys.readouterr().out


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """A folder with good reports, an empty file, a binary file, a GBK report and a report with no tables."""
    d = tmp_path / "in"
    d.mkdir()
    for stem in ("004_f6278f3ab9b7decc", "002_e0387e8ce51192b3"):
        (d / f"{stem}.txt").write_text((FIXTURES / f"{stem}.txt").read_text("utf-8"), "utf-8")
    (d / "gbk.txt").write_bytes((FIXTURES / "003_651373a10ed2d74b.txt").read_text("utf-8").encode("gbk"))
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "notes.md").write_text("not a report", "utf-8")
    return d


def _jsonl(path: Path) -> list[dict[str, object]]:
    import json

    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_parse_jsonl_tidy_keeps_every_file(
    mixed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every good report's cells are written; bad files are failure rows; the summary counts them; exit 1."""
    out = tmp_path / "cells.jsonl"
    assert main(["parse", str(mixed_folder), "-o", str(out), "--jobs", "2"]) == 1
    rows = _jsonl(out)
    status = {Path(str(r["source"])).name: r["status"] for r in rows}
    assert status == {
        "002_e0387e8ce51192b3.txt": "no_cells",
        "004_f6278f3ab9b7decc.txt": "ok",
        "binary.txt": "failed",
        "empty.txt": "failed",
        "gbk.txt": "ok",
    }
    good = [r for r in rows if r["status"] == "ok"]
    assert len(good) == 198 + 193
    assert {r["error"] for r in rows if r["status"] == "failed"} == {
        "empty file",
        "the file is not text in UTF-8, UTF-8 with BOM, GB18030 or GBK",
    }
    err = capsys.readouterr().err
    assert "files 5, parsed 3 (1 without tables), with errors 0, failed 2" in err
    assert f"skipped 1 file(s) not matching {default_pattern()}: " in err
    assert "notes.md" in err


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_parse_csv_and_parquet_wide(mixed_folder: Path, tmp_path: Path, fmt: str) -> None:
    """CSV and Parquet, wide: one row per file, failures included."""
    import pandas as pd

    out = tmp_path / f"reports.{fmt}"
    assert main(["parse", str(mixed_folder), "-o", str(out), "--shape", "wide", "-q"]) == 1
    df = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert len(df) == 5
    assert sorted(df["status"]) == ["failed", "failed", "no_cells", "ok", "ok"]
    gbk = df[df["source"].str.endswith("gbk.txt")].iloc[0]
    assert float(gbk["active.procurement.amount"]) == 60200.0


def test_parse_to_stdout_and_no_partial_file_on_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without -o rows go to stdout; a failed write leaves no output file and no temp file behind."""
    assert main(["parse", str(FIXTURES / "004_f6278f3ab9b7decc.txt")]) == 0
    assert '"key": "requests.new.total"' in capsys.readouterr().out
    from gkparse._write import output

    def write_then_fail(target: Path) -> None:
        with output.atomic_output(str(target)) as fh:
            fh.write("half a file\n")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_then_fail(tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_parquet_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    """Parquet without -o: one line on stderr naming -o, exit status 2, no traceback, nothing on stdout."""
    assert main(["parse", str(FIXTURES / "004_f6278f3ab9b7decc.txt"), "--format", "parquet"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "-o OUT" in err
    assert "Traceback" not in err


def test_check_prints_findings_and_exit_codes(mixed_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gkparse check`: path:line: severity code message; 1 when a file is unreadable."""
    assert main(["check", str(mixed_folder)]) == 1
    out = capsys.readouterr().out
    assert "binary.txt: error unreadable" in out
    assert "002_e0387e8ce51192b3.txt: warning report.no_tables" in out
    assert main(["check", str(FIXTURES / "dev21_07.txt")]) == 0
    assert "dev21_07.txt:3: warning narrative.requests_new" in capsys.readouterr().out


def test_check_exits_1_on_error_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An arithmetic error finding makes check exit 1."""
    p = tmp_path / "r.txt"
    p.write_text("四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 1 | 0 | 0 | 0 | 2 |\n", "utf-8")
    assert main(["check", str(p)]) == 1
    assert "error appeals.row_total" in capsys.readouterr().out
