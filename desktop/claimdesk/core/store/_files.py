"""Whole project files: consistent copies, checking a copy, loading a copy back.

These are the SQL-level steps of :mod:`claimdesk.core.backups`; the folder,
names and rotation live there. A copy is made with SQLite's backup API from
an open connection, so it is consistent even while the project is in use,
and it is switched to an ordinary rollback journal so that the copy is one
self-contained file that opens read-only anywhere.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from contextlib import closing
from pathlib import Path

from claimdesk.core.errors import ClaimdeskError, ProjectError, StorageError
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


def storage_error(exc: sqlite3.Error | OSError, path: Path) -> StorageError:
    """The user's words for what SQLite or the operating system reported about ``path``."""
    text = str(exc)
    low = text.lower()
    if "disk is full" in low or "no space" in low or getattr(exc, "errno", None) == 28:
        message = (
            f"{path.name}: the disk is full, so nothing was written (the project is as it was "
            "before); free some space and try again"
        )
    elif "malformed" in low or "not a database" in low or "corrupt" in low:
        message = (
            f"{path.name}: the project file is damaged ({text}); restore it from a backup "
            f"(File → Restore from Backup, or: claimdesk backups {path.name})"
        )
    elif "readonly" in low or "read-only" in low or "permission" in low:
        message = f"{path.name}: the file cannot be written ({text}); it may be read-only"
    elif "locked" in low or "busy" in low:
        message = f"{path.name}: the file is busy in another program ({text}); try again"
    elif "i/o" in low or isinstance(exc, OSError):
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else text
        message = f"{path.name}: the file could not be read or written ({reason})"
    else:
        message = f"{path.name}: {text}"
    return StorageError(message)


def copy_database(conn: sqlite3.Connection, destination: Path) -> Path:
    """Write a consistent copy of the database open on ``conn`` to ``destination``.

    The copy is made with SQLite's backup API, switched to a rollback
    journal (one file, nothing beside it) and synced to disk.
    """
    target = sqlite3.connect(destination, isolation_level=None)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    _fsync(destination)
    return destination


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_version(path: Path) -> int:
    """The schema version in the header of a project file (``PRAGMA user_version``).

    :raises ProjectError: not an SQLite file, or not a Claimdesk project
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise ProjectError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise ProjectError(f"{path.name}: not an SQLite database")
    if struct.unpack(">I", header[68:72])[0] != APPLICATION_ID:
        raise ProjectError(f"{path.name}: an SQLite database, but not a Claimdesk project")
    return struct.unpack(">I", header[60:64])[0]


def check_copy(path: Path) -> list[str]:
    """Every problem of a copy (a backup) as a file: empty when it opens and is sound.

    A copy of the current schema is opened as a project, read-only, and
    gets SQLite's integrity and foreign-key checks and a read of every
    table; an older one (made before a migration) gets the integrity check.
    What the project itself holds (a quote that no longer matches, say) is
    :meth:`Project.check`'s business: a faithful copy of a project with such
    a problem is still a good backup.
    """
    try:
        version = file_version(path)
    except ClaimdeskError as exc:
        return [str(exc)]
    if version > SCHEMA_VERSION:
        return [f"{path.name}: made by a newer Claimdesk (file version {version})"]
    if version == SCHEMA_VERSION:
        from claimdesk.core.store import Project

        try:
            with Project.open(path, readonly=True) as project:
                project.counts()
                return _integrity(project._conn)
        except ClaimdeskError as exc:
            return [str(exc)]
        except sqlite3.DatabaseError as exc:
            return [f"{path.name}: {exc}"]
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            return _integrity(conn)
    except sqlite3.DatabaseError as exc:
        return [f"{path.name}: {exc}"]


def _integrity(conn: sqlite3.Connection) -> list[str]:
    problems = [
        f"integrity: {row[0]}" for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"
    ]
    return problems + [
        f"foreign key: {row[0]} row {row[1]} refers to a missing {row[2]} row"
        for row in conn.execute("PRAGMA foreign_key_check")
    ]


def load_copy(source: Path, destination: Path) -> None:
    """Make the project file ``destination`` hold exactly what the copy ``source`` holds.

    SQLite's backup API writes the copy into the project in one transaction
    of the project's own journal, so a crash leaves either the old or the
    restored project. A destination too damaged to be opened is replaced as
    a file instead (moved into place complete, never written in halves).
    The caller holds the project's lock and has backed it up first.
    """
    try:
        with closing(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)) as src:
            dst = sqlite3.connect(destination, isolation_level=None)
            try:
                dst.execute("PRAGMA busy_timeout = 5000")
                dst.execute("PRAGMA user_version").fetchone()  # fails on a damaged file
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = WAL")
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        return
    except sqlite3.DatabaseError as exc:
        if "not a database" not in str(exc) and "malformed" not in str(exc):
            raise storage_error(exc, destination) from exc
    _replace_file(source, destination)


def _replace_file(source: Path, destination: Path) -> None:
    tmp = destination.with_name(f".{destination.name}.restoring")
    try:
        with closing(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)) as src:
            tmp.unlink(missing_ok=True)
            copy_database(src, tmp)
        for side in ("-wal", "-shm", "-journal"):
            destination.with_name(destination.name + side).unlink(missing_ok=True)
        os.replace(tmp, destination)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc, destination) from exc
