"""Build Claimdesk's bundle and installers for the platform this runs on.

    python packaging/build.py                  # bundle, then the installers
    python packaging/build.py --stage bundle   # only the PyInstaller bundle (sign it, then:)
    python packaging/build.py --stage package  # only the installers, from that bundle

Writes into ``dist/``:

- Linux: ``claimdesk-VERSION-linux-x86_64.tar.gz`` (the bundle with a menu entry,
  icon and ``install.sh``) and ``claimdesk_VERSION_amd64.deb``;
- Windows: ``Claimdesk-VERSION-windows-x64-setup.exe`` (Inno Setup, ``iscc`` on the
  PATH) and a portable ``.zip``;
- macOS: ``Claimdesk-VERSION-macos-ARCH.dmg`` holding ``Claimdesk.app``;

and ``SHA256SUMS`` for all of them. The build runs in its own virtual environment
(``build/packaging/venv``) holding only Claimdesk's dependencies and PyInstaller, so
the bundle carries nothing that merely happens to be installed. Linux bundles are
built on Debian 12 (glibc 2.36): they run on that and newer distributions.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import types
import venv
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build" / "packaging"
DIST = ROOT / "dist"
VENV = BUILD / "venv"
BUNDLE_DIR = BUILD / "bundle"
WORK_DIR = BUILD / "work"
GENERATED = WORK_DIR / "claimdesk" / "generated"  # the spec writes icons and notices here

#: Libraries a Qt app loads at run time without linking to them, and the fonts it needs:
#: a .deb depends on them beyond what the bundle's own link-time imports name.
DEB_DEPENDS = (
    "libegl1",
    "libgl1",
    "fontconfig",
    "fonts-dejavu-core",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libx11-xcb1",
    "libdbus-1-3",
)
LINUX_FLOOR = "Debian 12 (glibc 2.36)"


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def version() -> str:
    text = (ROOT / "desktop" / "claimdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if not match:
        raise BuildError("desktop/claimdesk/__init__.py has no __version__")
    return match.group(1)


def runtime_requirements() -> list[str]:
    """Claimdesk's dependencies, as pyproject.toml lists them."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def _sibling(name: str) -> types.ModuleType:
    """A module of packaging/ (this file may run with any working folder and sys.path)."""
    spec = importlib.util.spec_from_file_location(
        f"claimdesk_packaging_{name}", HERE / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(command: list[str | os.PathLike[str]], **kwargs: object) -> None:
    print("$", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], **kwargs)  # type: ignore[call-overload]
    if result.returncode:
        raise BuildError(f"{Path(str(command[0])).name} failed with exit code {result.returncode}")


def venv_python(folder: Path = VENV) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def build_env(folder: Path = VENV) -> Path:
    """The build environment: Claimdesk's dependencies and PyInstaller, nothing else."""
    python = venv_python(folder)
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--upgrade", "pip"])
    requirements = [*runtime_requirements(), "-r", HERE / "requirements.txt"]
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements])
    return python


def bundle_path() -> Path:
    """The built bundle: the folder (Linux, Windows) or Claimdesk.app (macOS)."""
    if sys.platform == "darwin":
        return BUNDLE_DIR / "Claimdesk.app"
    return BUNDLE_DIR / "Claimdesk"


def gui_executable(bundle: Path | None = None) -> Path:
    bundle = bundle or bundle_path()
    if sys.platform == "darwin":
        return bundle / "Contents" / "MacOS" / "Claimdesk"
    return bundle / ("Claimdesk.exe" if os.name == "nt" else "claimdesk")


def cli_executable(bundle: Path | None = None) -> Path:
    bundle = bundle or bundle_path()
    if sys.platform == "darwin":
        return bundle / "Contents" / "MacOS" / "claimdesk-cli"
    return bundle / ("claimdesk-cli.exe" if os.name == "nt" else "claimdesk-cli")


