"""The gkparse command run as a user runs it: a subprocess, exit codes, stderr, files on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gkparse
from tests.conftest import FIXTURES, ROOT

GOOD = FIXTURES / "004_f6278f3ab9b7decc.txt"


def gk(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m gkparse ARGS`` with a timeout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gkparse", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)


def one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    """Exit 2, one line on stderr containing ``needle``, no traceback, nothing on stdout."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert needle in proc.stderr
    assert proc.stdout == ""


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    """Issue 11.2: a path that does not exist: exit 2, one line, no output file."""
    one_line_error(gk("parse", "no/such/dir", "-o", str(tmp_path / "n.jsonl")), "no such file or folder")
    assert not (tmp_path / "n.jsonl").exists()


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    """Issue 11.2: an empty folder writes nothing and says so, exit 2."""
    (tmp_path / "in").mkdir()
    one_line_error(gk("parse", str(tmp_path / "in"), "-o", str(tmp_path / "n.jsonl")), "nothing to read")
    assert not (tmp_path / "n.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "parquet"], "give -o OUT"),
        (["-o", "{tmp}"], "is a folder"),
        (["-o", "{tmp}/x.xls"], "unknown output suffix '.xls'"),
        (["-o", "{tmp}/x.parquet", "--format", "csv"], "does not match the suffix"),
        (["-o", "{good}"], "one of the inputs"),
        (["-o", "{tmp}/file/x.jsonl"], "cannot create the folder"),
        (["-o", "/dev/zero"], "device"),
    ],
)
def test_output_problems_are_one_line_before_parsing(tmp_path: Path, args: list[str], needle: str) -> None:
    """Issues 11.3, 11.4, 12.7, 12.8: a bad -o or --format is one line and exit 2, before anything is parsed."""
    (tmp_path / "file").write_text("a file, not a folder", "utf-8")
    args = [a.format(tmp=tmp_path, good=GOOD) for a in args]
    one_line_error(gk("parse", str(GOOD), *args), needle)
    assert GOOD.stat().st_size > 0


def test_bad_jobs_is_the_subcommand_usage() -> None:
    """Issues 11.3, 11.6: --jobs 0 / -3 and unknown options print the parse usage and exit 2."""
    for bad in (["--jobs", "0"], ["--jobs=-3"], ["--no-such-option"]):
        proc = gk("parse", str(GOOD), *bad)
        assert proc.returncode == 2
        assert proc.stderr.startswith("usage: gkparse parse"), proc.stderr
        assert "Traceback" not in proc.stderr


