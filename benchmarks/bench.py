"""gkparse benchmark: parse throughput, the floor, batch CLI throughput, peak memory.

Run on demand (not part of the test suite):

    python benchmarks/bench.py            # full: 2,000-file batch, 10,000-file memory run
    python benchmarks/bench.py --quick    # smaller batches, a few seconds each

Targets: >= 2,000 reports/s per core; parse time / floor <= 10 (issue 8);
peak RSS of a 10,000-file batch <= 150 MB and not growing with batch size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402
from gkparse._read.pipeline import clear_caches  # noqa: E402

FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))
NUMBER = re.compile(r"\d+")


def timed(fn, texts: list[str], seconds: float) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for t in texts:
            fn(t)
            n += 1
    return n, time.perf_counter() - t0


def parse_throughput(seconds: float) -> dict[str, float]:
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    for t in texts:  # warm-up: parsers built, caches filled
        gkparse.parse(t)
    n, dt = timed(gkparse.parse, texts, seconds)
    warm = dt / n
    slowest = 0.0
    for t in texts:
        t0 = time.perf_counter()
        for _ in range(20):
            gkparse.parse(t)
        slowest = max(slowest, (time.perf_counter() - t0) / 20)

    def cold(t: str) -> None:
        clear_caches()
        gkparse.parse(t)

    nc, dtc = timed(cold, texts, seconds / 2)

    def floor(path: Path) -> None:
        NUMBER.findall(path.read_text(encoding="utf-8"))

    nf, dtf = timed(floor, FIXTURES, seconds)  # type: ignore[arg-type]
    return {
        "warm_ms": warm * 1e3,
        "warm_rps": 1 / warm,
        "cold_ms": dtc / nc * 1e3,
        "slowest_ms": slowest * 1e3,
        "floor_ms": dtf / nf * 1e3,
        "ratio": warm / (dtf / nf),
    }


def make_batch(folder: Path, count: int) -> None:
    texts = [p.read_bytes() for p in FIXTURES]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"r{i:06d}.txt").write_bytes(texts[i % len(texts)])


def jobs_throughput(folder: Path, out: Path) -> list[tuple[int, float, float]]:
    """Reports/s of parse_paths and of the CLI (JSON lines) for jobs 1, 2 and all cores (best of two runs)."""
    n = sum(1 for _ in folder.glob("*.txt"))
    results = []
    for jobs in sorted({1, 2, os.cpu_count() or 1}):
        api = cli = 0.0
        for _ in range(2):
            t0 = time.perf_counter()
            for _ in gkparse.parse_paths([folder], jobs=jobs):
                pass
            api = max(api, n / (time.perf_counter() - t0))
            cli = max(cli, n / run_cli(folder, out, jobs)[0])
        results.append((jobs, api, cli))
    return results


def _tree_rss_kb(root: int) -> int:
    """Resident memory (kB) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            status = Path(f"/proc/{d}/status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(d))
        m = re.search(r"VmRSS:\s+(\d+)", status)
        rss[int(d)] = int(m.group(1)) if m else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_cli(folder: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """(seconds, peak RSS of the whole process tree in kB, peak of the largest single process in kB)."""
    cmd = [sys.executable, "-m", "gkparse", "parse", str(folder), "-o", str(out), "--jobs", str(jobs), "-q"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    peak_tree = 0
    while proc.poll() is None:
        peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"gkparse parse failed: {proc.stderr.read() if proc.stderr else ''}")
    import resource

    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return secs, peak_tree, largest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller batches")
    ap.add_argument("--seconds", type=float, default=3.0, help="time per throughput measurement")
    args = ap.parse_args()
    batch_n = 200 if args.quick else 2000
    mem_n = 2000 if args.quick else 10000

    print(f"gkparse {gkparse.__version__} · Python {sys.version.split()[0]} · {os.cpu_count()} cores")
    print(f"corpus: {len(FIXTURES)} fixture reports, mean {_mean_chars():.0f} characters")
    r = parse_throughput(args.seconds)
    print("\n== parse, one core")
    print(f"  warm (caches filled):   {r['warm_rps']:8.0f} reports/s   {r['warm_ms']:.3f} ms/report", end="")
    print("   (target >= 2,000/s)")
    print(f"  cold (caches cleared):  {1e3 / r['cold_ms']:8.0f} reports/s   {r['cold_ms']:.3f} ms/report")
    print(f"  slowest fixture:        {r['slowest_ms']:.3f} ms")
    floor_rps = 1e3 / r["floor_ms"]
    print(f"  floor (read + re.findall of numbers): {floor_rps:8.0f} reports/s   {r['floor_ms']:.3f} ms/report")
    print(f"  ratio parse / floor:    {r['ratio']:.1f}   (target <= 10)")

    tmp = Path(tempfile.mkdtemp(prefix="gkparse-bench-"))
    try:
        folder = tmp / "batch"
        make_batch(folder, batch_n)
        secs, _, _ = run_cli(folder, tmp / "out.parquet", 2)
        print(f"\n== batch CLI, --jobs 2, {batch_n} files -> Parquet (tidy)")
        print(f"  {batch_n / secs:8.0f} files/s   {secs:.2f} s (process start included)")

        print(f"\n== jobs: reports/s, {batch_n} files (parse_paths; CLI to JSON lines, process start included)")
        for jobs, api, cli in jobs_throughput(folder, tmp / "jobs.jsonl"):
            print(f"  jobs {jobs}: parse_paths {api:6.0f} reports/s   gkparse parse {cli:6.0f} reports/s")

        print("\n== peak memory of a batch, --jobs 2, Parquet (tidy)")
        for n in (mem_n // 5, mem_n):
            shutil.rmtree(folder)
            make_batch(folder, n)
            secs, tree_kb, largest_kb = run_cli(folder, tmp / f"mem{n}.parquet", 2)
            print(
                f"  {n:6d} files: whole process tree {tree_kb / 1024:6.1f} MB, largest process "
                f"{largest_kb / 1024:6.1f} MB, {n / secs:6.0f} files/s   (target <= 150 MB, flat)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _mean_chars() -> float:
    return sum(len(p.read_text(encoding="utf-8")) for p in FIXTURES) / len(FIXTURES)


if __name__ == "__main__":
    sys.exit(main())