def build_bundle(python: Path) -> Path:
    """Run PyInstaller on packaging/claimdesk.spec; returns the bundle."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}  # the spec renders the icons with Qt
    run(
        [
            python, "-m", "PyInstaller", HERE / "claimdesk.spec", "--noconfirm", "--clean",
            "--log-level", "WARN", "--distpath", BUNDLE_DIR, "--workpath", WORK_DIR,
        ],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    bundle = bundle_path()
    if sys.platform.startswith("linux"):
        link_cli(bundle)
    if not gui_executable(bundle).exists() or not cli_executable(bundle).exists():
        raise BuildError(f"PyInstaller made no programs in {bundle}")
    if sys.platform.startswith("linux"):
        stripped = strip_debug_symbols(bundle)
        print(f"stripped debug symbols from {stripped / 1e6:.1f} MB of libraries")
    return bundle


def link_cli(bundle: Path) -> Path:
    """On Linux, claimdesk-cli is the one program under a second name (a relative link)."""
    link = cli_executable(bundle)
    link.unlink(missing_ok=True)
    link.symlink_to(gui_executable(bundle).name)
    return link


def strip_debug_symbols(bundle: Path) -> int:
    """Remove debug sections from the libraries that carry them; returns the bytes saved.

    A Python built from source carries its debug symbols (its libpython alone is 23 MB);
    distribution and wheel libraries come stripped. Libraries that auditwheel vendored
    (``*.libs`` folders) are left alone: strip breaks their patched layout.
    """
    saved = 0
    for path in sorted(bundle.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or any(p.endswith(".libs") for p in path.parts):
            continue
        sections = subprocess.run(["objdump", "-h", str(path)], capture_output=True, text=True)
        if ".debug_info" not in sections.stdout:
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def tree_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (symbolic links count as nothing)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------------- Linux


def desktop_entry(executable: str = "claimdesk") -> str:
    """The menu entry; ``executable`` is the program's path (the .deb uses the PATH)."""
    text = (HERE / "linux" / "claimdesk.desktop").read_text(encoding="utf-8")
    if executable != "claimdesk":
        text = text.replace("Exec=claimdesk ", f'Exec="{executable}" ')
        text = text.replace("TryExec=claimdesk\n", f"TryExec={executable}\n")
    return text


def _share_tree(target: Path) -> None:
    """Menu entry, icons and the file type under ``target`` (a ``share/`` folder)."""
    (target / "applications").mkdir(parents=True, exist_ok=True)
    (target / "applications" / "claimdesk.desktop").write_text(desktop_entry(), encoding="utf-8")
    (target / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "linux" / "claimdesk-mime.xml", target / "mime/packages/claimdesk.xml")
    shutil.copytree(GENERATED / "icons" / "hicolor", target / "icons" / "hicolor")


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def _needed(path: Path) -> list[str]:
    result = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True)
    return re.findall(r"^\s+NEEDED\s+(\S+)", result.stdout, flags=re.MULTILINE)


def _system_library_paths() -> dict[str, str]:
    result = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True)
    paths: dict[str, str] = {}
    for line in result.stdout.splitlines():
        match = re.match(r"\s+(\S+) \((?:libc6,)?x86-64[^)]*\) => (\S+)", line)
        if match:
            paths.setdefault(match.group(1), match.group(2))
    return paths


def linked_system_packages(bundle: Path) -> list[str]:
    """Debian packages of the libraries the bundle links to but does not carry."""
    carried = {p.name for p in bundle.rglob("*") if p.is_file() or p.is_symlink()}
    wanted: set[str] = set()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and _is_elf(path):
            wanted.update(n for n in _needed(path) if n not in carried)
    debian_package_of = _sibling("notices").debian_package_of
    where = _system_library_paths()
    packages = {debian_package_of(where[name]) for name in wanted if name in where}
    return sorted(p for p in packages if p)


def glibc_version() -> str:
    return platform.libc_ver()[1] or "2.36"


