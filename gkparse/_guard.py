"""One rule for every public function: it raises only `GkparseError` subclasses.

The entry points check their arguments and say what is wrong
([`InputError`][gkparse.InputError]); this guard is the last line behind
those checks.  Wrapped once (``gkparse/__init__.py`` wraps the functions of
``gkparse`` and ``gkparse.templates``, ``gkparse/dask.py`` its own), every
public function turns any other exception into a `GkparseError`, the original
kept as its ``__cause__``:

* a ``TypeError``, ``ValueError``, ``LookupError`` (``KeyError``) or
  ``AttributeError`` — an argument gkparse cannot use — becomes an
  [`InputError`][gkparse.InputError] that is *also* an instance of the
  original class, so ``except KeyError`` around ``templates.get_template``
  keeps working;
* running out of memory or recursion, or anything else, a `GkparseError`.

``KeyboardInterrupt`` and ``SystemExit`` pass through.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

from gkparse.errors import GkparseError, InputError

_MISUSE = (TypeError, AttributeError, ValueError, LookupError)


_CLASSES: dict[str, type[InputError]] = {}


def _input_error(base: type[Exception]) -> type[InputError]:
    """``InputError`` that is also a ``base`` (``except ValueError`` still catches it)."""
    key = f"{base.__module__}.{base.__qualname__}"
    if key not in _CLASSES:
        try:
            cls = type(f"InputError({base.__name__})", (InputError, base), {"__module__": InputError.__module__})
        except TypeError:  # a class of its own layout (UnicodeDecodeError): a plain InputError
            cls = InputError
        _CLASSES[key] = cls
    return _CLASSES[key]


def _translate(name: str, exc: Exception) -> GkparseError:
    """The gkparse error standing for a foreign exception raised by the public function ``name``."""
    text = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
    if isinstance(exc, MemoryError):
        return GkparseError(f"{name}(): out of memory: the input is too large to read in this process")
    if isinstance(exc, RecursionError):
        return GkparseError(f"{name}(): the input is nested too deeply to read")
    if isinstance(exc, _MISUSE):
        return _input_error(type(exc))(f"{name}(): {text}")
    return GkparseError(f"{name}(): internal error in gkparse: {type(exc).__name__}: {text}")


@contextlib.contextmanager
def _translating(name: str) -> Iterator[None]:
    """Any exception but a `GkparseError` raised inside becomes one (`_translate`)."""
    try:
        yield
    except GkparseError:
        raise
    except Exception as exc:
        raise _translate(name, exc) from exc


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` raising only `GkparseError` subclasses (a generator function stays one)."""
    name = fn.__name__
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generate(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with _translating(name):
                yield from fn(*args, **kwargs)

        generate.__gkparse_guarded__ = True  # type: ignore[attr-defined]
        return generate

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        with _translating(name):
            return fn(*args, **kwargs)

    call.__gkparse_guarded__ = True  # type: ignore[attr-defined]
    return call


def install(namespace: MutableMapping[str, Any], names: Iterable[str]) -> None:
    """Replace each public function among ``names`` in ``namespace`` by its guarded form (classes stay)."""
    for name in names:
        obj = namespace.get(name)
        if inspect.isfunction(obj) and not getattr(obj, "__gkparse_guarded__", False):
            namespace[name] = guarded(obj)
