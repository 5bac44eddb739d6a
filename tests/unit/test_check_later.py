"""The window's open with the integrity check after the data shows (``open_store(check_later=True)``):
nothing is written before the check passes, a damaged file still ends in DamagedStoreError and is
left untouched, and after a session that did not close cleanly the check runs on open as before."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import text

from cwsw_desktop.models import Pupil
from cwsw_desktop.services.audit import record_unlock
from cwsw_desktop.store import DamagedStoreError, lockfile, open_store
from cwsw_desktop.store.engine import unit_of_work

PASS = "correct horse battery staple"


def _store(tmp_path, passphrase=PASS):
    path = tmp_path / "cwsw.db"
    store = open_store(path, passphrase=passphrase)
    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (x BLOB)"))
        for _ in range(200):
            connection.execute(text("INSERT INTO filler VALUES (randomblob(1000))"))
    store.close()
    return path


def _damage(path):
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)


@pytest.mark.parametrize("passphrase", [PASS, None])
def test_a_sound_store_is_read_only_until_checked_and_then_writable(tmp_path, passphrase):
    path = _store(tmp_path, passphrase)
    store = open_store(path, passphrase=passphrase, check_later=True)
    try:
        assert not store.verified
        with store.engine.connect() as connection:  # reads go ahead
            assert connection.execute(text("SELECT count(*) FROM filler")).scalar() == 200
            with pytest.raises(Exception, match="readonly"):  # a write outside unit_of_work is refused
                connection.execute(text("DELETE FROM filler"))
        store.verify()
        assert store.verified
        with store.engine.begin() as connection:
            connection.execute(text("DELETE FROM filler"))
            assert connection.execute(text("SELECT count(*) FROM filler")).scalar() == 0
    finally:
        store.close()


def test_a_write_before_the_check_runs_it_first_then_goes_ahead(tmp_path):
    path = _store(tmp_path)
    store = open_store(path, passphrase=PASS, check_later=True)
    try:
        assert not store.verified
        record_unlock(store.engine, (), "in a test")  # through unit_of_work: the check runs first
        assert store.verified
        with unit_of_work(store.engine) as session:
            assert (
                session.exec(text("SELECT count(*) FROM audit_event WHERE detail = 'in a test'")).one()[0]
                == 1
            )
        store.verify()  # already done: nothing more
    finally:
        store.close()


def test_writers_in_two_threads_share_one_check(tmp_path):
    path = _store(tmp_path)
    store = open_store(path, passphrase=PASS, check_later=True)
    try:
        writers = [
            threading.Thread(target=record_unlock, args=(store.engine, (), f"writer {i}")) for i in range(2)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(30)
        with unit_of_work(store.engine) as session:
            assert (
                session.exec(text("SELECT count(*) FROM audit_event WHERE detail LIKE 'writer %'")).one()[0]
                == 2
            )
    finally:
        store.close()


def test_a_damaged_store_fails_its_later_check_and_nothing_is_written(tmp_path):
    path = _store(tmp_path)
    _damage(path)
    before = path.read_bytes()
    store = open_store(path, passphrase=PASS, check_later=True)  # a clean last session: opens
    try:
        with pytest.raises(DamagedStoreError, match="is damaged"):
            store.verify()
        assert not store.verified
        # a write after the failed check gets the same error
        with pytest.raises(DamagedStoreError), unit_of_work(store.engine) as session:
            session.add(Pupil(upn="A123456789012"))
    finally:
        store.close()
    assert path.read_bytes() == before


def test_after_a_crash_the_check_runs_on_open(tmp_path):
    path = _store(tmp_path)
    _damage(path)
    # a lock left by a process that is gone: the last session did not close cleanly
    (tmp_path / "cwsw.db.lock").write_text(
        json.dumps({"pid": 2**22 + 12345, "host": lockfile.this_host(), "since": "2026-01-01T00:00:00"})
    )
    with pytest.raises(DamagedStoreError):
        open_store(path, passphrase=PASS, check_later=True)


def test_without_check_later_a_damaged_store_is_refused_on_open(tmp_path):
    path = _store(tmp_path)
    _damage(path)
    with pytest.raises(DamagedStoreError):
        open_store(path, passphrase=PASS)


def test_the_look_before_opening_is_the_engines_first_connection(tmp_path):
    path = _store(tmp_path)
    store = open_store(path, passphrase=PASS, check_later=True)
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"  # pragmas set
        assert store.require_gate().opened == 1  # one keyed connection: one key derivation
        store.verify()
    finally:
        store.close()
