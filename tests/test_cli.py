"""The gkparse command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkparse.cli import main
from tests.conftest import FIXTURES


def test_show_prints_numbers_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """`gkparse show FOLDER` summarises every report with its numbers and findings."""
    assert main(["show", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "厦门市同安区莲花镇人民政府" in out
    assert "procurement.amount=94600" in out  # 004: 9.46万元
    assert "money.unit_unknown" in out
    assert "17 file(s): 16 with tables, 0 unreadable" in out


def test_show_reports_unreadable_files_and_carries_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad file is reported, the others are still shown, the exit status is 2."""
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_text((FIXTURES / "003_651373a10ed2d74b.txt").read_text("utf-8"), "utf-8")
    assert main(["show", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "failed:" in out
    assert "兑镇镇人民政府" in out


def test_keys_lists_the_dictionary(capsys: pytest.CaptureFixture[str]) -> None:
    """`gkparse keys --template 2021` lists the 2021 keys with their labels."""
    assert main(["keys", "--template", "2021"]) == 0
    out = capsys.readouterr().out
    assert "active.rules.issued\t2021" in out
    assert "active.rules.made" not in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help works and shows examples."""
    with pytest.raises(SystemExit) as e:
        main(["show", "--help"])
    assert e.value.code == 0
    assert "examples:" in capsys.readouterr().out
