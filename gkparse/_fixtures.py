"""The bundled example reports: excerpts of 31 real reports and 4 documents (HTML, PDF, Word), labelled.

Wheels and sdists carry them as package data (``gkparse/fixtures``); in a
source checkout (an editable install) they are the repository's ``fixtures/``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from gkparse.errors import GkparseError


def fixtures_path(name: str | None = None) -> Path:
    """The folder of the bundled example reports, or one file in it.

    The examples are **excerpts** of real reports (mostly the tables only), so
    ``report.incomplete`` and narrative findings on them are expected.

    Args:
        name: a file name such as ``"004_f6278f3ab9b7decc.txt"``; None for the folder.

    Returns:
        An absolute path that works from any working directory.

    Raises:
        GkparseError: the fixtures are neither installed nor in a source checkout,
            or ``name`` is not one of them.

    Example:
        >>> import gkparse
        >>> gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt")).requests["new.total"]
        2
    """
    folder = _folder()
    if name is None:
        return folder
    path = folder / name
    if not path.is_file():
        raise GkparseError(f"no bundled fixture named {name!r} in {folder}")
    return path


def _folder() -> Path:
    packaged = Path(str(resources.files("gkparse"))) / "fixtures"
    checkout = Path(__file__).resolve().parent.parent / "fixtures"
    for folder in (packaged, checkout):
        if (folder / "004_f6278f3ab9b7decc.txt").is_file():
            return folder
    raise GkparseError(
        "the bundled fixtures are not installed: reinstall gkparse from a wheel or sdist, or use a source checkout"
    )


def is_bundled(folder: str | os.PathLike[str]) -> bool:
    """True when ``folder`` holds the bundled fixtures (installed or a checkout's copy)."""
    try:
        mine = {p.name for p in _folder().glob("*.txt")}
    except GkparseError:
        return False
    theirs = {p.name for p in Path(folder).glob("*.txt")}
    return bool(mine) and mine == theirs
