"""Start-up benchmark: time to the first paint of our main window vs a bare PySide6 window.

Both are measured in fresh processes in the same run, alternating, and reported as a ratio
(target: ours within 1.5x of bare). Also reports the time until the store is open and the
tabs are filled. Run: .venv/bin/python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = r"""
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QTimer, QObject, QEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication([])
w = QMainWindow(); tabs = QTabWidget()
for name in ["Overview", "Pupils", "PEP calendar", "Exclusions", "Training log"]:
    tabs.addTab(QWidget(), name)
w.setCentralWidget(tabs); w.resize(1180, 760)
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(time.perf_counter() - t0); sys.stdout.flush(); app.quit()
        return False
f = Painted(); tabs.installEventFilter(f)
w.show(); app.exec()
"""

OURS = r"""
import time, sys, tempfile, pathlib
t0 = float(sys.argv[1])
from PySide6.QtCore import QObject, QEvent, QSettings
from cwsw_desktop.ui.app import make_app
from cwsw_desktop.ui.main_window import MainWindow
from cwsw_desktop.paths import AppPaths
app = make_app()
folder = pathlib.Path(sys.argv[2])
w = MainWindow(AppPaths(folder, folder / "bench.db"), QSettings(str(folder / "b.ini"), QSettings.Format.IniFormat))
painted = []
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not painted:
            painted.append(time.perf_counter() - t0)
        return False
f = Painted(); w.tabs.installEventFilter(f)
heavy = [m for m in ("sqlmodel", "reportlab", "openpyxl", "PySide6.QtPdf") if m in sys.modules]
def opened():
    w.jobs.idle.connect(lambda: (print(json.dumps({"paint": painted[0], "ready": time.perf_counter() - t0,
                                                   "heavy_before_paint": heavy})), app.quit()))
import json
w.store_opened.connect(opened)
w.show()
from PySide6.QtCore import QTimer
QTimer.singleShot(0, w.open_store_async)
app.exec()
"""


def run(code: str, *extra: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run(
        [sys.executable, "-c", code, repr(time.perf_counter()), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bare, ours, ready, heavy = [], [], [], set()
    for _ in range(args.runs):
        bare.append(float(run(BARE)))
        with tempfile.TemporaryDirectory() as folder:
            result = json.loads(run(OURS, folder))
        ours.append(result["paint"])
        ready.append(result["ready"])
        heavy.update(result["heavy_before_paint"])
    b, o, r = statistics.median(bare), statistics.median(ours), statistics.median(ready)
    print(f"bare PySide6 window, first paint: {b * 1000:.0f} ms (median of {args.runs})")
    print(f"CWSW main window, first paint:    {o * 1000:.0f} ms  -> ratio {o / b:.2f}x (target <= 1.5x)")
    print(f"CWSW store open and tabs filled:  {r * 1000:.0f} ms")
    print(f"heavy modules imported before first paint: {sorted(heavy) or 'none'}")


if __name__ == "__main__":
    main()
