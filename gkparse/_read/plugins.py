"""The plug-ins registered in this process, carried to the batch's worker processes.

Workers are started fresh (forkserver or spawn, never fork), so a document
format or text layout added with `gkparse.formats.register` /
`gkparse.layouts.register` in the caller's process would not exist in them.
A batch takes a snapshot of the added plug-ins in the parent — each as the
module and name it is defined under — and each worker imports and installs
it before reading: the files of a batch are read with the same plug-ins as
`gkparse.parse_file` in the caller.  A plug-in must therefore be a module-level
name of an importable module (not of ``__main__`` in an interactive session);
one that is not is refused with a clear error when the batch starts.
"""

from __future__ import annotations

import importlib
import sys
from typing import NamedTuple

from gkparse._read import formats, layouts
from gkparse.errors import GkparseError


class Ref(NamedTuple):
    """A plug-in by where it is defined: ``module.name``."""

    module: str
    name: str


class Plugins(NamedTuple):
    """The formats and layouts added to the built-in ones, by reference."""

    formats: tuple[Ref, ...] = ()
    layouts: tuple[Ref, ...] = ()


def _ref(obj: object, module: str, what: str) -> Ref:
    mod = sys.modules.get(module)
    for name, value in vars(mod).items() if mod is not None and module != "__main__" else ():
        if value is obj:
            return Ref(module, name)
    raise GkparseError(
        f"the {what} cannot be used in a batch: its workers import plug-ins by name, so define it as a "
        f"module-level name of an importable module (it was found in none; defined in {module!r})"
    )


def snapshot() -> Plugins:
    """The plug-ins registered now, beyond the built-in ones.

    Raises:
        GkparseError: a plug-in is not a module-level name of an importable module.
    """
    fmts = tuple(_ref(f, f.read.__module__, f"document format {f.kind!r}") for f in formats.added())
    lays = tuple(
        _ref(lay, type(lay).__module__, f"layout {lay.name!r}")
        for lay in layouts.LAYOUTS
        if lay.name not in layouts.BUILTIN
    )
    return Plugins(fmts, lays)


def install(plugins: Plugins) -> None:
    """Register each plug-in of ``plugins`` this process does not have yet (a worker's first chunk)."""
    for ref in plugins.formats:
        fmt = getattr(importlib.import_module(ref.module), ref.name)
        if fmt.kind not in formats.kinds():
            formats.register(fmt)
    for ref in plugins.layouts:
        lay = getattr(importlib.import_module(ref.module), ref.name)
        if lay.name not in {x.name for x in layouts.LAYOUTS}:
            layouts.register(lay)
