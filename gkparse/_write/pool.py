"""Worker processes of a batch: each file bounded in time and memory, a dead worker replaced, results in order.

A pool of its own, not ``ProcessPoolExecutor`` (one dead worker breaks that
whole pool).  Each worker is a process with a pipe of its own; it reads the
files of a task (a chunk of consecutive files) one at a time and announces
each before reading it, so the parent knows which file a worker is on:

* a file read for longer than ``timeout`` seconds: the worker is killed, the
  file is a failure "timed out", the rest of its chunk is sent again;
* a worker that dies (``kill -9``, the OOM killer, a crash in a C library):
  the file it was reading is a failure with the reason, the rest of its chunk
  is sent again, and a new worker takes its place;
* ``max_memory`` caps each worker's address space (``RLIMIT_AS``, Linux): a
  file that needs more raises ``MemoryError`` in the worker (a failure "out of
  memory"; the worker is then replaced) instead of taking the machine's memory.

Workers die with their parent: on Linux they ask for ``SIGKILL`` when it
exits (``PR_SET_PDEATHSIG``), and everywhere a thread of each worker waits on
a pipe only the parent holds open and ends the worker when it closes.
Results come back in the order of the files.
"""

from __future__ import annotations

import contextlib
import heapq
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Final, Generic, TypeVar

import attrs

from gkparse._read import limits
from gkparse._write import worker
from gkparse.errors import GkparseError

T = TypeVar("T")
Task = tuple[int, int]
"""A task: the files ``files[start:end]``."""
MIN_MEMORY: Final = 256 * 1024 * 1024
"""The smallest ``max_memory`` accepted: a worker needs about 100 MB of address space to start."""
_GRACE: Final = 5.0


@attrs.frozen
class Bounds:
    """What one file may cost in a batch.

    Attributes:
        timeout: seconds one file may take (None: no limit).
        max_memory: bytes of address space of each worker process (None: no limit).
    """

    timeout: float | None = None
    max_memory: int | None = None

    @property
    def bounded(self) -> bool:
        """True when a limit is set: files must then be read in worker processes."""
        return self.timeout is not None or self.max_memory is not None


def check_bounds(timeout: float | None, max_memory: int | None) -> Bounds:
    """The limits checked: a positive number of seconds, at least 256 MB of memory (or None).

    Raises:
        GkparseError: a limit of the wrong type or too small.
    """
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0):
        raise GkparseError(f"timeout must be a number of seconds above 0 (or None), not {timeout!r}")
    if max_memory is not None and (
        isinstance(max_memory, bool) or not isinstance(max_memory, int) or max_memory < MIN_MEMORY
    ):
        raise GkparseError(
            f"max_memory must be a number of bytes of at least {MIN_MEMORY} (256 MB), not {max_memory!r}"
        )
    return Bounds(None if timeout is None else float(timeout), max_memory)


@attrs.define
class _Worker:
    proc: Any
    conn: Connection
    lifeline: Connection
    ready: bool = False
    task: Task | None = None
    current: int | None = None
    since: float = 0.0
    crash: str | None = None


def died(exitcode: int | None) -> str:
    """Why a worker process ended, in words."""
    if exitcode is None:
        return "the worker process reading it stopped"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return (
                f"the worker process reading it was killed ({name}): out of memory (the OOM killer) or killed by hand"
            )
        return f"the worker process reading it died ({name})"
    return f"the worker process reading it exited with status {exitcode}"


