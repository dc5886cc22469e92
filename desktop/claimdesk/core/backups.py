"""Backups of a project: made before migrations, once a day on open, or on request; restored.

A backup is a consistent copy made with SQLite's backup API (also while the
project is open) into ``backups/`` beside the project, or into the user's
data folder when that folder cannot be written. It is written under a
temporary name, checked by opening it read-only (integrity, references,
every span), and only then given its name, so a crash never leaves half a
backup that looks whole. Daily and manual backups are rotated: the newest
``backups_keep`` (a project setting, default 10) are kept; the copies made
before a schema migration are kept always, because they are the way back
to the older Claimdesk. Restoring first backs up the current state.

>>> backup = make_backup(project)
>>> backup.kind, backup.path.parent.name
('manual', 'backups')
>>> [b.kind for b in list_backups(project.path)][:1]
['manual']
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.core.errors import ClaimdeskError, ProjectError, StorageError

if TYPE_CHECKING:
    from claimdesk.core.store import Project

#: How many daily and manual backups a project keeps unless its ``backups_keep`` setting says otherwise.
DEFAULT_KEEP = 10
FOLDER_NAME = "backups"
KINDS = ("daily", "manual", "migration", "before-restore", "damaged")
_STAMP = "%Y%m%dT%H%M%S"
_NAME = re.compile(
    r"^(?:v(?P<version>\d+)-)?(?P<stamp>\d{8}T\d{6})(?P<ms>\d{3})?Z"
    r"(?:-(?P<kind>[a-z-]+?))?(?:-(?P<n>\d+))?$"
)


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file of a project."""

    path: Path
    created: datetime
    kind: str
    size: int
    #: The schema version it was made from, for copies made before a migration.
    version: int | None = None

    @property
    def label(self) -> str:
        """``2026-11-25 14:02 (daily, 1.2 MB)``, in local time."""
        when = self.created.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{when} ({self.kind}, {human_size(self.size)})"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


# ---------------------------------------------------------------------- where backups go


def _fallback_folder(project: Path) -> Path:
    from claimdesk.core.settings import data_dir

    digest = hashlib.sha1(str(project.resolve().parent).encode("utf-8", "surrogatepass"))
    return data_dir() / FOLDER_NAME / f"{project.stem}-{digest.hexdigest()[:8]}"


def backup_folders(project: str | os.PathLike[str]) -> list[Path]:
    """Where backups of ``project`` may be: beside it, then in the user's data folder."""
    path = Path(project)
    return [path.parent / FOLDER_NAME, _fallback_folder(path)]


def backup_folder(project: str | os.PathLike[str]) -> Path:
    """The folder new backups of ``project`` go to, created if needed.

    ``backups/`` beside the project; the user's data folder when that one
    cannot be made or written.

    :raises StorageError: neither folder can be written
    """
    problems = []
    for folder in backup_folders(project):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
            problems.append(f"{folder}: not writable")
        except OSError as exc:
            problems.append(f"{folder}: {exc.strerror or exc}")
    raise StorageError(f"{Path(project).name}: nowhere to put a backup ({'; '.join(problems)})")


def _parse(project: Path, file: Path) -> Backup | None:
    name = file.name
    prefix, suffix = project.stem + "-", project.suffix
    if not name.startswith(prefix) or not name.endswith(suffix) or name.startswith("."):
        return None
    m = _NAME.match(name[len(prefix) : len(name) - len(suffix)])
    if m is None:
        return None
    created = datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC)
    if m["ms"]:
        created = created.replace(microsecond=int(m["ms"]) * 1000)
    version = int(m["version"]) if m["version"] else None
    kind = m["kind"] or ("migration" if version is not None else "manual")
    try:
        size = file.stat().st_size
    except OSError:
        return None
    return Backup(file, created, kind, size, version)


def list_backups(project: str | os.PathLike[str]) -> list[Backup]:
    """Every backup of ``project`` found in its backup folders, newest first."""
    path = Path(project)
    found: list[Backup] = []
    for folder in backup_folders(path):
        try:
            files = list(folder.iterdir())
        except OSError:
            continue
        for file in files:
            backup = _parse(path, file)
            if backup is not None:
                found.append(backup)
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def _new_name(project: Path, kind: str, version: int | None, folder: Path) -> Path:
    now = datetime.now(UTC)
    stamp = now.strftime(_STAMP) + f"{now.microsecond // 1000:03d}Z"
    middle = f"v{version}-{stamp}" if kind == "migration" else f"{stamp}-{kind}"
    candidate = folder / f"{project.stem}-{middle}{project.suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{project.stem}-{middle}-{n}{project.suffix}"
    return candidate


# ---------------------------------------------------------------------- making backups


def _write_checked(project: Path, kind: str, copy: object, *, version: int | None = None) -> Backup:
    """Copy into a temporary file with ``copy(tmp)``, check it, then give it its name."""
    from claimdesk.core.store._files import check_copy, storage_error

    folder = backup_folder(project)
    _clean_leftovers(folder)
    final = _new_name(project, kind, version, folder)
    tmp = folder / f".{final.name}.part"
    try:
        copy(tmp)  # type: ignore[operator]
        problems = check_copy(tmp)
        if problems:
            raise StorageError(f"{project.name}: the backup did not check out: {problems[0]}")
        os.replace(tmp, final)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc, project) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    backup = _parse(project, final)
    assert backup is not None
    return backup


def _clean_leftovers(folder: Path, older_than: float = 3600) -> None:
    """Remove temporary files of backups that a crash interrupted."""
    with contextlib.suppress(OSError):
        for file in folder.iterdir():
            if file.name.startswith(".") and file.name.endswith(".part"):
                with contextlib.suppress(OSError):
                    if time.time() - file.stat().st_mtime > older_than:
                        file.unlink()


