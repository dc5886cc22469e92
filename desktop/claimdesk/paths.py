"""Where the program's own files are: in a wheel, a source checkout or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(name: str) -> Path:
    candidates = [
        _PACKAGE / name,  # an installed wheel carries resources/ and seeds/ inside the package
        _PACKAGE.parent.parent / name,  # a source checkout: desktop/claimdesk/../../name
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Claimdesk's {name}/ folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, e.g. ``resource_path("schema", "corpus.schema.json")``."""
    return _first_existing("resources").joinpath(*parts)


def seeds_path(*parts: str) -> Path:
    """The demo corpus folder ``seeds/`` (or a file in it)."""
    return _first_existing("seeds").joinpath(*parts)
