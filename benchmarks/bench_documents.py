"""gkparse benchmark: reading documents (HTML, PDF, Word) against the floor of each format, in one run.

Run on demand (not part of the test suite; needs the dev extra, and LibreOffice for the
converted reports):

    python benchmarks/bench_documents.py           # every file 15 times
    python benchmarks/bench_documents.py --quick   # 3 times
    python benchmarks/bench_documents.py --instructions a.pdf b.pdf   # instructions (valgrind)
    python benchmarks/bench_documents.py --ocr [--quick]  # scans read by OCR: benchmarks/bench_ocr.py

On a loaded machine wall times are noisy; ``--instructions`` counts the instructions
of one gkparse parse and one floor run instead (valgrind's callgrind; slow: a few
minutes a file), from three runs of the process: both warmed only, then three
floors, then three parses.

For every file, gkparse's time (``parse_bytes``: the whole parse) and the floor's are
measured in the same process, interleaved, best of the repeats, and their ratio printed:

* PDF — PDFium's characters with their boxes, every page (``FPDFText_GetCharBox`` and
  ``FPDFText_GetUnicode`` per character): what any PDF reader must at least do;
* HTML — ``lxml.html.fromstring`` of the page;
* DOCX — unzipping the file and parsing ``word/document.xml`` with lxml.

The files: the real reports of ``fixtures/documents`` (``shanghai_2019.pdf`` is a real
report PDF); the real HTML and Word reports converted to PDF by LibreOffice
(``soffice --convert-to pdf``: Word-style tables with embedded fonts), when LibreOffice
is installed; and generated reports (tests/docgen.py: prose, the three tables) as HTML,
ruled PDF, PDF without rules, and .docx.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402
from tests import docgen as g  # noqa: E402
from tests import docgen_pdf as gp  # noqa: E402

DOCS = ROOT / "fixtures" / "documents"
PROSE = "<p>本机关认真贯彻落实《条例》要求，进一步加强政府信息公开工作，及时回应社会关切。</p>\n" * 120


def pdf_floor(data: bytes) -> int:
    """PDFium's characters with their boxes, every page: the least a PDF reader does."""
    import pypdfium2 as pdfium

    raw = pdfium.raw
    doc = pdfium.PdfDocument(data)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    n = 0
    try:
        for k in range(len(doc)):
            page = raw.FPDF_LoadPage(doc.raw, k)
            text = raw.FPDFText_LoadPage(page)
            for i in range(raw.FPDFText_CountChars(text)):
                raw.FPDFText_GetCharBox(text, i, left, right, bottom, top)
                n += raw.FPDFText_GetUnicode(text, i) > 0
            raw.FPDFText_ClosePage(text)
            raw.FPDF_ClosePage(page)
    finally:
        doc.close()
    return n


def html_floor(data: bytes) -> int:
    import lxml.html

    return len(lxml.html.fromstring(data))


def docx_floor(data: bytes) -> int:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return len(etree.fromstring(zf.read("word/document.xml")))


FLOORS: dict[str, Callable[[bytes], int]] = {"pdf": pdf_floor, "html": html_floor, "docx": docx_floor}


def tables(seed: int) -> list[list[g.Spec]]:
    rng = random.Random(seed)
    return [g.active_table(rng), g.requests_table(rng), g.appeals_table(rng)]


def generated() -> list[tuple[str, str, bytes]]:
    """Generated reports: (name, format, bytes)."""
    t = tables(0)
    page = g.html_page(t, random.Random(0)).replace("<body>", "<body>" + PROSE, 1).encode()
    out = [("generated.html", "html", page), ("generated.docx", "docx", g.docx_bytes(t, random.Random(0)))]
    for ruling in ("grid", "none"):
        flow = [gp.pdf_paragraph("一、总体情况"), *(gp.pdf_paragraph(PROSE[3:40]) for _ in range(30))]
        flow += [gp.pdf_paragraph("二、主动公开政府信息情况"), gp.pdf_table(t[0], 80, ruling=ruling, align="CENTER")]
        flow += [gp.pdf_paragraph("三、收到和处理政府信息公开申请情况")]
        flow += [gp.pdf_table(t[1], 52, ruling=ruling, align="CENTER"), gp.pdf_table(t[2], 36, ruling=ruling)]
        out.append((f"generated_{ruling}.pdf", "pdf", gp.pdf_bytes(flow)))
    return out


