"""One writer per project: the lock file, stale locks, taking over, synced cloud folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import rawdb
from claimdesk.cli import cli
from claimdesk.core import Project, ProjectTooNew
from claimdesk.core.errors import ProjectLocked
from claimdesk.core.locks import (
    STALE_AFTER,
    LockOwner,
    ProjectLock,
    held_locks,
    lock_path,
    read_lock,
    stale_reason,
    this_host,
)
from claimdesk.core.places import synced_folder_warning, synced_service
from claimdesk.core.schema import SCHEMA_VERSION

HOLD = """
import sys, time
from claimdesk.core import Project
project = Project.open(sys.argv[1], coder="anna")
print("open", flush=True)
sys.stdin.readline()
project.close()
print("closed", flush=True)
"""


class Holder:
    """Another Claimdesk process with the project open for writing, until :meth:`stop`."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "open"

    def stop(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "closed"
        self.proc.wait(timeout=30)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)


@pytest.fixture
def saved(demo_project: Project) -> Path:
    """The demo project's file, closed."""
    path = demo_project.path
    demo_project.close()
    return path


@pytest.fixture
def holder(saved: Path) -> Iterator[Holder]:
    held = Holder(saved)
    yield held
    if held.proc.poll() is None:
        held.stop()


def _owner(**changes: object) -> LockOwner:
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    fields: dict[str, object] = dict(
        host="laptop-of-anna",
        pid=4242,
        user="anna",
        coder="anna",
        opened=now,
        heartbeat=now,
        token="0123456789abcdef",
    )
    fields.update(changes)
    return LockOwner(**fields)  # type: ignore[arg-type]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------------- one process


def test_open_for_writing_puts_a_lock_beside_the_project(saved: Path) -> None:
    with Project.open(saved, coder="anna") as project:
        owner = read_lock(saved)
        assert owner is not None
        assert (owner.host, owner.pid, owner.coder) == (this_host(), os.getpid(), "anna")
        assert lock_path(saved) == saved.with_name("demo.claimdesk.lock")
        assert project.path in held_locks()
    assert not lock_path(saved).exists()
    assert saved not in held_locks()


def test_create_locks_too(project_path: Path) -> None:
    with Project.create(project_path, coder="bert"):
        assert read_lock(project_path).coder == "bert"  # type: ignore[union-attr]
    assert not lock_path(project_path).exists()


def test_read_only_open_takes_no_lock(saved: Path) -> None:
    with Project.open(saved, readonly=True):
        assert not lock_path(saved).exists()


def test_connections_of_one_process_share_the_lock(saved: Path) -> None:
    window = Project.open(saved)
    task = Project.open(saved)  # the window's background task
    task.close()
    assert lock_path(saved).exists()
    window.close()
    assert not lock_path(saved).exists()


def test_a_failed_open_leaves_no_lock(saved: Path) -> None:
    rawdb.execute(saved, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProjectTooNew):
        Project.open(saved)
    assert not lock_path(saved).exists()


def test_exclusive_lock_refuses_while_open_here(saved: Path) -> None:
    with Project.open(saved), pytest.raises(ProjectLocked, match="still open in this Claimdesk"):
        ProjectLock.acquire(saved, exclusive=True)


def test_heartbeat_refreshes_the_lock(saved: Path) -> None:
    old = _owner(host=this_host(), pid=os.getpid(), heartbeat="2020-01-01T00:00:00Z")
    with Project.open(saved) as project:
        lock = project._lock
        lock_path(saved).write_text(
            LockOwner(**{**json.loads(lock.owner.to_json()), "heartbeat": old.heartbeat}).to_json()
        )
        lock.beat()
        assert read_lock(saved).heartbeat > old.heartbeat  # type: ignore[union-attr]
        assert stale_reason(read_lock(saved)) is None


