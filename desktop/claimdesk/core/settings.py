"""Program settings shared by the window and the command line (DESIGN decision 10).

A small JSON file in the platform's configuration folder (platformdirs);
``CLAIMDESK_CONFIG_DIR`` points elsewhere (tests, portable installs). No Qt here.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "Claimdesk"
RECENT_LIMIT = 10


def config_dir() -> Path:
    override = os.environ.get("CLAIMDESK_CONFIG_DIR")
    return (
        Path(override)
        if override
        else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    )


def data_dir() -> Path:
    override = os.environ.get("CLAIMDESK_DATA_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def log_dir() -> Path:
    """Where the window writes its log and crash reports: the platform's log folder.

    ``CLAIMDESK_LOG_DIR`` points elsewhere; with only ``CLAIMDESK_DATA_DIR`` set
    (tests, portable installs) the logs go to its ``logs`` folder.
    """
    override = os.environ.get("CLAIMDESK_LOG_DIR")
    if override:
        return Path(override)
    if os.environ.get("CLAIMDESK_DATA_DIR"):
        return data_dir() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


@dataclass
class Settings:
    """The user's settings; :meth:`load` never fails (a broken file gives defaults)."""

    coder: str = field(default_factory=_login_name)
    coder_confirmed: bool = False
    default_encoding: str = "cp1252"
    recent_projects: list[str] = field(default_factory=list)
    #: The "how to code a claim" guide was dismissed (it shows on the first start until then).
    welcome_seen: bool = False
    #: The note that the Documents folder is kept in OneDrive was shown once.
    cloud_folder_noted: bool = False

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        settings = cls()
        for key, value in known.items():
            if isinstance(value, type(getattr(settings, key))):
                setattr(settings, key, value)
        return settings

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def add_recent(self, project: str | os.PathLike[str]) -> None:
        entry = str(Path(project).resolve())
        self.recent_projects = [entry, *(p for p in self.recent_projects if p != entry)][
            :RECENT_LIMIT
        ]
