"""Where new projects go by default: the user's Documents folder.

Windows often keeps Documents inside OneDrive ("folder backup"). A project there
is uploaded and copied to the user's other computers, which is fine for one
person on one computer at a time and worth knowing before it goes wrong; the
window says so once (:func:`cloud_folder_note`) instead of warning on every start.
No Qt here.

>>> onedrive_root(Path("/home/anna/OneDrive/Documents"), {"OneDrive": "/home/anna/OneDrive"})
PosixPath('/home/anna/OneDrive')
>>> onedrive_root(Path("/home/anna/Documents"), {}) is None
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

#: The variables Windows sets to the OneDrive folders of the signed-in accounts.
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def documents_dir() -> Path:
    """The user's Documents folder (where Windows may have moved it)."""
    return Path(platformdirs.user_documents_dir())


def default_project_dir() -> Path:
    """The folder a new project is suggested in: Documents, or home when there is none."""
    documents = documents_dir()
    return documents if documents.is_dir() else Path.home()


def onedrive_root(path: Path, env: Mapping[str, str] | None = None) -> Path | None:
    """The OneDrive folder that holds ``path``, or None.

    :param env: the environment to read the OneDrive variables from (default: this process's)
    """
    env = os.environ if env is None else env
    here = os.path.normcase(os.path.abspath(path))
    for variable in ONEDRIVE_VARIABLES:
        root = env.get(variable)
        if not root:
            continue
        base = os.path.normcase(os.path.abspath(root))
        if here == base or here.startswith(base.rstrip("\\/") + os.sep):
            return Path(root)
    for folder in (path, *path.parents):  # a OneDrive folder without its variables
        if folder.name == "OneDrive" or folder.name.startswith("OneDrive - "):
            return folder
    return None


def cloud_folder_note(folder: Path, env: Mapping[str, str] | None = None) -> str | None:
    """What it means to keep projects in ``folder`` when OneDrive holds it (None otherwise)."""
    root = onedrive_root(folder, env)
    if root is None:
        return None
    return (
        f"Your Documents folder is kept in OneDrive ({root}), so projects saved there are "
        "uploaded and copied to your other computers.\n\n"
        "That works while one person uses a project on one computer at a time. Two things "
        "to know:\n"
        "• Close Claimdesk before you open the same project on another computer. OneDrive "
        "cannot combine two changed copies of a project file: it keeps one of them as a "
        "separate conflict copy.\n"
        "• Right-click the project's folder and choose “Always keep on this device”, so "
        "that it opens without waiting for a download.\n\n"
        "To code with others, give every coder a project file of their own rather than "
        "sharing one file through OneDrive. To keep a project out of OneDrive, save it in "
        "a folder such as C:\\Claimdesk instead."
    )


# ---------------------------------------------------------------------- synced cloud folders

#: Folder names that sync services give the folder they keep in step with the cloud.
_SYNCED_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
    "my drive": "Google Drive",
    "box sync": "Box",
}
#: macOS keeps every provider's folder in ~/Library/CloudStorage/<Provider>-<account>.
_CLOUD_STORAGE_PREFIXES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "googledrive": "Google Drive",
    "icloud": "iCloud Drive",
    "box": "Box",
}


def _dropbox_roots(env: Mapping[str, str]) -> list[Path]:
    """The folders Dropbox's own ``info.json`` names (personal and business accounts)."""
    import json

    candidates = [Path.home() / ".dropbox" / "info.json"]
    for variable in ("APPDATA", "LOCALAPPDATA"):
        if env.get(variable):
            candidates.append(Path(env[variable]) / "Dropbox" / "info.json")
    roots = []
    for file in candidates:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            roots += [
                Path(account["path"])
                for account in data.values()
                if isinstance(account, dict) and isinstance(account.get("path"), str)
            ]
    return roots


def _inside(path: Path, root: Path) -> bool:
    here = os.path.normcase(os.path.abspath(path))
    base = os.path.normcase(os.path.abspath(root)).rstrip("\\/")
    return here == base or here.startswith(base + os.sep)


def synced_service(
    path: str | os.PathLike[str], env: Mapping[str, str] | None = None
) -> str | None:
    """The cloud service that keeps ``path`` in sync (Dropbox, OneDrive, iCloud Drive, Google
    Drive, Box), or None.

    Told from the folder names the services use, from Windows' OneDrive
    variables and from Dropbox's own list of its folders.

    >>> synced_service("/home/anna/Dropbox/studie/study.claimdesk", {})
    'Dropbox'
    >>> synced_service("/Users/anna/Library/Mobile Documents/com~apple~CloudDocs/a.claimdesk", {})
    'iCloud Drive'
    >>> synced_service("/home/anna/projecten/study.claimdesk", {}) is None
    True
    """
    env = os.environ if env is None else env
    where = Path(os.path.abspath(path))
    if onedrive_root(where, env) is not None:
        return "OneDrive"
    parts = [p.casefold() for p in where.parts]
    for i, part in enumerate(parts):
        if part in _SYNCED_NAMES:
            return _SYNCED_NAMES[part]
        if part.startswith("dropbox (") or part.startswith("onedrive - "):
            return "Dropbox" if part.startswith("dropbox") else "OneDrive"
        if part == "cloudstorage" and i > 0 and parts[i - 1] == "library" and i + 1 < len(parts):
            provider = parts[i + 1].split("-", 1)[0]
            return _CLOUD_STORAGE_PREFIXES.get(provider, parts[i + 1].split("-", 1)[0].title())
        if part.startswith("googledrive-"):
            return "Google Drive"
    if any(_inside(where, root) for root in _dropbox_roots(env)):
        return "Dropbox"
    return None


def synced_folder_warning(
    path: str | os.PathLike[str], env: Mapping[str, str] | None = None
) -> str | None:
    """One line for the window's banner and the command line's standard error, or None."""
    service = synced_service(path, env)
    if service is None:
        return None
    return (
        f"{Path(path).name} is in a {service} folder, which copies the file while Claimdesk "
        "writes to it: use it on one computer at a time, or keep projects in a folder that "
        "is not synced (see docs/safety.md)"
    )
