"""Render each tab of the app on fictitious demo data to PNG files (for the README and reviews).

Run under a real or virtual display:  xvfb-run .venv/bin/python docs/screenshot.py OUTDIR
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from cwsw_desktop.paths import AppPaths
from cwsw_desktop.ui.app import make_app
from cwsw_desktop.ui.main_window import TAB_NAMES, MainWindow

TODAY = date(2026, 11, 23)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    folder = Path(tempfile.mkdtemp())
    win = MainWindow(
        AppPaths(folder, folder / "demo.db"),
        QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
        demo=True,
        today=lambda: TODAY,
    )
    win.resize(1280, 800)
    win.show()

    def shoot() -> None:
        for i, name in enumerate(TAB_NAMES):
            win.tabs.setCurrentIndex(i)
            app.processEvents()
            win.grab().save(str(out / f"tab-{i + 1}-{name.lower().replace(' ', '-')}.png"))
        app.quit()

    win.store_opened.connect(lambda: win.jobs.idle.connect(lambda: QTimer.singleShot(300, shoot)))
    QTimer.singleShot(0, win.open_store_async)
    app.exec()


if __name__ == "__main__":
    main()
