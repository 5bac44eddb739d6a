"""File → Import pupils…: a preview before anything is saved; a bad file lists every bad row."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from support import DEMO_TODAY

from cwsw_desktop.services.pupils import register_rows
from cwsw_desktop.ui.import_dialog import ImportPreviewDialog, ImportProblemsDialog

DATA = Path(__file__).resolve().parent.parent / "data"


def settle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)


@pytest.fixture
def tab(window):
    return window.tab_widgets["Pupils"]


def import_file(window, qtbot, monkeypatch, path: Path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_action.trigger()
    settle(window, qtbot)
    return window.tab_widgets["Pupils"].importer.dialog


def test_a_good_file_is_previewed_then_imported(window, tab, qtbot, monkeypatch, tmp_path):
    preview = import_file(window, qtbot, monkeypatch, DATA / "mis_small.csv")
    assert window.tabs.currentWidget().isAncestorOf(tab)
    assert isinstance(preview, ImportPreviewDialog) and preview.isVisible()
    texts = preview.texts()
    assert "Pupils to add (5)" in texts and "Status episodes to add (5)" in texts
    assert any(t.startswith("Éabha O'Neill — UPN N801200022001") for t in texts)
    assert tab.table.model.total() == 30  # nothing saved by the preview
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert tab.table.model.total() == 35
    assert {"Abi O'Neill", "Ruairí Ó Briain"} <= {r.display_name for r in tab.table.visible_rows()}
    assert "Added 5 pupil(s)" in tab.message.text()
    window.tabs.setCurrentIndex(0)  # the Overview, marked stale by the import: reloads when shown
    settle(window, qtbot)
    assert window.tab_widgets["Overview"].counts["CLA"].text() == "11"
    window.tabs.setCurrentIndex(1)

    changed = tmp_path / "changed.csv"
    lines = (DATA / "mis_small.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(",93.5", ",81")
    changed.write_text("\n".join(lines), encoding="utf-8")
    preview = import_file(window, qtbot, monkeypatch, changed)
    assert "Pupils to change (1)" in preview.texts() and "Attendance %: 93.5 → 81" in preview.texts()
    qtbot.mouseClick(preview.buttons.button(preview.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert "nothing was saved" in tab.message.text()
    row = next(r for r in register_rows(window.store.engine, DEMO_TODAY) if r.upn == "N801200022001")
    assert row.attendance_pct == 93.5

    again = import_file(window, qtbot, monkeypatch, DATA / "mis_small.csv")
    assert not again.import_button.isEnabled()  # the register already matches


def test_a_bad_file_lists_every_bad_line_and_imports_nothing(window, tab, qtbot, monkeypatch):
    before = register_rows(window.store.engine, DEMO_TODAY)
    dialog = import_file(window, qtbot, monkeypatch, DATA / "mis_bad_rows.csv")
    assert isinstance(dialog, ImportProblemsDialog) and dialog.isVisible()
    table = dialog.table
    cells = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert [c[0] for c in cells] == ["3", "5", "6", "7"]
    assert ["3", "Date of Birth", "31/02/2016 is not a date"] in cells
    assert ["7", "Legal Surname", "is required"] in cells
    assert any(c[1] == "Category" and "'XYZ'" in c[2] for c in cells)
    assert register_rows(window.store.engine, DEMO_TODAY) == before
    assert tab.table.model.total() == 30
    assert "nothing will be imported" in tab.message.text()


def _roll(tmp_path: Path, rows: int) -> Path:
    """A MIS export of `rows` fictitious new pupils (valid UPNs, CIN from 2020)."""
    from cwsw_desktop.rules.upn import check_letter

    lines = ["UPN,Legal Surname,Legal Forename,Date of Birth,Category,Category Start"]
    for n in range(rows):
        body = f"8012000{n:05d}"
        lines.append(f"{check_letter(body) + body},Testsurname{n},Testforename,02/03/2014,CIN,01/01/2020")
    path = tmp_path / "roll.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_import_shows_progress_and_cancel_leaves_the_store_unchanged(
    window, tab, qtbot, monkeypatch, tmp_path
):
    from cwsw_desktop.services.pupil_import import ImportCancelled
    from cwsw_desktop.ui.import_dialog import PupilImport

    before = register_rows(window.store.engine, DEMO_TODAY)
    preview = import_file(window, qtbot, monkeypatch, _roll(tmp_path, 300))
    assert isinstance(preview, ImportPreviewDialog) and "Pupils to add (300)" in preview.texts()
    importer: PupilImport = tab.importer
    seen: list[tuple[int, int]] = []

    def cancel_midway(done: int, total: int, _what: str) -> None:
        seen.append((done, total))  # runs in the worker, so the cancel lands mid-way, not after
        if done >= 250:
            importer.cancel.set()  # what the dialog's Cancel button sets (checked below)

    importer.progressed.connect(cancel_midway, Qt.ConnectionType.DirectConnection)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60000)  # a loaded CI machine is slow
    assert seen and seen[0] == (250, 300)  # progress was shown while saving
    assert importer.progress is None  # and the dialog closed
    assert "Import cancelled: nothing was saved" in tab.message.text()
    assert register_rows(window.store.engine, DEMO_TODAY) == before
    assert tab.table.model.total() == 30

    importer.progressed.disconnect(cancel_midway)
    report = importer._begin("Importing", "Saving pupils")  # the button is wired to the same event
    assert importer.progress is not None and importer.progress.isVisible()
    qtbot.mouseClick(importer.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    with pytest.raises(ImportCancelled):
        report(1, 2)
    importer._end()
