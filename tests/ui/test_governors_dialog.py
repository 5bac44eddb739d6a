"""Reports → Report to Governors…: edit the year's figures and Section 2, preview, print (audited)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text
from support import DEMO_TODAY


def test_the_menu_opens_the_dialog_and_figures_are_saved_then_previewed_and_printing_audited(
    window, qtbot, monkeypatch
):
    from cwsw_desktop.services.governors_year import load_year_figures
    from cwsw_desktop.ui.governors_dialog import GovernorsDialog

    assert window.governors_action.isEnabled()
    opened = []
    monkeypatch.setattr(GovernorsDialog, "exec", lambda self: opened.append(self) or 0)
    window.governors_action.trigger()
    assert opened and opened[0].windowTitle() == "Report to Governors"

    dialog = GovernorsDialog(window.store.engine, DEMO_TODAY, window.jobs, window)
    qtbot.addWidget(dialog)
    assert dialog.year_combo.currentText() == "2026/27"
    assert dialog.attendance.text() == "94.1"  # the demo's figures
    dialog.attendance.setText("95.2")
    dialog.strengths[0].setPlainText("Key adults for every looked-after child.")
    dialog.rate.setText("£2,630")
    dialog.received.setText("")
    dialog.period_combo.setCurrentIndex(1)  # Autumn term
    dialog._on_preview()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=30000)
    saved = load_year_figures(window.store.engine, 2026)
    assert (
        saved.school_attendance_pct == 95.2 and saved.strength_1 == "Key adults for every looked-after child."
    )
    assert saved.pp_plus_rate_pence == 263_000
    preview = dialog.preview
    assert preview.page_count() >= 5
    assert preview.windowTitle() == "Report to Governors Autumn term 2026/27"
    preview.printed.emit()
    with window.store.engine.connect() as c:
        details = (
            c.execute(
                text("SELECT detail FROM audit_event WHERE action = 'print' AND entity = 'governors_report'")
            )
            .scalars()
            .all()
        )
    assert details == ["printed the Report to Governors Autumn term 2026/27"]
    preview.close()


def test_bad_figures_are_listed_by_field_and_nothing_is_saved(window, qtbot, monkeypatch):
    from cwsw_desktop.services.governors_year import load_year_figures
    from cwsw_desktop.ui.governors_dialog import GovernorsDialog

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = GovernorsDialog(window.store.engine, DEMO_TODAY, window.jobs, window)
    qtbot.addWidget(dialog)
    before = load_year_figures(window.store.engine, 2026)
    dialog.suspensions.setText("lots")
    dialog.received.setText("£12.345")
    dialog.strengths[1].setPlainText("Changed")
    assert not dialog.save()
    assert "Whole-school suspensions: 'lots' is not a whole number" in warned[0]
    assert "PP+ received" in warned[0]
    assert load_year_figures(window.store.engine, 2026) == before
    dialog.year_combo.setCurrentIndex(1)  # 2025-26 loads its own figures
    assert dialog.attendance.text() == "93.6"
