"""What every screenshot script under docs/ starts with: a scratch folder and the application.

The scripts run under a virtual display (see each script) and never touch the
user's own settings or projects: settings and data go to a new scratch folder
unless ``CLAIMDESK_CONFIG_DIR`` / ``CLAIMDESK_DATA_DIR`` say otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent


def start(coder: str = "anna", *, prefix: str = "claimdesk-docs-") -> tuple[QApplication, Path]:
    """The application and a scratch folder, with ``coder`` as the confirmed coder."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("CLAIMDESK_CONFIG_DIR", str(scratch / "config"))
    os.environ.setdefault("CLAIMDESK_DATA_DIR", str(scratch / "data"))
    from claimdesk.core.settings import Settings

    settings = Settings.load()
    settings.coder, settings.coder_confirmed = coder, True
    settings.save()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    return app, scratch  # type: ignore[return-value]


def settle(app: QApplication, rounds: int = 10) -> None:
    """Let the window lay itself out and paint."""
    for _ in range(rounds):
        app.processEvents()