def test_missing_optional_dependency_is_one_line(tmp_path: Path) -> None:
    """Issue 11.3: without pyarrow, Parquet output names pip install "gkparse[arrow]" — exit 2, no traceback."""
    code = (
        "import sys; sys.modules['pyarrow'] = None; from gkparse.cli import main; "
        f"sys.exit(main(['parse', {str(GOOD)!r}, '-o', {str(tmp_path / 'x.parquet')!r}]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    one_line_error(proc, 'pip install "gkparse[arrow]"')
    assert list(tmp_path.iterdir()) == []


def test_output_respects_the_umask(tmp_path: Path) -> None:
    """Issue 11.5: the output file is created with the umask (0644 under umask 022), not 0600."""
    out = tmp_path / "cells.jsonl"
    old = os.umask(0o022)
    try:
        assert gk("parse", str(GOOD), "-o", str(out)).returncode == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_version_and_exit_codes(tmp_path: Path) -> None:
    """Issue 11.6: --version; 0 when every file is read; 1 when a file failed (its row written); 2 usage."""
    assert gk("--version").stdout.strip() == f"gkparse {gkparse.__version__}"
    assert gk("parse", str(GOOD), "-q").returncode == 0
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = gk("parse", str(GOOD), str(tmp_path / "empty.txt"), "-q")
    assert proc.returncode == 1
    assert '"status": "failed"' in proc.stdout
    assert gk("parse").returncode == 2
    assert "exit status:" in gk("parse", "--help").stdout


def _rows(proc: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert proc.returncode in (0, 1), proc.stderr
    return [json.loads(x) for x in proc.stdout.splitlines()]


def test_one_type_per_column_and_row_schema(tmp_path: Path) -> None:
    """Issue 11.7: value is always a JSON number (or null), value_exact a string; rows validate against row_schema."""
    import jsonschema
    import pandas as pd

    rows = _rows(gk("parse", str(FIXTURES), "-q"))
    schema = gkparse.row_schema("tidy")
    for r in rows:
        jsonschema.validate(r, schema)
    assert {type(r["value"]) for r in rows} <= {float, type(None)}
    money = [r for r in rows if r["raw"] == "9.46万元"]
    assert (money[0]["value"], money[0]["value_exact"]) == (94600.0, "94600")
    out = tmp_path / "cells.csv"
    gk("parse", str(FIXTURES), "-q", "-o", str(out))
    csv = pd.read_csv(out, dtype={"value_exact": str})
    assert csv["value"].dtype == "float64"
    pq = tmp_path / "cells.parquet"
    gk("parse", str(FIXTURES), "-q", "-o", str(pq))
    frame = pd.read_parquet(pq)
    assert list(frame.columns) == list(csv.columns) == list(rows[0])
    assert frame["value"].dtype == "float64"
    for r in _rows(gk("parse", str(FIXTURES), "-q", "--shape", "wide")):
        jsonschema.validate(r, gkparse.row_schema("wide"))


def test_csv_excel_has_a_bom(tmp_path: Path) -> None:
    """Issue 11.8: --format csv-excel writes UTF-8 with a byte-order mark (Excel shows Chinese)."""
    out = tmp_path / "r.csv"
    src = str(FIXTURES / "000_e5f035dbe7594dbe.txt")
    assert gk("parse", src, "--format", "csv-excel", "--shape", "wide", "-o", str(out)).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsource,")
    assert "莲花镇人民政府".encode() in data


def test_findings_option_writes_findings_rows(tmp_path: Path) -> None:
    """Issue 11.10: --findings OUT writes one row per finding beside the cells."""
    import pandas as pd

    out, found = tmp_path / "cells.parquet", tmp_path / "findings.csv"
    assert gk("parse", str(FIXTURES), "-q", "-o", str(out), "--findings", str(found)).returncode == 0
    frame = pd.read_csv(found)
    assert list(frame.columns) == ["source", "severity", "code", "message", "keys", "line", "relation", "left", "right"]
    expected = gkparse.findings_frame(gkparse.parse_paths([FIXTURES]))
    assert len(frame) == len(expected) > 0


def test_progress_line_has_an_eta() -> None:
    """Issue 11.11: the CLI bar shows files, rate and an ETA."""
    from gkparse._write.command import Progress

    bar = Progress(100, enabled=False)
    bar.step(25)
    line = bar.line(bar.t0 + 5.0)
    assert "25/100 files" in line
    assert "ETA 0:15" in line


def test_output_through_a_symlink_and_to_stdout(tmp_path: Path) -> None:
    """Issue 12.7: -o LINK replaces the file the link names (the link stays); '-' and /dev/stdout are stdout."""
    target = tmp_path / "real.jsonl"
    target.write_text("old\n", "utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert gk("parse", str(GOOD), "-o", str(link), "-q").returncode == 0
    assert link.is_symlink()
    assert '"requests.new.total"' in target.read_text("utf-8")
    for out in ("-", "/dev/stdout"):
        proc = gk("parse", str(GOOD), "-o", out, "-q")
        assert proc.returncode == 0
        assert '"requests.new.total"' in proc.stdout
    assert Path("/dev/stdout").is_symlink() or Path("/dev/stdout").is_char_device()


def test_output_inside_a_walked_folder_is_refused(tmp_path: Path) -> None:
    """Issue 12.7: -o inside a folder being read is refused (it would be read next time, or clobber an input)."""
    (tmp_path / "a.txt").write_bytes(GOOD.read_bytes())
    one_line_error(gk("parse", str(tmp_path), "-o", str(tmp_path / "out.jsonl")), "inside the input folder")


def test_csv_cells_cannot_be_formulas(tmp_path: Path) -> None:
    """Issue 12.11: a text cell beginning with = + - @ is written with a leading ' in CSV; numbers are not."""
    from gkparse._write.writer import spreadsheet_safe

    (tmp_path / "=1+2.txt").write_bytes(GOOD.read_bytes())
    out = tmp_path / "out" / "r.csv"
    assert gk("parse", "=1+2.txt", "--shape", "wide", "-o", str(out), cwd=tmp_path).returncode == 0
    assert "\n'=1+2.txt," in out.read_text("utf-8")
    assert [spreadsheet_safe(v) for v in ("@x", "-5", "+1.5", "a=b", 3.0)] == ["'@x", "-5", "+1.5", "a=b", 3.0]


def test_check_show_parse_agree_on_empty_files(tmp_path: Path) -> None:
    """Issue 12.12: an empty file is 'empty file' (unreadable) in check, show and parse alike."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n")
    check = gk("check", str(tmp_path))
    show = gk("show", str(tmp_path))
    parse = gk("parse", str(tmp_path), "-q")
    assert check.stdout.count("error unreadable empty file") == 2
    assert "2 file(s): 0 with cells, 2 unreadable" in show.stdout
    assert [r["error"] for r in _rows(parse)] == ["empty file", "empty file"]
    assert check.returncode == show.returncode == parse.returncode == 1


def test_jobs_1_and_2_write_the_same_rows(tmp_path: Path) -> None:
    """Issue 11.1: the CLI with --jobs 2 writes byte-identical output to --jobs 1."""
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    gk("parse", str(FIXTURES), "-q", "-o", str(one))
    gk("parse", str(FIXTURES), "-q", "-o", str(two), "--jobs", "2")
    assert one.read_bytes() == two.read_bytes()


def test_non_utf8_file_name_does_not_abort_the_batch(tmp_path: Path) -> None:
    """Issue 12.5: with a GBK-named file in the folder, every file is written (JSONL and CSV), exit 0."""
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), "报告.txt".encode("gbk")), "wb") as fh:
        fh.write(GOOD.read_bytes())
    (folder / "ok.txt").write_bytes(GOOD.read_bytes())
    rows = _rows(gk("parse", str(folder), "-q", "--shape", "wide"))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert any(str(r["source"]).endswith("\\xb1\\xa8\\xb8\\xe6.txt") for r in rows)
    out = tmp_path / "r.csv"
    assert gk("parse", str(folder), "-q", "-o", str(out)).returncode == 0
    assert "\\xb1\\xa8" in out.read_text("utf-8")
