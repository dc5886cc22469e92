"""The installers' sources: spec, build script, desktop entry, file type, Inno Setup, CI workflow.

The real build and its smoke test run in .ci/run (packaging/linux/build-and-smoke.sh);
these tests check what can be checked without building: the spec run against recording
stand-ins of PyInstaller's classes on each platform, the rules for what is bundled, the
icons, the licence notices, install.sh on a stand-in bundle, and the workflow's schema.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

import claimdesk

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"


@pytest.fixture(scope="module")
def packaging_modules() -> dict[str, types.ModuleType]:
    """The modules of packaging/, loaded under names of their own (``build`` is a PyPI name)."""
    modules = {}
    for name in ("build", "contents", "icons", "notices"):
        spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
        assert spec is not None and spec.loader is not None
        modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modules[name])
    return modules


# ---------------------------------------------------------------------- the spec


class Recorder:
    """Stands in for one of PyInstaller's spec classes and keeps what it was given."""

    made: list[Recorder]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        type(self).made.append(self)


def run_spec(platform: str, workpath: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Execute packaging/claimdesk.spec as PyInstaller would, on ``platform``."""
    classes: dict[str, type[Recorder]] = {}
    for name in ("PYZ", "EXE", "COLLECT", "BUNDLE"):
        classes[name] = type(name, (Recorder,), {"made": []})

    class Analysis(Recorder):
        made: ClassVar[list[Recorder]] = []

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            """What PyInstaller's analysis finds, in small: real files of real packages."""
            import click
            import PySide6.QtCore

            super().__init__(*args, **kwargs)
            qt = PySide6.QtCore.__file__
            self.scripts, self.pure = [], [("click", click.__file__, "PYMODULE")]
            self.datas = [
                ("PySide6/Qt/translations/qt_nl.qm", __file__, "DATA"),
                ("babel/locale-data/nl.dat", __file__, "DATA"),
                ("babel/locale-data/zu.dat", __file__, "DATA"),
            ]
            self.binaries = [
                ("PySide6/QtCore.abi3.so", qt, "EXTENSION"),
                ("PySide6/Qt/plugins/platforms/libqxcb.so", qt, "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqvnc.so", qt, "BINARY"),
                ("PySide6/Qt/plugins/tls/libqopensslbackend.so", qt, "BINARY"),
            ]

    # PyInstaller's own modules the spec imports, as small stand-ins.
    bindepend = types.SimpleNamespace(get_imports=lambda source: [])
    versioninfo = types.SimpleNamespace(
        **{
            name: (lambda *a, _n=name, **k: (_n, a, k))
            for name in (
                "VSVersionInfo",
                "FixedFileInfo",
                "StringFileInfo",
                "StringTable",
                "StringStruct",
                "VarFileInfo",
                "VarStruct",
            )
        }
    )
    for name, module in {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.depend": types.SimpleNamespace(bindepend=bindepend),
        "PyInstaller.depend.bindepend": bindepend,
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.win32": types.SimpleNamespace(versioninfo=versioninfo),
        "PyInstaller.utils.win32.versioninfo": versioninfo,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))
    spec = PACKAGING / "claimdesk.spec"
    namespace: dict[str, Any] = {
        "SPECPATH": str(PACKAGING),
        "workpath": str(workpath),
        "DISTPATH": str(workpath / "dist"),
        "__file__": str(spec),
        "Analysis": Analysis,
        **classes,
    }
    loaded = set(sys.modules)
    try:
        exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    finally:
        for name in ("contents", "icons", "notices"):  # the spec's imports from packaging/
            if name not in loaded:
                sys.modules.pop(name, None)
    return namespace