class Pool(Generic[T]):
    """``fn(files[a:b], arg)`` for the chunks of ``files`` on ``jobs`` workers, each file within ``bounds``.

    ``fail(path, reason)`` makes the result of one file that failed (timed out,
    or its worker died) in the parent.
    """

    def __init__(
        self,
        fn: Callable[[Iterable[str], Any], T],
        files: Sequence[str],
        jobs: int,
        arg: Any,
        bounds: Bounds,
        fail: Callable[[str, str], T],
        context: Any,
        startup_help: str,
    ) -> None:
        self.fn, self.files, self.jobs, self.arg, self.bounds, self.fail = fn, files, jobs, arg, bounds, fail
        self.context, self.startup_help = context, startup_help
        size = chunk_size(len(files), jobs)
        self.pending: list[Task] = [(i, min(i + size, len(files))) for i in range(0, len(files), size)]
        self.done: dict[int, tuple[int, T]] = {}
        self.workers: list[_Worker] = []
        self.next = 0
        self.started_ok = False
        self.false_starts = 0
        self.retried: set[Task] = set()

    def results(self) -> Iterator[T]:
        """The results, in the order of the files; the workers are stopped at the end (or on an exception)."""
        try:
            while self.next < len(self.files):
                while self.next in self.done:
                    end, result = self.done.pop(self.next)
                    self.next = end
                    yield result
                if self.next >= len(self.files):
                    break
                self._dispatch()
                self._wait()
        finally:
            self.close()

    # -- dispatching

    def _outstanding(self) -> int:
        return len(self.done) + sum(w.task is not None for w in self.workers)

    def _dispatch(self) -> None:
        """Start workers for the pending tasks (up to ``jobs``), and give each idle worker a task.

        At most ``3 × jobs`` chunks are out (running, or done and waiting for an
        earlier one), except the chunk the output waits for, which always goes.
        """
        free = sum(w.task is None for w in self.workers)
        while len(self.workers) < self.jobs and len(self.pending) > free:
            self.workers.append(self._start())
            free += 1
        for w in self.workers:
            if not (w.ready and w.task is None and self.pending):
                continue
            if self.pending[0][0] != self.next and self._outstanding() >= self.jobs * 3:
                break
            a, b = heapq.heappop(self.pending)
            w.conn.send((list(self.files[a:b]), self.arg))
            w.task, w.current, w.since = (a, b), None, time.monotonic()

    def _start(self) -> _Worker:
        ctx = self.context
        here, there = ctx.Pipe()
        life_r, life_w = ctx.Pipe(duplex=False)
        args = (there, life_r, self.fn, limits.current(), self.bounds.max_memory)
        proc = ctx.Process(target=worker.serve, args=args, name="gkparse-worker", daemon=True)
        proc.start()
        there.close()
        life_r.close()
        return _Worker(proc, here, life_w)

    # -- waiting and handling what happened

    def _wait(self) -> None:
        """Wait for a message, a worker's end or the nearest deadline, and handle what happened."""
        timeout = None
        if self.bounds.timeout is not None:
            ends = [w.since + self.bounds.timeout for w in self.workers if w.task is not None]
            timeout = max(0.0, min(ends) - time.monotonic()) if ends else None
        handles = [w.conn for w in self.workers if not w.conn.closed] + [w.proc.sentinel for w in self.workers]
        if not handles:  # pragma: no cover - every file is pending, running or done
            raise GkparseError("internal error in gkparse: a batch has files left and no worker")
        ready = set(wait(handles, timeout))
        for w in list(self.workers):
            if w.conn in ready:
                self._receive(w)
            if w.proc.sentinel in ready:
                self._buried(w)
        self._overtime()

    def _receive(self, w: _Worker) -> None:
        if w.conn.closed:
            return
        try:
            while w.conn.poll():
                kind, value = w.conn.recv()
                if kind == "ready":
                    w.ready, self.started_ok, self.false_starts = True, True, 0
                elif kind == "start":
                    w.current, w.since = int(value), time.monotonic()
                elif kind == "done" and w.task is not None:
                    self.done[w.task[0]] = (w.task[1], value)
                    w.task, w.current = None, None
                elif kind == "crash":
                    w.crash = str(value)
        except (EOFError, OSError):
            w.conn.close()

    def _overtime(self) -> None:
        if self.bounds.timeout is None:
            return
        now = time.monotonic()
        for w in list(self.workers):
            if w.task is not None and now - w.since > self.bounds.timeout:
                w.proc.kill()
                w.proc.join(_GRACE)
                limit = f"{self.bounds.timeout:g}"
                self._remove(w)
                self._blame(w, f"timed out: reading it took more than {limit} s, the time limit per file (--timeout)")

    def _buried(self, w: _Worker) -> None:
        """A worker's process ended: its file fails with the reason, its chunk's other files go back."""
        if w not in self.workers:
            return
        self._receive(w)
        w.proc.join(_GRACE)
        self._remove(w)
        if not w.ready:
            self.false_starts += 1
            if not self.started_ok or self.false_starts > 3:
                why = died(w.proc.exitcode).replace("the worker process reading it", "it")
                raise GkparseError(f"a worker process stopped while starting ({why}); {self.startup_help}")
        if w.task is not None:
            self._blame(w, w.crash or died(w.proc.exitcode))

    def _blame(self, w: _Worker, reason: str) -> None:
        """The file ``w`` was reading fails with ``reason``; the other files of its chunk are sent again.

        The files after it go back one by one, so that idle workers share them.

        A worker lost before it announced a file gives its chunk back whole,
        once; lost again on the same chunk, the chunk's first file is blamed.
        """
        assert w.task is not None
        a, b = w.task
        w.task = None
        if w.current is None and (a, b) not in self.retried:
            self.retried.add((a, b))
            heapq.heappush(self.pending, (a, b))
            return
        bad = a + (w.current or 0)
        self.done[bad] = (bad + 1, self.fail(self.files[bad], reason))
        if a < bad:
            heapq.heappush(self.pending, (a, bad))
        for i in range(bad + 1, b):  # bad files often sort together: one file a task spreads them
            heapq.heappush(self.pending, (i, i + 1))

    def _remove(self, w: _Worker) -> None:
        if w in self.workers:
            self.workers.remove(w)
        for conn in (w.conn, w.lifeline):
            conn.close()

    def close(self) -> None:
        """Stop every worker: asked to stop when idle, killed when busy or slow to go."""
        for w in self.workers:
            with contextlib.suppress(OSError, ValueError):
                if w.task is None and not w.conn.closed:
                    w.conn.send(None)
                else:
                    w.proc.kill()
        deadline = time.monotonic() + _GRACE
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(_GRACE)
            for conn in (w.conn, w.lifeline):
                conn.close()
        self.workers = []


def chunk_size(n: int, jobs: int) -> int:
    """Files per task: a few tasks per worker, at most 32 files each."""
    return max(1, min(32, n // (jobs * 4)))


def context() -> Any:
    """The start method of workers: forkserver (gkparse preloaded) where there is one, else spawn.

    Never ``fork``: a forked worker would inherit the other workers' pipes, and
    a worker must hold none of them for its lifeline to close with the parent.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["gkparse"])
        return ctx
    return multiprocessing.get_context("spawn")