def make_backup(project: Project, kind: str = "manual") -> Backup:
    """Back up an open project now, check the copy, and rotate old backups.

    :param kind: ``manual``, ``daily`` or ``before-restore``
    :raises StorageError: the copy could not be written or did not check out
    """
    if kind not in KINDS or kind == "migration":
        raise ValueError(f"not a backup kind: {kind!r}")
    backup = _write_checked(project.path, kind, project.backup)
    rotate(project.path, keep=backups_to_keep(project))
    return backup


def backups_to_keep(project: Project) -> int:
    """The ``backups_keep`` project setting (default :data:`DEFAULT_KEEP`)."""
    value = project.setting("backups_keep", DEFAULT_KEEP)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_KEEP


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy a project about to be upgraded from schema ``version`` (kept, never rotated)."""
    from claimdesk.core.store._files import copy_database

    def copy(tmp: Path) -> None:
        copy_database(conn, tmp)

    return _write_checked(path, "migration", copy, version=version).path


def rotate(project: str | os.PathLike[str], *, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups (copies made before a migration stay)."""
    rotating = [b for b in list_backups(project) if b.kind != "migration"]
    removed = []
    for backup in rotating[max(1, keep) :]:
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError:
            pass
    return removed


def _changed_since(project: Path, when: datetime) -> bool:
    moment = when.timestamp()
    wal = project.with_name(project.name + "-wal")
    try:
        if project.stat().st_mtime > moment:
            return True
        return wal.exists() and wal.stat().st_size > 0 and wal.stat().st_mtime > moment
    except OSError:
        return True


def backup_on_open(project: Project) -> str | None:
    """The daily backup: made when a project opens for writing, at most once a day.

    Skipped for an empty project, when a backup was made today, and when
    nothing changed since the newest backup. Returns a warning for the user
    when the backup failed (the project still opens), else None.
    """
    if project.readonly:
        return None
    try:
        if project.setting("backups_daily", True) is False or project.is_untouched():
            return None
        backups = list_backups(project.path)
        if backups:
            newest = backups[0]
            if newest.created.astimezone().date() == date.today():
                return None
            if not _changed_since(project.path, newest.created):
                return None
        make_backup(project, "daily")
    except (ClaimdeskError, OSError, sqlite3.Error) as exc:
        return f"The daily backup could not be made: {exc}"
    return None


# ---------------------------------------------------------------------- restoring


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: Path
    #: The backup of the state before the restore (None when there was no project file).
    previous: Backup | None


def find_backup(project: str | os.PathLike[str], ref: str | os.PathLike[str]) -> Path:
    """A backup given by its number in :func:`list_backups` (1 = newest), file name or path.

    :raises ProjectError: no such backup
    """
    text = str(ref)
    backups = list_backups(project)
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(backups):
            return backups[number - 1].path
        raise ProjectError(
            f"there is no backup number {number} of {Path(project).name} "
            f"({len(backups)} backups; see: claimdesk backups {Path(project).name})"
        )
    for backup in backups:
        if backup.path.name == text:
            return backup.path
    path = Path(text)
    if path.is_file():
        return path
    raise ProjectError(f"{text}: no such backup")


def _backup_current(project: Path) -> Backup | None:
    """Back up the project file about to be replaced, even when it is damaged."""
    from claimdesk.core.store._files import copy_database

    if not project.exists():
        return None

    def copy(tmp: Path) -> None:
        uri = project.resolve().as_uri() + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            copy_database(conn, tmp)

    try:
        return _write_checked(project, "before-restore", copy)
    except (ClaimdeskError, sqlite3.Error, OSError):
        pass
    # Too damaged to be copied through SQLite: keep the bytes as they are, with the log beside.
    folder = backup_folder(project)
    final = _new_name(project, "damaged", None, folder)
    try:
        shutil.copy2(project, final)
        wal = project.with_name(project.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, final.with_name(final.name + "-wal"))
    except OSError as exc:
        raise StorageError(f"{project.name}: cannot keep a copy before restoring ({exc})") from exc
    return _parse(project, final)


def restore_backup(
    project: str | os.PathLike[str], backup: str | os.PathLike[str], *, coder: str = ""
) -> RestoreResult:
    """Make ``project`` what ``backup`` holds, after backing up its current state.

    The backup is checked first; the project must not be open anywhere (its
    lock is taken for the whole restore). The restored file is checked again.

    :raises ProjectError: the backup is damaged, from a newer Claimdesk, or missing
    :raises ProjectLocked: the project is open (here or in another Claimdesk)
    """
    from claimdesk.core.locks import ProjectLock
    from claimdesk.core.store._files import check_copy, load_copy

    path = Path(project)
    source = Path(backup)
    if not source.is_file():
        raise ProjectError(f"{source}: no such backup")
    if source.resolve() == path.resolve():
        raise ProjectError(f"{source.name}: that is the project itself, not a backup")
    problems = check_copy(source)
    if problems:
        reason = problems[0].removeprefix(f"{source.name}: ")
        raise ProjectError(f"{source.name} cannot be restored: {reason}")
    lock = ProjectLock.acquire(path, coder=coder, exclusive=True)
    try:
        previous = _backup_current(path)
        load_copy(source, path)
        problems = check_copy(path)
        if problems:
            raise StorageError(
                f"{path.name}: the restored project did not check out ({problems[0]}); the state "
                f"before is kept as {previous.path.name if previous else 'nothing'}"
            )
    finally:
        lock.release()
    return RestoreResult(source, previous)