def deb_depends(linked: list[str]) -> str:
    names = sorted(set(linked) | set(DEB_DEPENDS))
    return ", ".join(f"libc6 (>= {glibc_version()})" if n == "libc6" else n for n in names)


def deb_control(*, version: str, arch: str, depends: str, installed_kib: int) -> str:
    maintainer = os.environ.get(
        "CLAIMDESK_DEB_MAINTAINER", "The Claimdesk developers <packaging@claimdesk.invalid>"
    )
    return (
        f"Package: claimdesk\nVersion: {version}\nArchitecture: {arch}\n"
        f"Maintainer: {maintainer}\nInstalled-Size: {installed_kib}\nDepends: {depends}\n"
        "Section: science\nPriority: optional\n"
        "Description: read news articles, highlight claims, tag actors and stances\n"
        " Claimdesk is a desktop application for media and political-communication\n"
        " research: read articles, highlight the claims in them, record who makes each\n"
        " claim and the stance taken, and export the annotated corpus.\n"
        " .\n"
        f" Built on {LINUX_FLOOR}; runs there and on newer distributions.\n"
    )


def _normalise_modes(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK)
        path.chmod(0o755 if executable else 0o644)


def deb_architecture() -> str:
    result = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
    return result.stdout.strip() or "amd64"


def make_deb(bundle: Path, out_dir: Path, version: str) -> Path:
    """A .deb installing the bundle to /opt/claimdesk with a menu entry and commands."""
    arch = deb_architecture()
    root = BUILD / "deb" / "root"
    shutil.rmtree(root.parent, ignore_errors=True)
    shutil.copytree(bundle, root / "opt" / "claimdesk", symlinks=True)
    for name in ("LICENSE", "THIRD-PARTY-NOTICES.txt"):
        shutil.copy2(bundle / "_internal" / name, root / "opt" / "claimdesk" / name)
    (root / "usr" / "bin").mkdir(parents=True)
    for program in ("claimdesk", "claimdesk-cli"):
        (root / "usr" / "bin" / program).symlink_to(f"/opt/claimdesk/{program}")
    _share_tree(root / "usr" / "share")
    doc = root / "usr" / "share" / "doc" / "claimdesk"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Claimdesk\n\n"
        + (ROOT / "LICENSE").read_text(encoding="utf-8")
        + "\nThe bundled third-party software and its licences are listed in\n"
        "/opt/claimdesk/THIRD-PARTY-NOTICES.txt.\n",
        encoding="utf-8",
    )
    _normalise_modes(root)
    (root / "DEBIAN").mkdir()
    control = deb_control(
        version=version,
        arch=arch,
        depends=deb_depends(linked_system_packages(bundle)),
        installed_kib=(tree_size(root) + 1023) // 1024,
    )
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    (root / "DEBIAN" / "control").chmod(0o644)
    out = out_dir / f"claimdesk_{version}_{arch}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", root, out])
    return out


def make_tarball(bundle: Path, out_dir: Path, version: str) -> Path:
    """The bundle in a .tar.gz with install.sh, the menu entry, icons and the licences."""
    name = f"claimdesk-{version}-linux-{platform.machine()}"
    stage = BUILD / "tarball" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    shutil.copytree(bundle, stage, symlinks=True)
    _share_tree(stage / "share")
    for name_ in ("LICENSE", "THIRD-PARTY-NOTICES.txt"):
        shutil.copy2(bundle / "_internal" / name_, stage / name_)
    shutil.copy2(HERE / "linux" / "install.sh", stage / "install.sh")
    shutil.copy2(GENERATED / "icons" / "claimdesk.png", stage / "claimdesk.png")
    (stage / "README.txt").write_text(
        f"Claimdesk {version} for Linux (built on {LINUX_FLOOR}; runs there and on newer\n"
        "distributions).\n\n"
        "Start it:                 double-click 'claimdesk' in this folder, or run ./claimdesk\n"
        "Add it to your menu:      ./install.sh      (no administrator rights needed)\n"
        "Remove it from the menu:  ./install.sh --remove\n"
        "Command line:             ./claimdesk-cli --help\n\n"
        "The first start opens a demo project with a short guide to coding a claim.\n",
        encoding="utf-8",
    )
    _normalise_modes(stage)
    out = out_dir / f"{name}.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name, filter=_root_owned)
    return out


