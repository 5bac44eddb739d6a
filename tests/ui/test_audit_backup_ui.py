"""The audit log viewer, print auditing, backups on close, restore and retention review, offscreen."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from support import DEMO_TODAY

from cwsw_desktop.services import audit


def _capture(monkeypatch, cls, result=0, before=None):
    """Patch a dialog's exec: keep the instance, optionally act on it, return `result`."""
    seen = []

    def fake_exec(self):
        seen.append(self)
        if before is not None:
            before(self)
        return result

    monkeypatch.setattr(cls, "exec", fake_exec)
    return seen


@pytest.fixture
def plain_window(make_window, store):
    """A window on a real (not demo) store, so the backups on close happen."""
    from cwsw_desktop.services.demo import generate_demo

    generate_demo(store.engine, size=30, seed=7, today=DEMO_TODAY)
    return make_window(store)


def _pupils(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM pupil").fetchone()[0]
    finally:
        connection.close()


# --- audit ---------------------------------------------------------------------------------------


def _some_events(window):
    from cwsw_desktop.services.pupils import get_pupil, update_pupil

    engine = window.store.engine
    for pupil_id, pct in ((1, 91.5), (2, 80.0)):
        detail = get_pupil(engine, pupil_id, DEMO_TODAY)
        from dataclasses import replace

        update_pupil(
            engine,
            pupil_id,
            replace(detail.to_input(), attendance_pct=pct),
            detail.episodes,
            detail.contacts,
            detail.sdq_inputs(),
            today=DEMO_TODAY,
        )
    return get_pupil(engine, 1, DEMO_TODAY)


def test_audit_log_filters_by_pupil_and_dates_and_verifies(window, qtbot, monkeypatch):
    from cwsw_desktop.ui.audit_dialog import AuditDialog

    first = _some_events(window)
    seen = _capture(monkeypatch, AuditDialog)
    window.audit_action.trigger()
    (dialog,) = seen
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and not window.jobs.busy, timeout=10000)
    everyone = dialog.model.rowCount()
    assert everyone >= 2

    dialog.pupil_edit.setText(first.legal_surname)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.apply_button.click()
    rows = dialog.model.rows()
    assert rows and all(r.pupil_id == 1 for r in rows)
    assert "attendance_pct" in {r.field_name for r in rows}

    dialog.pupil_edit.setText("Nobody-By-This-Name")
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.apply_button.click()
    assert dialog.model.rowCount() == 0 and "No pupil matches" in dialog.status_label.text()

    dialog.pupil_edit.setText("")
    dialog.end_edit.setText("01/01/2000")
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.apply_button.click()
    assert dialog.model.rowCount() == 0
    dialog.end_edit.setText("")
    dialog.start_edit.setText("31/02/2020")
    dialog.apply_button.click()
    assert "not a date" in dialog.status_label.text()

    with qtbot.waitSignal(dialog.verified, timeout=10000) as blocker:
        dialog.verify_button.click()
    assert blocker.args[0].ok and "intact" in dialog.verify_label.text()

    connection = sqlite3.connect(window.store.path)
    connection.execute("DROP TRIGGER audit_event_no_update")
    connection.execute("UPDATE audit_event SET new_value = '99.0' WHERE id = 1")
    connection.commit()
    connection.close()
    with qtbot.waitSignal(dialog.verified, timeout=10000):
        dialog.verify_button.click()
    assert "tampered" in dialog.verify_label.text() and "row 1:" in dialog.verify_label.text()


def test_printing_shows_a_pdf_preview_and_is_audited(window, qtbot, tmp_path):
    from pypdf import PdfReader

    window.tabs.setCurrentIndex(1)
    window.print_action.trigger()
    qtbot.waitUntil(lambda: window.print_dialog is not None, timeout=10000)
    dialog = window.print_dialog
    assert dialog.page_count() >= 1
    written = dialog.save_as(tmp_path / "register")
    assert written is not None and written.suffix == ".pdf"
    assert (written.stat().st_mode & 0o777) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert "CONFIDENTIAL" in text and "Pupils" in text and "Page 1 of" in text
    last = audit.list_events(window.store.engine)[0]
    assert last.action == "print" and "Pupils" in last.detail and last.os_user
    dialog.close()