@pytest.fixture(scope="module")
def spec_runs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``spec_runs("darwin")``: the spec's namespace after a run on that platform (run once)."""
    runs: dict[str, dict[str, Any]] = {}

    def get(platform: str) -> dict[str, Any]:
        if platform not in runs:
            with pytest.MonkeyPatch.context() as monkeypatch:
                runs[platform] = run_spec(platform, tmp_path_factory.mktemp(platform), monkeypatch)
        return runs[platform]

    return get


def test_spec_bundles_the_app_its_folders_and_licences(spec_runs: Any) -> None:
    ns = spec_runs("linux")
    (analysis,) = ns["Analysis"].made
    assert analysis.args[0] == [str(ROOT / "desktop" / "claimdesk" / "__main__.py")]
    datas = {dest for _src, dest in analysis.kwargs["datas"]}
    assert {"resources", "seeds", "."} <= datas
    assert "claimdesk.ui.app" in analysis.kwargs["hiddenimports"]
    notices = [entry for entry in analysis.datas if entry[0] == "THIRD-PARTY-NOTICES.txt"]
    text = Path(notices[0][1]).read_text(encoding="utf-8")
    assert "LGPL-3.0" in text and re.search(r"^  click [\d.]+: BSD-3-Clause$", text, re.MULTILINE)
    assert ns["VERSION"] == claimdesk.__version__


@pytest.mark.parametrize(
    "module",
    ["PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtQml", "PySide6.QtQuick",
     "PySide6.Qt3DCore", "PySide6.QtMultimedia", "PySide6.QtNetwork", "tkinter", "pytest"],
)  # fmt: skip
def test_spec_excludes_what_the_app_does_not_use(module: str, spec_runs: Any) -> None:
    ns = spec_runs("linux")
    (analysis,) = ns["Analysis"].made
    assert module in analysis.kwargs["excludes"]


def test_spec_drops_unused_plugins_and_data(spec_runs: Any) -> None:
    ns = spec_runs("linux")
    (analysis,) = ns["Analysis"].made
    assert [b[0] for b in analysis.binaries] == [
        "PySide6/QtCore.abi3.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
    ]
    kept = [d[0] for d in analysis.datas]
    assert "babel/locale-data/nl.dat" in kept
    assert "babel/locale-data/zu.dat" not in kept
    assert not any("translations" in d for d in kept)


@pytest.mark.parametrize(
    ("platform", "programs"),
    [
        ("linux", [("claimdesk", False)]),  # claimdesk-cli: a link to it (test below)
        ("win32", [("Claimdesk", False), ("claimdesk-cli", True)]),
        ("darwin", [("Claimdesk", False), ("claimdesk-cli", True)]),
    ],
)
def test_spec_makes_a_windowed_and_a_console_program(
    platform: str, programs: list[tuple[str, bool]], spec_runs: Any
) -> None:
    ns = spec_runs(platform)
    made = ns["EXE"].made
    assert [(exe.kwargs["name"], exe.kwargs["console"]) for exe in made] == programs
    (collect,) = ns["COLLECT"].made
    assert collect.args[: len(made)] == tuple(made)  # the windowed one first: it is the .app's
    assert collect.kwargs["name"] == "Claimdesk"
    assert made[0].kwargs["upx"] is False
    icon = Path(made[0].kwargs["icon"])
    assert icon.suffix == (".icns" if platform == "darwin" else ".ico") and icon.stat().st_size > 0


def test_linux_bundle_names_its_program_claimdesk_cli_too(
    tmp_path: Path, packaging_modules: dict[str, types.ModuleType]
) -> None:
    build = packaging_modules["build"]
    program = tmp_path / "claimdesk"
    program.write_text('#!/bin/sh\necho "$0" "$@"\n', encoding="utf-8")
    program.chmod(0o755)
    link = build.link_cli(tmp_path)
    assert link.name == "claimdesk-cli" and os.readlink(link) == "claimdesk"
    assert build.link_cli(tmp_path) == link  # again: replaced, not an error
    result = subprocess.run([str(link), "--version"], capture_output=True, text=True)
    assert result.stdout.endswith("claimdesk-cli --version\n")


