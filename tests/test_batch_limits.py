"""Issue 21: one bad file among many never stops a batch nor loses its results.

Each file is read in a worker process within a time limit (``--timeout``,
``timeout=``) and a memory limit (``--max-memory``, ``max_memory=``); a file
over either, or whose worker dies (``kill -9``, the OOM killer), is one
failure row with the reason, the worker is replaced, and every other file's
result is kept, in order.  Workers die with their parent.  Every batch runs
in a subprocess with a timeout of its own, so a regression fails, never hangs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import advgen as a
from tests.conftest import FIXTURES, ROOT

pytest.importorskip("pypdfium2")
pytest.importorskip("lxml")
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process trees are read from /proc")

TEXTS = sorted(FIXTURES.glob("*.txt"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _good(folder: Path, n: int) -> list[str]:
    """``n`` good report files (the fixtures' texts, cycled) named ``a_00.txt`` …, sorted before the bad ones."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        shutil.copy(TEXTS[i % len(TEXTS)], folder / f"a_{i:02d}.txt")
        names.append(f"a_{i:02d}.txt")
    return names


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry))
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _cpu(pid: int) -> float:
    """Seconds of CPU a process has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _workers(pid: int) -> list[int]:
    """The worker processes of a batch: the processes its forkserver started."""
    return [
        c for d in _descendants(pid) if b"forkserver" in Path(f"/proc/{d}/cmdline").read_bytes() for c in _children(d)
    ]


def busy_pdf() -> bytes:
    """A PDF that keeps a worker busy for many seconds whatever the reader (1,000 pages of lines; the
    self-referencing PDFs that hung pdfplumber for ever are read at once by PDFium)."""
    return a.pdf_pages(1000)


def _busy_worker(pid: int, cpu: float = 1.5, within: float = 60) -> int:
    """A worker of batch ``pid`` that has used ``cpu`` seconds of CPU: it is stuck on one bad file."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for w in _workers(pid):
            if _cpu(w) >= cpu:
                return w
        time.sleep(0.1)
    raise AssertionError("no worker got busy")


def _kill_tree(pid: int) -> None:
    for p in [pid, *_descendants(pid)]:
        with contextlib.suppress(OSError):
            os.kill(p, signal.SIGKILL)


@pytest.fixture
def batch(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    """Batches started by a test; whatever is left of them is killed at the end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        _kill_tree(proc.pid)
        proc.wait(10)


def _parse(folder: Path, out: Path, *options: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "gkparse", "parse", str(folder), "-o", str(out), "-q", *options]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def _rows_by_file(out: Path) -> dict[str, list[dict[str, object]]]:
    by_file: dict[str, list[dict[str, object]]] = {}
    for line in out.read_text("utf-8").splitlines():
        row = json.loads(line)
        by_file.setdefault(Path(str(row["source"])).name, []).append(row)
    return by_file


def test_hanging_pdfs_are_failure_rows_and_the_batch_goes_on(tmp_path: Path) -> None:
    """The five self-referencing PDFs (pdfminer's resolve1 loops for ever on them) among good files:
    parse_paths(timeout=2, jobs=2) gives a failure "timed out" for each and every report, in order
    (0.2: parse_paths never returned)."""
    folder = tmp_path / "in"
    good = _good(folder, 6)
    for where in a.SELF_REFERENCES:
        (folder / f"z_{where}.pdf").write_bytes(a.pdf_self_reference(where))
    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, os, gkparse
            if __name__ == "__main__":
                out = gkparse.parse_paths([{str(folder)!r}], jobs=2, timeout=2)
                print(json.dumps([[os.path.basename(o.source), getattr(o, "reason", None)] for o in out]))
            """
        ),
        "utf-8",
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=ENV)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert [name for name, _ in got] == good + [f"z_{w}.pdf" for w in sorted(a.SELF_REFERENCES)]
    assert all(reason is None for _, reason in got[: len(good)])
    for name, reason in got[len(good) :]:
        assert reason is None or "timed out" in reason or "PDF" in reason, (name, reason)


