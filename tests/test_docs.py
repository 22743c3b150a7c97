"""The documentation's code runs, and its generated pages match the code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import gkparse
from gkparse import _findings
from tests.conftest import ROOT

DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", DOCS / "tutorial.md", *sorted((DOCS / "how-to").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_python_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every python block of the tutorial and the how-to guides runs, in order, from the repository root."""
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    if page.stem in ("batch", "dask", "findings-in-etl", "gbk", "series", "label-variant"):
        assert blocks, f"{page.name} has no python block"
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    from gkparse._read.formats import ocr

    for i, code in enumerate(blocks):
        if "tests/scans/" in code and not ocr.available():
            continue  # a scan is read by OCR: needs the ocr extra (not installable on every Python)
        try:
            exec(compile(code, f"{page.name}[block {i}]", "exec"), namespace)
        except Exception as e:  # pragma: no cover - the message is the point
            pytest.fail(f"{page.name} block {i} raised {type(e).__name__}: {e}\n{code}")


_BLOCK_AND_OUTPUT = re.compile(r"^```python\n(.*?)^```\n(?:\n```text\n(.*?)^```)?", re.S | re.M)


def test_tutorial_runs_anywhere_and_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11.13: the tutorial runs from any working directory and each block prints its shown output."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_tutorial_anywhere"}
    pairs = _BLOCK_AND_OUTPUT.findall((DOCS / "tutorial.md").read_text(encoding="utf-8"))
    assert all(shown for _, shown in pairs), "every tutorial block shows its output"
    for code, shown in pairs:
        exec(compile(code, "tutorial.md", "exec"), namespace)
        assert capsys.readouterr().out.strip() == shown.strip()
    assert "fillna(0)" not in (DOCS / "tutorial.md").read_text(encoding="utf-8")


def test_tutorial_is_the_first_read() -> None:
    """The tutorial parses a fixture, reads tables and findings, builds a frame and plots."""
    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    for needle in ("parse_file", "findings", "to_frame", "plot.barh", "dedupe", "derived=True"):
        assert needle in text


def test_every_code_example_raises_its_code() -> None:
    """Each catalogue example, parsed, gives a finding with its code (the docs show that finding)."""
    for c in _findings.catalogue():
        if c.example is None:
            continue
        codes = [f.code for f in gkparse.parse(c.example).findings]
        assert c.code in codes, (c.code, codes)


def test_every_emitted_code_is_catalogued() -> None:
    """Every code emitted on the fixtures, the catalogue examples and odd inputs is in the catalogue."""
    catalogued = {c.code for c in _findings.catalogue()}
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "fixtures").glob("*.txt")]
    texts += [c.example for c in _findings.catalogue() if c.example]
    texts += ["", "|" * 50, "规章\t5²\t0\t7\n", "x" * 100_001 + "\n规章 | 1 | 2 | 3 |\n"]
    emitted = {f.code for t in texts for f in gkparse.parse(t).findings}
    assert emitted <= catalogued, emitted - catalogued


def test_findings_are_made_from_the_catalogue() -> None:
    """A finding's severity is its code's severity in the catalogue (codes are defined once)."""
    severity = {c.code: c.severity for c in _findings.catalogue()}
    for p in (ROOT / "fixtures").glob("*.txt"):
        for f in gkparse.parse_file(p).findings:
            assert severity[f.code] == f.severity, f


def test_catalogue_codes_are_unique_and_dotted() -> None:
    """Codes are unique, lower-case and dotted."""
    codes = [c.code for c in _findings.catalogue()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", c) for c in codes)


@pytest.mark.skipif(os.environ.get("GKPARSE_SKIP_MKDOCS") == "1", reason="docs build skipped by the environment")
def test_docs_markers_are_all_filled() -> None:
    """The generated-page markers used in the docs are the ones the hook knows."""
    hook = (DOCS / "hooks.py").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        for marker in re.findall(r"<!-- gkparse:[a-z-]+ -->", page.read_text(encoding="utf-8")):
            assert marker in hook, (page, marker)
