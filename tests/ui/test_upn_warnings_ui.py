"""An unknown LA number in a UPN is a warning the DT sees, in the pupil dialog as they type and
in the import preview, and never stops the save or the import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from support import DEMO_TODAY

from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services.pupil_import import parse_file, plan_import
from cwsw_desktop.ui.import_dialog import ImportPreviewDialog
from cwsw_desktop.ui.pupil_dialog import PupilDialog

DATA = Path(__file__).resolve().parent.parent / "data"
UNKNOWN_LA = check_letter("123200022001") + "123200022001"


def test_the_pupil_dialog_names_an_unknown_la_number(qtbot, store, tmp_path):
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.ui.context import AppContext
    from cwsw_desktop.ui.jobs import Jobs

    dialog = PupilDialog(
        AppContext(store=store, paths=AppPaths(tmp_path, store.path), jobs=Jobs(), today=lambda: DEMO_TODAY)
    )
    qtbot.addWidget(dialog)
    dialog.upn.setText(UNKNOWN_LA)
    assert dialog.upn_status.text().startswith(
        "⚠ LA number 123 in this UPN is not a local authority in England"
    )
    dialog.upn.setText("B801200005001")
    assert dialog.upn_status.text() == "✓ Valid UPN"


def test_the_import_preview_lists_unknown_la_numbers_by_line(qtbot, store, tmp_path):
    lines = (DATA / "mis_small.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = UNKNOWN_LA + lines[1][13:]
    path = tmp_path / "mis.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    parsed = parse_file(path)
    plan = plan_import(store.engine, parsed.rows, source=parsed.source)
    assert not plan.problems  # a warning, not a refusal
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"line 2, UPN {UNKNOWN_LA}: LA number 123 in this UPN is not a local authority" in shown
    assert dialog.import_button.isEnabled()
