"""Batches from Python: inputs accounted for, special files, names, jobs, progress, findings as data."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import gkparse
from gkparse._write.batch import chunk_size
from tests.conftest import FIXTURES, REPORT_FILES, ROOT

GOOD = (FIXTURES / "004_f6278f3ab9b7decc.txt").read_bytes()


def _sources(outcomes: list[gkparse.Outcome]) -> list[str]:
    return [Path(str(o.source)).name for o in outcomes]


def test_missing_path_is_an_error() -> None:
    """Issue 11.2: a path that does not exist raises InputError naming it (no silent empty batch)."""
    with pytest.raises(gkparse.InputError, match="no such file or folder: no/such/dir"):
        list(gkparse.parse_paths(["no/such/dir"]))


def test_empty_folder_says_so(tmp_path: Path) -> None:
    """Issue 11.2: a folder with nothing matching is an InputError 'nothing to read'."""
    with pytest.raises(gkparse.InputError, match="nothing to read"):
        list(gkparse.parse_paths([tmp_path]))


def test_globs_are_expanded(tmp_path: Path) -> None:
    """Issue 11.2: parse_paths expands globs (with **) like gkparse.dask; a glob matching nothing is an error."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(GOOD)
    (tmp_path / "y.txt").write_bytes(GOOD)
    assert _sources(list(gkparse.parse_paths([str(tmp_path / "**" / "*.txt")]))) == ["x.txt", "y.txt"]
    with pytest.raises(gkparse.InputError, match="no file matches"):
        list(gkparse.parse_paths([str(tmp_path / "*.csv")]))


def test_jobs_below_one_is_a_clear_error() -> None:
    """Issue 11.3: jobs=0 or negative raises GkparseError before anything runs."""
    for jobs in (0, -3):
        with pytest.raises(gkparse.GkparseError, match="jobs must be"):
            list(gkparse.parse_paths([FIXTURES], jobs=jobs))


def test_jobs_give_the_same_outcomes_in_order() -> None:
    """Issue 11.1: jobs=2 (chunks of paths to workers) gives the outcomes of jobs=1, in the same order."""
    one = list(gkparse.parse_paths([FIXTURES]))
    two = list(gkparse.parse_paths([FIXTURES], jobs=2))
    assert one == two
    assert chunk_size(2000, 2) == 32
    assert chunk_size(5, 2) == 1


def _run_script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env
    )


def test_unguarded_script_fails_fast(tmp_path: Path) -> None:
    """Issue 11.1: jobs>1 in a script without the __main__ guard raises UnguardedMainError at once, never hangs."""
    proc = _run_script(
        tmp_path,
        f"""
        import gkparse
        print(len(list(gkparse.parse_paths([{str(FIXTURES)!r}], jobs=2))))
        """,
    )
    assert proc.returncode == 1
    assert "UnguardedMainError" in proc.stderr
    assert 'if __name__ == "__main__":' in proc.stderr


def test_batch_above_the_guard_fails_fast(tmp_path: Path) -> None:
    """Issue 11.1: a batch at top level of a script that has a guard elsewhere fails fast (workers stop), no hang."""
    proc = _run_script(
        tmp_path,
        f"""
        import gkparse
        print(len(list(gkparse.parse_paths([{str(FIXTURES)!r}], jobs=2))))
        if __name__ == "__main__":
            print("tail")
        """,
    )
    assert proc.returncode == 1
    assert "GkparseError" in proc.stderr
    assert 'if __name__ == "__main__":' in proc.stderr


