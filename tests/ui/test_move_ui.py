"""File → Move to a new computer… on the old laptop, and "Restore from a backup…" on the first run
of the new one, driven through the real widgets."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cwsw_desktop.store import open_store
from cwsw_desktop.ui.move_dialog import restore_on_first_run
from cwsw_desktop.ui.unlock_dialog import CREATE, RESTORE, PassphraseDialog


@pytest.fixture
def quiet(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def test_move_then_restore_on_a_new_computer(window, qtbot, tmp_path, monkeypatch, quiet):
    usb = tmp_path / "usb"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    window.move_action.trigger()
    qtbot.waitUntil(lambda: bool(quiet), timeout=20000)
    assert "verified backup of 30 pupils" in quiet[-1]
    backup = next(usb.glob("cwsw-move-*.db"))
    sheet = next(usb.glob("cwsw-move-*-instructions.pdf"))
    assert "Restore from a backup" in "".join(p.extract_text() for p in PdfReader(sheet).pages)

    new_db = tmp_path / "new laptop" / "cwsw.db"
    asked: list[str] = []
    restored, passphrase = restore_on_first_run(
        None, new_db, lambda path, error: asked.append(path.name) or None, backup=backup
    )
    assert (restored, passphrase) == (True, None)  # a demo store is plain: no passphrase asked
    assert asked == [] and "Restored 30 pupils" in quiet[-1]
    store = open_store(new_db)
    store.close()


def test_first_run_dialog_offers_restore_beside_a_new_database(qtbot):
    dialog = PassphraseDialog(CREATE, None, offer_demo=True, offer_restore=True)
    qtbot.addWidget(dialog)
    assert dialog.restore_button is not None and dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.choice == RESTORE and dialog.result() == PassphraseDialog.DialogCode.Accepted


def test_restore_of_a_damaged_file_says_so_and_writes_nothing(qtbot, tmp_path, quiet):
    junk = tmp_path / "old.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    target = tmp_path / "new" / "cwsw.db"
    restored, _ = restore_on_first_run(None, target, lambda path, error: "x" * 20, backup=junk)
    assert not restored and "Nothing was restored" in quiet[-1]
    assert not target.exists()


def test_the_log_file_is_private_and_named(tmp_path):
    import logging

    from cwsw_desktop.ui.app import add_log_file

    path = add_log_file(tmp_path / "data" / "logs")
    assert path is not None and (path.stat().st_mode & 0o777) == 0o600
    logging.getLogger("cwsw_desktop.test").warning("store opened")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "store opened" in path.read_text(encoding="utf-8")
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            logging.getLogger().removeHandler(handler)
            handler.close()
