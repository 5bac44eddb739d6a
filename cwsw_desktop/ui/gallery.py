"""Every tab and dialog a DT can meet, opened on demand on an open (demo) store.

One list, two users: ``docs/screenshot.py`` photographs each screen at a given screen size and
scale, and ``tests/ui/test_fits_screen.py`` checks that each fits a 1280×720 screen with nothing
cut off. When you add a dialog, add one `Screen` to `SCREENS` (or `tab_screens`) and both cover it.

Each opener builds its widget, shows it without blocking (``show()``, never ``exec()``), waits for
any work it started, and returns the top-level widget to look at; `close_screen` undoes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

from cwsw_desktop.ui.tab_base import TAB_NAMES
from cwsw_desktop.ui.widgets import available_area

if TYPE_CHECKING:
    from cwsw_desktop.rules.duties import Act
    from cwsw_desktop.services.pupil_import import ImportPlan
    from cwsw_desktop.services.pupil_types import RegisterRow
    from cwsw_desktop.ui.context import AppContext
    from cwsw_desktop.ui.main_window import MainWindow

# Three new fictitious pupils as a MIS export has them, for the import preview; and a file with
# bad rows, for the list of problems.
SAMPLE_IMPORT = (
    "UPN,Legal Surname,Legal Forename,Preferred Forename,Date of Birth,Gender,Category,Category Start,"
    "Category End,Responsible LA,PLA Route,Social Worker,Social Worker Email,SEN,EHCP Review Date,"
    "Attendance %\n"
    "N801200022001,O'Neill,Éabha,Abi,03/02/2016,F,CLA,01/09/2024,,Hertfordshire,,Ana Peña,"
    "ana.pena@example.org,K,,93.5\n"
    "C801200022002,D'Souza-Brent,Íñigo,,17/11/2014,M,PLA,12/03/2021,,,Adoption,,,N,,97.1\n"
    "R801200022003,Nuñez,Anaïs,,2013-06-30,F,CIN,2025-01-06,,,,Bryony Tallack,"
    "b.tallack@example.org,E,15/01/2027,88\n"
)
SAMPLE_BAD_IMPORT = (
    "UPN,Legal Surname,Legal Forename,Date of Birth,Category,Category Start\n"
    "N801200022001,O'Neill,Éabha,31/02/2016,CLA,01/09/2024\n"
    "C801200022002,,Íñigo,17/11/2014,XYZ,12/03/2021\n"
)


@dataclass(frozen=True)
class Screen:
    name: str  # a file-name-friendly name: "tab-pupils", "settings"
    open: Callable[[MainWindow], QWidget]


def pause(seconds: float) -> None:
    """Keep the event loop turning for a while (for work Qt does in its own threads)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def settle(window: MainWindow, timeout: float = 20.0) -> None:
    """Let the window's workers finish and their results paint."""
    deadline = time.monotonic() + timeout
    app = QApplication.instance()
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if not window.jobs.busy:
            QApplication.processEvents()
            if not window.jobs.busy:
                break
        time.sleep(0.01)
    if app is not None:  # widgets deleteLater()'d are gone in the running app: here too
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def _ctx(window: MainWindow) -> AppContext:
    assert window.ctx is not None, "open a store first"
    return window.ctx


def _shown(window: MainWindow, dialog: QWidget) -> QWidget:
    dialog.show()
    settle(window)
    return dialog


def _tab(index: int) -> Callable[[MainWindow], QWidget]:
    def open_tab(window: MainWindow) -> QWidget:
        window.tabs.setCurrentIndex(index)
        settle(window)
        return window

    return open_tab


def _a_pupil(window: MainWindow) -> RegisterRow:
    """The pupil with the most to show (contacts and a long timeline)."""
    from cwsw_desktop.services.pupils import get_pupil, register_rows

    ctx = _ctx(window)
    rows = register_rows(ctx.store.engine, ctx.today())

    def richness(row: RegisterRow) -> int:
        detail = get_pupil(ctx.store.engine, row.id, ctx.today())
        return len(detail.contacts) * 3 + len(detail.timeline)

    return max((r for r in rows if not r.leaver), key=richness)


def _pupil_chosen(window: MainWindow) -> QWidget:
    tab = window.tab_widgets["Pupils"]
    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    tab.open_act(_act_for(_a_pupil(window).id))
    settle(window)
    return window


