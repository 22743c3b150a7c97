"""The worker process of a batch pool: read tasks from the parent, announce each file, die with the parent.

See ``gkparse._write.pool`` for the parent's side.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any

from gkparse._read import limits
from gkparse._write import inputs


def _die_with_parent(lifeline: Connection) -> None:
    """Exit when the parent does: ``PR_SET_PDEATHSIG`` on Linux, and a thread watching the lifeline pipe."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()  # the parent never writes: this returns when its end closes
        os._exit(1)

    threading.Thread(target=watch, name="gkparse-lifeline", daemon=True).start()


def _limit_memory(max_memory: int) -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


class _Announced:
    """The files of a task, telling the parent which one is read before it is."""

    def __init__(self, files: Sequence[str], conn: Connection) -> None:
        self.files, self.conn = files, conn

    def __iter__(self) -> Iterator[str]:
        for i, path in enumerate(self.files):
            self.conn.send(("start", i))
            yield path


def serve(
    conn: Connection,
    lifeline: Connection,
    fn: Callable[[Iterable[str], Any], Any],
    caps: limits.Limits,
    max_memory: int | None,
) -> None:
    """A worker: read tasks from ``conn`` until told to stop, each with ``fn(files, arg)``.

    Nothing it meets is printed: an exception (a bug in gkparse, a result too
    large to send) is sent to the parent as the reason, and the worker ends.
    """
    _die_with_parent(lifeline)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if max_memory:
        _limit_memory(max_memory)
    inputs.set_memory_limit(max_memory)
    try:
        conn.send(("ready", os.getpid()))
        with limits.using(caps):
            _loop(conn, fn)
    except (EOFError, OSError):  # the parent is gone
        return
    except BaseException as exc:
        with contextlib.suppress(BaseException):
            conn.send(("crash", f"internal error in gkparse: {type(exc).__name__}: {exc}"))
        os._exit(3)


def _loop(conn: Connection, fn: Callable[[Iterable[str], Any], Any]) -> None:
    while True:
        message = conn.recv()
        if message is None:
            return
        files, arg = message
        conn.send(("done", fn(_Announced(files, conn), arg)))
        if inputs.ran_out_of_memory():
            return  # a MemoryError leaves a process in doubt: a fresh worker takes over
