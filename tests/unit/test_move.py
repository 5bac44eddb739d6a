"""Moving to a new computer, end to end on temporary folders: the old laptop writes a verified,
encrypted backup and an instruction sheet; the new laptop's first run restores it into place."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import Session, func, select

from cwsw_desktop.models import Pupil
from cwsw_desktop.services.backup import RestoreError
from cwsw_desktop.services.demo import generate_demo
from cwsw_desktop.services.move import restore_new, write_move_kit
from cwsw_desktop.store import open_store

PASS = "correct horse battery staple"
TODAY = date(2026, 12, 1)


def _pupils(store) -> int:
    with Session(store.engine) as session:
        return session.exec(select(func.count()).select_from(Pupil)).one()


@pytest.fixture
def old_laptop(tmp_path):
    store = open_store(tmp_path / "old" / "cwsw.db", passphrase=PASS)
    generate_demo(store.engine, size=12, today=TODAY)
    yield store
    store.close()


def test_old_laptop_to_new_laptop(old_laptop, tmp_path):
    usb = tmp_path / "usb"
    kit = write_move_kit(old_laptop, usb, TODAY, "Fictitious Primary")
    assert kit.backup == usb / "cwsw-move-2026-12-01.db" and kit.encrypted and kit.pupils == 12
    assert b"Fictitious" not in kit.backup.read_bytes()  # encrypted: no readable text
    text = "".join(page.extract_text() for page in PdfReader(kit.instructions).pages)
    assert "Restore from a backup" in text and kit.backup.name in text and "12 pupils" in text
    assert (kit.instructions.stat().st_mode & 0o777) == 0o600

    new_db = tmp_path / "new laptop" / "data" / "cwsw.db"
    check = restore_new(kit.backup, new_db, PASS)
    assert check.counts["pupil"] == 12
    store = open_store(new_db, passphrase=PASS)
    try:
        assert _pupils(store) == 12
    finally:
        store.close()
    assert kit.backup.is_file()  # the backup itself is kept, unchanged


def test_restore_with_the_wrong_passphrase_writes_nothing(old_laptop, tmp_path):
    kit = write_move_kit(old_laptop, tmp_path / "usb", TODAY)
    new_db = tmp_path / "new" / "cwsw.db"
    with pytest.raises(RestoreError, match="passphrase"):
        restore_new(kit.backup, new_db, PASS + " wrong")
    assert not new_db.exists()
    assert list(new_db.parent.iterdir()) == []


def test_restore_never_overwrites_an_existing_database(old_laptop, tmp_path):
    kit = write_move_kit(old_laptop, tmp_path / "usb", TODAY)
    existing = tmp_path / "new" / "cwsw.db"
    existing.parent.mkdir()
    existing.write_bytes(b"someone's records")
    with pytest.raises(RestoreError, match="already exists"):
        restore_new(kit.backup, existing, PASS)
    assert existing.read_bytes() == b"someone's records"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "holiday.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(RestoreError):
        restore_new(junk, tmp_path / "new" / "cwsw.db", PASS)
    assert not (tmp_path / "new" / "cwsw.db").exists()
