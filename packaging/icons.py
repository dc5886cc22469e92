"""The app icon for every platform, rendered from ``resources/icons/claimdesk.svg``.

    python packaging/icons.py OUT_DIR

writes ``claimdesk.png`` (256 px), ``claimdesk.ico`` (Windows: 16-256 px),
``claimdesk.icns`` (macOS: 16-1024 px) and ``hicolor/<n>x<n>/apps/claimdesk.png``
(the Linux icon theme sizes). Qt renders the SVG; ICO and ICNS are plain
containers of PNG images, written here so that no imaging library is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "claimdesk.svg"

#: Sizes of the Windows icon; Explorer picks 16, 24, 32, 48 and 256.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS entry types holding PNG data, by pixel size (the @2x types reuse a larger image).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
#: Sizes installed into the freedesktop icon theme.
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG rendered to a square PNG of ``size`` pixels, with a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ = QGuiApplication.instance()  # rendering into a QImage needs no application object
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (PNG entries are read since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns of PNG entries: a big-endian 'icns' header, then (type, length, data)."""
    body = b""
    for kind, size in ICNS_TYPES:
        blob = pngs[size]
        body += kind + struct.pack(">I", len(blob) + 8) + blob
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def make_icons(out: Path, svg: Path = SVG) -> dict[str, Path]:
    """Write every icon file into ``out``; returns them by kind (png, ico, icns, hicolor)."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*ICO_SIZES, *(s for _, s in ICNS_TYPES), *HICOLOR_SIZES})
    pngs = {size: render_png(size, svg) for size in sizes}
    written = {
        "png": out / "claimdesk.png",
        "ico": out / "claimdesk.ico",
        "icns": out / "claimdesk.icns",
        "hicolor": out / "hicolor",
    }
    written["png"].write_bytes(pngs[256])
    written["ico"].write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    written["icns"].write_bytes(icns_bytes(pngs))
    for size in HICOLOR_SIZES:
        folder = written["hicolor"] / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "claimdesk.png").write_bytes(pngs[size])
    scalable = written["hicolor"] / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    (scalable / "claimdesk.svg").write_bytes(svg.read_bytes())
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python packaging/icons.py OUT_DIR", file=sys.stderr)
        return 2
    for kind, path in make_icons(Path(args[0])).items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
