"""gkparse on adversarial inputs: time and peak memory of every pathological input, and of a batch of them.

Run on demand (not part of the test suite; needs the dev extra for the generators):

    python benchmarks/adversarial.py                 # everything, batch at the CLI's limits (120 s, 2G)
    python benchmarks/adversarial.py --timeout 20    # the batch with a shorter time limit per file
    python benchmarks/adversarial.py --only text     # one part: text, documents or batch

* **text** — each input of the reliability probe (issue 12) at growing sizes:
  the time per MB must stay flat (doubling the input at most ~triples the
  time); then 100 distinct 80 KB texts in one process, resident memory
  before and after (every cache is bounded).
* **documents** — each pathological file of issue 21 (``tests/advgen.py``) at
  the probe's size, the 30 MB HTML page, the 1,000,000-cell page and the broken
  files of ``tests/test_document_errors.py``, each read by ``parse_bytes`` in a
  fresh process: its result, wall time and peak RSS.  A PDF the reader does
  not finish within ``--direct-cap`` seconds is stopped and marked: the PDF
  reader itself is not bounded (issue 18); in a batch the limits bound it.
* **batch** — ``gkparse parse`` of 50 good files and every pathological file
  with ``--jobs 2`` at the limits given: its time, the peak RSS of the parent
  and of the largest worker, and the reason of each failure.

The last lines give the worst time and peak RSS per input kind.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402
from tests import advgen as a  # noqa: E402

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


def _prose_page(paragraphs: int) -> bytes:
    table = "<table><tr><td rowspan=2>三、本年度办理结果</td><td>1</td></tr><tr><td>2</td></tr></table>"
    filler = "<p>本机关认真贯彻落实条例要求，<span>进一步</span>加强政府信息公开工作。</p>\n" * paragraphs
    return f"<html><body>{table}{filler}</body></html>".encode()


def _broken(what: str) -> bytes:
    from tests.test_document_errors import _bad_files

    return next(data for name, data, _ in _bad_files() if name == what)


def _fixture_texts(size: int) -> bytes:
    out, total = [], 0
    for text in itertools.cycle([p.read_bytes() for p in sorted((ROOT / "fixtures").glob("*.txt"))]):
        if total >= size:
            return b"".join(out)
        out.append(text)
        total += len(text)
    return b""


# kind, name, maker of the bytes, file name (its suffix picks the reader)
CASES: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("text", "fixture texts, 20 MB in one file", lambda: _fixture_texts(20_000_000), "r.txt"),
    ("html", "prose page, 30 MB", lambda: _prose_page(300_000), "r.html"),
    ("html", "1,000,000 cells in one table", lambda: b"<table>" + b"<tr><td>1</td><td>2</td></tr>" * 500_000, "r.html"),
    ("html", "colspan=500 over 300 tables (248 KB)", lambda: a.html_colspan_bomb(300), "r.html"),
    ("html", "colspan=500 over 3,700 tables (3.1 MB)", lambda: a.html_colspan_bomb(3700), "r.html"),
    ("html", "180,000 cells escaped in scripts", lambda: a.html_cells_in_javascript(60, 3000), "r.html"),
    ("html", "colspan of 5,001 digits", lambda: a.html_long_span(5001), "r.html"),
    ("html", "UTF-8 page labelled koi8-r", lambda: a.html_with_charset("koi8-r", "<table><tr><td>行政复议"), "r.html"),
    ("docx", "zip bomb: 100 MB of paragraphs", lambda: a.docx_paragraph_bomb(100_000_000), "r.docx"),
    ("docx", "zip bomb: 1 GB of paragraphs", lambda: a.docx_paragraph_bomb(1_000_000_000), "r.docx"),
    ("docx", "one 1 GB text node", lambda: a.docx_text_node(1_000_000_000), "r.docx"),
    ("docx", "gridSpan=1000 over 20 tables", lambda: a.docx_span_bomb(20), "r.docx"),
    ("docx", "gridSpan=1000 over 60 tables", lambda: a.docx_span_bomb(60), "r.docx"),
    ("docx", "100,000 one-row tables", lambda: a.docx_many_tables(100_000), "r.docx"),
    ("docx", "1 GB of white space in styles.xml", lambda: a.docx_huge_styles(1_000_000_000), "r.docx"),
    ("pdf", "truncated", lambda: _broken("truncated pdf"), "r.pdf"),
    ("pdf", "garbage after the header", lambda: _broken("garbage pdf"), "r.pdf"),
    ("pdf", "encrypted", lambda: _broken("encrypted pdf"), "r.pdf"),
    *[("pdf", f"self-reference: {w}", lambda w=w: a.pdf_self_reference(w), "r.pdf") for w in a.SELF_REFERENCES],
    ("pdf", "flate bomb: 1 MB to 1 GB", lambda: a.pdf_flate_bomb(1_000_000_000), "r.pdf"),
    ("pdf", "250 pages of 50 lines", lambda: a.pdf_pages(250), "r.pdf"),
    ("pdf", "1,000 pages of 50 lines", lambda: a.pdf_pages(1000), "r.pdf"),
    *[(("pdf", f"ruled {n}x{n} grid", lambda n=n: a.pdf_ruled_grid(n), "r.pdf")) for n in (100, 200, 400)],
]


def vm_hwm_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of a process since it started its program, in MB (0: gone).

    Not ``ru_maxrss``: that keeps the peak of the forked parent from before ``exec``.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(status.split("VmHWM:")[1].split()[0]) / 1024 if "VmHWM:" in status else 0.0


def run_case(path: str) -> None:
    """In a fresh process: parse one file once (its bytes read first), print the result and the time as JSON."""
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    try:
        with gkparse.limits(file_bytes=1 << 30):
            report = gkparse.parse_bytes(data, name=os.path.basename(path))
        result = f"read: {sum(1 for _ in report.cells())} cells"
        codes = sorted({f.code for f in report.findings if f.code.startswith("document.")})
        result += f" ({', '.join(codes)})" if codes else ""
    except gkparse.GkparseError as e:
        result = f"{type(e).__name__}: {str(e)[:110]}"
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "result": result, "bytes": len(data), "rss": vm_hwm_mb(os.getpid())}))


def measure(index: int, cap: float) -> dict[str, object]:
    """Run one case in a child process stopped after ``cap`` seconds; its result, time and peak RSS.

    The input is made here and written to a file, so the child's peak RSS is the parse's (plus the bytes).
    """
    _, _, make, filename = CASES[index]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        path.write_bytes(make())
        return _measure(str(path), cap)


def _measure(path: str, cap: float) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--case", path]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    t0 = time.perf_counter()
    peak = 0.0
    while proc.poll() is None and time.perf_counter() - t0 < cap:
        peak = max(peak, vm_hwm_mb(proc.pid))
        time.sleep(0.2)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        what = f"not finished in {cap:.0f} s: stopped"
        return {"result": what, "seconds": time.perf_counter() - t0, "rss": peak, "bounded": False}
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0 or not out.strip():
        return {
            "result": f"died: status {proc.returncode}",
            "seconds": time.perf_counter() - t0,
            "rss": peak,
            "bounded": False,
        }
    got = json.loads(out.strip().splitlines()[-1])
    rss = max(peak, float(got["rss"]))
    return {"result": got["result"], "seconds": got["seconds"], "rss": rss, "bytes": got["bytes"], "bounded": True}


def text_part() -> None:
    print(f"{'input':32s} " + " ".join(f"{s // 1000:>7d}K" for s in SIZES) + "   worst ms/MB   growth x2")
    worst_all = 0.0
    for name, make in INPUTS.items():
        times = []
        for size in SIZES:
            text = make(size)
            best = 1e9
            for _ in range(3):
                t0 = time.perf_counter()
                gkparse.parse(text)
                best = min(best, time.perf_counter() - t0)
            times.append((len(text.encode("utf-8")), best))
        per_mb = [t / (b / 1e6) * 1e3 for b, t in times]
        growth = max(t2 / t1 for (_, t1), (_, t2) in itertools.pairwise(times) if t1 > 0)
        worst_all = max(worst_all, max(per_mb))
        cells = " ".join(f"{t * 1e3:7.1f}ms" for _, t in times)
        print(f"{name:32s} {cells}   {max(per_mb):9.1f}   {growth:7.2f}")
    print(f"worst time per MB over all adversarial texts: {worst_all:.0f} ms/MB (linear: growth x2 <= ~3)")
    rnd = random.Random(7)
    fixtures = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").glob("*.txt"))]
    before = Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]
    for i in range(100):
        base = "".join(rnd.choice(fixtures) for _ in range(12))
        text = "".join(chr(0x4E00 + rnd.randrange(2000)) if c == "国" else c for c in base)[:80_000]
        gkparse.parse(text + f"\n{i}\n")
    after = Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]
    print(f"RSS over 100 distinct ~80 KB texts in one process: {int(before) // 1024} MB -> {int(after) // 1024} MB\n")


def documents_part(cap: float, worst: dict[str, tuple[float, float]]) -> None:
    print(f"{'kind':5s} {'input':40s} {'size':>9s} {'time':>8s} {'peak RSS':>9s}  result")
    for i, (kind, name, _, _) in enumerate(CASES):
        m = measure(i, cap)
        size = f"{int(m.get('bytes', 0)) / 1e6:7.2f}MB" if m.get("bytes") else "        ?"
        print(f"{kind:5s} {name:40s} {size} {m['seconds']:7.1f}s {m['rss']:7.0f}MB  {m['result']}", flush=True)
        if m["bounded"]:
            t, r = worst.get(kind, (0.0, 0.0))
            worst[kind] = (max(t, float(m["seconds"])), max(r, float(m["rss"])))  # type: ignore[arg-type]
    print()


def _tree_peak(pid: int, peaks: dict[int, float], stop: threading.Event) -> None:
    """Sample the peak RSS (VmHWM) of ``pid`` and its descendants until ``stop``."""
    while not stop.is_set():
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                status = Path(f"/proc/{entry}/status").read_text()
                ancestors = _ancestors(int(entry))
            except OSError:
                continue
            if pid in ancestors and "VmHWM:" in status:
                peaks[int(entry)] = int(status.split("VmHWM:")[1].split()[0]) / 1024
        stop.wait(0.05)


def _ancestors(pid: int) -> list[int]:
    out = [pid]
    while pid > 1:
        pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        out.append(pid)
    return out


def batch_part(timeout: float, memory: str, worst: dict[str, tuple[float, float]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="gkparse-adversarial-"))
    try:
        texts = sorted((ROOT / "fixtures").glob("*.txt"))
        for i in range(50):
            shutil.copy(texts[i % len(texts)], folder / f"a_{i:02d}.txt")
        bad = 0
        for i, (kind, name, make, filename) in enumerate(CASES):
            if kind != "text" and not name.startswith(("prose", "UTF-8", "colspan of")):
                (folder / f"z_{i:02d}{Path(filename).suffix}").write_bytes(make())
                bad += 1
        os.mkfifo(folder / "z_fifo.txt")
        out = folder.parent / f"{folder.name}.jsonl"
        cmd = [sys.executable, "-m", "gkparse", "parse", str(folder), "-o", str(out), "-q", "--jobs", "2"]
        cmd += ["--timeout", f"{timeout:g}", "--max-memory", memory]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        peaks: dict[int, float] = {}
        stop = threading.Event()
        sampler = threading.Thread(target=_tree_peak, args=(proc.pid, peaks, stop))
        sampler.start()
        _, err = proc.communicate()
        stop.set()
        sampler.join()
        seconds = time.perf_counter() - t0
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        out.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    parent = peaks.pop(proc.pid, 0.0)
    worker = max(peaks.values(), default=0.0)
    good = {r["source"] for r in rows if r["status"] != "failed" and "/a_" in r["source"]}
    print(f"batch: 50 good files + {bad} pathological files + a FIFO, --jobs 2 --timeout {timeout:g}")
    print(f"       --max-memory {memory}: exit {proc.returncode} in {seconds:.1f} s; good files read: {len(good)}/50")
    print(f"       peak RSS: parent {parent:.0f} MB, largest other process {worker:.0f} MB; {err.strip()}")
    for r in rows:
        if r["status"] == "failed":
            index = Path(r["source"]).stem[2:]
            name = CASES[int(index)][1] if index.isdigit() else "FIFO"
            print(f"       failed: {name:40s} {r['error'][:90]}")
    worst["batch"] = (seconds, max(parent, worker))
    print()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", help=argparse.SUPPRESS)
    p.add_argument("--only", choices=("text", "documents", "batch"))
    p.add_argument("--timeout", type=float, default=120.0, help="the batch's time limit per file (default 120)")
    p.add_argument("--max-memory", default="2G", help="the batch's memory limit per worker (default 2G)")
    p.add_argument("--direct-cap", type=float, default=60.0, help="stop a document read after this (s)")
    args = p.parse_args()
    if args.case is not None:
        run_case(args.case)
        return 0
    print(f"gkparse {gkparse.__version__} · Python {sys.version.split()[0]} · load {os.getloadavg()[0]:.1f}\n")
    worst: dict[str, tuple[float, float]] = {}
    if args.only in (None, "text"):
        text_part()
    if args.only in (None, "documents"):
        documents_part(args.direct_cap, worst)
    if args.only in (None, "batch"):
        batch_part(args.timeout, args.max_memory, worst)
    for kind, (seconds, rss) in worst.items():
        print(f"worst {kind:5s}: {seconds:7.1f} s, peak RSS {rss:6.0f} MB")
    print("(documents: each read in a fresh process; a PDF stopped unfinished is not counted: see the batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
