"""The gallery's openers for every dialog (see gallery.py): each builds its dialog on the open
(demo) store, shows it without blocking, waits for its work and returns it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from cwsw_desktop.ui.screen_check import pause, settle
from cwsw_desktop.ui.tab_base import TAB_NAMES

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


def context_of(window: MainWindow) -> AppContext:
    assert window.ctx is not None, "open a store first"
    return window.ctx


def shown(window: MainWindow, dialog: QWidget) -> QWidget:
    dialog.show()
    settle(window)
    return dialog


def a_pupil(window: MainWindow) -> RegisterRow:
    """The pupil with the most to show (contacts and a long timeline)."""
    from cwsw_desktop.services.pupils import get_pupil, register_rows

    ctx = context_of(window)
    rows = register_rows(ctx.store.engine, ctx.today())

    def richness(row: RegisterRow) -> int:
        detail = get_pupil(ctx.store.engine, row.id, ctx.today())
        return len(detail.contacts) * 3 + len(detail.timeline)

    return max((r for r in rows if not r.leaver), key=richness)


def act_for(pupil_id: int) -> Act:
    from cwsw_desktop.rules.duties import Act, ActOn

    return Act(ActOn.PUPIL, pupil_id, pupil_id)


def settings(page: int = 0) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.ui.settings_dialog import SettingsDialog

        ctx = context_of(window)
        dialog = SettingsDialog(ctx.store.engine, ctx.today(), window)
        dialog.tabs.setCurrentIndex(page)
        return shown(window, dialog)

    return open_dialog


def pupil_dialog(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.pupils import get_pupil
    from cwsw_desktop.ui.pupil_dialog import PupilDialog

    ctx = context_of(window)
    detail = get_pupil(ctx.store.engine, a_pupil(window).id, ctx.today())
    return shown(window, PupilDialog(ctx, detail, window))


def new_pupil(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.pupil_dialog import PupilDialog

    return shown(window, PupilDialog(context_of(window), None, window))


def archive(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.pupil_actions import ArchiveDialog

    return shown(window, ArchiveDialog(context_of(window), a_pupil(window), window))


def delete(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.pupil_actions import DeleteDialog

    return shown(window, DeleteDialog(context_of(window), a_pupil(window), window))


def import_plan(window: MainWindow, text: str) -> ImportPlan:
    import tempfile

    from cwsw_desktop.services.pupil_import import parse_file, plan_import

    ctx = context_of(window)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mis-export.csv"
        path.write_text(text, encoding="utf-8")
        parsed = parse_file(path, ctx.today())
    if parsed.problems:
        return parsed
    return plan_import(ctx.store.engine, parsed.rows, ctx.today(), source=parsed.source)


def import_preview(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.import_dialog import ImportPreviewDialog

    plan = import_plan(window, SAMPLE_IMPORT)
    return shown(window, ImportPreviewDialog(plan, window))


def import_problems(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.import_dialog import ImportProblemsDialog

    plan = import_plan(window, SAMPLE_BAD_IMPORT)
    return shown(window, ImportProblemsDialog(plan.source, plan.problems, window))


def audit_log(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.audit_dialog import AuditDialog

    return shown(window, AuditDialog(context_of(window).store.engine, window.jobs, window))


def restore(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.backup import backup_to
    from cwsw_desktop.ui.restore_dialog import RestoreDialog, backup_folders

    store = context_of(window).store
    folder = window.paths.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.glob("*.db")):
        backup_to(store, folder / "cwsw-backup-example.db", record=False)
    return shown(window, RestoreDialog(backup_folders(window.paths, window.qsettings), store.path, window))


def retention(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.retention_dialog import RetentionDialog

    ctx = context_of(window)
    return shown(window, RetentionDialog(ctx.store, window.jobs, ctx.today, window))


def passphrase(mode: str, error: bool = False, offer_demo: bool = False) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.ui.unlock_dialog import PassphraseDialog, wrong_passphrase_help

        text = wrong_passphrase_help("Wrong passphrase.", [window.paths.backup_dir]) if error else ""
        parent = None if offer_demo else window  # the first run has no window behind it
        dialog = PassphraseDialog(mode, parent, path=window.paths.db_path, error=text, offer_demo=offer_demo)
        return shown(window, dialog)

    return open_dialog


def print_preview(window: MainWindow) -> QWidget:
    import io

    from cwsw_desktop.reports.table import render_table
    from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    document = window.tab_widgets["Pupils"].printable()
    assert document is not None
    out = io.BytesIO()
    render_table(document, out)
    dialog = PdfPreviewDialog(out.getvalue(), f"Print — {document.title}", "Pupils.pdf", window)
    shown(window, dialog)
    pause(1.5)  # QtPdf renders the pages in its own threads
    return dialog


def a_meeting(window: MainWindow, planned: bool) -> int:
    """A planned meeting (or, with planned=False, a held one with targets), for the PEP dialogs."""
    from cwsw_desktop.rules.pep import PepStatus
    from cwsw_desktop.services.peps import meetings

    want = PepStatus.PLANNED if planned else PepStatus.HELD
    rows = [m for m in meetings(context_of(window).store.engine) if m.status is want]
    return max(rows, key=lambda m: m.targets).id


def pep_book(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.peps import default_invitees, looked_after_pupils
    from cwsw_desktop.ui.pep_dialog import BookingDialog

    ctx = context_of(window)
    pupils = looked_after_pupils(ctx.store.engine, ctx.today())
    invitees = default_invitees(ctx.store.engine, [p.id for p in pupils])
    return shown(window, BookingDialog(ctx, pupils, invitees, parent=window))


def pep_hold(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.peps import get_pep, previous_pep
    from cwsw_desktop.ui.pep_hold_dialog import HoldDialog

    ctx = context_of(window)
    detail = get_pep(ctx.store.engine, a_meeting(window, planned=True))
    previous = previous_pep(ctx.store.engine, detail.pupil_id, detail.meeting_date, exclude=detail.id)
    return shown(window, HoldDialog(ctx, detail, previous, window))


def pep_call_off(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.peps import get_pep
    from cwsw_desktop.ui.pep_dialog import CallOffDialog

    ctx = context_of(window)
    return shown(window, CallOffDialog(ctx, get_pep(ctx.store.engine, a_meeting(window, True)), window))


def exclusion(edit: bool) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.services.exclusion_records import pupil_choices
        from cwsw_desktop.services.exclusions import exclusion_rows
        from cwsw_desktop.ui.exclusion_dialog import ExclusionDialog

        ctx = context_of(window)
        engine, today = ctx.store.engine, ctx.today()
        chosen = exclusion_rows(engine, today)[0].id if edit else None
        return shown(window, ExclusionDialog(engine, today, pupil_choices(engine), chosen, None, window))

    return open_dialog


def exclusion_support(which: str) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.services.exclusion_records import pupil_choices
        from cwsw_desktop.ui.exclusion_support_dialogs import ProvisionDialog, RiskAssessmentDialog

        ctx = context_of(window)
        engine = ctx.store.engine
        kind = RiskAssessmentDialog if which == "risk" else ProvisionDialog
        return shown(window, kind(engine, ctx.today(), pupil_choices(engine), None, None, window))

    return open_dialog


def training_session(whole_staff: bool) -> Callable[[MainWindow], QWidget]:
    def open_dialog(window: MainWindow) -> QWidget:
        from cwsw_desktop.services.training import load_facts
        from cwsw_desktop.ui.training_session_dialog import TrainingSessionDialog

        ctx = context_of(window)
        facts = load_facts(ctx.store.engine)
        dialog = TrainingSessionDialog(ctx.store.engine, facts, ctx.today(), None, whole_staff, window)
        return shown(window, dialog)

    return open_dialog


def training_staff(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.training_staff_dialog import StaffDialog

    return shown(window, StaffDialog(context_of(window).store.engine, None, "", window))


def training_courses(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.training_course_dialog import CoursesDialog

    return shown(window, CoursesDialog(context_of(window).store.engine, window))


def governors(window: MainWindow) -> QWidget:
    from cwsw_desktop.ui.governors_dialog import GovernorsDialog

    ctx = context_of(window)
    return shown(window, GovernorsDialog(ctx.store.engine, ctx.today(), window.jobs, window))


def contact_log(window: MainWindow) -> QWidget:
    from cwsw_desktop.services.pupils import get_pupil
    from cwsw_desktop.ui.contact_log_dialog import ContactLogDialog

    ctx = context_of(window)
    detail = get_pupil(ctx.store.engine, a_pupil(window).id, ctx.today())
    return shown(window, ContactLogDialog(ctx, detail, window))
