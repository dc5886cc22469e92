"""What goes into the bundle and what stays out: the spec's rules, kept here to be tested.

The app uses QtCore, QtGui and QtWidgets (and QtSvg for the icon, through a
plugin). PyInstaller's Qt hooks collect every plugin folder of QtGui, and each
plugin brings its own libraries (the VNC platform brings QtNetwork, the GTK theme
brings GTK's whole graphics stack), so the spec drops the plugins the app cannot
use and, on Linux, every library that nothing kept still links to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: Qt for Python modules the app never imports.
UNUSED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDBus", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc",
    "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport",
    "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
)  # fmt: skip

#: Python modules kept out of the bundle: unused Qt, GUI toolkits, test and build tools,
#: the interactive console's readline, and OpenSSL (Claimdesk reads local files only;
#: hashlib falls back to its built-in SHA-256, and modules that import ssl go on without it).
EXCLUDES = (
    *(f"PySide6.{name}" for name in UNUSED_QT_MODULES),
    "tkinter", "_tkinter", "turtle", "pydoc", "pydoc_data", "lib2to3", "idlelib",
    "readline", "ssl", "_ssl", "_hashlib",
    "pytest", "_pytest", "pytestqt", "hypothesis", "IPython", "PyInstaller",
)  # fmt: skip

#: Data folders left out: Qt's own translations (the app installs no QTranslator).
UNUSED_DATA_FOLDERS = ("PySide6/Qt/translations", "PySide6/translations")  # Linux/macOS, Windows

#: Babel's calendar data (through the web-page importer's URL filter) is read only for a
#: language asked about, and a missing one counts as an unknown language: keep the
#: languages of our users' news, drop the other thousand (30 MB).
BABEL_LOCALES = ("root", "en", "nl", "de", "fr", "es", "it", "da", "sv", "nb", "pl")

#: Qt plugin folders of no use to a widgets app that reads local files.
UNUSED_PLUGIN_FOLDERS = (
    "designer", "egldeviceintegrations", "generic", "networkinformation", "qmllint",
    "qmltooling", "sqldrivers", "tls", "vectorimageformats",
    "wayland-graphics-integration-server",
)  # fmt: skip

#: Single plugins left out: embedded-device platforms, the GTK theme (it would mix the
#: user's GTK with libraries copied from the build machine) and rare image formats.
UNUSED_PLUGINS = (
    "platforms/qeglfs", "platforms/qlinuxfb", "platforms/qminimal", "platforms/qminimalegl",
    "platforms/qvkkhrdisplay", "platforms/qvnc", "platforms/qdirect2d",
    "platformthemes/qgtk3",
    "imageformats/qtga", "imageformats/qtiff", "imageformats/qwbmp", "imageformats/qwebp",
    "imageformats/qpdf",
)  # fmt: skip


def _plugin_name(dest: str) -> tuple[str, str] | None:
    """('platforms', 'qvnc') for '.../plugins/platforms/libqvnc.so' (or qvnc.dll, libqvnc.dylib)."""
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts[:-2]:
        return None
    index = len(parts) - 1 - parts[::-1].index("plugins")
    if index + 2 >= len(parts):
        return None
    stem = parts[-1].split(".")[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    return parts[index + 1], stem


def keep_binary(dest: str) -> bool:
    """False for a Qt plugin the app does not need (by its path in the bundle)."""
    plugin = _plugin_name(dest)
    if plugin is None:
        return True
    folder, stem = plugin
    return folder not in UNUSED_PLUGIN_FOLDERS and f"{folder}/{stem}" not in UNUSED_PLUGINS


def keep_data(dest: str) -> bool:
    """False for data files the app never reads (by their path in the bundle)."""
    path = dest.replace("\\", "/")
    if path.startswith("babel/locale-data/") and path.endswith(".dat"):
        return path.rsplit("/", 1)[1][: -len(".dat")] in BABEL_LOCALES
    return not any(path.startswith(folder + "/") for folder in UNUSED_DATA_FOLDERS)


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower()


def prune_unreachable(
    binaries: Iterable[tuple[str, str, str]],
    imports_of: Callable[[str], Iterable[str]],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Drop shared libraries that no kept extension module or plugin links to.

    :param binaries: PyInstaller TOC entries ``(dest, source, typecode)``
    :param imports_of: the library names a binary (by source path) links to
    :returns: the kept entries and the destination names of the dropped ones

    Roots are Python extension modules, Qt plugins and the Python library; a
    library stays when a root reaches it through the libraries' link-time imports.
    """
    entries = list(binaries)
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in entries:
        if entry[2] in ("BINARY", "EXTENSION"):
            by_name.setdefault(_base(entry[0]), []).append(entry)
    roots = [
        e
        for e in entries
        if e[2] == "EXTENSION" or _plugin_name(e[0]) or _base(e[0]).startswith("libpython")
    ]
    reached: set[str] = set()
    queue = list(roots)
    while queue:
        dest, source, _kind = queue.pop()
        if dest in reached:
            continue
        reached.add(dest)
        for name in imports_of(source):
            for entry in by_name.get(_base(name), ()):
                if entry[0] not in reached:
                    queue.append(entry)
    kept = [e for e in entries if e[0] in reached or e[2] not in ("BINARY", "EXTENSION", "SYMLINK")]
    # A symbolic link (top-level alias of a library in a package folder) goes with its target.
    kept += [e for e in entries if e[2] == "SYMLINK" and _norm(e[1], e[0]) in reached]
    dropped = sorted(e[0] for e in entries if e not in kept)
    return kept, dropped


def _norm(target: str, link: str) -> str:
    """The bundle path a SYMLINK entry points to (its target is relative to the link's folder)."""
    parts = link.replace("\\", "/").split("/")[:-1]
    for piece in target.replace("\\", "/").split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)