def test_spec_gives_windows_programs_version_information(spec_runs: Any) -> None:
    ns = spec_runs("win32")
    gui, _cli = ns["EXE"].made
    kind, _args, fields = gui.kwargs["version"]
    assert kind == "VSVersionInfo"
    numbers = (*(int(n) for n in claimdesk.__version__.split(".")[:3]), 0)
    assert fields["ffi"][2] == {"filevers": numbers, "prodvers": numbers}
    assert claimdesk.__version__ in repr(fields["kids"])


def test_spec_makes_a_mac_app_that_opens_claimdesk_files(spec_runs: Any) -> None:
    ns = spec_runs("darwin")
    (app,) = ns["BUNDLE"].made
    assert app.kwargs["name"] == "Claimdesk.app"
    plist = app.kwargs["info_plist"]
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["claimdesk"]
    (document,) = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [exported["UTTypeIdentifier"]]
    assert plist["CFBundleShortVersionString"] == claimdesk.__version__
    assert ns["EXE"].made[0].kwargs["codesign_identity"] is None  # unsigned unless configured


# ---------------------------------------------------------------------- what is bundled


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6\\Qt\\plugins\\tls\\qschannelbackend.dll", False),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("libpython3.11.so.1.0", True),
    ],
)
def test_keep_binary(dest: str, kept: bool, packaging_modules: dict[str, types.ModuleType]) -> None:
    assert packaging_modules["contents"].keep_binary(dest) is kept


def test_prune_unreachable_keeps_what_roots_link_to(
    packaging_modules: dict[str, types.ModuleType],
) -> None:
    links = {
        "src/QtCore.abi3.so": ["libQt6Core.so.6"],
        "src/libQt6Core.so.6": ["libicuuc.so.73"],
        "src/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "src/libQt6XcbQpa.so.6": ["libxcb-cursor.so.0"],
    }
    binaries = [
        ("PySide6/QtCore.abi3.so", "src/QtCore.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "src/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "src/libicuuc.so.73", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "src/libQt6XcbQpa.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "src/libxcb-cursor.so.0", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        # only the dropped VNC plugin linked to these:
        ("PySide6/Qt/lib/libQt6Network.so.6", "src/libQt6Network.so.6", "BINARY"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libgssapi_krb5.so.2", "src/libgssapi_krb5.so.2", "BINARY"),
    ]
    kept, dropped = packaging_modules["contents"].prune_unreachable(
        binaries, lambda source: links.get(source, [])
    )
    assert dropped == [
        "PySide6/Qt/lib/libQt6Network.so.6",
        "libQt6Network.so.6",
        "libgssapi_krb5.so.2",
    ]
    assert len(kept) == 7


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("resources/schema/corpus.schema.json", True),
        ("seeds/demo.json", True),
        ("PySide6/Qt/translations/qtbase_nl.qm", False),
        ("PySide6\\translations\\qtbase_nl.qm", False),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/en.dat", True),
        ("babel/locale-data/ja.dat", False),
        ("babel/global.dat", True),
    ],
)
def test_keep_data(dest: str, kept: bool, packaging_modules: dict[str, types.ModuleType]) -> None:
    assert packaging_modules["contents"].keep_data(dest) is kept


# ---------------------------------------------------------------------- icons and notices


def test_icons_hold_every_size(
    tmp_path: Path, packaging_modules: dict[str, types.ModuleType]
) -> None:
    from PySide6.QtGui import QImageReader

    icons = packaging_modules["icons"]
    made = icons.make_icons(tmp_path)
    for kind, expected in (("ico", icons.ICO_SIZES), ("icns", [s for _t, s in icons.ICNS_TYPES])):
        reader = QImageReader(str(made[kind]))
        sizes = []
        for n in range(reader.imageCount()):
            reader.jumpToImage(n)
            sizes.append(reader.read().width())
        assert sorted(sizes) == sorted(expected), kind
    for size in icons.HICOLOR_SIZES:
        assert (made["hicolor"] / f"{size}x{size}" / "apps" / "claimdesk.png").is_file()


