"""Child-process probes for `python -m benchmarks`: each prints one JSON line on stdout.

Every probe runs in a fresh interpreter so that start-up, imports and peak memory are real.
argv[1] is the parent's perf_counter at launch (perf_counter is system-wide on Linux), so the
figure includes interpreter start.
"""

from __future__ import annotations

# Both window probes report their own peak RSS with this.
PEAK_MB = r"""
def peak_mb():
    # This process's own peak RSS. getrusage's ru_maxrss survives exec on Linux, so a probe started
    # from the (large) benchmark process would report the parent's peak: read VmHWM instead.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

BARE_WINDOW = (
    r"""
import json, sys, time
t0 = float(sys.argv[1])
"""
    + PEAK_MB
    + r"""
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication([])
w = QMainWindow(); tabs = QTabWidget()
for name in ["Overview", "Pupils", "PEP calendar", "Exclusions", "Training log"]:
    tabs.addTab(QWidget(), name)
w.setCentralWidget(tabs); w.resize(1180, 760)
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            rss = peak_mb()
            print(json.dumps({"paint": time.perf_counter() - t0, "rss_mb": rss})); sys.stdout.flush()
            app.quit()
        return False
f = Painted(); tabs.installEventFilter(f)
w.show(); app.exec()
"""
)

# The floor of "start to data": a bare window, sqlmodel imported, the encrypted store opened with
# SQLCipher (argv[3] is its passphrase: the key derivation is part of the floor), one query.
BARE_DATA = r"""
import json, sys, time
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication([])
w = QMainWindow(); tabs = QTabWidget(); tabs.addTab(QWidget(), "Overview"); w.setCentralWidget(tabs)
w.show(); app.processEvents()
import sqlmodel, sqlcipher3
con = sqlcipher3.connect(sys.argv[2])
con.execute("PRAGMA key = '" + sys.argv[3].replace("'", "''") + "'")
rows = con.execute("SELECT * FROM pupil").fetchall()
con.close()
print(json.dumps({"ready": time.perf_counter() - t0, "rows": len(rows)}))
"""

# The floor of the `due` command: sqlcipher3 imported, the store keyed and opened, one query.
BARE_CLI = r"""
import sys, time
t0 = float(sys.argv[1])
import sqlcipher3
con = sqlcipher3.connect(sys.argv[2])
con.execute("PRAGMA key = '" + sys.argv[3].replace("'", "''") + "'")
n = con.execute("SELECT count(*) FROM pupil").fetchone()[0]
con.close()
print('{"ready": %f, "rows": %d}' % (time.perf_counter() - t0, n))
"""

# Our window on a copy of the large store: first paint, store open and every tab filled, peak RSS,
# then (with "detail") each tab's refresh with its SQL statement count, and the Pupils filter.
APP = (
    r"""
import json, sys, time, pathlib
t0 = float(sys.argv[1])
"""
    + PEAK_MB
    + r"""
folder = pathlib.Path(sys.argv[2]); detail = sys.argv[3] == "detail"
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
from cwsw_desktop.ui.app import make_app
from cwsw_desktop.ui.main_window import MainWindow
from cwsw_desktop.paths import AppPaths
app = make_app()
w = MainWindow(AppPaths(folder, folder / "bench.db"), QSettings(str(folder / "b.ini"), QSettings.Format.IniFormat))
painted = []
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not painted:
            painted.append(time.perf_counter() - t0)
        return False
f = Painted(); w.tabs.installEventFilter(f)
heavy = [m for m in ("reportlab", "openpyxl", "icalendar", "PySide6.QtPdf") if m in sys.modules]
result = {}

def wait_loaded(tab):
    loop = QEventLoop()
    tab.loaded.connect(loop.quit)
    QTimer.singleShot(60000, loop.quit)
    return loop

def measure():
    from sqlalchemy import event
    engine = w.ctx.store.engine
    count = [0]
    def counter(*_a):
        count[0] += 1
    event.listen(engine, "before_cursor_execute", counter)
    # The loaders read plain rows through store.reader, which SQLAlchemy's event never sees.
    from cwsw_desktop.store import reader as plain
    plain_rows = plain.ConnectionReader.rows
    def rows(self, sql, params=()):
        counter()
        return plain_rows(self, sql, params)
    plain.ConnectionReader.rows = rows
    # Switches are timed in a settled window: start-up's own background work (the deferred
    # integrity check, then the unlock's audit event, a commit) has finished first. Otherwise a
    # tab built before that commit and timed after it recomputes once, by a race with the check
    # that goes the other way on a small store (start to data covers the first loads).
    while not w.ctx.store.verified or w.jobs.busy:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    tabs = {}
    for name in list(w.tab_widgets):
        tab = w.tab_widgets[name]  # a hidden tab is built (and first loaded) when looked up
        while w.jobs.busy:  # let that first load finish before timing
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        times, stmts = [], []
        for _ in range(int(sys.argv[4])):
            count[0] = 0
            loop = wait_loaded(tab)
            start = time.perf_counter()
            w.tabs.setCurrentWidget(w.tabs.widget(list(w.tab_widgets).index(name)))
            tab.refresh()
            loop.exec()
            app.processEvents()
            times.append(time.perf_counter() - start)
            stmts.append(count[0])
        tabs[name] = {"times": times, "statements": max(stmts)}
    result["tabs"] = tabs
    pupils = w.tab_widgets["Pupils"]
    w.tabs.setCurrentIndex(1)
    app.processEvents()
    keys = []
    for text in ["a", "an", "ann", "an", "a", "", "s", "sm", "smi", "sm", "s", "", "1", "12", "1", ""] * 2:
        start = time.perf_counter()
        pupils.table.search.setText(text)
        app.processEvents()
        keys.append(time.perf_counter() - start)
    result["filter"] = keys
    result["filter_rows"] = pupils.table.model.total()

fired = []
def opened():
    def done():
        if fired:
            return
        fired.append(1)
        result.update(paint=painted[0] if painted else None, ready=time.perf_counter() - t0,
                      heavy_before_paint=heavy,
                      rss_mb=peak_mb())
        QTimer.singleShot(0, finish)  # out of the idle signal, so the window's own slots for it run
    def finish():
        if detail:
            measure()
            result["rss_mb"] = peak_mb()  # every tab built and filled
        print(json.dumps(result)); sys.stdout.flush()
        w.jobs.wait(60000)  # as closing the window does: the check after the first load may still run
        app.quit()
    w.jobs.idle.connect(done)
w.store_opened.connect(opened)
w.show()
passphrase = sys.argv[5] if len(sys.argv) > 5 else None  # the encrypted store's, given as with --db
QTimer.singleShot(0, lambda: w.open_store_async(passphrase=passphrase))
app.exec()
"""
)