# --- backups on close ------------------------------------------------------------------------------


def test_backup_on_close_at_most_daily_into_both_folders(plain_window, qsettings, tmp_path, qtbot):
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.ui.main_window import MainWindow
    from cwsw_desktop.ui.restore_dialog import EXTRA_FOLDER_KEY

    usb = tmp_path / "usb"
    usb.mkdir()
    qsettings.setValue(EXTRA_FOLDER_KEY, str(usb))
    path = plain_window.store.path
    plain_window.close()
    daily = "cwsw-2026-11-23.db"
    for folder in (tmp_path / "backups", usb):
        assert (folder / daily).exists() and (folder / (daily + ".sha256")).exists()
        assert _pupils(folder / daily) == 30
    made = (tmp_path / "backups" / daily).stat().st_mtime_ns

    from cwsw_desktop.store import open_store

    again = MainWindow(AppPaths(tmp_path, path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(again)
    again.set_store(open_store(path))
    qtbot.waitUntil(lambda: not again.jobs.busy, timeout=15000)
    qsettings.setValue(EXTRA_FOLDER_KEY, str(tmp_path / "unplugged" / "stick"))
    again.close()
    assert (tmp_path / "backups" / daily).stat().st_mtime_ns == made  # today's exists: skipped
    assert not (tmp_path / "unplugged").exists()  # an unplugged stick is not recreated on disk


def test_demo_store_is_not_backed_up_on_close(window, tmp_path):
    window.close()
    assert not (tmp_path / "backups").exists()


def test_backup_folder_is_remembered(window, qsettings, monkeypatch, tmp_path):
    from cwsw_desktop.ui.restore_dialog import EXTRA_FOLDER_KEY

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "nas"))
    window.backup_folder_action.trigger()
    assert qsettings.value(EXTRA_FOLDER_KEY) == str(tmp_path / "nas")


# --- restore -------------------------------------------------------------------------------------


def test_restore_from_the_gui_brings_rows_back_and_keeps_the_current_store(
    plain_window, qtbot, monkeypatch, tmp_path
):
    from cwsw_desktop.services.backup import backup_to
    from cwsw_desktop.services.pupils import delete_pupil, get_pupil
    from cwsw_desktop.ui.restore_dialog import RestoreDialog

    window = plain_window
    saved = backup_to(window.store, tmp_path / "backups" / "cwsw-2026-11-20.db")
    for pupil_id in (1, 2, 3):
        delete_pupil(window.store.engine, pupil_id, get_pupil(window.store.engine, pupil_id).legal_name)
    assert _pupils(window.store.path) == 27

    def choose(dialog):
        assert [b.name for b in dialog.model.rows()] == ["cwsw-2026-11-20.db"]
        assert dialog.model.rows()[0].verified and dialog.restore_button.isEnabled()
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        dialog.restore_button.click()

    seen = _capture(monkeypatch, RestoreDialog, result=1, before=choose)
    old_store = window.store
    with qtbot.waitSignal(window.store_opened, timeout=20000):
        window.restore_action.trigger()
    assert seen[0].chosen == saved.path
    assert window.store is not old_store
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)
    assert _pupils(window.store.path) == 30
    events = audit.list_events(window.store.engine)
    assert events[0].action == "restore" and "cwsw-2026-11-20.db" in events[0].detail
    (safety,) = (tmp_path / "backups").glob("cwsw-before-restore-*.db")
    assert _pupils(safety) == 27  # what was replaced is kept
    assert "Restored 30 pupils" in window.statusBar().currentMessage()
    assert all(a.isEnabled() for a in window._store_actions)


