"""Word 97 (.doc) and WPS (.wps) files: sniffed from their OLE directory, converted by LibreOffice, read as .docx.

The fixtures in tests/word97 were made by LibreOffice from .docx reports
(``soffice --convert-to doc``): the real shitai_2020.docx (also named .wps, as WPS
Office writes its .wps files as Word 97 compound documents) and a generated 2021
report with blanks and merged cells.  Each ``NAME.json`` holds the cells of its source.
The tests that convert need LibreOffice (``apt-get install libreoffice-writer-nogui``)
and are skipped without it; the rest run everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import gkparse
from gkparse._read.formats import read_document, sniff, word97
from gkparse.errors import DocumentError, MissingExtraError
from tests.conftest import ROOT, expected_value

pytest.importorskip("docx")

WORD97 = Path(__file__).resolve().parent / "word97"
FILES = sorted(p for p in WORD97.iterdir() if p.suffix in (".doc", ".wps"))
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _ole(*names: str) -> bytes:
    """A minimal OLE compound file whose directory holds the given names (one FAT sector, one directory sector)."""
    header = bytearray(512)
    header[:8] = word97.OLE
    header[30:32] = (9).to_bytes(2, "little")  # 512-byte sectors
    header[44:48] = (1).to_bytes(4, "little")  # one FAT sector
    header[48:52] = (1).to_bytes(4, "little")  # the directory at sector 1
    header[76:80] = (0).to_bytes(4, "little")  # the FAT at sector 0
    header[80:512] = b"\xff" * 432
    fat = bytearray(b"\xff" * 512)
    fat[0:4] = (0xFFFFFFFD).to_bytes(4, "little")
    fat[4:8] = (0xFFFFFFFE).to_bytes(4, "little")
    directory = bytearray(512)
    for k, name in enumerate(("Root Entry", *names)):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory[k * 128 : k * 128 + len(raw)] = raw
        directory[k * 128 + 64 : k * 128 + 66] = len(raw).to_bytes(2, "little")
    return bytes(header + fat + directory)


@pytest.mark.parametrize(
    ("names", "name", "kind"),
    [
        (("WordDocument", "1Table"), "report.doc", "doc"),
        (("WordDocument", "1Table"), None, "doc"),
        (("WordDocument", "1Table"), "report.wps", "wps"),
        (("CONTENTS",), "report.wps", "wps"),
    ],
)
def test_word_files_are_told_from_their_ole_directory(names: tuple[str, ...], name: str | None, kind: str) -> None:
    """An OLE file with a WordDocument stream is Word 97 (.wps when so named); Works' CONTENTS is .wps."""
    assert sniff(_ole(*names), name) == kind


@pytest.mark.parametrize("names", [("Workbook",), ("PowerPoint Document",), ("CONTENTS",)])
def test_other_ole_files_are_refused(names: tuple[str, ...]) -> None:
    """An Excel or PowerPoint file (or Works' CONTENTS not named .wps) is refused, named as no Word document."""
    with pytest.raises(DocumentError, match="no Word document"):
        read_document(_ole(*names), "report.xls")


def test_without_libreoffice_the_error_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """No LibreOffice: MissingExtraError whose message is the command that installs it."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingExtraError, match="apt-get install libreoffice-writer-nogui") as info:
        read_document(_ole("WordDocument"), "report.doc")
    assert info.value.extra == "docx"


@needs_libreoffice
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_word97_files_read_as_labelled(path: Path) -> None:
    """Each .doc/.wps fixture reads exactly as its label (the cells of the .docx it was made from)."""
    label = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    report = gkparse.parse_file(path)
    assert {c.key: c.value for c in report.cells()} == {k: expected_value(v) for k, v in label["cells"].items()}
    assert (report.template, report.year) == (label["template"], label["year"])
    assert report.source_format == path.suffix[1:]
    assert report.layout == "docx"


@needs_libreoffice
def test_doc_reads_as_its_docx() -> None:
    """The .doc LibreOffice made of a .docx gives the same grids as the .docx."""
    doc = read_document((WORD97 / "shitai_2020_lo.doc").read_bytes(), "shitai_2020_lo.doc")
    docx = read_document((ROOT / "fixtures" / "documents" / "shitai_2020.docx").read_bytes())
    assert doc is not None
    assert docx is not None
    assert doc.format == "doc"
    assert [t.texts() for t in doc.tables] == [t.texts() for t in docx.tables]


def _leftovers(folder: Path) -> tuple[list[str], list[int]]:
    """Files left in ``folder``, and processes whose command line names it."""
    files = [str(p) for p in folder.rglob("*")]
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if str(folder).encode() in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
            except OSError:
                continue
    return files, pids


@needs_libreoffice
def test_timeout_stops_libreoffice_and_leaves_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A conversion over its time is stopped: a DocumentError, no temporary file and no process left."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(DocumentError, match="took more than"):
        word97.convert((WORD97 / "shitai_2020_lo.doc").read_bytes(), ".doc", timeout=0.2)
    assert _leftovers(tmp_path) == ([], [])


@needs_libreoffice
def test_batch_leaves_nothing(tmp_path: Path) -> None:
    """A batch over .doc and .wps files (two workers) leaves no temporary file and no LibreOffice process."""
    scratch, folder = tmp_path / "tmp", tmp_path / "in"
    scratch.mkdir()
    folder.mkdir()
    for name in ("shitai_2020_lo.doc", "shitai_2020_wps.wps"):
        shutil.copy(WORD97 / name, folder / name)
    script = (
        "import gkparse; "
        f"print(sum(isinstance(o, gkparse.Report) for o in gkparse.parse_paths([{str(folder)!r}], jobs=2)))"
    )
    env = {**os.environ, "TMPDIR": str(scratch)}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert proc.stdout.strip() == "2"
    assert _leftovers(scratch) == ([], [])


@needs_libreoffice
def test_sigterm_during_conversion_leaves_nothing(tmp_path: Path) -> None:
    """SIGTERM while LibreOffice converts: the process ends, its temporary folder and LibreOffice go with it."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = textwrap.dedent(
        f"""
        import sys, gkparse
        print("start", flush=True)
        gkparse.parse_file({str(WORD97 / "shitai_2020_lo.doc")!r})
        """
    )
    env = {**os.environ, "TMPDIR": str(scratch)}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "start"
    deadline = time.monotonic() + 30
    while not any(scratch.iterdir()) and time.monotonic() < deadline:  # wait for the conversion to begin
        time.sleep(0.02)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == -signal.SIGTERM
    deadline = time.monotonic() + 10
    while _leftovers(scratch) != ([], []) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _leftovers(scratch) == ([], [])
