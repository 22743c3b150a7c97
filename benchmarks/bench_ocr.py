"""gkparse benchmark: scans read by OCR (needs the ocr extra), and the bounds of OCR's work.

Run on demand (not part of the test suite):

    taskset -c 0 python benchmarks/bench_ocr.py --quick  # the 6-page scan target, on one core
    python benchmarks/bench_ocr.py                       # scans of the three document fixtures (10 pages),
                                                         # then a 100-megapixel image and a 500-page scan
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402


def measure_ocr(names: list[str]) -> None:
    """Scans of real reports (tests/scangen.py) read by OCR: seconds per table page, cells read, wrong values.

    The issue's target: a 6-page scan (here shanghai_2019, 2 pages, and duizhen_2020_gbk, 4 pages)
    read with at least 95 % of its printed cells and 0 wrong in under 2 minutes on one core (run
    under ``taskset -c 0``).
    """
    import json

    import pypdfium2 as pdfium

    from gkparse._read.formats import ocr
    from tests.conftest import FIXTURES, expected_value
    from tests.scangen import scanned

    ocr.engine()  # the model loads once per process (about a second): not counted
    pages = labelled = read = wrong = 0
    total = 0.0
    for name in names:
        data = scanned(name)
        n_pages = len(pdfium.PdfDocument(data))
        label = json.loads((FIXTURES / "documents" / f"{name}.json").read_text(encoding="utf-8"))
        want = {k: expected_value(v) for k, v in label["cells"].items()}
        start = time.perf_counter()
        report = gkparse.parse_bytes(data, name=f"{name}_scan.pdf")
        took = time.perf_counter() - start
        got = {c.key: c.value for c in report.cells()}
        bad = sum(1 for k, v in got.items() if want.get(k, object()) != v)
        table_pages = len({c.origin.page for c in report.cells() if c.origin is not None})
        print(
            f"ocr   {name:17} {n_pages} pages ({table_pages} with tables) {took:6.1f} s"
            f"  {took / max(table_pages, 1):5.1f} s per table page"
            f"  cells read {len(got)}/{len(want)} ({100 * len(got) / len(want):.1f} %)  wrong {bad}"
        )
        pages, labelled, read, wrong, total = (
            pages + n_pages,
            labelled + len(want),
            read + len(got),
            wrong + bad,
            total + took,
        )
    share = f"{read}/{labelled} ({100 * read / labelled:.1f} %)"
    print(f"ocr   all: {pages} pages {total:6.1f} s  cells read {share}  wrong {wrong}")


_BOUND = """
import io, resource, sys, time
from PIL import Image
import gkparse
kind = sys.argv[1]
if kind == "100mp":
    big = Image.new("L", (10000, 10000), 255)
    big.paste(Image.open("tests/scans/appeals_scan.jpg").convert("L"), (3000, 4000))
    name = "big.png"
else:
    big, name = Image.new("L", (1654, 2339), 255), "long.pdf"
out = io.BytesIO()
many = kind == "500p"
big.save(out, format="PDF" if many else "PNG", save_all=many, append_images=[big] * 499, resolution=200)
start = time.perf_counter()
report = gkparse.parse_bytes(out.getvalue(), name=name)
took = time.perf_counter() - start
capped = [f.message for f in report.findings if f.code == "ocr.capped"]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"ocr   bound {kind:5} {took:6.1f} s  peak {rss:4.0f} MB  cells {len(list(report.cells()))}  {capped}")
"""


def measure_bounds() -> None:
    """A 100-megapixel image and a 500-page scan, each in a fresh process: time, peak memory, the cap's finding."""
    import subprocess

    for kind in ("100mp", "500p"):
        subprocess.run([sys.executable, "-c", _BOUND, kind], cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="two scans (6 pages), no bounds")
    args = parser.parse_args()
    measure_ocr(
        ["shanghai_2019", "duizhen_2020_gbk"] if args.quick else ["shanghai_2019", "duizhen_2020_gbk", "shitai_2020"]
    )
    if not args.quick:
        measure_bounds()


if __name__ == "__main__":
    main()