def test_a_lock_taken_over_meanwhile_stops_every_write(saved: Path) -> None:
    with Project.open(saved) as project:
        before = rawdb.dump(saved)
        lock_path(saved).write_text(_owner(host="pc-of-bert", coder="bert").to_json())
        project._lock.beat()
        with pytest.raises(ProjectLocked, match="taken over by bert") as raised:
            project.add_actor("Niet opgeslagen")
        assert raised.value.owner.host == "pc-of-bert"
        with pytest.raises(ProjectLocked):
            project.undo()
        with pytest.raises(ProjectLocked):
            project.set_setting("x", 1)
    assert rawdb.dump(saved) == before
    assert read_lock(saved).coder == "bert"  # type: ignore[union-attr]  # not ours to remove


def test_a_lock_file_removed_by_hand_is_put_back(saved: Path) -> None:
    with Project.open(saved) as project:
        lock_path(saved).unlink()
        project._lock.beat()
        assert read_lock(saved).pid == os.getpid()  # type: ignore[union-attr]
        project.add_actor("Nog steeds")


# ---------------------------------------------------------------------- another process


def test_second_claimdesk_gets_project_locked_with_the_owner(saved: Path, holder: Holder) -> None:
    with pytest.raises(ProjectLocked) as raised:
        Project.open(saved)
    owner = raised.value.owner
    assert (owner.pid, owner.coder, owner.host) == (holder.proc.pid, "anna", this_host())
    assert str(raised.value).startswith(
        f"demo.claimdesk is open for writing by anna (user {owner.user} on {this_host()}, "
        f"process {holder.proc.pid}) since "
    )
    with Project.open(saved, readonly=True) as project:  # reading along is fine
        assert project.counts()["documents"] == 14


