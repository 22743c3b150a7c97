"""Signals to a running ``gkparse parse``: nothing that looks finished, no temporary file left behind."""

from __future__ import annotations

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
