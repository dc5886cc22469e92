"""Helpers shared by the exporters: complete files only, progress and cancel."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from claimdesk.core.errors import Cancelled, FormatError

#: ``progress(done, total)`` in documents.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Written:
    """What an export wrote: counts in scope, and the file."""

    documents: int
    claims: int
    mentions: int
    path: str


@contextmanager
def atomic_path(destination: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``destination`` that replaces it only when the block succeeds.

    A failed or cancelled export never leaves half a file, and never
    destroys an earlier export of the same name.
    """
    path = Path(destination)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FormatError(f"{folder}: no such folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Ticker:
    """Reports progress once per document and raises :class:`Cancelled` when asked to stop."""

    def __init__(
        self, total: int, progress: Progress | None, cancel: Callable[[], bool] | None
    ) -> None:
        self.total, self.progress, self.cancel = total, progress, cancel
        self.done = 0

    def check(self) -> None:
        if self.cancel and self.cancel():
            raise Cancelled("the export was cancelled; no file was written")

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)
        self.check()
