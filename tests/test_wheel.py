"""The built wheel parses: the grammars ship inside it and load from there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("gkparse-*.whl")
    return whl


def test_wheel_contains_the_grammars(wheel: Path) -> None:
    """Every .lark file of grammars/ is inside the wheel, under gkparse/grammars/."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for g in (ROOT / "grammars").glob("*.lark"):
        assert f"gkparse/grammars/{g.name}" in names
    assert "gkparse/py.typed" in names


def test_installed_wheel_parses(wheel: Path, tmp_path: Path) -> None:
    """The wheel, installed apart from the source tree, loads its own grammars and parses a fixture."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
    )
    code = (
        "import gkparse, gkparse._read.layouts.base as L; "
        f"r = gkparse.parse_file({str(FIXTURES / '004_f6278f3ab9b7decc.txt')!r}); "
        "print(gkparse.__file__); print(L.grammar_dir()); print(r.requests['new.total']); "
        "print(gkparse.fixtures_path('004_f6278f3ab9b7decc.txt'))"
    )
    res = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    module, grammars, value, fixture = res.stdout.split()
    assert module.startswith(str(target))
    assert fixture.startswith(str(target))  # issue 11.13: the bundled excerpts ship in the wheel
    assert grammars.startswith(str(target))
    assert value == "2"