def _act_for(pupil_id: int) -> Act:
    from cwsw_desktop.rules.duties import Act, ActOn

    return Act(ActOn.PUPIL, pupil_id, pupil_id)


def _settings(page: int = 0) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.ui.settings_dialog import SettingsDialog

        ctx = _ctx(window)
        dialog = SettingsDialog(ctx.store.engine, ctx.today(), window)
        dialog.tabs.setCurrentIndex(page)
        return _shown(window, dialog)

    return open_dialog


def _pupil_dialog(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.pupils import get_pupil
    from cwsw_desktop.ui.pupil_dialog import PupilDialog

    ctx = _ctx(window)
    detail = get_pupil(ctx.store.engine, _a_pupil(window).id, ctx.today())
    return _shown(window, PupilDialog(ctx, detail, window))


def _new_pupil(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.pupil_dialog import PupilDialog

    return _shown(window, PupilDialog(_ctx(window), None, window))


def _archive(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.pupil_actions import ArchiveDialog

    return _shown(window, ArchiveDialog(_ctx(window), _a_pupil(window), window))


def _delete(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.pupil_actions import DeleteDialog

    return _shown(window, DeleteDialog(_ctx(window), _a_pupil(window), window))


def _import_plan(window: MainWindow, text: str) -> ImportPlan:
    import tempfile

    from cwsw_desktop.services.pupil_import import parse_file, plan_import

    ctx = _ctx(window)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mis-export.csv"
        path.write_text(text, encoding="utf-8")
        parsed = parse_file(path, ctx.today())
    if parsed.problems:
        return parsed
    return plan_import(ctx.store.engine, parsed.rows, ctx.today(), source=parsed.source)


def _import_preview(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.import_dialog import ImportPreviewDialog

    plan = _import_plan(window, SAMPLE_IMPORT)
    return _shown(window, ImportPreviewDialog(plan, window))


def _import_problems(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.import_dialog import ImportProblemsDialog

    plan = _import_plan(window, SAMPLE_BAD_IMPORT)
    return _shown(window, ImportProblemsDialog(plan.source, plan.problems, window))


def _audit_log(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.audit_dialog import AuditDialog

    return _shown(window, AuditDialog(_ctx(window).store.engine, window.jobs, window))


def _restore(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.backup import backup_to
    from cwsw_desktop.ui.restore_dialog import RestoreDialog, backup_folders

    store = _ctx(window).store
    folder = window.paths.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.glob("*.db")):
        backup_to(store, folder / "cwsw-backup-example.db", record=False)
    return _shown(window, RestoreDialog(backup_folders(window.paths, window.qsettings), store.path, window))


def _retention(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.retention_dialog import RetentionDialog

    ctx = _ctx(window)
    return _shown(window, RetentionDialog(ctx.store, window.jobs, ctx.today, window))


def _passphrase(mode: str, error: bool = False, offer_demo: bool = False) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.ui.unlock_dialog import PassphraseDialog, wrong_passphrase_help

        text = wrong_passphrase_help("Wrong passphrase.", [window.paths.backup_dir]) if error else ""
        parent = None if offer_demo else window  # the first run has no window behind it
        dialog = PassphraseDialog(mode, parent, path=window.paths.db_path, error=text, offer_demo=offer_demo)
        return _shown(window, dialog)

    return open_dialog


def _lock_screen(window: MainWindow) -> QWidget:
    window.locker.lock()
    settle(window)
    return window


def _print_preview(window: MainWindow) -> QWidget:
    import io

    from cwsw_desktop.reports.table import render_table
    from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    document = window.tab_widgets["Pupils"].printable()
    assert document is not None
    out = io.BytesIO()
    render_table(document, out)
    dialog = PdfPreviewDialog(out.getvalue(), f"Print — {document.title}", "Pupils.pdf", window)
    _shown(window, dialog)
    pause(1.5)  # QtPdf renders the pages in its own threads
    return dialog


def _page(tab_name: str, index: int) -> Callable[[MainWindow], QWidget]:
    """A tab showing one of its inner pages (the PEP calendar's calendar, the Training log's records)."""

    def open_page(window: MainWindow) -> QWidget:
        from PySide6.QtWidgets import QTabWidget

        window.tabs.setCurrentIndex(TAB_NAMES.index(tab_name))
        pages = getattr(window.tab_widgets[tab_name], "pages", None)
        assert isinstance(pages, QTabWidget), f"{tab_name} has no pages"
        pages.setCurrentIndex(index)
        settle(window)
        return window

    return open_page


def _a_meeting(window: MainWindow, planned: bool) -> int:
    """A planned meeting (or, with planned=False, a held one with targets), for the PEP dialogs."""
    from cwsw_desktop.rules.pep import PepStatus
    from cwsw_desktop.services.peps import meetings

    want = PepStatus.PLANNED if planned else PepStatus.HELD
    rows = [m for m in meetings(_ctx(window).store.engine) if m.status is want]
    return max(rows, key=lambda m: m.targets).id


def _pep_book(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.peps import default_invitees, looked_after_pupils
    from cwsw_desktop.ui.pep_dialog import BookingDialog

    ctx = _ctx(window)
    pupils = looked_after_pupils(ctx.store.engine, ctx.today())
    invitees = default_invitees(ctx.store.engine, [p.id for p in pupils])
    return _shown(window, BookingDialog(ctx, pupils, invitees, parent=window))


def _pep_hold(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.peps import get_pep, previous_pep
    from cwsw_desktop.ui.pep_hold_dialog import HoldDialog

    ctx = _ctx(window)
    detail = get_pep(ctx.store.engine, _a_meeting(window, planned=True))
    previous = previous_pep(ctx.store.engine, detail.pupil_id, detail.meeting_date, exclude=detail.id)
    return _shown(window, HoldDialog(ctx, detail, previous, window))


def _pep_call_off(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.peps import get_pep
    from cwsw_desktop.ui.pep_dialog import CallOffDialog

    ctx = _ctx(window)
    return _shown(window, CallOffDialog(ctx, get_pep(ctx.store.engine, _a_meeting(window, True)), window))


def _exclusion(edit: bool) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.services.exclusion_records import pupil_choices
        from cwsw_desktop.services.exclusions import exclusion_rows
        from cwsw_desktop.ui.exclusion_dialog import ExclusionDialog

        ctx = _ctx(window)
        engine, today = ctx.store.engine, ctx.today()
        chosen = exclusion_rows(engine, today)[0].id if edit else None
        return _shown(window, ExclusionDialog(engine, today, pupil_choices(engine), chosen, None, window))

    return open_dialog


def _exclusion_support(which: str) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.services.exclusion_records import pupil_choices
        from cwsw_desktop.ui.exclusion_support_dialogs import ProvisionDialog, RiskAssessmentDialog

        ctx = _ctx(window)
        engine = ctx.store.engine
        kind = RiskAssessmentDialog if which == "risk" else ProvisionDialog
        return _shown(window, kind(engine, ctx.today(), pupil_choices(engine), None, None, window))

    return open_dialog


def _training_session(whole_staff: bool) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.services.training import load_facts
        from cwsw_desktop.ui.training_session_dialog import TrainingSessionDialog

        ctx = _ctx(window)
        facts = load_facts(ctx.store.engine)
        dialog = TrainingSessionDialog(ctx.store.engine, facts, ctx.today(), None, whole_staff, window)
        return _shown(window, dialog)

    return open_dialog


def _training_staff(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.training_staff_dialog import StaffDialog

    return _shown(window, StaffDialog(_ctx(window).store.engine, None, "", window))


def _training_courses(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.training_course_dialog import CoursesDialog

    return _shown(window, CoursesDialog(_ctx(window).store.engine, window))


def _governors(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.governors_dialog import GovernorsDialog

    ctx = _ctx(window)
    return _shown(window, GovernorsDialog(ctx.store.engine, ctx.today(), window.jobs, window))


def _contact_log(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.pupils import get_pupil
    from cwsw_desktop.ui.contact_log_dialog import ContactLogDialog

    ctx = _ctx(window)
    detail = get_pupil(ctx.store.engine, _a_pupil(window).id, ctx.today())
    return _shown(window, ContactLogDialog(ctx, detail, window))


def tab_screens() -> list[Screen]:
    screens = [Screen("tab-" + name.lower().replace(" ", "-"), _tab(i)) for i, name in enumerate(TAB_NAMES)]
    screens.insert(TAB_NAMES.index("Pupils") + 1, Screen("tab-pupils-chosen", _pupil_chosen))
    pep = next(n for n, s in enumerate(screens) if s.name == "tab-pep-calendar")
    screens[pep + 1 : pep + 1] = [
        Screen("tab-pep-calendar-agenda", _page("PEP calendar", 1)),
        Screen("tab-pep-calendar-meetings", _page("PEP calendar", 2)),
    ]
    training = next(n for n, s in enumerate(screens) if s.name == "tab-training-log")
    screens.insert(training + 1, Screen("tab-training-log-records", _page("Training log", 1)))
    return screens


SCREENS: list[Screen] = [
    Screen("settings", _settings()),
    *(Screen(f"settings-{page}", _settings(page)) for page in range(1, 7)),
    Screen("pupil-edit", _pupil_dialog),
    Screen("pupil-new", _new_pupil),
    Screen("pupil-archive", _archive),
    Screen("pupil-delete", _delete),
    Screen("import-preview", _import_preview),
    Screen("import-problems", _import_problems),
    Screen("audit-log", _audit_log),
    Screen("restore", _restore),
    Screen("retention", _retention),
    Screen("passphrase-first-run", _passphrase("create", offer_demo=True)),
    Screen("passphrase-unlock", _passphrase("unlock", error=True)),
    Screen("passphrase-change", _passphrase("change")),
    Screen("passphrase-encrypt", _passphrase("encrypt")),
    Screen("print-preview", _print_preview),
    Screen("contact-log", _contact_log),
    Screen("pep-book", _pep_book),
    Screen("pep-hold", _pep_hold),
    Screen("pep-call-off", _pep_call_off),
    Screen("exclusion-new", _exclusion(edit=False)),
    Screen("exclusion-edit", _exclusion(edit=True)),
    Screen("exclusion-risk-assessment", _exclusion_support("risk")),
    Screen("exclusion-provision", _exclusion_support("provision")),
    Screen("training-session", _training_session(whole_staff=False)),
    Screen("training-whole-staff", _training_session(whole_staff=True)),
    Screen("training-staff", _training_staff),
    Screen("training-courses", _training_courses),
    Screen("governors", _governors),
    Screen("lock-screen", _lock_screen),  # last: it locks the window
]


def every_screen() -> list[Screen]:
    return [*tab_screens(), *SCREENS]


def close_screen(window: MainWindow, widget: QWidget) -> None:
    """Undo what an opener did: close its dialog, or unlock the window."""
    if widget is window:
        if window.locker.is_locked:
            window.locker.unlock(None if not window.store or not window.store.encrypted else "")
            settle(window)
        return
    if isinstance(widget, QDialog):
        widget.reject()
    widget.close()
    widget.deleteLater()
    settle(window)


# -- what "fits" means --
def off_screen(widget: QWidget) -> str | None:
    """Why the window does not fit on its screen (frame included), or None."""
    area = available_area(widget)
    frame = widget.frameGeometry()
    if not area.contains(frame):
        return (
            f"{widget.windowTitle() or type(widget).__name__}: {frame.width()}×{frame.height()} at "
            f"({frame.x()}, {frame.y()}) is not within the screen's {area.width()}×{area.height()}"
        )
    return None


_COMPOUND = (QLineEdit, QComboBox, QAbstractSpinBox)  # their inner parts are theirs to lay out


def _visible_descendants(widget: QWidget) -> Iterator[QWidget]:
    for child in widget.findChildren(QWidget):
        if child.isVisible() and not child.isWindow() and not isinstance(child.parentWidget(), _COMPOUND):
            yield child


def cut_off(window: QWidget) -> list[str]:
    """Visible widgets that stick out of their window or are squeezed below what they need to show
    (a clipped label, a button without room for its words). Contents of scroll areas may extend:
    they scroll."""
    problems: list[str] = []
    bounds = window.rect()
    for child in _visible_descendants(window):
        if _inside_scroll_area(child, window):
            continue
        rect = QRect(child.mapTo(window, child.rect().topLeft()), child.size())
        name = child.objectName() or child.accessibleName() or type(child).__name__
        text = getattr(child, "text", None)
        label = f"{name} {text()!r}" if callable(text) and isinstance(text(), str) and text() else name
        if not bounds.contains(rect) and rect.width() > 0 and rect.height() > 0:
            problems.append(f"{label} sticks out of the window ({rect} not within {bounds})")
            continue
        hint = child.minimumSizeHint()
        if child.height() + 1 < hint.height() and child.height() > 0:
            problems.append(f"{label} is {child.height()} high but needs {hint.height()}")
    return problems


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False