def _root_owned(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


# ---------------------------------------------------------------------- Windows and macOS


def make_windows_installer(bundle: Path, out_dir: Path, version: str) -> list[Path]:
    """Inno Setup installer (per-user by default, no admin rights) and a portable zip."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    if not iscc and (default / "Inno Setup 6" / "ISCC.exe").exists():
        iscc = str(default / "Inno Setup 6" / "ISCC.exe")
    if not iscc:
        raise BuildError("Inno Setup's iscc is not installed (https://jrsoftware.org/isdl.php)")
    run(
        [
            iscc, "/Qp", f"/DAppVersion={version}", f"/DSourceDir={bundle}",
            f"/DOutputDir={out_dir}", f"/DIconFile={GENERATED / 'icons' / 'claimdesk.ico'}",
            HERE / "windows" / "claimdesk.iss",
        ]
    )  # fmt: skip
    setup = out_dir / f"Claimdesk-{version}-windows-x64-setup.exe"
    portable = out_dir / f"Claimdesk-{version}-windows-x64-portable.zip"
    with zipfile.ZipFile(portable, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(bundle.rglob("*")):
            archive.write(path, Path("Claimdesk") / path.relative_to(bundle))
    return [setup, portable]


def make_dmg(app: Path, out_dir: Path, version: str) -> Path:
    """Claimdesk.app beside a link to /Applications, in a compressed disk image."""
    stage = BUILD / "dmg"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    run(["ditto", app, stage / app.name])  # keeps the signature and extended attributes
    (stage / "Applications").symlink_to("/Applications")
    out = out_dir / f"Claimdesk-{version}-macos-{platform.machine()}.dmg"
    out.unlink(missing_ok=True)
    run(["hdiutil", "create", "-volname", f"Claimdesk {version}", "-srcfolder", stage,
         "-fs", "HFS+", "-format", "UDZO", "-ov", out])  # fmt: skip
    return out


# ---------------------------------------------------------------------- all of it


def package(bundle: Path, version: str) -> list[Path]:
    """The installers for this platform, from a built bundle."""
    DIST.mkdir(exist_ok=True)
    if sys.platform.startswith("linux"):
        outputs = [make_tarball(bundle, DIST, version), make_deb(bundle, DIST, version)]
    elif sys.platform == "win32":
        outputs = make_windows_installer(bundle, DIST, version)
    elif sys.platform == "darwin":
        outputs = [make_dmg(bundle, DIST, version)]
    else:
        raise BuildError(f"no installer for {sys.platform}")
    write_checksums(DIST)
    return outputs


def write_checksums(folder: Path) -> Path:
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != "SHA256SUMS":
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.name}\n")
    out = folder / "SHA256SUMS"
    out.write_text("".join(lines), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--stage",
        choices=("all", "bundle", "package"),
        default="all",
        help="bundle: only PyInstaller; package: only the installers from an existing bundle",
    )
    parser.add_argument(
        "--python",
        type=Path,
        help="build with this interpreter (with PyInstaller installed) instead of a build venv",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        release = version()
        if args.stage in ("all", "bundle"):
            python = args.python or build_env()
            bundle = build_bundle(python)
            print(f"bundle: {bundle} ({tree_size(bundle) / 1e6:.1f} MB)")
        bundle = bundle_path()
        if args.stage in ("all", "package"):
            if not gui_executable(bundle).exists():
                raise BuildError(f"no bundle in {bundle}: run with --stage bundle first")
            for output in package(bundle, release):
                print(f"installer: {output} ({output.stat().st_size / 1e6:.1f} MB)")
    except BuildError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"build time: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
