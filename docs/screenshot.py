"""Photograph every tab and dialog of the app on fictitious demo data, as a school laptop shows them.

    .venv/bin/python docs/screenshot.py OUTDIR [--size 1366x768] [--scale 1.5] [--only NAME ...]

With no display (or with --xvfb) it starts itself under ``xvfb-run`` with a virtual screen of the
given size; --scale sets QT_SCALE_FACTOR (1.25 and 1.5 are what Windows laptops commonly use). The
window opens at the size a first run gives it on that screen. Each screen is saved as
OUTDIR/NAME.png (names: see cwsw_desktop/ui/gallery.py), and any screen that does not fit or has
something cut off is reported (exit status 1).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)  # the demo's "today": a fixed date so screenshots are repeatable


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="docs/screens", help="folder for the PNG files")
    parser.add_argument("--size", default="1366x768", help="screen size WIDTHxHEIGHT (default 1366x768)")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR, e.g. 1.25 or 1.5")
    parser.add_argument("--only", nargs="*", default=[], help="only these screens (by name)")
    parser.add_argument("--xvfb", action="store_true", help="run under xvfb-run even with a display")
    parser.add_argument("--pupils", type=int, default=30, help="demo pupils (default 30)")
    parser.add_argument(
        "--offscreen", action="store_true", help="no display at all: Qt's offscreen screen of the given size"
    )
    parser.add_argument("--report", help="also write what does not fit, screen by screen, to this JSON file")
    return parser.parse_args(argv)


def under_xvfb(args: argparse.Namespace) -> int:
    if shutil.which("xvfb-run") is None:
        print("No display and no xvfb-run: install xvfb, or run under a desktop.", file=sys.stderr)
        return 1
    argv = [a for a in sys.argv[1:] if a != "--xvfb"]
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {args.size}x24", sys.executable, __file__, *argv]
    env = {**os.environ, "CWSW_SCREENSHOT_CHILD": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.call(command, env=env)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.offscreen:
        width, height = (int(n) for n in args.size.lower().split("x"))
        config = Path(tempfile.mkdtemp(prefix="cwsw-screen-")) / "screen.json"
        screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    elif not os.environ.get("CWSW_SCREENSHOT_CHILD") and (args.xvfb or not os.environ.get("DISPLAY")):
        return under_xvfb(args)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")

    from PySide6.QtCore import QSettings

    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.services.demo import generate_demo
    from cwsw_desktop.store import open_store
    from cwsw_desktop.ui import gallery
    from cwsw_desktop.ui.app import make_app
    from cwsw_desktop.ui.main_window import MainWindow

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    folder = Path(tempfile.mkdtemp(prefix="cwsw-screens-"))
    store = open_store(folder / "demo.db", demo=True)
    generate_demo(store.engine, size=args.pupils, seed=7, today=TODAY)
    window = MainWindow(
        AppPaths(folder, store.path),
        QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat),
        demo=True,
        today=lambda: TODAY,
    )
    window.show()
    window.set_store(store)
    gallery.settle(window)
    screen = app.primaryScreen()
    print(
        f"screen {screen.geometry().width()}×{screen.geometry().height()} logical at scale {args.scale:g}; "
        f"window {window.width()}×{window.height()}"
    )
    report: dict[str, list[str]] = {}
    for item in gallery.every_screen():
        if args.only and item.name not in args.only:
            continue
        widget = item.open(window)
        app.processEvents()
        widget.grab().save(str(out / f"{item.name}.png"))
        found = [p for p in (gallery.off_screen(widget),) if p] + gallery.cut_off(widget)
        for problem in found:
            print(f"{item.name}: {problem}")
        report[item.name] = found
        gallery.close_screen(window, widget)
    problems = sum(len(found) for found in report.values())
    print(f"{problems} problem(s); screenshots in {out}")
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=1), encoding="utf-8")
    window.close()
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
