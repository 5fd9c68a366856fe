#!/usr/bin/env python3
"""Render the app icon's PNG sizes from its SVG, for desktops and file managers that do not read SVG.

    python tools/render_icons.py            # write resources/icons/hicolor/<N>x<N>/apps/aigc-desktop.png
    python tools/render_icons.py --check    # exit 1 when a PNG is missing or differs from the SVG

Run it after changing ``resources/icons/aigc-desktop.svg``; the packages install the PNGs into the
hicolor icon theme beside the SVG.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (48, 128, 256)
NAME = "aigc-desktop"


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def render(size: int):
    """The SVG drawn on a transparent ``size`` x ``size`` ARGB image (a QImage)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render.app = QGuiApplication([])  # kept alive for later calls
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        raise SystemExit(f"{ICONS / f'{NAME}.svg'} is not a valid SVG")
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def differs(size: int) -> str:
    """Why the committed PNG of ``size`` does not match the SVG ("" when it does)."""
    from PySide6.QtGui import QImage

    path = png_path(size)
    if not path.exists():
        return f"{path} is missing"
    committed = QImage(str(path)).convertToFormat(QImage.Format_ARGB32)
    if committed.width() != size or committed.height() != size:
        return f"{path} is {committed.width()}x{committed.height()}, not {size}x{size}"
    fresh = render(size)
    worst = max(abs(committed.pixelColor(x, y).alpha() - fresh.pixelColor(x, y).alpha())
                + abs(committed.pixelColor(x, y).red() - fresh.pixelColor(x, y).red())
                for x in range(0, size, 3) for y in range(0, size, 3))
    return f"{path} differs from the SVG (by up to {worst})" if worst > 24 else ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = [p for p in (differs(size) for size in SIZES) if p]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
