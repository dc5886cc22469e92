"""Reading processes of a large import (``formats.reading``): chunks of files read elsewhere.

Each process gets at most two chunks at a time through a pipe of its own and sends
back what it read. Everything happens on the thread that imports, between the files
it reads itself: no thread of ours waits on the pipes, so none takes Python's lock
from the one that parses (a waiting thread that wakes for every piece of a result
slowed the parsing thread down by half).

The processes are started with ``spawn`` on every system: new interpreters rather
than copies of this process, whose threads (the window's) a copy would not carry.
The bundle calls ``multiprocessing.freeze_support()`` at start for them
(``claimdesk.launch``).
"""

from __future__ import annotations

import signal
import sys
import types
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from claimdesk.formats import Format, ReadOptions, get_format
from claimdesk.formats.reading import ChunkResult, FileEntry, read_file

#: Chunks a process holds at a time: one it reads, one waiting in its pipe.
IN_FLIGHT = 2
#: Files a reading process hands back to the importing process, which has the language
#: model or loads it once, when telling their language needs the model (a second to
#: load); after that many it loads its own: a corpus in a language without function words.
HAND_BACK_FILES = 20


class _Worker:
    def __init__(self, process: Any, conn: Any) -> None:
        self.process, self.conn = process, conn
        self.chunks: deque[int] = deque()  # sent and not yet back, in the order sent
        self.alive = True


class Pool:
    """Reading processes that read chunks of files in the order they are handed out."""

    def __init__(self, processes: int, options: ReadOptions, format: str | None) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.processes = processes
        self.workers: list[_Worker] = []
        with _script_left_out():
            try:
                for _ in range(processes):
                    ours, theirs = context.Pipe()
                    process = context.Process(
                        target=_serve, args=(theirs, options, format), name="claimdesk-reading"
                    )
                    process.daemon = True  # ended with this process, whatever happens
                    try:
                        process.start()
                    finally:
                        theirs.close()
                    self.workers.append(_Worker(process, ours))
            except BaseException:
                self.close()  # those that did start
                raise

    @property
    def busy(self) -> bool:
        """Some chunk is still being read elsewhere."""
        return any(w.chunks for w in self.workers)

    def exchange(
        self, todo: deque[int], chunks: list[list[FileEntry]]
    ) -> list[tuple[int, ChunkResult | None]]:
        """Take what the processes have read; hand them chunks from the front of ``todo``.

        Returns ``(chunk, result)`` pairs; the result is None for a chunk this process
        must read after all (its reader died or failed).
        """
        finished: list[tuple[int, ChunkResult | None]] = []
        for worker in self.workers:
            if not worker.alive:
                continue
            try:
                while worker.chunks and worker.conn.poll():
                    finished.append((worker.chunks.popleft(), worker.conn.recv()))
                while todo and len(worker.chunks) < IN_FLIGHT:
                    index = todo[0]
                    worker.conn.send(chunks[index])
                    worker.chunks.append(todo.popleft())
            except (EOFError, OSError):  # the process died (killed, out of memory)
                worker.alive = False
                finished.extend((index, None) for index in worker.chunks)
                worker.chunks.clear()
        return finished

    def wait(
        self, todo: deque[int], chunks: list[list[FileEntry]], *, timeout: float
    ) -> list[tuple[int, ChunkResult | None]]:
        """:meth:`exchange` once some process has something to send, or after ``timeout``."""
        from multiprocessing.connection import wait

        wait([w.conn for w in self.workers if w.alive and w.chunks], timeout)
        return self.exchange(todo, chunks)

    def close(self) -> None:
        """Stop the processes: those with nothing left to read when they have sent it, the
        others (Cancel, an error here) at once, since what they read is not wanted."""
        for worker in self.workers:
            try:
                if worker.alive and not worker.chunks:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
            except OSError:
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


@contextmanager
def _script_left_out() -> Iterator[None]:
    """While reading processes start: a stand-in for the caller's ``__main__`` module.

    ``spawn`` runs the main script again in every new process (to unpickle what it
    defines; nothing read there needs it), which would repeat all that a script without
    an ``if __name__ == "__main__":`` guard does (creating its project, importing). With
    a stand-in that has no file, the processes start from this module alone.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__file__", None) is None:
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _serve(conn: Any, options: ReadOptions, format: str | None) -> None:
    """A reading process: read each chunk received, send back what it read, until None.

    A chunk that fails here for any other reason than a file's problem (which is part
    of what it read) goes back unread: the importing process reads it and reports the
    error as it would have without reading processes.
    """
    from claimdesk.core import language

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the importing process
    language.before_loading = _hand_back
    forced = get_format(format) if format else None
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        try:
            result: ChunkResult | None = read_chunk(chunk, options, forced)
        except Exception:
            result = None
        conn.send(result)


def read_chunk(
    chunk: list[FileEntry], options: ReadOptions, forced: Format | None = None
) -> ChunkResult:
    """Read a chunk in a reading process; None for each file handed back."""
    read: ChunkResult = []
    for path, name in chunk:
        try:
            read.append(read_file(path, name, options, forced))
        except _HandBack:
            read.append(None)
    return read


class _HandBack(Exception):
    """This file is better read by the importing process (see :data:`HAND_BACK_FILES`)."""


_handed_back = 0


def _hand_back() -> None:
    global _handed_back
    if _handed_back < HAND_BACK_FILES:
        _handed_back += 1
        raise _HandBack
