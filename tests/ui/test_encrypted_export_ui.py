"""Export register… from an encrypted database: an encrypted ZIP by default; a plain CSV only
when the DT picks it and confirms."""

from __future__ import annotations

from datetime import date

import pytest
import pyzipper
from PySide6.QtWidgets import QFileDialog, QMessageBox
from support import DEMO_TODAY

from cwsw_desktop.services.pupils import PupilInput, create_pupil
from cwsw_desktop.store import open_store
from cwsw_desktop.ui.pupil_actions import CSV_FILTER, ZIP_FILTER

PASS = "correct horse battery staple"
CANARY = "Zqxcanary"


@pytest.fixture
def enc_window(make_window, tmp_path):
    store = open_store(tmp_path / "school.db", passphrase=PASS)
    create_pupil(
        store.engine,
        PupilInput(
            upn="B801200005001", legal_surname=CANARY, legal_forename="Amara", date_of_birth=date(2015, 3, 4)
        ),
        [],
        today=DEMO_TODAY,
    )
    win = make_window(store)
    yield win
    win.jobs.wait()
    win.close()
    store.close()


def _export(win, qtbot, monkeypatch, path, chosen, confirm=None):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), chosen))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or confirm or QMessageBox.StandardButton.No,
    )
    win.export_action.trigger()
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=10000)
    return asked


def test_default_export_is_an_encrypted_zip(enc_window, qtbot, monkeypatch, tmp_path):
    asked = _export(enc_window, qtbot, monkeypatch, tmp_path / "register.csv.zip", ZIP_FILTER)
    assert asked == []
    data = (tmp_path / "register.csv.zip").read_bytes()
    assert CANARY.encode() not in data
    with pyzipper.AESZipFile(tmp_path / "register.csv.zip") as archive:
        archive.setpassword(PASS.encode())
        assert CANARY in archive.read("register.csv").decode("utf-8-sig")


def test_plain_csv_needs_an_explicit_confirmation(enc_window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "register.csv"
    asked = _export(enc_window, qtbot, monkeypatch, target, CSV_FILTER)  # answers No
    assert "NOT encrypted" in asked[0] and not target.exists()
    _export(enc_window, qtbot, monkeypatch, target, CSV_FILTER, confirm=QMessageBox.StandardButton.Yes)
    assert CANARY.encode() in target.read_bytes()
