"""A keyed connection made ahead (``crypto.key_ahead``): the window's worker keys the store in a
thread while it imports SQLAlchemy. The next read-write ``connect`` to the same file with the same
passphrase takes it; a wrong passphrase fails there as it would have; one nobody took is closed."""

from __future__ import annotations

import pytest

import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.keying as keying
from cwsw_desktop.store import WrongPassphraseError, open_store

PASS = "correct horse battery staple"


@pytest.fixture
def encrypted(tmp_path):
    path = tmp_path / "cwsw.db"
    open_store(path, passphrase=PASS).close()
    return path


def test_the_connection_keyed_ahead_is_the_next_one_made(encrypted):
    crypto.key_ahead(encrypted, PASS)
    ahead = keying._AHEAD[keying._ahead_key(encrypted, PASS)]
    first = crypto.connect(encrypted, PASS)
    try:
        assert first is ahead.take()  # handed over, not keyed again
        assert first.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
        assert not keying._AHEAD
        second = crypto.connect(encrypted, PASS)  # nothing ahead any more: keyed here
        assert second is not first
        second.close()
    finally:
        first.close()


def test_only_a_read_write_connection_with_the_same_passphrase_takes_it(encrypted):
    crypto.key_ahead(encrypted, PASS)
    crypto.connect(encrypted, PASS, read_only=True).close()
    with pytest.raises(WrongPassphraseError):
        crypto.connect(encrypted, PASS + " not")
    assert keying._AHEAD  # still waiting for its own
    crypto.forget_ahead(encrypted)
    assert not keying._AHEAD


def test_a_wrong_passphrase_fails_where_the_connection_is_taken(encrypted):
    crypto.key_ahead(encrypted, "not the passphrase")
    with pytest.raises(WrongPassphraseError):
        crypto.connect(encrypted, "not the passphrase")
    assert not keying._AHEAD


def test_one_nobody_took_is_closed(encrypted):
    crypto.key_ahead(encrypted, PASS)
    ahead = keying._AHEAD[keying._ahead_key(encrypted, PASS)]
    crypto.forget_ahead(encrypted)
    assert not keying._AHEAD
    with pytest.raises(keying.sqlcipher.ProgrammingError):  # closed
        ahead.take().execute("SELECT 1")


def test_one_given_up_on_without_waiting_is_closed_once_keyed(encrypted):
    crypto.key_ahead(encrypted, PASS)
    ahead = keying._AHEAD[keying._ahead_key(encrypted, PASS)]
    crypto.forget_ahead(encrypted, wait=False)  # returns at once (the key is still being derived)
    assert not keying._AHEAD
    with pytest.raises(keying.sqlcipher.ProgrammingError):  # closed by its thread, once keyed
        ahead.take().execute("SELECT 1")


def test_a_plain_or_missing_file_is_not_keyed_ahead(tmp_path):
    plain = tmp_path / "plain.db"
    open_store(plain).close()
    crypto.key_ahead(plain, PASS)
    crypto.key_ahead(tmp_path / "missing.db", PASS)
    assert not keying._AHEAD


def test_the_window_opens_with_one_key_derivation(encrypted, monkeypatch):
    """open_and_prepare keys ahead, and that connection is the one the store opens with (the
    look before opening, then the engine's first): one key derivation in all."""
    from datetime import date

    from cwsw_desktop.ui.store_opening import open_and_prepare

    keyed = []
    connect_now = keying._connect_now
    monkeypatch.setattr(keying, "_connect_now", lambda *a: keyed.append(a) or connect_now(*a))
    store = open_and_prepare(encrypted, demo=False, today=date(2026, 11, 23), passphrase=PASS)
    try:
        assert len(keyed) == 1
        assert store.require_gate().opened == 1
        assert not keying._AHEAD
    finally:
        store.close()
