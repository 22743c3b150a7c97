"""gkparse on adversarial inputs: worst time per MB, growth with size, and memory over a batch.

Run on demand (not part of the test suite):

    python benchmarks/adversarial.py

Each input of the reliability probe (issue 12) is parsed at growing sizes;
the time per MB must stay flat (linear reading: doubling the input at most
~triples the time).  Then 100 distinct 80 KB texts are parsed in one process
and the resident memory before and after is printed (it must not grow with
the batch: every cache is bounded by entries and key length).
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

import gkparse

H19 = "第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 1 | 2 | 3 |\n"

INPUTS: dict[str, Callable[[int], str]] = {
    "unclosed parenthesis": lambda n: (
        "复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n" * (n // 40) + "1\n"
    ),
    "enumerator runs": lambda n: ("一" * 40 + "\n") * (n // 41) + "1\n",
    "markdown-rule lookalike": lambda n: "---" + " " * n + "x\n" + H19,
    "&nbsp; line ending in a dash": lambda n: "&nbsp;" * (n // 6) + "-\n" + H19,
    "nested parentheses": lambda n: "(" * (n // 2) + "x" + ")" * (n // 2) + "\n" + H19,
    "one line of pipes": lambda n: "|" * n + "\n" + H19,
    "one tab row": lambda n: "规章\t" * (n // 3) + "\n" + H19,
    "many pipe rows": lambda n: H19 + "规章 | 0 | 0 | 0 |\n" * (n // 16),
    "many one-value lines": lambda n: H19 + "0\n" * (n // 2),
}
SIZES = (25_000, 50_000, 100_000, 200_000)


def seconds(text: str) -> float:
    best = 1e9
    for _ in range(3):
        t0 = time.perf_counter()
        gkparse.parse(text)
        best = min(best, time.perf_counter() - t0)
    return best


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    print(f"gkparse {gkparse.__version__} · Python {sys.version.split()[0]}")
    print(f"{'input':32s} " + " ".join(f"{s // 1000:>7d}K" for s in SIZES) + "   worst ms/MB   growth x2")
    worst_all = 0.0
    for name, make in INPUTS.items():
        times = []
        for size in SIZES:
            text = make(size)
            times.append((len(text.encode("utf-8")), seconds(text)))
        per_mb = [t / (b / 1e6) * 1e3 for b, t in times]
        growth = max(t2 / t1 for (_, t1), (_, t2) in itertools.pairwise(times) if t1 > 0)
        worst_all = max(worst_all, max(per_mb))
        cells = " ".join(f"{t * 1e3:7.1f}ms" for _, t in times)
        print(f"{name:32s} {cells}   {max(per_mb):9.1f}   {growth:7.2f}")
    print(f"worst time per MB over all adversarial inputs: {worst_all:.0f} ms/MB (linear: growth x2 <= ~3)")

    rnd = random.Random(7)
    fixtures = [
        p.read_text(encoding="utf-8") for p in sorted(Path(__file__).resolve().parent.parent.glob("fixtures/*.txt"))
    ]
    before = rss_mb()
    for i in range(100):
        base = "".join(rnd.choice(fixtures) for _ in range(12))
        text = "".join(chr(0x4E00 + rnd.randrange(2000)) if c == "国" else c for c in base)[:80_000]
        gkparse.parse(text + f"\n{i}\n")
    after = rss_mb()
    print(f"RSS over 100 distinct ~80 KB texts in one process: {before:.0f} MB -> {after:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