def test_a_killed_worker_costs_only_its_file(tmp_path: Path, batch: list[subprocess.Popen[str]]) -> None:
    """kill -9 of the worker stuck on a bad file (what the OOM killer does): that file is a failure row
    "killed (SIGKILL)", the worker is replaced, every other file is read (0.2: rc 2, nothing written, and
    a message blaming a missing __main__ guard)."""
    folder = tmp_path / "in"
    good = _good(folder, 12)
    (folder / "m_hang.pdf").write_bytes(busy_pdf())
    for i in range(12, 20):
        shutil.copy(TEXTS[i % len(TEXTS)], folder / f"n_{i:02d}.txt")
        good.append(f"n_{i:02d}.txt")
    out = tmp_path / "cells.jsonl"
    batch.append(proc := _parse(folder, out, "--jobs", "2"))  # the default time limit, 120 s, is not reached
    os.kill(_busy_worker(proc.pid), signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    rows = _rows_by_file(out)
    assert sorted(rows) == sorted([*good, "m_hang.pdf"])
    (failure,) = rows["m_hang.pdf"]
    assert failure["status"] == "failed"
    assert "killed (SIGKILL)" in str(failure["error"])
    assert all(r["status"] != "failed" for name in good for r in rows[name])


def test_a_file_over_the_memory_limit_is_a_failure_row(tmp_path: Path) -> None:
    """A 24 MB table text (reading it takes about 900 MB) under max_memory=256 MB: a failure "out of memory"
    and the worker replaced; the good files after it are read (0.2 had no memory limit).  (The flate bomb this
    test used is now refused by the PDF reader's stream cap before it takes memory.)"""
    folder = tmp_path / "in"
    (folder).mkdir()
    shutil.copy(TEXTS[0], folder / "a.txt")
    row = "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    (folder / "b_bomb.txt").write_text("三、收到和处理政府信息公开申请情况\n" + row * 300_000, "utf-8")
    shutil.copy(TEXTS[1], folder / "c.txt")
    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, os, gkparse
            if __name__ == "__main__":
                out = gkparse.parse_paths([{str(folder)!r}], max_memory=256 * 2**20, timeout=60)
                print(json.dumps([[os.path.basename(o.source), getattr(o, "reason", None)] for o in out]))
            """
        ),
        "utf-8",
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=ENV)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert [name for name, _ in got] == ["a.txt", "b_bomb.txt", "c.txt"]
    assert got[0][1] is None
    assert got[2][1] is None
    assert "out of memory" in got[1][1]
    assert "256 MB" in got[1][1]


def test_workers_die_with_their_parent(tmp_path: Path, batch: list[subprocess.Popen[str]]) -> None:
    """SIGKILL of a batch whose worker is busy on a long PDF leaves no process behind
    (0.2: the worker stayed, orphaned, at 100 % CPU)."""
    folder = tmp_path / "in"
    _good(folder, 2)
    (folder / "z.pdf").write_bytes(busy_pdf())
    batch.append(proc := _parse(folder, tmp_path / "cells.jsonl", "--jobs", "2"))
    worker = _busy_worker(proc.pid)
    tree = _descendants(proc.pid)
    assert worker in tree
    try:
        proc.kill()
        proc.wait(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_cpu(p) for p in tree):
            time.sleep(0.1)
        assert not [p for p in tree if _cpu(p)], "a worker outlived its parent"
    finally:
        for p in tree:  # orphans are no descendants of the batch any more: kill them by their ids
            with contextlib.suppress(OSError):
                os.kill(p, signal.SIGKILL)


def test_fifty_good_files_every_pathological_file_and_a_killed_worker(
    tmp_path: Path, batch: list[subprocess.Popen[str]]
) -> None:
    """Issue 21's batch: 50 good files, the self-referencing PDFs, the PDF, DOCX and HTML bombs, a FIFO,
    and kill -9 of a worker once the good files are read: the batch finishes, every good file's rows are
    there, and each bad file has exactly one row, a failure with its reason (a PDF reader that reads one
    of the PDF repros instead may give it a report)."""
    folder = tmp_path / "in"
    good = _good(folder, 50)
    bad = {f"z_self_{w}.pdf": a.pdf_self_reference(w) for w in a.SELF_REFERENCES}
    bad |= {
        "z_flate_bomb.pdf": a.pdf_flate_bomb(200_000_000),
        "z_pages.pdf": a.pdf_pages(1000),
        "z_grid.pdf": a.pdf_ruled_grid(200),
        "z_zip_bomb.docx": a.docx_paragraph_bomb(100_000_000),
        "z_span_bomb.docx": a.docx_span_bomb(20),
        "z_colspan_bomb.html": a.html_colspan_bomb(100),
        "zz_long.pdf": busy_pdf(),  # read last: its worker is the one killed
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "z_fifo.txt")
    out = tmp_path / "cells.jsonl"
    batch.append(proc := _parse(folder, out, "--jobs", "2", "--timeout", "60", "--max-memory", "1G"))
    os.kill(_busy_worker(proc.pid, cpu=3), signal.SIGKILL)  # one reading a 1,000-page PDF
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    rows = _rows_by_file(out)
    assert sorted(rows) == sorted([*good, *bad, "z_fifo.txt"])
    for name in good:
        assert all(r["status"] != "failed" for r in rows[name]), rows[name]
    for name in [*bad, "z_fifo.txt"]:
        if len(rows[name]) == 1 and rows[name][0]["status"] == "failed":
            assert rows[name][0]["error"], name
        else:
            assert name.endswith(".pdf"), (name, rows[name][:1])
    killed = [name for name in bad if "killed (SIGKILL)" in str(rows[name][0]["error"])]
    assert len(killed) == 1, killed
    assert killed[0].endswith(".pdf")
    assert "not a regular file" in str(rows["z_fifo.txt"][0]["error"])
    assert "member_bytes" in str(rows["z_zip_bomb.docx"][0]["error"])
    assert "cells" in str(rows["z_span_bomb.docx"][0]["error"])


def test_check_and_show_bound_each_file(tmp_path: Path) -> None:
    """gkparse check and show read each file within --timeout too: a PDF that takes longer is "… timed out"."""
    folder = tmp_path / "in"
    _good(folder, 1)
    (folder / "z.pdf").write_bytes(busy_pdf())
    for cmd in ("check", "show"):
        proc = subprocess.run(
            [sys.executable, "-m", "gkparse", cmd, str(folder), "--timeout", "2"],
            capture_output=True,
            text=True,
            timeout=120,
            env=ENV,
        )
        assert proc.returncode == 1, proc.stderr
        assert "timed out" in proc.stdout


def test_limits_are_checked_before_anything_runs(tmp_path: Path) -> None:
    """A bad --timeout, --max-memory or --limit is a usage error (exit 2); parse_paths checks its limits too."""
    for bad in (["--timeout", "-1"], ["--max-memory", "12M"], ["--max-memory", "lots"], ["--limit", "cells=0"]):
        proc = subprocess.run(
            [sys.executable, "-m", "gkparse", "parse", str(TEXTS[0]), *bad],
            capture_output=True,
            text=True,
            timeout=60,
            env=ENV,
        )
        assert proc.returncode == 2, (bad, proc.stderr)
        assert "Traceback" not in proc.stderr
    import gkparse

    for kwargs in ({"timeout": 0}, {"timeout": "5"}, {"max_memory": 1000}):
        with pytest.raises(gkparse.GkparseError):
            list(gkparse.parse_paths([TEXTS[0]], **kwargs))  # type: ignore[arg-type]