def converted(folder: Path) -> list[tuple[str, str, bytes]]:
    """The real HTML and Word reports converted to PDF by LibreOffice (none without LibreOffice)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("note: LibreOffice is not installed: no converted PDFs")
        return []
    sources = [p for p in sorted(DOCS.iterdir()) if p.suffix in (".docx", ".html") and "_js" not in p.stem]
    profile = folder / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*cmd, "--outdir", str(folder), *map(str, sources)], capture_output=True, timeout=300, check=False)
    return [
        (f"{p.stem}.lo.pdf", "pdf", (folder / f"{p.stem}.pdf").read_bytes())
        for p in sources
        if (folder / f"{p.stem}.pdf").exists()
    ]


def files(folder: Path) -> list[tuple[str, str, bytes]]:
    real = [
        (p.name, p.suffix[1:], p.read_bytes()) for p in sorted(DOCS.iterdir()) if p.suffix in (".pdf", ".html", ".docx")
    ]
    return real + converted(folder) + generated()


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _child(path: str, what: str, times: int) -> None:
    """Warm both, then run the floor or gkparse ``times`` times (the process valgrind counts)."""
    data = Path(path).read_bytes()
    fmt = Path(path).suffix[1:]
    gkparse.parse_bytes(data, name=path)
    FLOORS[fmt](data)
    for _ in range(times):
        gkparse.parse_bytes(data, name=path) if what == "gkparse" else FLOORS[fmt](data)


def instructions(paths: list[str]) -> None:
    """Instructions of one parse and of one floor run, and their ratio, per file."""

    def count(path: str, what: str, times: int) -> int:
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
        out = subprocess.run([*cmd, "--child", path, what, str(times)], capture_output=True, text=True, check=True)
        return int(next(ln for ln in out.stderr.splitlines() if "Collected" in ln).split()[-1])

    for path in paths:
        base = count(path, "floor", 0)
        floor, ours = (count(path, "floor", 3) - base) / 3, (count(path, "gkparse", 3) - base) / 3
        print(f"{Path(path).name:28} gkparse {ours / 1e6:7.1f} M  floor {floor / 1e6:7.1f} M  ratio {ours / floor:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 15")
    parser.add_argument("--instructions", nargs="+", metavar="FILE", help="count instructions (valgrind) instead")
    parser.add_argument("--ocr", action="store_true", help="scans read by OCR: time per table page (bench_ocr.py)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ocr:
        from benchmarks import bench_ocr

        sys.argv = [sys.argv[0], *(["--quick"] if args.quick else [])]
        bench_ocr.main()
        return
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return
    if args.instructions:
        instructions(args.instructions)
        return
    repeat = 3 if args.quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        found = files(Path(tmp))
    print(f"{'file':28} {'format':6} {'KB':>6} {'gkparse ms':>11} {'floor ms':>9} {'ratio':>6}")
    ratios: dict[str, list[float]] = {}
    for name, fmt, data in found:
        floor = FLOORS[fmt]
        gkparse.parse_bytes(data, name=name)  # warm: fonts, grammars, caches
        ours, base = [], []
        for _ in range(repeat):  # interleaved, so load on the machine hits both alike
            ours.append(best(lambda d=data, n=name: gkparse.parse_bytes(d, name=n), 1))
            base.append(best(lambda d=data, f=floor: f(d), 1))
        o, b = min(ours), min(base)
        ratios.setdefault(fmt, []).append(o / b)
        print(f"{name:28} {fmt:6} {len(data) / 1024:6.0f} {o * 1000:11.1f} {b * 1000:9.1f} {o / b:6.2f}")
    for fmt, rs in ratios.items():
        print(f"{fmt}: ratio to the floor {min(rs):.2f}–{max(rs):.2f} over {len(rs)} file(s)")


if __name__ == "__main__":
    main()
