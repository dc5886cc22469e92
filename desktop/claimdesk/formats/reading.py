"""Reading the files of an import: each file's format, decoding and parsing, in file order.

Every file is read and checked before anything is written (DESIGN decision 6), so
reading is most of what a large import costs. Two things keep it fast:

- each file is opened once: a file of up to :data:`WHOLE_FILE_BYTES` is read whole,
  its format guessed from those bytes and, for the formats that can
  (``Format.read_data``), parsed from them;
- when the files left would take longer than :data:`PARALLEL_AFTER_S` to read here and
  the computer has more than one CPU, reading processes take chunks of them as well
  (``formats._processes``; threads would not help: parsing is Python code). This process goes on reading chunks itself,
  so a process that is slow to start costs nothing, and the results are put back in the
  order of the files: the same documents, duplicates, problems and notes as reading the
  files one by one.

Progress is reported per chunk of :data:`CHUNK_FILES` files; Cancel is polled after
every file read here and ten times a second while waiting for the other processes.

>>> from claimdesk.formats.importing import collect_files
>>> reading = read_files(collect_files(["seeds/"]), options=ReadOptions())
>>> len(reading.items), reading.cancelled, reading.processes
(14, False, 0)
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from claimdesk.core.model import Document
from claimdesk.formats import (
    SNIFF_BYTES,
    Format,
    Note,
    Problem,
    ReadOptions,
    all_formats,
    get_format,
    guess_format,
)

if TYPE_CHECKING:
    from claimdesk.formats._processes import Pool

#: Files up to this size are read whole, at once (news articles are a hundred times smaller).
WHOLE_FILE_BYTES = 1 << 20
#: Files per chunk: the unit of progress, and of the work handed to a reading process. What
#: 20 news articles give (about 130 KB) fits a pipe's buffer, so a reading process goes on to its
#: next chunk without waiting for this one to take the last (with 50: a sixth slower).
CHUNK_FILES = 20
#: Reading processes start when the files left would take longer than this to read here:
#: starting one costs about half a second of another CPU and would spare nothing below it.
PARALLEL_AFTER_S = 1.0
#: At most this many reading processes beside this one.
MAX_PROCESSES = 3
#: Seconds between looks at the reading processes' pipes while reading here (a look costs
#: a system call; a chunk takes them a few hundredths of a second).
EXCHANGE_S = 0.002

#: What an import says of a codebook file given as articles.
CODEBOOK_HINT = (
    "a codebook, not articles: import it with Tools → Codebook… or `claimdesk codebook import`"
)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A file of a project format (a Claimdesk export): loaded and merged after the articles."""

    path: Path
    format: str


#: What reading a file gives: documents, problems, notes, or a project file to merge.
Item: TypeAlias = Document | Problem | Note | Corpus
#: ``(file, name relative to what the user gave)``, as ``importing.collect_files`` finds them.
FileEntry: TypeAlias = tuple[Path, str]
#: What reading a chunk gives, per file; None for a file to read in this process after all.
ChunkResult: TypeAlias = list[list[Item] | None]


@dataclass
class Reading:
    """What :func:`read_files` read, in the order of the files."""

    items: list[Item] = field(default_factory=list)
    cancelled: bool = False
    #: Reading processes that took part (0: every file was read in this process).
    processes: int = 0


def file_start(path: Path) -> tuple[bytes, bool]:
    """The bytes of a file, all of them up to :data:`WHOLE_FILE_BYTES`, else its first
    :data:`~claimdesk.formats.SNIFF_BYTES`; and whether they are the whole file.

    ``(b"", False)`` for a file that cannot be read: its format's reader says why.
    """
    try:
        with open(path, "rb", buffering=0) as fh:
            if os.fstat(fh.fileno()).st_size <= WHOLE_FILE_BYTES:
                return fh.readall(), True
            return fh.read(SNIFF_BYTES), False
    except OSError:
        return b"", False


def read_file(
    path: Path, name: str, options: ReadOptions, forced: Format | None = None
) -> list[Item]:
    """Read one file: its documents, problems and notes, or the project file to merge.

    :param name: the file's name as reports show it (relative to the folder given)
    :param forced: the format to read it with instead of the one guessed
    """
    head, whole = file_start(path)
    fmt = forced or guess_format(path, head, whole=whole)
    if fmt is None:
        return [Problem(name, "not a file format Claimdesk reads")]
    if fmt.kind == "codebook":
        return [Problem(name, CODEBOOK_HINT)]
    if fmt.load is not None:
        return [Corpus(path, fmt.name)]
    if fmt.read is None:
        return [Problem(name, f"{fmt.name} files cannot be imported")]
    if whole and fmt.read_data is not None:
        return list(fmt.read_data(head, name, options))
    return list(fmt.read(path, name, options))