def test_cli_says_who_holds_the_project(saved: Path, holder: Holder) -> None:
    result = CliRunner().invoke(cli, ["undo", str(saved)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: demo.claimdesk is open for writing by anna (user ")
    for command in ("list", "check", "backup"):  # reading, checking, backing up: all fine
        done = CliRunner().invoke(cli, [command, str(saved)])
        assert done.exit_code == 0, done.output


def test_closed_elsewhere_opens_again(saved: Path, holder: Holder) -> None:
    holder.stop()
    with Project.open(saved) as project:
        project.add_actor("Weer vrij")


def test_the_lock_of_a_killed_process_is_taken_over(saved: Path, holder: Holder) -> None:
    holder.kill()
    owner = read_lock(saved)
    assert owner is not None and owner.pid == holder.proc.pid
    assert stale_reason(owner) == (
        f"the Claimdesk that opened it (process {owner.pid}) is no longer running"
    )
    with Project.open(saved, coder="bert") as project:
        assert read_lock(saved).coder == "bert"  # type: ignore[union-attr]
        assert project.check() == []


@pytest.mark.parametrize(
    ("owner", "stale"),
    [
        (lambda: _owner(host=this_host(), pid=_dead_pid()), True),
        (lambda: _owner(heartbeat="2020-01-01T00:00:00Z"), True),
        (
            lambda: _owner(
                heartbeat=time.strftime(
                    "%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - STALE_AFTER - 60)
                )
            ),
            True,
        ),
        (lambda: _owner(heartbeat="not a time"), True),
        (lambda: _owner(), False),
        (lambda: _owner(host=this_host(), pid=os.getppid()), False),
    ],
    ids=["dead-process", "old-heartbeat", "just-stale", "damaged", "fresh-elsewhere", "alive-here"],
)
def test_stale_or_not(saved: Path, owner: object, stale: bool) -> None:
    lock_path(saved).write_text(owner().to_json(), encoding="utf-8")  # type: ignore[operator]
    if stale:
        with Project.open(saved) as project:
            assert read_lock(saved).pid == os.getpid()  # type: ignore[union-attr]
            project.add_actor("Overgenomen")
    else:
        before = lock_path(saved).read_bytes()
        with pytest.raises(ProjectLocked, match="is open for writing by anna"):
            Project.open(saved)
        assert lock_path(saved).read_bytes() == before


def test_a_damaged_lock_is_respected_while_young_and_taken_over_when_old(saved: Path) -> None:
    lock = lock_path(saved)
    lock.write_bytes(b"")  # as a crash right after creating the file would leave it
    with pytest.raises(ProjectLocked, match="being opened by another Claimdesk"):
        Project.open(saved)
    old = time.time() - 60
    os.utime(lock, (old, old))
    with Project.open(saved):
        assert read_lock(saved).pid == os.getpid()  # type: ignore[union-attr]


TAKE = """
import sys, time
from claimdesk.core import Project
from claimdesk.core.errors import ProjectLocked
try:
    project = Project.open(sys.argv[1])
except ProjectLocked:
    print("locked", flush=True)
else:
    print("got", flush=True)
    time.sleep(2)
    project.close()
"""


def test_of_many_claimdesks_finding_one_stale_lock_one_takes_it(saved: Path) -> None:
    lock_path(saved).write_text(_owner(host=this_host(), pid=_dead_pid()).to_json())
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TAKE, str(saved)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    answers = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert answers == ["got"] + ["locked"] * 5
    assert not lock_path(saved).exists()


# ---------------------------------------------------------------------- synced cloud folders


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/anna/Dropbox/studie/study.claimdesk", "Dropbox"),
        ("/home/anna/Dropbox (UvA)/study.claimdesk", "Dropbox"),
        ("C:/Users/anna/OneDrive/Documenten/study.claimdesk", "OneDrive"),
        ("C:/Users/anna/OneDrive - Universiteit/study.claimdesk", "OneDrive"),
        ("/Users/anna/Library/CloudStorage/OneDrive-Personal/study.claimdesk", "OneDrive"),
        (
            "/Users/anna/Library/Mobile Documents/com~apple~CloudDocs/study.claimdesk",
            "iCloud Drive",
        ),
        ("C:/Users/anna/iCloudDrive/study.claimdesk", "iCloud Drive"),
        (
            "/Users/anna/Library/CloudStorage/GoogleDrive-anna@uva.nl/My Drive/s.claimdesk",
            "Google Drive",
        ),
        ("G:/My Drive/study.claimdesk", "Google Drive"),
        ("/home/anna/Google Drive/study.claimdesk", "Google Drive"),
        ("/home/anna/projecten/study.claimdesk", None),
        ("/home/anna/dropboxes-old/study.claimdesk", None),
    ],
)
def test_synced_service(path: str, service: str | None) -> None:
    assert synced_service(path, {}) == service


def test_synced_service_reads_the_onedrive_variable(tmp_path: Path) -> None:
    root = tmp_path / "Werk"
    assert synced_service(root / "x.claimdesk", {"OneDriveCommercial": str(root)}) == "OneDrive"


def test_synced_service_reads_dropbox_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / ".dropbox").mkdir(parents=True)
    (home / ".dropbox" / "info.json").write_text(
        json.dumps({"business": {"path": str(tmp_path / "Werkmap")}}), encoding="utf-8"
    )
    monkeypatch.setenv("HOME", str(home))
    assert synced_service(tmp_path / "Werkmap" / "x.claimdesk", {}) == "Dropbox"


def test_a_project_in_a_synced_folder_warns_on_open_and_on_the_command_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Dropbox" / "studie"
    folder.mkdir(parents=True)
    path = folder / "study.claimdesk"
    result = CliRunner().invoke(cli, ["new", str(path)])
    assert result.exit_code == 0
    warning = synced_folder_warning(path)
    assert warning is not None and "Dropbox folder" in warning and "docs/safety.md" in warning
    assert result.stderr == f"Warning: {warning}\n"
    with Project.open(path, readonly=True) as project:
        assert project.warnings == [warning]
    listed = CliRunner().invoke(cli, ["list", str(path)])
    assert (listed.exit_code, listed.stderr) == (0, f"Warning: {warning}\n")