def test_restore_of_a_bad_file_says_so_and_changes_nothing(plain_window, qtbot, monkeypatch, tmp_path):
    from cwsw_desktop.ui.restore_dialog import RestoreDialog

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)

    def choose(dialog):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        dialog.file_button.click()

    _capture(monkeypatch, RestoreDialog, result=1, before=choose)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    plain_window.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert "not a database this app can read" in warnings[0] and "has not been changed" in warnings[0]
    assert _pupils(plain_window.store.path) == 30
    assert all(a.isEnabled() for a in plain_window._store_actions)


# --- retention -----------------------------------------------------------------------------------


def test_retention_review_deletes_only_after_the_name_is_typed(plain_window, qtbot, monkeypatch):
    from cwsw_desktop.rules.upn import check_letter
    from cwsw_desktop.services.pupils import EpisodeInput, PupilInput, create_pupil
    from cwsw_desktop.ui.retention_dialog import RetentionDialog

    body = "801200009999"
    pupil_id = create_pupil(
        plain_window.store.engine,
        PupilInput(
            upn=check_letter(body) + body,
            legal_surname="Vexmoorland",
            legal_forename="Kit",
            date_of_birth=date(2006, 5, 1),
        ),
        [EpisodeInput("CIN", date(2010, 1, 1), date(2011, 1, 1))],
        today=DEMO_TODAY,
    )
    seen = _capture(monkeypatch, RetentionDialog)
    plain_window.retention_action.trigger()
    (dialog,) = seen
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
    names = [i.legal_name for i in dialog.model.rows()]
    assert "Kit Vexmoorland" in names
    row = names.index("Kit Vexmoorland")
    dialog.table.selectRow(dialog.proxy.mapFromSource(dialog.model.index(row, 0)).row())
    assert dialog.delete_button.isEnabled()

    prompts = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: (prompts.append(a[2]), ("Kit Smith", True))[1]
    )
    infos = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    dialog.delete_button.click()
    assert "Kit Vexmoorland" in prompts[0] and infos and "nothing was deleted" in infos[0]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("kit  vexmoorland", True))
    with qtbot.waitSignal(dialog.deleted, timeout=20000) as blocker:
        dialog.delete_button.click()
    assert blocker.args == [pupil_id]
    qtbot.waitUntil(lambda: not plain_window.jobs.busy, timeout=10000)
    assert "Kit Vexmoorland" not in [i.legal_name for i in dialog.model.rows()]
    assert b"Vexmoorland" not in plain_window.store.path.read_bytes()
    assert audit.list_events(plain_window.store.engine, pupil_ids=[pupil_id])[0].action == "retention"


def test_restore_when_the_store_is_too_damaged_to_open(qtbot, qsettings, tmp_path, monkeypatch):
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.services.backup import backup_to
    from cwsw_desktop.services.demo import generate_demo
    from cwsw_desktop.store import open_store
    from cwsw_desktop.ui.main_window import MainWindow
    from cwsw_desktop.ui.restore_dialog import RestoreDialog

    path = tmp_path / "cwsw.db"
    store = open_store(path)
    generate_demo(store.engine, size=30, seed=7, today=DEMO_TODAY)
    saved = backup_to(store, tmp_path / "backups" / "cwsw-2026-11-22.db")
    store.close()
    with path.open("r+b") as handle:  # damage the middle of the file
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)

    win = MainWindow(AppPaths(tmp_path, path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    assert win.store is None and win.restore_action.isEnabled()

    def choose(dialog):
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        dialog.restore_button.click()

    _capture(monkeypatch, RestoreDialog, result=1, before=choose)
    with qtbot.waitSignal(win.store_opened, timeout=20000):
        win.restore_action.trigger()
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=10000)
    assert win.store is not None and _pupils(path) == 30
    assert audit.list_events(win.store.engine)[0].action == "restore"
    assert list(path.parent.glob(path.name + ".damaged-*"))  # the damaged file is kept, moved aside
    assert saved.path.exists()
    win.jobs.wait()
    win.store.close()
