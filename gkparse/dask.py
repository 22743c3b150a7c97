"""Dask: many report files as one Dask DataFrame (extra ``gkparse[dask]``).

    >>> from gkparse.dask import read_reports
    >>> ddf = read_reports("reports/**/*.txt", shape="tidy")   # lazy
    >>> ddf[ddf.key == "requests.new.total"].value.sum().compute()

The same code runs on Dask's local scheduler and on a ``dask.distributed``
cluster: create a ``distributed.Client`` first and ``compute()`` uses it.  Each
partition parses its files with the same code as [`parse_paths`][gkparse.parse_paths]
and returns the frame [`to_frame`][gkparse.to_frame] would; a file that cannot be
read is a row with ``status == "failed"``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from gkparse import _guard
from gkparse._extras import need
from gkparse._write.frames import to_frame
from gkparse._write.inputs import read_one, walk
from gkparse._write.records import SHAPES
from gkparse.errors import GkparseError

__all__ = ["read_reports"]


def _dd() -> Any:
    return need("dask.dataframe", "dask", purpose="read_reports")


def _expand(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], pattern: str | None) -> list[str]:
    """Files, folders and globs → files, exactly as ``parse_paths`` and ``gkparse parse`` expand them."""
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    return list(walk(items, pattern).files)


def _partition(files: Sequence[str], shape: str) -> Any:
    """Parse one partition's files into the frame ``to_frame`` gives (module level: picklable)."""
    return to_frame([read_one(f) for f in files], shape)


def read_reports(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    shape: str = "tidy",
    pattern: str | None = None,
    files_per_partition: int = 64,
) -> Any:
    """Report files as a lazy Dask DataFrame of tidy or wide records.

    Args:
        paths: a file, a folder (walked for ``pattern``), a glob such as
            ``"reports/**/*.txt"``, or a list of these.
        shape: ``"tidy"`` (one row per cell) or ``"wide"`` (one row per report).
        pattern: file-name patterns for folders, comma-separated (None: ``*.txt`` and every
            document format gkparse reads).
        files_per_partition: how many files one task parses.

    Returns:
        A ``dask.dataframe.DataFrame`` with the columns and dtypes of
        [`to_frame`][gkparse.to_frame] for the shape. Nothing is read until computed.

    Raises:
        GkparseError: dask is not installed, the shape is unknown, or no file matches
            (``InputError``: a path does not exist or nothing is selected).
    """
    if shape not in SHAPES:
        raise GkparseError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    if files_per_partition < 1:
        raise GkparseError("files_per_partition must be at least 1")
    dd = _dd()
    files = _expand(paths, pattern)
    if not files:
        raise GkparseError(f"no report file given: {paths!r}")
    parts = [files[i : i + files_per_partition] for i in range(0, len(files), files_per_partition)]
    meta = to_frame([], shape)
    return dd.from_map(_partition, parts, shape=shape, meta=meta, enforce_metadata=False)


_guard.install(globals(), __all__)  # read_reports raises only GkparseError subclasses
