"""The review page and the notebook view: self-contained HTML whose numbers are the report's cells."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import gkparse
from gkparse.cli import main

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str | None:
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GKPARSE_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_repr_is_one_line_and_html_repr_shows_the_tables() -> None:
    """repr(report) is one short line; _repr_html_ lays out the tables with every printed value."""
    report = gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))
    text = repr(report)
    assert "\n" not in text
    assert len(text) < 300
    page = report._repr_html_()
    assert "<script" not in page
    for needle in ("src=", "<link", "http://", "https://"):
        assert needle not in page, needle
    assert 'data-key="requests.new.total" data-value="2"' in page


def test_tables_is_a_property_and_still_callable() -> None:
    """report.tables is a tuple; calling it (the 0.3 spelling) gives the same tuple."""
    report = gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))
    assert isinstance(report.tables, tuple)
    assert report.tables() == report.tables
    assert [t.name for t in report.tables] == ["active", "requests", "appeals"]


def test_review_page_is_self_contained(tmp_path: Path) -> None:
    """The page loads nothing from elsewhere: no src= or href= to another site, style and script inline."""
    out = tmp_path / "review.html"
    assert main(["review", str(gkparse.fixtures_path()), "-q", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for needle in ("src=", "<link", "http://", "https://", "@import"):
        assert needle not in page, needle


def test_review_refuses_a_non_html_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """gkparse review -o out.txt is a usage error naming the suffix to use."""
    assert main(["review", str(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt")), "-o", str(tmp_path / "r.txt")]) == 2
    assert "REVIEW.html" in capsys.readouterr().err


def test_review_in_headless_chromium(tmp_path: Path) -> None:
    """Chromium loads the page with no console error and its script runs; the numbers in the DOM are
    the reports' cells (printed and derived); blanks are cells nothing was printed in; a screenshot
    is written (GKPARSE_ARTIFACTS, else the test's folder)."""
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium): the browser test needs it")
    lxml_html = pytest.importorskip("lxml.html")
    out = tmp_path / "review.html"
    assert main(["review", str(gkparse.fixtures_path()), "-q", "-o", str(out)]) == 0
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120, check=True
    )
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    tree = lxml_html.fromstring(dom.stdout)
    assert tree.xpath("//body/@data-review") == ["ready"]
    reports = [gkparse.parse_file(p).derived() for p in _sources(tree)]
    for i, report in enumerate(reports):
        section = tree.xpath(f"//section[@id='r{i}']")[0]
        shown = {td.get("data-key"): td.get("data-value") for td in section.xpath(".//td[@data-value]")}
        cells = {c.key: "" if c.value is None else str(c.value) for c in report.cells()}
        assert shown == cells, report.source
        blanks = {td.get("data-key") for td in section.xpath(".//td[contains(@class, 'blank')]")}
        assert not blanks & set(cells)
    shot = _artifacts(tmp_path) / "review.png"
    subprocess.run(
        [browser, *flags, "--window-size=1280,1600", f"--screenshot={shot}", out.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000


def _sources(tree: object) -> list[str]:
    return [a.text for a in tree.xpath("//table[@id='reports']/tbody/tr/td[1]/a")]  # type: ignore[attr-defined]
