"""THIRD-PARTY-NOTICES.txt: what a bundle contains besides Claimdesk, and under which licence.

The spec calls :func:`write_notices` with the source path of every file it bundles.
Each file is traced to the Python distribution that installed it (its RECORD) and,
on Debian, to the system package that shipped it (``dpkg-query --search``); the
notice lists them with their licences and appends the licence texts they ship.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMON_LICENSES = Path("/usr/share/common-licenses")

QT_NOTICE = """\
Qt and Qt for Python (PySide6, shiboken6) {version}
  Licence: GNU Lesser General Public License version 3 (LGPL-3.0-only), as offered by
  The Qt Company for the PySide6-Essentials and shiboken6 wheels.
  The Qt libraries (libQt6*, Qt6*.dll or the Qt*.framework folders), their plugins and
  the PySide6 and shiboken6 modules are in this bundle as separate, unmodified shared
  libraries, exactly as published, under the bundle's _internal/PySide6 and
  _internal/shiboken6 folders (Contents/Frameworks on macOS). You may replace them with
  your own build of the same Qt and PySide6 version; Claimdesk loads whatever is there.
  Source code: https://code.qt.io/ and https://download.qt.io/official_releases/QtForPython/
  The licence texts (LGPL-3.0 and the GPL-3.0 it refers to) are at the end of this file
  where the build machine had them, and at https://www.gnu.org/licenses/lgpl-3.0.txt.
"""

HEADER = """\
Claimdesk {version}: third-party notices
{rule}

Claimdesk itself is released under the MIT licence (the file LICENSE beside this one).
This bundle also contains the software listed below, each under its own licence. The
program that starts the bundle is PyInstaller's bootloader (GPL-2.0-or-later with an
exception that allows distributing bundles under any licence).

"""


def _distribution_files() -> dict[str, metadata.Distribution]:
    """Every installed file's resolved path, mapped to the distribution that installed it."""
    owners: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        for file in dist.files or ():
            try:
                owners[os.path.realpath(dist.locate_file(file))] = dist
            except (OSError, ValueError):
                continue
    return owners


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and len(text) < 120 and "\n" not in text:
        return text
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if "License ::" in c
    ]
    return ", ".join(classifiers) or "see the licence text below"


def _licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in dist.files or ():
        name = Path(str(file)).name.upper()
        if ".dist-info" in str(file) and name.startswith(
            ("LICENSE", "LICENCE", "COPYING", "NOTICE")
        ):
            try:
                texts.append((str(file), Path(dist.locate_file(file)).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return texts


def debian_package_of(path: str) -> str | None:
    """The Debian package that installed ``path`` (tried as given, resolved and under /usr)."""
    if not shutil.which("dpkg-query"):
        return None
    real = os.path.realpath(path)
    candidates = [path, real]
    candidates += ["/usr" + p for p in (path, real) if p.startswith(("/lib", "/bin", "/sbin"))]
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(
            ["dpkg-query", "--search", candidate], capture_output=True, text=True
        )
        if result.returncode == 0 and ":" in result.stdout:
            first = result.stdout.split(": ", 1)[0].split(",")[0].strip()
            return first.split(":")[0]  # without the architecture qualifier
    return None


def _debian_packages(paths: Iterable[str]) -> dict[str, list[str]]:
    """System files (outside any Python distribution) by the Debian package that shipped them."""
    found: dict[str, list[str]] = {}
    for path in sorted(set(paths)):
        package = debian_package_of(path)
        if package:
            found.setdefault(package, []).append(Path(path).name)
    return found


def write_notices(out: Path, bundled: Iterable[str], *, version: str) -> Path:
    """Write the notices for the files in ``bundled`` (source paths) to ``out``.

    :param out: the file to write (THIRD-PARTY-NOTICES.txt)
    :param bundled: the source path of every file the bundle contains
    :param version: Claimdesk's version, for the heading
    """
    owners = _distribution_files()
    own_dirs = tuple(
        os.path.realpath(ROOT / name) + os.sep for name in ("desktop", "resources", "seeds")
    )
    own_licence = os.path.realpath(ROOT / "LICENSE")
    dists: dict[str, metadata.Distribution] = {}
    system: list[str] = []
    for path in bundled:
        real = os.path.realpath(path)
        if real.startswith(own_dirs) or real == own_licence or not os.path.isfile(real):
            continue
        dist = owners.get(real)
        if dist is not None:
            dists.setdefault(dist.metadata["Name"], dist)
        elif not real.startswith(os.path.realpath(sys.base_prefix) + os.sep) or real.endswith(
            (".so", ".dylib", ".dll")
        ):
            system.append(path)
    dists.pop("claimdesk", None)
    parts = [HEADER.format(version=version, rule="=" * (len(version) + 34))]
    qt = [n for n in dists if n.lower().replace("-", "_") in ("pyside6_essentials", "shiboken6")]
    if qt:
        parts.append(QT_NOTICE.format(version=dists[qt[0]].version) + "\n")
    parts.append(
        f"Python {sys.version.split()[0]}\n  Licence: PSF-2.0 (Python Software Foundation License)\n"
        "  The interpreter and its standard library, https://www.python.org/\n\n"
    )
    parts.append("Python packages\n---------------\n")
    for name in sorted(dists, key=str.lower):
        dist = dists[name]
        parts.append(f"  {name} {dist.version}: {_licence_of(dist)}\n")
    debian = _debian_packages(system)
    if debian:
        parts.append(
            "\nSystem libraries copied from the build machine (Debian packages)\n"
            "----------------------------------------------------------------\n"
        )
        for package in sorted(debian):
            parts.append(f"  {package}: {', '.join(sorted(set(debian[package])))}\n")
    parts.append("\n\nLicence texts\n=============\n")
    for name in sorted(dists, key=str.lower):
        for file, text in _licence_texts(dists[name]):
            parts.append(
                f"\n--- {name} {dists[name].version}: {Path(file).name} ---\n\n{text.strip()}\n"
            )
    for package in sorted(debian):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            text = copyright_file.read_text(encoding="utf-8", errors="replace")
            parts.append(f"\n--- Debian package {package}: copyright ---\n\n{text.strip()}\n")
    for name in ("LGPL-3", "GPL-3"):
        if qt and (COMMON_LICENSES / name).is_file():
            text = (COMMON_LICENSES / name).read_text(encoding="utf-8")
            parts.append(f"\n--- {name}.0 (for Qt and PySide6) ---\n\n{text.strip()}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(parts), encoding="utf-8")
    return out
