"""One writer per project: a lock file beside the project file.

A Claimdesk that opens a project for writing puts ``study.claimdesk.lock``
next to it, naming the computer, the process, the user and the coder, and
refreshes its heartbeat every half minute while the project stays open. A
second Claimdesk (on this computer, or a coder's computer on a shared drive)
finds the lock and gets :class:`~claimdesk.core.errors.ProjectLocked` with
the owner, so it can offer to open the project read-only instead.

A lock is stale, and taken over, when the process that made it is gone (same
computer) or when its heartbeat is older than :data:`STALE_AFTER` (another
computer, or a laptop that went to sleep). Taking over goes through a small
guard file so that two Claimdesks finding the same stale lock cannot both
win. Several connections of one process (the window and its background
tasks) share one lock. No Qt here.

>>> lock = ProjectLock.acquire("study.claimdesk", coder="anna")
>>> read_lock("study.claimdesk").coder
'anna'
>>> lock.release()
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import json
import os
import secrets
import socket
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from claimdesk.core.errors import ProjectLocked

#: Seconds between two heartbeats of an open project's lock.
HEARTBEAT = 30.0
#: A lock whose heartbeat is older than this many seconds is stale.
STALE_AFTER = 300.0
#: A guard file older than this many seconds belongs to a takeover that never finished.
GUARD_STALE_AFTER = 60.0
LOCK_SUFFIX = ".lock"


def lock_path(project: str | os.PathLike[str]) -> Path:
    """Where the lock of ``project`` lives: ``study.claimdesk.lock`` beside it."""
    path = Path(project)
    return path.with_name(path.name + LOCK_SUFFIX)


def _now() -> float:
    return time.time()


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _seconds(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except (ValueError, AttributeError):
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def this_host() -> str:
    return socket.gethostname() or "unknown"


@dataclass(frozen=True, slots=True)
class LockOwner:
    """Who holds a project open for writing, as its lock file says."""

    host: str
    pid: int
    user: str
    coder: str
    opened: str
    heartbeat: str
    token: str
    program: str = "Claimdesk"

    def describe(self) -> str:
        """``anna (user jdoe on LAPTOP-12, process 4242) since 2026-11-25 14:02 UTC``."""
        who = self.coder or self.user
        since = self.opened.replace("T", " ").removesuffix("Z")[:16]
        return f"{who} (user {self.user} on {self.host}, process {self.pid}) since {since} UTC"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LockOwner | None:
        try:
            data = json.loads(text)
            return cls(
                host=str(data["host"]),
                pid=int(data["pid"]),
                user=str(data.get("user", "")),
                coder=str(data.get("coder", "")),
                opened=str(data["opened"]),
                heartbeat=str(data["heartbeat"]),
                token=str(data["token"]),
                program=str(data.get("program", "Claimdesk")),
            )
        except (ValueError, KeyError, TypeError):
            return None


def read_lock(project: str | os.PathLike[str]) -> LockOwner | None:
    """The owner named by the project's lock file; None without one (or when it is unreadable)."""
    try:
        text = lock_path(project).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return LockOwner.from_json(text)


def process_alive(pid: int) -> bool:
    """True while process ``pid`` of this computer runs (or when that cannot be told)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except OSError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def stale_reason(owner: LockOwner | None, *, now: float | None = None) -> str | None:
    """Why a lock can be taken over (None: its owner is alive, the lock holds)."""
    if owner is None:
        return "the lock file is damaged"
    now = _now() if now is None else now
    if owner.host == this_host() and not process_alive(owner.pid):
        return f"the Claimdesk that opened it (process {owner.pid}) is no longer running"
    beat = _seconds(owner.heartbeat)
    if beat is None:
        return "the lock file is damaged"
    if now - beat > STALE_AFTER:
        minutes = int((now - beat) // 60)
        return f"no sign of life from {owner.host} for {minutes} minutes"
    return None


def locked_message(project: Path, owner: LockOwner) -> str:
    return (
        f"{project.name} is open for writing by {owner.describe()}; close it there first, "
        "or open it read-only"
    )


# ---------------------------------------------------------------------- holding a lock


class _Held:
    """A lock file this process made, shared by its connections to one project."""

    def __init__(self, project: Path, owner: LockOwner, *, on_file: bool = True) -> None:
        self.project = project
        self.path = lock_path(project)
        self.owner = owner
        #: False in a folder that takes no lock file: nothing to refresh or remove.
        self.on_file = on_file
        self.count = 0
        self.lost_to: LockOwner | None = None
        self.lost = False

    def beat(self) -> None:
        """Refresh the heartbeat, unless someone else took the lock over meanwhile."""
        if not self.on_file:
            return
        current = read_lock(self.project)
        if current is None:
            if self.path.exists():
                return  # unreadable for a moment (being replaced): look again next time
            # Removed by hand: put it back, unless another Claimdesk was quicker.
            if _write_new(self.path, self.owner.to_json()) == "exists":
                self.lost, self.lost_to = True, read_lock(self.project)
            return
        if current.token != self.owner.token:
            self.lost = True
            self.lost_to = current
            return
        owner = LockOwner(**{**asdict(self.owner), "heartbeat": _iso(_now())})
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(owner.to_json(), encoding="utf-8")
            os.replace(tmp, self.path)
            self.owner = owner
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def remove(self) -> None:
        if not self.on_file:
            return
        current = read_lock(self.project)
        if current is not None and current.token == self.owner.token:
            with contextlib.suppress(OSError):
                self.path.unlink()


_registry: dict[str, _Held] = {}
_registry_lock = threading.Lock()
_heart: threading.Thread | None = None
_heart_stop = threading.Event()


def _key(project: Path) -> str:
    return os.path.normcase(str(project.resolve()))


def _heartbeat_loop() -> None:
    while not _heart_stop.wait(HEARTBEAT):
        with _registry_lock:
            held = list(_registry.values())
        for entry in held:
            if not entry.lost:
                entry.beat()


def _start_heart() -> None:
    global _heart
    if _heart is None or not _heart.is_alive():
        _heart = threading.Thread(target=_heartbeat_loop, name="claimdesk-lock-heartbeat")
        _heart.daemon = True
        _heart.start()


@atexit.register
def _release_all() -> None:
    with _registry_lock:
        held = list(_registry.values())
        _registry.clear()
    for entry in held:
        entry.remove()


class ProjectLock:
    """This process's claim to write one project; :meth:`release` once per :meth:`acquire`."""

    def __init__(self, held: _Held) -> None:
        self._held = held
        self._released = False

    @property
    def owner(self) -> LockOwner:
        return self._held.owner

    @property
    def lost(self) -> bool:
        """True when another Claimdesk took the lock over (this one looked dead to it)."""
        return self._held.lost

    @property
    def lost_to(self) -> LockOwner | None:
        return self._held.lost_to

    @classmethod
    def acquire(
        cls, project: str | os.PathLike[str], *, coder: str = "", exclusive: bool = False
    ) -> ProjectLock:
        """Take the lock of ``project`` (a stale one is taken over).

        :param exclusive: refuse also when this process holds it already
            (restoring a backup must be the only user of the file)
        :raises ProjectLocked: another living Claimdesk holds it
        """
        path = Path(project)
        key = _key(path)
        with _registry_lock:
            held = _registry.get(key)
            if held is not None and not held.lost:
                if exclusive:
                    raise ProjectLocked(
                        f"{path.name} is still open in this Claimdesk; close it first", held.owner
                    )
                held.count += 1
                return cls(held)
            owner, on_file = _create(path, coder)
            held = _Held(path, owner, on_file=on_file)
            held.count = 1
            _registry[key] = held
        _start_heart()
        return cls(held)

    def release(self) -> None:
        """Let go of the lock; the file goes when the last connection of this process lets go."""
        if self._released:
            return
        self._released = True
        held = self._held
        with _registry_lock:
            held.count -= 1
            if held.count > 0:
                return
            key = _key(held.project)
            if _registry.get(key) is held:
                del _registry[key]
        if not held.lost:
            held.remove()

    def beat(self) -> None:
        """Refresh the heartbeat now (the background thread does it every :data:`HEARTBEAT` s)."""
        self._held.beat()