def test_guarded_script_runs_workers(tmp_path: Path) -> None:
    """Issue 11.1: the same script with the guard runs its batch with 2 workers."""
    proc = _run_script(
        tmp_path,
        f"""
        import gkparse

        if __name__ == "__main__":
            print(len(list(gkparse.parse_paths([{str(FIXTURES)!r}], jobs=2))))
        """,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(len(REPORT_FILES))


def test_special_files_are_failure_rows(tmp_path: Path) -> None:
    """Issue 12.6: a FIFO and a link to /dev/zero are failures 'not a regular file'; the batch does not hang."""
    (tmp_path / "good.txt").write_bytes(GOOD)
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    got = {Path(str(o.source)).name: o for o in gkparse.parse_paths([tmp_path])}
    assert isinstance(got["good.txt"], gkparse.Report)
    for name in ("fifo.txt", "zero.txt"):
        item = got[name]
        assert isinstance(item, gkparse.Failure)
        assert "not a regular file" in item.reason


def test_size_cap_is_a_failure_row(tmp_path: Path) -> None:
    """Issue 12.6: a file over max_bytes is a failure 'too large'; the others are read."""
    (tmp_path / "big.txt").write_bytes(GOOD * 3)
    (tmp_path / "small.txt").write_bytes(b"x" * 10)
    got = {Path(str(o.source)).name: o for o in gkparse.parse_paths([tmp_path], max_bytes=len(GOOD))}
    assert isinstance(got["big.txt"], gkparse.Failure)
    assert "too large" in got["big.txt"].reason
    assert isinstance(got["small.txt"], gkparse.Report)


def test_non_utf8_file_name_is_kept_and_escaped(tmp_path: Path) -> None:
    """Issue 12.5: a GBK file name is read; its rows name it with \\xNN escapes and encode as UTF-8."""
    name = "报告.txt".encode("gbk")
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write(GOOD)
    (tmp_path / "ok.txt").write_bytes(GOOD)
    outcomes = list(gkparse.parse_paths([tmp_path]))
    assert all(isinstance(o, gkparse.Report) for o in outcomes)
    assert all(os.path.exists(str(o.source)) for o in outcomes)  # the record keeps the real name
    rows = list(gkparse.rows(outcomes, "wide"))
    sources = sorted(r["source"] for r in rows)
    assert sources[0].endswith("\\xb1\\xa8\\xb8\\xe6.txt")
    for s in sources:
        s.encode("utf-8")  # no surrogate left


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_subfolder_is_a_failure_row(tmp_path: Path) -> None:
    """Issue 12.10: a subfolder that cannot be read becomes a failure row, not a silent omission."""
    (tmp_path / "ok.txt").write_bytes(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_bytes(GOOD)
    locked.chmod(0)
    try:
        got = list(gkparse.parse_paths([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert any(isinstance(o, gkparse.Failure) and "cannot read the folder" in o.reason for o in got)


def test_folder_error_of_the_walk_is_a_failure_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12.10: an OSError os.walk reports (even as root) becomes a failure row naming the folder."""
    from gkparse._write import inputs

    (tmp_path / "ok.txt").write_bytes(GOOD)
    real_walk = os.walk

    def walk_with_error(top: str, onerror: object = None, **kw: object) -> object:
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        return real_walk(top)

    monkeypatch.setattr(inputs.os, "walk", walk_with_error)
    got = list(gkparse.parse_paths([tmp_path]))
    assert isinstance(got[-1], gkparse.Failure)
    assert got[-1].source.endswith("locked")
    assert got[-1].reason == "cannot read the folder: Permission denied"


def test_symlinked_folder_is_a_notice(tmp_path: Path) -> None:
    """Issue 12.10: a symlinked folder is not followed and is named in the walk's notices."""
    from gkparse._write.inputs import walk

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_bytes(GOOD)
    top = tmp_path / "top"
    top.mkdir()
    (top / "b.txt").write_bytes(GOOD)
    (top / "link").symlink_to(tmp_path / "real")
    walked = walk([top])
    assert [Path(f).name for f in walked.files] == ["b.txt"]
    assert walked.notices == (f"symlinked folder not followed: {top / 'link'}",)


def test_one_decoding_policy_for_nul_bytes(tmp_path: Path) -> None:
    """Issue 12.12: a stray NUL byte: parse_file reads what parse() reads; NUL-rich bytes are a DecodeError."""
    text = GOOD.decode("utf-8").replace("\n", "\n\x00", 1)
    p = tmp_path / "nul.txt"
    p.write_bytes(text.encode("utf-8"))
    cells = list(gkparse.parse_file(p).cells())
    assert cells
    assert cells == list(gkparse.parse(text).cells())
    with pytest.raises(gkparse.DecodeError):
        gkparse.decode("report 2020: 3 items\n".encode("utf-16-le") * 50)


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11.11: progress=True draws a tqdm bar (to stderr) with the file count."""
    n = len(REPORT_FILES)
    assert len(list(gkparse.parse_paths([FIXTURES], progress=True))) == n
    assert f"{n}/{n}" in capsys.readouterr().err


def test_findings_frame() -> None:
    """Issue 11.10, 20: findings_frame has one row per finding with source, severity, code, message, keys, line
    and a finding's relation, left and right."""
    outcomes = list(gkparse.parse_paths([FIXTURES]))
    frame = gkparse.findings_frame(outcomes)
    assert list(frame.columns) == ["source", "severity", "code", "message", "keys", "line", "relation", "left", "right"]
    assert len(frame) == sum(len(o.findings) for o in outcomes if isinstance(o, gkparse.Report))
    assert (frame["code"] == "money.unit_unknown").any()
    assert str(frame["line"].dtype) == "Int64"


@pytest.mark.parametrize(
    ("module", "extra", "call"),
    [
        ("tqdm", "progress", lambda: list(gkparse.parse_paths([FIXTURES], progress=True))),
        ("pandas", "pandas", lambda: gkparse.findings_frame([])),
        ("pyarrow", "arrow", lambda: gkparse.to_arrow([])),
        ("dask", "dask", lambda: __import__("gkparse.dask").dask.read_reports(FIXTURES)),
    ],
)
def test_missing_extra_names_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, module: str, extra: str, call: object
) -> None:
    """Issues 11.3, 11.11: a missing optional dependency is a GkparseError naming pip install "gkparse[EXTRA]"."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(gkparse.GkparseError, match=rf'pip install "gkparse\[{extra}\]"'):
        call()  # type: ignore[operator]