def test_notices_name_each_bundled_package_and_its_licence(
    tmp_path: Path, packaging_modules: dict[str, types.ModuleType]
) -> None:
    import click
    import PySide6

    out = packaging_modules["notices"].write_notices(
        tmp_path / "NOTICES.txt", [click.__file__, PySide6.__file__], version="9.9"
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Claimdesk 9.9: third-party notices")
    assert re.search(r"^  click [\d.]+: BSD-3-Clause$", text, flags=re.MULTILINE)
    assert "separate, unmodified shared" in text  # the LGPL note on Qt
    assert "Copyright" in text  # click's licence text follows


# ---------------------------------------------------------------------- build.py


def test_build_script_reads_version_and_dependencies(
    packaging_modules: dict[str, types.ModuleType],
) -> None:
    build = packaging_modules["build"]
    assert build.version() == claimdesk.__version__
    assert any(r.startswith("PySide6-Essentials") for r in build.runtime_requirements())
    assert (
        "--stage"
        in subprocess.run(
            [sys.executable, str(PACKAGING / "build.py"), "--help"], capture_output=True, text=True
        ).stdout
    )


def test_deb_control_depends_on_graphics_fonts_and_xcb(
    packaging_modules: dict[str, types.ModuleType],
) -> None:
    build = packaging_modules["build"]
    depends = build.deb_depends(["libc6", "libxcb1"])
    control = build.deb_control(version="1.2.3", arch="amd64", depends=depends, installed_kib=1000)
    fields = dict(
        line.split(": ", 1)
        for line in control.splitlines()
        if ": " in line and not line.startswith(" ")
    )
    assert (fields["Package"], fields["Version"], fields["Architecture"]) == (
        "claimdesk",
        "1.2.3",
        "amd64",
    )
    names = [d.split(" ")[0] for d in fields["Depends"].split(", ")]
    for needed in (
        "libegl1",
        "libgl1",
        "fontconfig",
        "fonts-dejavu-core",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
    ):
        assert needed in names
    assert f"libc6 (>= {build.glibc_version()})" in fields["Depends"]
    assert "Debian 12 (glibc 2.36)" in control


def desktop_file_problems(path: Path) -> list[str]:
    """desktop-file-validate's errors when it is installed, else a parse of the keys menus need."""
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True
        )
        return [line for line in result.stdout.splitlines() if "error" in line] or (
            [result.stdout] if result.returncode else []
        )
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    problems = [f"no {key}" for key in ("Type", "Name", "Exec", "Icon") if key not in entry]
    if not entry.get("Categories", "").endswith(";") or not entry.get("MimeType", "").endswith(";"):
        problems.append("lists must end with ';'")
    return problems


@pytest.mark.parametrize("executable", ["claimdesk", "/home/anna/Claimdesk 0.1/claimdesk"])
def test_desktop_entry_validates(
    executable: str, tmp_path: Path, packaging_modules: dict[str, types.ModuleType]
) -> None:
    text = packaging_modules["build"].desktop_entry(executable)
    path = tmp_path / "claimdesk.desktop"
    path.write_text(text, encoding="utf-8")
    assert desktop_file_problems(path) == []
    assert "MimeType=application/x-claimdesk;" in text
    quoted = executable if executable == "claimdesk" else f'"{executable}"'
    assert f"Exec={quoted} %f" in text


