"""The project file: one SQLite database per project, the single source of truth.

Every edit is one method of :class:`Project`, one transaction and one named
undo step; it returns a :class:`~claimdesk.core.model.Changes` record. The
GUI, the command line and the formats all write through these methods.

>>> project = Project.create("study.claimdesk")
>>> changes = project.add_actor("Donald Trump", type="person", aliases=["Trump"])
>>> project.actor(changes.id).aliases
['Trump']
>>> project.undo().name
'Undo Add Actor'
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, Self

from claimdesk.core.errors import (
    NotAProject,
    NotFound,
    ProjectError,
    ProjectLocked,
    ProjectTooNew,
    ProjectTooOld,
    ReadOnlyProject,
)
from claimdesk.core.model import (
    Changes,
    Codebook,
    Coder,
    new_uuid,
    utc_now,
)
from claimdesk.core.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    migrate,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Documents written per transaction during an import (measured: per-file commits are 5–18×
#: slower; batches of 2,000 write 10,000 articles a tenth faster than batches of 500: each
#: commit also writes the full-text index's pending terms and checkpoints the log), and at most
#: this many characters of text, so that a batch of long articles also takes about half a second
#: (Cancel waits for it).
IMPORT_BATCH = 2000
IMPORT_BATCH_CHARS = 16_000_000
#: Undo steps kept in the file.
UNDO_LIMIT = 200

_CODEBOOK_TABLES = {"stances", "issues", "tags", "variables", "actor_types"}
_CHANGE_SETS = {
    "documents": "documents",
    "claims": "claims",
    "mentions": "mentions",
    "actors": "actors",
}


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: Marks an ``update_*`` argument that is not being changed (None means "clear it").
UNSET: Any = _Unset()


class _Step:
    """The open write: collects undo entries and changed ids for one named step."""

    def __init__(self, project: Any, changes: Changes) -> None:
        self.project = project
        self.changes = changes
        self.entries: list[tuple[str, int, str | None]] = []

    def touched(self, table: str, row_id: int) -> None:
        if table == "imports":  # the record of an import run: bookkeeping, not a user's record
            return
        attr = _CHANGE_SETS.get(table)
        if attr:
            getattr(self.changes, attr).add(row_id)
        elif table in _CODEBOOK_TABLES:
            self.changes.codebook = True
        elif table == "project":
            self.changes.project = True
        self.changes.count += 1

    def inserted(self, table: str, row_ids: Iterable[int]) -> None:
        for row_id in row_ids:
            self.entries.append((table, row_id, None))
            self.touched(table, row_id)

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = list(row)
        sql = (
            f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})"
        )
        row_id = self.project._conn.execute(sql, [row[c] for c in cols]).lastrowid
        assert row_id is not None
        self.inserted(table, [row_id])
        return row_id

    def delete(self, table: str, row_id: int) -> None:
        """Delete a row for good, keeping its image for undo (soft deletion is an ``update``)."""
        before = self.project._row(table, row_id)
        if before is None:
            return
        self.entries.append((table, row_id, json.dumps(before, ensure_ascii=False)))
        self.project._conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self.touched(table, row_id)

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = self.project._row(table, row_id)
        if before is None:
            raise NotFound(f"no {table[:-1]} with id {row_id}")
        if all(before.get(k) == v for k, v in values.items()):
            return
        self.entries.append((table, row_id, json.dumps(before, ensure_ascii=False)))
        sets = ", ".join(f"{_q(c)} = ?" for c in values)
        self.project._conn.execute(
            f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id]
        )
        self.touched(table, row_id)


def _q(name: str) -> str:
    return f'"{name}"'


#: One encoder for every value written: ``json.dumps`` with options builds one per call, which
#: costs more than encoding a document's structure (an import encodes ten thousand).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


class ProjectBase:
    """Opening, closing, the one door for writes, undo, settings and coders."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool, coder: str) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self.coder = coder
        self._db: Any = None
        self._step: _Step | None = None
        self._coder_ids: dict[str, int] = {}
        #: This process's lock on the file while it is open for writing (``core.locks``).
        self._lock: Any = None
        #: What the user should know about this project file (a synced folder, a failed backup).
        self.warnings: list[str] = []

    @property
    def db(self) -> Any:
        """The file as a ``sqlite_utils.Database``, for scripts that explore it (read-only use).

        Loaded on first use: importing sqlite-utils (and the numpy it pulls in)
        costs a third of a second, which the window and the command line do
        not pay at start.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    # ------------------------------------------------------------------ open, create, close

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        codebook: Codebook | None = None,
        uuid: str | None = None,
        coder: str | None = None,
    ) -> Self:
        """Create a new, empty project file at ``path`` (which must not exist yet).

        :param name: the project's name (default: the file name without extension)
        :param codebook: the codebook to start with (default: the bundled one)
        :param uuid: the project id (default: a new one)
        :param coder: who is coding (default: the settings' coder name)
        """
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: a file of that name already exists")
        if not path.parent.exists():
            raise ProjectError(f"{path.parent}: no such folder")
        from claimdesk.core.codebook import default_codebook

        coder = coder or _default_coder()
        lock = _lock_for_writing(path, coder)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            lock.release()
            raise ProjectError(f"{path}: cannot create the project ({exc})") from exc
        try:
            # Written before WAL is on, so the marker is in the main file at once.
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _configure(conn)
            now = utc_now()
            conn.execute("BEGIN IMMEDIATE")
            migrate(conn, current=0)
            conn.execute(
                "INSERT INTO project (id, uuid, name, memo, created, modified) "
                "VALUES (1, ?, ?, '', ?, ?)",
                (uuid or new_uuid(), name if name is not None else path.stem, now, now),
            )
            project = cls(conn, path, readonly=False, coder=coder)
            project._insert_codebook(codebook or default_codebook())
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            lock.release()
            raise
        project._lock = lock
        project.warnings = _opening_warnings(project, backup=False)
        return project

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        coder: str | None = None,
        daily_backup: bool = True,
    ) -> Self:
        """Open an existing project file.

        A file or folder the user cannot write to opens read-only. An older
        schema is backed up and migrated; a newer one is refused untouched.
        Opened for writing, the project is locked against other Claimdesks
        (``core.locks``) and backed up once a day (``core.backups``).

        :param daily_backup: make the daily backup now, before returning (the window
            passes False and makes it in the background with ``backups.backup_on_open``)

        :raises NotAProject: not SQLite, or another application's database
        :raises ProjectTooNew: written by a newer Claimdesk
        :raises ProjectLocked: open for writing in another Claimdesk (``exc.owner`` says who)
        """
        path = Path(path)
        header = _read_header(path)
        app_id = struct.unpack(">I", header[68:72])[0]
        if app_id != APPLICATION_ID:
            raise NotAProject(f"{path}: an SQLite database, but not a Claimdesk project")
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        readonly = readonly or not writable
        uri = path.resolve().as_uri()
        if readonly:
            uri += "?mode=ro" if os.access(path.parent, os.W_OK) else "?mode=ro&immutable=1"
        else:
            uri += "?mode=rw"
        coder = coder or _default_coder()
        lock = None if readonly else _lock_for_writing(path, coder)
        conn = None
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if lock is not None:
                lock.release()
            hint = ""
            if "malformed" in str(exc):
                hint = f"; if it is a project, restore it from a backup (claimdesk backups {path.name})"
            raise NotAProject(f"{path}: cannot be read as a project ({exc}){hint}") from exc
        try:
            if version > SCHEMA_VERSION:
                raise ProjectTooNew(
                    f"{path}: made by a newer Claimdesk (file version {version}, this version "
                    f"reads up to {SCHEMA_VERSION}); update Claimdesk to open it"
                )
            if not readonly:
                _configure(conn)
            if version < SCHEMA_VERSION:
                if readonly:
                    raise ProjectTooOld(
                        f"{path}: made by an older Claimdesk (file version {version}) and read-only, "
                        "so it cannot be upgraded; copy it somewhere writable first"
                    )
                backup_before_migration(conn, path, version)
                conn.execute("BEGIN IMMEDIATE")
                try:
                    migrate(conn, current=version)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            elif not readonly:
                conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            if lock is not None:
                lock.release()
            raise
        try:
            project = cls(conn, path, readonly=readonly, coder=coder)
            project._lock = lock
            project.warnings = _opening_warnings(project, backup=daily_backup and not readonly)
        except BaseException:
            conn.close()
            if lock is not None:
                lock.release()
            raise
        return project

    def close(self) -> None:
        """Checkpoint and truncate the write-ahead log, then close the file."""
        if self._conn is None:
            return
        try:
            if not self.readonly:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        finally:
            self._conn.close()
            self._conn = None  # type: ignore[assignment]
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------------ the one door for writes

    def _edit_row(
        self, name: str, table: str, row_id: int, values: dict[str, Any], *, stamp: bool = False
    ) -> Changes:
        """One undo step ``name`` that changes ``values`` of one row (nothing when empty).

        :param stamp: also set the row's ``modified`` time
        """
        with self.write(name) as step:
            if values:
                step.update(table, row_id, {**values, "modified": utc_now()} if stamp else values)
        return step.changes

    @contextmanager
    def write(self, name: str) -> Iterator[_Step]:
        """One transaction and one undo step named ``name``; nested calls join the outer one."""
        if self.readonly:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only")
        if self._step is not None:
            yield self._step
            return
        self._check_lock()
        step = _Step(self, Changes(name=name))
        self._begin()
        self._step = step
        try:
            yield step
            if step.entries:
                step.changes.step = self._log_step(name, step.entries)
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            _raise_storage_error(exc, self.path)
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._step = None

    def _log_step(self, name: str, entries: list[tuple[str, int, str | None]]) -> int:
        conn = self._conn
        conn.execute(
            "DELETE FROM undo_rows WHERE step_id IN (SELECT id FROM undo_steps WHERE state = 'undone')"
        )
        conn.execute("DELETE FROM undo_steps WHERE state = 'undone'")
        step_id = conn.execute(
            "INSERT INTO undo_steps (name, coder_id, time) VALUES (?, ?, ?)",
            (name, self.coder_id(), utc_now()),
        ).lastrowid
        conn.executemany(
            "INSERT INTO undo_rows (step_id, tbl, row_id, before) VALUES (?, ?, ?, ?)",
            [(step_id, tbl, row_id, before) for tbl, row_id, before in entries],
        )
        oldest = conn.execute(
            "SELECT id FROM undo_steps ORDER BY id DESC LIMIT 1 OFFSET ?", (UNDO_LIMIT,)
        ).fetchone()
        if oldest:
            conn.execute("DELETE FROM undo_rows WHERE step_id <= ?", (oldest[0],))
            conn.execute("DELETE FROM undo_steps WHERE id <= ?", (oldest[0],))
        assert step_id is not None
        return step_id

    def _row(self, table: str, row_id: int) -> dict[str, Any] | None:
        cur = self._conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def _put_row(self, table: str, row_id: int, image: dict[str, Any] | None) -> None:
        """Make row ``row_id`` of ``table`` equal ``image`` (None: delete it)."""
        exists = self._conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if image is None:
            if exists:
                self._conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        elif exists:
            cols = [c for c in image if c != "id"]
            sets = ", ".join(f"{_q(c)} = ?" for c in cols)
            self._conn.execute(
                f"UPDATE {table} SET {sets} WHERE id = ?", [image[c] for c in cols] + [row_id]
            )
        else:
            cols = list(image)
            self._conn.execute(
                f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) "
                f"VALUES ({', '.join('?' * len(cols))})",
                [image[c] for c in cols],
            )

    # ------------------------------------------------------------------ undo and redo

    def undo_status(self) -> tuple[str | None, str | None]:
        """The names of the step :meth:`undo` and :meth:`redo` would act on."""
        undo = self._conn.execute(
            "SELECT name FROM undo_steps WHERE state = 'done' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        redo = self._conn.execute(
            "SELECT name FROM undo_steps WHERE state = 'undone' ORDER BY id LIMIT 1"
        ).fetchone()
        return (undo[0] if undo else None, redo[0] if redo else None)

    def clear_history(self) -> None:
        """Forget every undo step (the changes themselves stay)."""
        with self._autocommit():
            self._conn.execute("DELETE FROM undo_rows")
            self._conn.execute("DELETE FROM undo_steps")

    def undo(self) -> Changes:
        """Undo the last step; its changes are named ``Undo <step>``.

        :raises NotFound: when there is nothing to undo
        """
        return self._replay(undo=True)

    def redo(self) -> Changes:
        """Redo the step undone last."""
        return self._replay(undo=False)

    def _replay(self, *, undo: bool) -> Changes:
        if self.readonly:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only")
        self._check_lock()
        if undo:
            sql = "SELECT id, name FROM undo_steps WHERE state = 'done' ORDER BY id DESC LIMIT 1"
        else:
            sql = "SELECT id, name FROM undo_steps WHERE state = 'undone' ORDER BY id LIMIT 1"
        found = self._conn.execute(sql).fetchone()
        if found is None:
            raise NotFound("nothing to undo" if undo else "nothing to redo")
        step_id, name = found
        changes = Changes(name=("Undo " if undo else "Redo ") + name, step=step_id)
        step = _Step(self, changes)
        order = "DESC" if undo else "ASC"
        rows = self._conn.execute(
            f"SELECT id, tbl, row_id, before, after FROM undo_rows WHERE step_id = ? ORDER BY id {order}",
            (step_id,),
        ).fetchall()
        self._begin()
        try:
            for entry_id, table, row_id, before, after in rows:
                current = self._row(table, row_id)
                saved = _json(current) if current is not None else None
                image = before if undo else after
                self._put_row(table, row_id, json.loads(image) if image is not None else None)
                column = "after" if undo else "before"
                self._conn.execute(
                    f"UPDATE undo_rows SET {column} = ? WHERE id = ?", (saved, entry_id)
                )
                step.touched(table, row_id)
            self._conn.execute(
                "UPDATE undo_steps SET state = ? WHERE id = ?",
                ("undone" if undo else "done", step_id),
            )
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            _raise_storage_error(exc, self.path)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return changes

    # ------------------------------------------------------------------ trash, shared by every kind

    def _soft_delete(self, table: str, ids: Iterable[int], name: str) -> Changes:
        ids = list(ids)
        if len(ids) > 1:
            name += "s"
        now = utc_now()
        with self.write(name) as step:
            for row_id in ids:
                step.update(table, row_id, {"deleted": now})
                if table in ("claims", "mentions"):
                    doc = self._conn.execute(
                        f"SELECT document_id FROM {table} WHERE id = ?", (row_id,)
                    ).fetchone()
                    step.changes.documents.add(doc[0])
        return step.changes

    def _restore(self, table: str, ids: Iterable[int], name: str) -> Changes:
        with self.write(name) as step:
            for row_id in ids:
                step.update(table, row_id, {"deleted": None})
        return step.changes

    # ------------------------------------------------------------------ project and settings

    def info(self) -> dict[str, Any]:
        """The project's id, name, memo and dates."""
        row = self._row("project", 1)
        assert row is not None
        row.pop("id")
        return row

    def set_project_info(self, *, name: str = UNSET, memo: str = UNSET) -> Changes:
        values = {k: v for k, v in {"name": name, "memo": memo}.items() if v is not UNSET}
        return self._edit_row("Edit Project Properties", "project", 1, values, stamp=True)

    def setting(self, key: str, default: Any = None) -> Any:
        """A project setting (stored as JSON in the project file)."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Change a project setting (not an undo step)."""
        if self.readonly:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only")
        with self._autocommit():
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, _json(value)),
            )

    @contextmanager
    def _autocommit(self) -> Iterator[None]:
        if self.readonly:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only")
        if self._step is not None:
            yield
            return
        self._check_lock()
        self._begin()
        try:
            yield
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            _raise_storage_error(exc, self.path)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        """Start a write transaction; a busy or broken file becomes a message for the user."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            _raise_storage_error(exc, self.path)

    def _check_lock(self) -> None:
        """Refuse to write once another Claimdesk has taken this project's lock over."""
        if self._lock is not None and self._lock.lost:
            owner = self._lock.lost_to
            who = owner.describe() if owner is not None else "another Claimdesk"
            raise ProjectLocked(
                f"{self.path.name} was taken over by {who} while it seemed idle here, so "
                "nothing more can be saved in this window; close the project and open it again",
                owner,
            )

    # ------------------------------------------------------------------ coders

    def coder_id(self, name: str | None = None) -> int | None:
        """The id of coder ``name`` (default: the project's current coder), created if new.

        Returns None on a read-only project for a coder not in the file.
        """
        name = (name or self.coder).strip() or "unknown"
        if name in self._coder_ids:
            return self._coder_ids[name]
        row = self._conn.execute("SELECT id FROM coders WHERE name = ?", (name,)).fetchone()
        if row is None:
            if self.readonly:
                return None
            with self._autocommit():
                row = (
                    self._conn.execute(
                        "INSERT INTO coders (uuid, name, created) VALUES (?, ?, ?)",
                        (new_uuid(), name, utc_now()),
                    ).lastrowid,
                )
        self._coder_ids[name] = row[0]
        return row[0]

    def coders(self, *, coding_only: bool = False) -> list[Coder]:
        """Every coder; with ``coding_only``, those with a claim, mention or status to their name."""
        where = ""
        if coding_only:
            # One index lookup per coder, not a pass over every claim and mention.
            where = (
                "WHERE EXISTS (SELECT 1 FROM claims WHERE coder_id = coders.id AND deleted IS NULL) "
                "OR EXISTS (SELECT 1 FROM mentions WHERE coder_id = coders.id AND deleted IS NULL) "
                "OR EXISTS (SELECT 1 FROM document_status WHERE coder_id = coders.id)"
            )
        rows = self._conn.execute(f"SELECT id, uuid, name FROM coders {where} ORDER BY id")
        return [Coder(id=r[0], uuid=r[1], name=r[2]) for r in rows]

    def add_coders(self, coders: Iterable[Coder]) -> dict[str, int]:
        """Store coders by uuid (or name) as given; returns ``{uuid: id}``."""
        ids: dict[str, int] = {}
        with self._autocommit():
            for coder in coders:
                row = self._conn.execute(
                    "SELECT id FROM coders WHERE uuid = ? OR name = ?", (coder.uuid, coder.name)
                ).fetchone()
                if row is None:
                    row = (
                        self._conn.execute(
                            "INSERT INTO coders (uuid, name, created) VALUES (?, ?, ?)",
                            (coder.uuid, coder.name, utc_now()),
                        ).lastrowid,
                    )
                ids[coder.uuid] = row[0]
        return ids

    # ------------------------------------------------------------------ backups

    def backup(self, destination: str | os.PathLike[str]) -> Path:
        """Write a consistent copy of the project with SQLite's backup API.

        The copy is one self-contained file (rollback journal, synced to
        disk); :mod:`claimdesk.core.backups` names, checks and rotates them.
        """
        from claimdesk.core.store._files import copy_database

        return copy_database(self._conn, Path(destination))