def _create(path: Path, coder: str) -> tuple[LockOwner, bool]:
    """Write a new lock file for ``path``, taking over a stale one (caller holds the registry).

    Returns the owner written and whether a file holds it.
    """
    lock = lock_path(path)
    for _attempt in range(5):
        now = _iso(_now())
        owner = LockOwner(
            host=this_host(),
            pid=os.getpid(),
            user=_user(),
            coder=coder,
            opened=now,
            heartbeat=now,
            token=secrets.token_hex(8),
        )
        written = _write_new(lock, owner.to_json())
        if written != "exists":
            return owner, written == "created"
        current = read_lock(path)
        if current is None and _young(lock):
            # Being written this very moment by another Claimdesk: give it a moment.
            time.sleep(0.2)
            current = read_lock(path)
            if current is None and _young(lock):
                raise ProjectLocked(f"{path.name} is being opened by another Claimdesk right now")
        reason = stale_reason(current)
        if reason is None:
            assert current is not None
            raise ProjectLocked(locked_message(path, current), current)
        _take_over(path, current)
    raise ProjectLocked(f"{path.name}: cannot take over its lock (another Claimdesk keeps it)")


def _young(lock: Path, seconds: float = 5.0) -> bool:
    try:
        return _now() - lock.stat().st_mtime < seconds
    except OSError:
        return False


def _write_new(lock: Path, content: str) -> str:
    """Create ``lock`` with ``content`` only if it does not exist.

    Returns ``"created"``, ``"exists"``, or ``"unsupported"`` for a folder that
    takes no new file (where no other Claimdesk can leave a lock either).
    """
    tmp = lock.with_name(f".{lock.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_text(content, encoding="utf-8")
    except OSError:
        return _write_exclusive(lock, content)
    try:
        os.link(tmp, lock)  # atomic: the lock appears complete, or not at all
        return "created"
    except FileExistsError:
        return "exists"
    except OSError:  # file systems without hard links (FAT, some network drives)
        return _write_exclusive(lock, content)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _write_exclusive(lock: Path, content: str) -> str:
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return "exists"
    except OSError:
        return "unsupported"
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
        fh.flush()
        with contextlib.suppress(OSError):
            os.fsync(fh.fileno())
    return "created"


def _take_over(path: Path, stale: LockOwner | None) -> None:
    """Remove a stale lock, unless another Claimdesk replaced it meanwhile."""
    lock = lock_path(path)
    guard = lock.with_name(lock.name + ".takeover")
    try:
        fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        try:
            old = _now() - guard.stat().st_mtime > GUARD_STALE_AFTER
        except OSError:
            return  # the other takeover just finished: look again
        if old:
            with contextlib.suppress(OSError):
                guard.unlink()
            return
        raise ProjectLocked(
            f"{path.name} is being taken over by another Claimdesk right now; try again"
        ) from None
    try:
        os.close(fd)
        current = read_lock(path)
        same = (current is None and stale is None) or (
            current is not None and stale is not None and current.token == stale.token
        )
        if same:
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
    finally:
        with contextlib.suppress(OSError):
            guard.unlink()


def held_locks() -> list[Path]:
    """The projects this process holds locks on (for tests and diagnostics)."""
    with _registry_lock:
        return [h.project for h in _registry.values()]
