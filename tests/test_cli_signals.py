"""Signals to a running ``gkparse parse``: nothing that looks finished, no temporary file left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 report files: a batch that takes a few seconds."""
    folder = tmp_path_factory.mktemp("big")
    texts = [p.read_bytes() for p in sorted(FIXTURES.glob("*.txt"))]
    for i in range(3000):
        (folder / f"r{i:05d}.txt").write_bytes(texts[i % len(texts)])
    return folder


def _start(folder: Path, out: Path, jobs: int = 1) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gkparse", "parse", str(folder), "-o", str(out), "-q", "--jobs", str(jobs)]
    return subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_part(out: Path, proc: subprocess.Popen[str]) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        parts = list(out.parent.glob(f".{out.name}.*.part"))
        if parts and parts[0].stat().st_size > 0:
            return parts[0]
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("no .part file appeared")


@pytest.mark.parametrize(
    ("signum", "code", "jobs"), [(signal.SIGTERM, 143, 1), (signal.SIGINT, 130, 1), (signal.SIGTERM, 143, 2)]
)
def test_sigterm_and_sigint_leave_nothing(big_folder: Path, tmp_path: Path, signum: int, code: int, jobs: int) -> None:
    """Issue 12.9: SIGTERM is handled like Ctrl-C (with or without workers): exit 128+signal, no .part, no output."""
    out = tmp_path / "cells.jsonl"
    proc = _start(big_folder, out, jobs)
    _wait_for_part(out, proc)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert "no output was written" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_stale_part_of_a_killed_run_is_removed(big_folder: Path, tmp_path: Path) -> None:
    """Issue 12.9: SIGKILL leaves .NAME.PID.part; the next run to the same target removes it (its PID is dead)."""
    out = tmp_path / "cells.jsonl"
    proc = _start(big_folder, out)
    part = _wait_for_part(out, proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert part.exists()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gkparse", "parse", str(FIXTURES), "-o", str(out), "-q"]
    assert subprocess.run(cmd, env=env, timeout=60, capture_output=True).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cells.jsonl"]


def test_sigterm_with_rows_on_standard_output_says_they_are_incomplete(big_folder: Path) -> None:
    """Issue 21.10: SIGTERM while rows go to standard output: exit 143 and "incomplete", never the claim
    that no output was written (0.2 said so after rows were written)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gkparse", "parse", str(big_folder), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # a row is out
    assert first.startswith(b"{")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert b"no output was written" not in err
    assert b"standard output are incomplete" in err


def test_a_locked_part_is_kept_whatever_its_pid(tmp_path: Path) -> None:
    """Issue 21.7: the lock, not the PID, says a .part is live: a locked .part named with a PID that does
    not exist here is kept by another run to the same -o; once unlocked it is stale and removed."""
    import fcntl

    out = tmp_path / "cells.jsonl"
    part = tmp_path / ".cells.jsonl.999999999.0123456789ab.part"  # no such PID here
    part.write_text("rows of a live run\n", "utf-8")
    with open(part, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "gkparse", "parse", str(FIXTURES), "-o", str(out), "-q"]
        proc = subprocess.run(cmd, env=env, timeout=120, capture_output=True, text=True)
        assert proc.returncode in (0, 1), proc.stderr
        assert part.read_text("utf-8") == "rows of a live run\n"
    subprocess.run(cmd, env=env, timeout=120, capture_output=True, check=False)  # the lock is gone: stale now
    assert not part.exists()
    assert out.stat().st_size > 0


def test_a_failed_rename_is_one_line_and_exit_2(big_folder: Path, tmp_path: Path) -> None:
    """Issue 21.7: when the finished output cannot be renamed into place (here -o became a folder during
    the run), the run says so in one line and exits 2, no traceback, no .part left (0.2: a traceback)."""
    out = tmp_path / "cells.jsonl"
    proc = _start(big_folder, out)
    _wait_for_part(out, proc)
    out.mkdir()
    (out / "keep").write_text("x", "utf-8")  # a folder that is not empty cannot be replaced
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert "cannot write" in err
    assert not list(tmp_path.glob(".cells.jsonl.*"))


def _in_other_pid_namespace(cmd: list[str]) -> list[str] | None:
    """``cmd`` run in a new PID namespace as PID 99991 (no such PID here), or None where that is not possible."""
    import shutil

    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return None
    probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        return None
    script = 'echo 99990 > /proc/sys/kernel/ns_last_pid && "$@"'
    return ["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script, "sh", *cmd]


def test_a_run_in_another_container_keeps_its_output(big_folder: Path, tmp_path: Path) -> None:
    """Issue 21.7, as the probe ran it: run A in another PID namespace (its PID, 99991, does not exist
    here) is writing -o when run B to the same -o starts; B leaves A's .part alone and A finishes, its
    output in place (0.2: B judged A dead, deleted its .part, and A crashed at os.replace)."""
    out = tmp_path / "cells.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd_a = _in_other_pid_namespace(
        [sys.executable, "-m", "gkparse", "parse", str(big_folder), "-o", str(out), "-q", "--jobs", "2"]
    )
    if cmd_a is None:
        pytest.skip("needs root and unshare to make a PID namespace")
    run_a = subprocess.Popen(cmd_a, stderr=subprocess.PIPE, text=True, env=env)
    try:
        part = _wait_for_part(out, run_a)
        assert ".99991." in part.name
        cmd_b = [sys.executable, "-m", "gkparse", "parse", str(FIXTURES), "-o", str(out), "-q"]
        run_b = subprocess.run(cmd_b, env=env, timeout=120, capture_output=True, text=True)
        assert run_b.returncode in (0, 1), run_b.stderr
        _, err = run_a.communicate(timeout=240)
    finally:
        run_a.kill()
    assert run_a.returncode == 0, err
    assert "Traceback" not in err
    sources = {json.loads(line)["source"] for line in out.read_text("utf-8").splitlines()}
    assert len(sources) == 3000