# ---------------------------------------------------------------------- module helpers


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotAProject(f"{path}: a folder, not a project file") from None
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        what = "an empty file" if not header else "not an SQLite database"
        raise NotAProject(f"{path}: not a Claimdesk project ({what})")
    return header


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the project into ``backups/`` beside it before its schema is upgraded (checked, kept)."""
    from claimdesk.core import backups

    return backups.backup_before_migration(conn, path, version)


def _lock_for_writing(path: Path, coder: str) -> Any:
    from claimdesk.core.locks import ProjectLock

    return ProjectLock.acquire(path, coder=coder)


def _opening_warnings(project: ProjectBase, *, backup: bool) -> list[str]:
    """A synced cloud folder, a daily backup that failed: said once, the project still opens."""
    from claimdesk.core.places import synced_folder_warning

    warnings = []
    synced = synced_folder_warning(project.path)
    if synced:
        warnings.append(synced)
    if backup:
        from claimdesk.core.backups import backup_on_open

        failed = backup_on_open(project)  # type: ignore[arg-type]
        if failed:
            warnings.append(failed)
    return warnings


def _raise_storage_error(exc: sqlite3.DatabaseError, path: Path) -> NoReturn:
    """Raise a failed write in the user's words (disk full, damaged file); constraint errors stay."""
    if isinstance(exc, sqlite3.IntegrityError):
        raise exc
    from claimdesk.core.store._files import storage_error

    raise storage_error(exc, path) from exc


def _default_coder() -> str:
    from claimdesk.core.settings import Settings

    return Settings.load().coder


def copy_project(source: Path, destination: Path) -> None:
    """Copy a closed project file (used by tests and the demo)."""
    shutil.copyfile(source, destination)
