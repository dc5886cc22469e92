"""Exceptions raised by the core and the formats; each names its problem."""

from __future__ import annotations

from typing import Any


class ClaimdeskError(Exception):
    """Base of every error Claimdesk raises on purpose; its message is for the user."""


class ProjectError(ClaimdeskError):
    """The project file cannot be used as asked."""


class NotAProject(ProjectError):
    """The file is not a Claimdesk project (not SQLite, or another application's file)."""


class ProjectTooNew(ProjectError):
    """The project was written by a newer Claimdesk whose schema this one does not know."""


class ProjectTooOld(ProjectError):
    """An older project opened read-only, so it cannot be upgraded to this version's schema."""


class ReadOnlyProject(ProjectError):
    """A write was attempted on a project opened read-only."""


class ProjectLocked(ProjectError):
    """The project is open for writing in another Claimdesk, here or on another computer.

    ``owner`` is the :class:`claimdesk.core.locks.LockOwner` holding it (None when unknown).
    """

    def __init__(self, message: str, owner: Any = None) -> None:
        super().__init__(message)
        self.owner = owner


class StorageError(ProjectError):
    """The project file could not be written or read: disk full, damaged file, I/O error."""


class FormatError(ClaimdeskError):
    """An input file is malformed or not of the expected format."""


class DecodeError(FormatError):
    """The bytes of a file cannot be turned into text."""


class SpanOutOfRange(ClaimdeskError):
    """A span's offsets lie outside its document's text or are reversed."""


class SpanMismatch(ClaimdeskError):
    """A span's quote is not the text found at its offsets."""


class NotFound(ClaimdeskError):
    """A record with that id does not exist (or is in the trash)."""


class Cancelled(ClaimdeskError):
    """A long operation was cancelled by the user."""