def test_mime_type_claims_the_claimdesk_extension() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(PACKAGING / "linux" / "claimdesk-mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-claimdesk"
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.claimdesk"]


def test_install_sh_adds_and_removes_the_menu_entry(
    tmp_path: Path, packaging_modules: dict[str, types.ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    """install.sh on a stand-in of the unpacked .tar.gz, for a user without admin rights."""
    build = packaging_modules["build"]
    generated = tmp_path / "generated"
    packaging_modules["icons"].make_icons(generated / "icons")
    monkeypatch.setattr(build, "GENERATED", generated)
    top = tmp_path / "claimdesk 0.1"
    top.mkdir()
    for program in ("claimdesk", "claimdesk-cli"):
        (top / program).write_text("#!/bin/sh\necho started\n", encoding="utf-8")
        (top / program).chmod(0o755)
    build._share_tree(top / "share")
    shutil.copy2(PACKAGING / "linux" / "install.sh", top / "install.sh")
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    result = subprocess.run(
        ["sh", str(top / "install.sh")], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    entry = home / ".local/share/applications/claimdesk.desktop"
    assert f'Exec="{top}/claimdesk" %f' in entry.read_text(encoding="utf-8")
    assert desktop_file_problems(entry) == []
    assert (home / ".local/share/mime/packages/claimdesk.xml").is_file()
    assert (home / ".local/share/icons/hicolor/48x48/apps/claimdesk.png").is_file()
    started = subprocess.run([str(home / ".local/bin/claimdesk")], capture_output=True, text=True)
    assert started.stdout == "started\n"
    subprocess.run(
        ["sh", str(top / "install.sh"), "--remove"], env=env, check=True, capture_output=True
    )
    assert not entry.exists() and not (home / ".local/bin/claimdesk").exists()
    assert not list((home / ".local/share/icons").rglob("claimdesk.*"))


# ---------------------------------------------------------------------- Windows installer


def test_inno_setup_script_installs_per_user_with_the_file_type(
    packaging_modules: dict[str, types.ModuleType],
) -> None:
    iss = (PACKAGING / "windows" / "claimdesk.iss").read_text(encoding="utf-8")
    settings = dict(re.findall(r"^(\w+)=(.*)$", iss, flags=re.MULTILINE))
    assert settings["PrivilegesRequired"] == "lowest"  # no administrator rights needed
    assert settings["ChangesAssociations"] == "yes"
    assert settings["OutputBaseFilename"] == "{#AppName}-{#AppVersion}-windows-x64-setup"
    assert '#define AppExe "Claimdesk.exe"' in iss  # the spec's windowed program
    assert 'Subkey: "Software\\Classes\\.claimdesk"' in iss
    assert '""{app}\\{#AppExe}"" ""%1""' in iss  # a double-clicked project opens in Claimdesk
    build = packaging_modules["build"]
    assert "-windows-x64-setup.exe" in Path(build.__file__).read_text(encoding="utf-8")


# ---------------------------------------------------------------------- CI


def test_workflow_passes_its_schema() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_builds_three_platforms_and_uploads_them() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    systems = [entry["os"].split("-")[0] for entry in job["strategy"]["matrix"]["include"]]
    assert sorted(systems) == ["macos", "ubuntu", "windows"]
    steps = job["steps"]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["if-no-files-found"] == "error"


def test_workflow_runs_the_linux_build_of_ci_in_debian_12() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    linux = [s for s in job["steps"] if s.get("if") == "runner.os == 'Linux'"]
    assert len(linux) == 1
    assert "debian:12" in linux[0]["run"]
    assert "bash packaging/linux/build-and-smoke.sh" in linux[0]["run"]
    assert "bash packaging/linux/build-and-smoke.sh" in (ROOT / ".ci" / "run").read_text(
        encoding="utf-8"
    )


def test_workflow_signs_only_with_a_configured_certificate() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    signing = [s for s in job["steps"] if re.search(r"sign|notari", s.get("name", ""), re.I)]
    assert len(signing) >= 4
    for step in signing:
        if "Build" in step["name"]:
            continue
        assert re.search(r"env\.(WINDOWS|MACOS)_CERTIFICATE != ''", step["if"]), step["name"]
