"""Caps on what one input may cost: the bytes read and what a document expands to.

Every cap is checked *before* the work it bounds: a file's size before it is
read, a zip member's uncompressed size before it is inflated, a table's
positions after rowspan/colspan expansion before the grid is built (counted
per document, not per table, so many tables within a per-table cap cannot add
up to gigabytes).  An input over a cap is refused with a
[`DocumentError`][gkparse.DocumentError] (or an [`InputError`][gkparse.InputError]
for the file size) that names the cap and how to raise it:

    >>> import gkparse
    >>> with gkparse.limits(cells=1_000_000):    # this block only (and its batches' workers)
    ...     report = gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))

On the command line: ``gkparse parse --limit cells=1000000``.  Time and
memory of a whole file are bounded by the batch (``--timeout``,
``--max-memory``), not here.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Final

import attrs

from gkparse.errors import DocumentError, GkparseError

MB: Final = 1024 * 1024


@attrs.frozen
class Limits:
    """The caps of one read; the defaults leave every real report far below them.

    Attributes:
        file_bytes: size of a file given to ``parse_file`` or ``parse_bytes`` (50 MB);
            the batch's own cap is its ``max_bytes`` (``--max-bytes``).
        markup_bytes: size of an HTML page's markup (64 MB).
        member_bytes: uncompressed size of the one zip member a Word file is read
            from, ``word/document.xml`` (32 MB; no other part is read).
        cells: table positions of one document after rowspan/colspan expansion,
            every table counted, tables padded to rectangles (200,000; a report has a few hundred).
        cell_tags: ``<td>``/``<th>`` cells of an HTML page, those inside scripts included (100,000).
        tags: tags of an HTML page (3,000,000).
    """

    file_bytes: int = 50 * MB
    markup_bytes: int = 64 * MB
    member_bytes: int = 32 * MB
    cells: int = 200_000
    cell_tags: int = 100_000
    tags: int = 3_000_000


_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "gkparse_limits",
    default=Limits(),  # noqa: B039 - frozen, never mutated
)
NAMES: Final = tuple(a.name for a in attrs.fields(Limits))


def current() -> Limits:
    """The caps in force (the defaults, or those of the innermost [`limits`][gkparse.limits] block)."""
    return _CURRENT.get()


def changed(base: Limits, changes: dict[str, int]) -> Limits:
    """``base`` with some caps changed, each checked to be a whole number of at least 1.

    Raises:
        GkparseError: an unknown cap or a value that is not a whole number of at least 1.
    """
    for name, value in changes.items():
        if name not in NAMES:
            raise GkparseError(f"no cap named {name!r}: the caps are {', '.join(NAMES)}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise GkparseError(f"the cap {name} must be a whole number of at least 1, not {value!r}")
    return attrs.evolve(base, **changes)


@contextlib.contextmanager
def limits(**changes: int) -> Iterator[Limits]:
    """Raise (or lower) caps on what one input may expand to, within a ``with`` block.

    Args:
        **changes: caps by name: ``file_bytes``, ``markup_bytes``, ``member_bytes``,
            ``cells``, ``cell_tags``, ``tags`` (see [`Limits`][gkparse.Limits]).

    Yields:
        The caps in force within the block.  Batches started in the block
        ([`parse_paths`][gkparse.parse_paths]) pass them to their workers.

    Raises:
        GkparseError: an unknown cap, or a value below 1.
    """
    token = _CURRENT.set(changed(current(), changes))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def using(caps: Limits) -> Iterator[None]:
    """Within the block, ``caps`` are in force (a batch worker applies its parent's caps)."""
    token = _CURRENT.set(caps)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def how_to_raise(cap: str) -> str:
    """The advice every refusal ends with: which cap, and how to raise it."""
    return f"raise it with gkparse.limits({cap}=N) or --limit {cap}=N"


def over(what: str, amount: int, cap: str) -> DocumentError:
    """The error for an input over a cap: what it holds, the cap's value and name, how to raise it."""
    value = getattr(current(), cap)
    return DocumentError(f"{what}: {amount:,}, over the cap of {value:,} ({how_to_raise(cap)})")


class Budget:
    """The table positions a document may still expand to (the ``cells`` cap, counted per document)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.cap = current().cells
        self.used = 0

    def take(self, n: int) -> None:
        """Count ``n`` more positions, before they are built.

        Raises:
            DocumentError: the document's tables would hold more positions than the cap.
        """
        self.used += n
        if self.used > self.cap:
            raise over(f"{self.what} expands to more table positions (rowspan/colspan counted)", self.used, "cells")
