"""The PDF reader on hostile and large PDFs: time and peak memory, each case in a fresh process.

Run on demand (not part of the test suite):

    python benchmarks/adversarial_pdf.py

* reference cycles (tests/docgen_hostile.py): each must end quickly;
* decompression bombs of about 1 MB that inflate to 1 GB (blanks, drawing operators,
  Flate inside Flate): refused by the stream cap (16 MB a stream, 256 MB in all)
  with little memory;
* ruled n×n grids, n = 100, 200, 400: the time per cell must stay about flat (work
  linear in the cells);
* a 200-page report (a ruled table of 160 numbers and a heading on each page): the
  growth of resident memory while it is read must stay under 200 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from gkparse._read.formats import read_document
from gkparse.errors import DocumentError
data = open(sys.argv[1], "rb").read()
import pypdfium2  # loaded before the baseline, as in any process that has read a PDF
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
def rss():
    return status("VmRSS:")
before = rss()
t0 = time.perf_counter()
try:
    content = read_document(data)
    result = f"{{len(content.tables)}} table(s), {{sum(len(t.rows) * t.width for t in content.tables)}} cells"
except DocumentError as e:
    result = "refused: " + str(e)[:70]
seconds = time.perf_counter() - t0
peak = status("VmHWM:")  # this process's own peak (ru_maxrss keeps the parent's across exec)
print(json.dumps({{"kb": len(data) // 1024, "s": seconds, "growth": peak - before, "result": result}}))
"""


def run(data: bytes) -> dict[str, object]:
    """Read the PDF in a fresh process: its size, time, peak memory growth and what came of it."""
    code = CHILD.format(root=str(ROOT))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run([sys.executable, "-c", code, f.name], capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        return {"kb": 0, "s": 0.0, "growth": 0.0, "result": "crashed: " + out.stderr.strip()[-200:]}
    result: dict[str, object] = json.loads(out.stdout)
    return result


def show(label: str, r: dict[str, object]) -> None:
    print(f"{label:34} {r['kb']:>7} KB {r['s']:8.2f} s  peak RSS growth {r['growth']:7.1f} MB  {r['result']}")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests import docgen_hostile as h

    print("== reference cycles")
    for name, data in h.cycles().items():
        show(name, run(data))
    print("== decompression bombs (1 GB inflated)")
    for what, layers in (("blanks", 1), ("operators", 1), ("blanks", 2)):
        show(f"{what}, {layers} Flate filter(s)", run(h.flate_bomb(1024, what, layers)))
    print("== ruled n×n grids (time per cell should stay about flat)")
    for n in (100, 200, 400):
        r = run(h.grid(n))
        show(f"n = {n}", r)
        print(f"{'':34} {float(str(r['s'])) / (n * n) * 1e6:.1f} µs per cell")
    print("== a 200-page report")
    show("200 pages", run(h.long_report(200)))


if __name__ == "__main__":
    main()
