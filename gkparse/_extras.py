"""Optional dependencies: one import helper, one error naming the extra that brings the module.

The core of gkparse needs only lark, attrs and cattrs.  Everything else —
the document readers, pandas, Arrow, Dask, tqdm — is an extra, imported
where it is used with [`need`][gkparse._extras.need], which raises
[`MissingExtraError`][gkparse.MissingExtraError] naming ``pip install "gkparse[EXTRA]"``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from gkparse.errors import MissingExtraError


def need(module: str, extra: str, *, purpose: str = "this") -> ModuleType:
    """Import an optional dependency, or raise the error that names the extra to install.

    Args:
        module: the module to import, e.g. ``"lxml.html"``.
        extra: the extra of gkparse that brings it, e.g. ``"html"``.
        purpose: what needs it, for the message (``"reading this file"``, ``"to_frame"``).

    Raises:
        MissingExtraError: the module cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(extra, module.split(".", 1)[0], purpose=purpose) from None
