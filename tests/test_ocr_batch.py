"""Batches and scans: image files are walked by default only when the ocr extra is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkparse._read import formats
from gkparse._read.formats import ocr
from gkparse._write.inputs import walk


def test_without_the_extra_images_are_left_out_with_one_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the ocr extra the default pattern leaves images out and the walk says so once, not per file."""
    monkeypatch.setattr(ocr, "available", lambda: False)
    (tmp_path / "a.txt").write_text("一、总体情况\n", encoding="utf-8")
    for name in ("scan1.png", "scan2.JPG", "scan3.tif"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "*.png" not in formats.default_pattern()
    walked = walk([tmp_path])
    assert [Path(f).name for f in walked.files] == ["a.txt"]
    notices = [n for n in walked.notices if "ocr" in n]
    assert len(notices) == 1
    assert notices[0].startswith("3 image file(s) not read")
    assert 'pip install "gkparse[ocr]"' in notices[0]


def test_with_the_extra_images_are_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the ocr extra, .png, .jpg/.jpeg and .tif/.tiff files are part of the default pattern."""
    monkeypatch.setattr(ocr, "available", lambda: True)
    pattern = formats.default_pattern()
    for suffix in ("png", "jpg", "jpeg", "tif", "tiff"):
        assert f"*.{suffix}" in pattern
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [Path(f).name for f in walk([tmp_path]).files] == ["scan.png"]
