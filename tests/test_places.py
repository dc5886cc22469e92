"""The default project folder (Documents) and what a Documents folder kept in OneDrive means."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from claimdesk.core import places

HOME = Path("/home/anna")


@pytest.mark.parametrize(
    ("folder", "env", "root"),
    [
        (HOME / "OneDrive/Documents", {"OneDrive": str(HOME / "OneDrive")}, HOME / "OneDrive"),
        (
            HOME / "OneDrive - Universiteit/Documents",
            {"OneDriveCommercial": str(HOME / "OneDrive - Universiteit")},
            HOME / "OneDrive - Universiteit",
        ),
        (HOME / "OneDrive", {"OneDriveConsumer": str(HOME / "OneDrive")}, HOME / "OneDrive"),
        # a OneDrive folder whose variables are not set (another account, an old client)
        (HOME / "OneDrive - Contoso/Documents/study", {}, HOME / "OneDrive - Contoso"),
        (HOME / "Documents", {"OneDrive": str(HOME / "OneDrive")}, None),
        (HOME / "OneDriveBackup/Documents", {}, None),
        (HOME / "Documents", {}, None),
    ],
)
def test_onedrive_root(folder: Path, env: dict[str, str], root: Path | None) -> None:
    assert places.onedrive_root(folder, env) == root


def test_cloud_folder_note_says_what_onedrive_means() -> None:
    env = {"OneDrive": str(HOME / "OneDrive")}
    note = places.cloud_folder_note(HOME / "OneDrive/Documents", env)
    assert note is not None
    assert str(HOME / "OneDrive") in note
    assert "conflict copy" in note and "Always keep on this device" in note
    assert places.cloud_folder_note(HOME / "Documents", env) is None


@pytest.mark.parametrize("documents_exist", [True, False])
def test_default_project_dir_is_documents_when_there_is_one(
    documents_exist: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    if documents_exist:
        documents.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert places.default_project_dir() == (documents if documents_exist else Path.home())
