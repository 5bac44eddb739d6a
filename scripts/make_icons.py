"""Render resources/icons/app.svg to the app icon files the installer and the window use.

    .venv/bin/python scripts/make_icons.py

Writes resources/icons/app.png (256 px) and resources/icons/app.ico (16-256 px, PNG-compressed
entries, as Windows Vista and later read them). Run it again after changing app.svg; the outputs
are committed so that a build needs nothing but the repository.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def pack_ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico file: a 6-byte header, one 16-byte entry per image, then the PNG images."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an .ico entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        print(f"error: {ICONS / 'app.svg'} is not a valid SVG", file=sys.stderr)
        return 1
    pngs = {size: render_png(renderer, size) for size in SIZES}
    (ICONS / "app.png").write_bytes(pngs[256])
    (ICONS / "app.ico").write_bytes(pack_ico(pngs))
    print(f"Wrote {ICONS / 'app.png'} and {ICONS / 'app.ico'} ({len(SIZES)} sizes)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