def read_files(
    files: Sequence[FileEntry],
    *,
    options: ReadOptions,
    format: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    processes: int | None = None,
) -> Reading:
    """Read ``files`` in their order, with reading processes when that is worth it.

    :param format: a format name that overrides the guess from content and extension
    :param progress: ``progress(done, total)`` after each chunk of files
    :param cancel: polled after every file read here; True stops reading
    :param processes: reading processes beside this one; None decides by how long the
        files would take and how many CPUs there are; 0 reads every file here
    """
    return _Reader(files, options, format, progress, cancel, processes).run()


class _Reader:
    """One :func:`read_files` run: chunks read here and in reading processes."""

    def __init__(
        self,
        files: Sequence[FileEntry],
        options: ReadOptions,
        format: str | None,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
        processes: int | None,
    ) -> None:
        self.options, self.format = options, format
        self.forced = get_format(format) if format else None
        self.progress, self.cancel = progress, cancel
        self.chunks = [list(files[i : i + CHUNK_FILES]) for i in range(0, len(files), CHUNK_FILES)]
        self.results: list[ChunkResult | None] = [None] * len(self.chunks)
        self.todo = deque(range(len(self.chunks)))
        self.total, self.done = len(files), 0
        self.asked = processes
        self.pool: Pool | None = None
        #: Reading processes are no longer tried: not worth it, or they could not start.
        self.here_only = processes == 0
        self.started = self.exchanged = time.perf_counter()

    def run(self) -> Reading:
        reading = Reading()
        try:
            if self.asked:
                self._start_pool(self.asked)
            while self.todo or (self.pool is not None and self.pool.busy):
                if self.todo:
                    if not self._read_here(self.todo.popleft()):
                        reading.cancelled = True
                        break
                else:
                    assert self.pool is not None
                    self._collect(self.pool.wait(self.todo, self.chunks, timeout=0.1))
                    if self.cancel and self.cancel():
                        reading.cancelled = True
                        break
        finally:
            if self.pool is not None:
                reading.processes = self.pool.processes
                self.pool.close()
        reading.items = self._items()
        return reading

    def _read_here(self, index: int) -> bool:
        """Read chunk ``index`` in this process; False when cancelled during it."""
        read: ChunkResult = []
        self.results[index] = read
        for path, name in self.chunks[index]:
            read.append(read_file(path, name, self.options, self.forced))
            if self.cancel and self.cancel():
                return False
            if self.pool is not None:  # collect what the processes read, hand them more
                now = time.perf_counter()
                if now - self.exchanged >= EXCHANGE_S:
                    self.exchanged = now
                    self._collect(self.pool.exchange(self.todo, self.chunks))
            elif not self.here_only:
                self._consider_processes(len(read))
        self._chunk_done(index)
        return True

    def _consider_processes(self, read_in_chunk: int) -> None:
        """Start reading processes when the files left would take long to read here."""
        done = self.done + read_in_chunk
        left = self.total - done
        if not left:
            return
        if (time.perf_counter() - self.started) / done * left <= PARALLEL_AFTER_S:
            return
        self.here_only = True  # decided once
        wanted = min(_free_cpus(), MAX_PROCESSES, len(self.todo))
        if wanted > 0:
            self._start_pool(wanted)

    def _start_pool(self, processes: int) -> None:
        self.here_only = True
        if not _processes_read_every_format():
            return
        from claimdesk.formats._processes import Pool

        try:
            self.pool = Pool(processes, self.options, self.format)
        except (OSError, ImportError):  # no new processes here (a sandbox): read everything here
            return
        self._collect(self.pool.exchange(self.todo, self.chunks))

    def _collect(self, finished: list[tuple[int, ChunkResult | None]]) -> None:
        for index, result in finished:
            if result is None:  # the process could not read it (it died, or failed): read it here
                self.todo.appendleft(index)
                continue
            for i, read in enumerate(result):
                if read is None:  # handed back: read here while the process goes on
                    path, name = self.chunks[index][i]
                    result[i] = read_file(path, name, self.options, self.forced)
            self.results[index] = result
            self._chunk_done(index)

    def _chunk_done(self, index: int) -> None:
        self.done += len(self.chunks[index])
        if self.progress:
            self.progress(self.done, self.total)

    def _items(self) -> list[Item]:
        """Everything read, in file order."""
        items: list[Item] = []
        for result in self.results:
            for read in result or ():
                if read is not None:
                    items.extend(read)
        return items


def _processes_read_every_format() -> bool:
    """True when a new process knows every registered format: the built-in ones only (a
    format registered by a script exists in that script's process alone)."""
    return all(f.sniff.__module__.startswith("claimdesk.formats.") for f in all_formats())


def _cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _free_cpus() -> int:
    """CPUs for reading processes: all but the one reading here. Where other work keeps
    them busy, a reading process still gets its share of them (measured: a gain there too)."""
    return _cpus() - 1
