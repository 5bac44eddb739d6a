"""Encryption at rest on real files: no plaintext on disk, wrong passphrases, rekey, encrypting
in place, integrity on open, keyed raw connections, lock/unlock, and the passphrase policy."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, text
from sqlmodel import select

from cwsw_desktop.models import Pupil
from cwsw_desktop.services.pupils import PupilInput, create_pupil
from cwsw_desktop.store import (
    DamagedStoreError,
    PassphrasePolicyError,
    PassphraseRequiredError,
    StoreError,
    StoreLockedError,
    WrongPassphraseError,
    crypto,
    open_store,
    rekey,
    unit_of_work,
)

PASS = "correct horse battery staple"
CANARY = b"Zqxcanary"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _add_canary(store) -> None:
    create_pupil(
        store.engine,
        PupilInput(
            upn="B801200005001",
            legal_surname="Zqxcanary",
            legal_forename="Amara",
            date_of_birth=date(2015, 3, 4),
        ),
        today=date(2026, 11, 23),
    )


def _pupils(store) -> int:
    with unit_of_work(store.engine) as s:
        return s.exec(select(func.count()).select_from(Pupil)).one()


@pytest.mark.parametrize(
    "passphrase, canary_on_disk", [(PASS, False), (None, True)], ids=["encrypted", "plain (negative control)"]
)
def test_the_canary_surname_is_on_disk_only_without_encryption(tmp_path, passphrase, canary_on_disk):
    path = tmp_path / "cwsw.db"
    store = open_store(path, passphrase=passphrase)
    assert store.encrypted is (passphrase is not None)
    _add_canary(store)
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the insert is in the WAL while open
    while_open = path.read_bytes() + wal.read_bytes()
    store.close()
    after_close = b"".join(_all_bytes(tmp_path).values())
    assert (CANARY in while_open or CANARY in after_close) is canary_on_disk
    assert (path.read_bytes()[:16] == crypto.SQLITE_HEADER) is canary_on_disk


def test_wrong_or_missing_passphrase_is_refused_and_the_file_is_unchanged(tmp_path):
    path = tmp_path / "cwsw.db"
    store = open_store(path, passphrase=PASS)
    _add_canary(store)
    store.close()
    before = _digest(path)
    with pytest.raises(WrongPassphraseError, match=r"Wrong passphrase, or the file is damaged\."):
        open_store(path, passphrase=PASS + "!")
    with pytest.raises(PassphraseRequiredError, match="encrypted"):
        open_store(path)
    assert _digest(path) == before
    assert not Path(str(path) + ".lock").exists()  # a refused open leaves no lock behind
    again = open_store(path, passphrase=PASS)
    assert _pupils(again) == 1
    again.close()


@pytest.mark.parametrize(
    "passphrase",
    [
        'it\'s a "quoted" one; -- DROP TABLE pupil',
        "pässwörd mit ümlauts ünd ß 🙂",
        "x'00112233445566778899aabbccddeeff'",
    ],
)
def test_passphrases_with_quotes_and_unicode_round_trip(tmp_path, passphrase):
    path = tmp_path / "cwsw.db"
    open_store(path, passphrase=passphrase).close()
    store = open_store(path, passphrase=passphrase)
    assert _pupils(store) == 0
    store.close()
    with pytest.raises(WrongPassphraseError):
        open_store(path, passphrase=passphrase[:-1])


def test_an_empty_passphrase_is_never_taken_as_no_encryption(tmp_path):
    with pytest.raises(StoreError, match="unencrypted"):
        open_store(tmp_path / "cwsw.db", passphrase="")
    assert not (tmp_path / "cwsw.db").exists()


def test_a_new_encrypted_store_needs_a_passphrase_that_meets_the_policy(tmp_path):
    with pytest.raises(PassphrasePolicyError, match="at least 12 characters"):
        open_store(tmp_path / "cwsw.db", passphrase="hunter2")
    assert not (tmp_path / "cwsw.db").exists()


def test_a_plain_file_opens_without_its_passphrase_even_if_one_is_given(store):
    store.close()
    again = open_store(store.path, passphrase=PASS)
    assert not again.encrypted
    again.close()


def test_change_passphrase_old_fails_new_works(tmp_path):
    path = tmp_path / "cwsw.db"
    store = open_store(path, passphrase=PASS)
    _add_canary(store)
    with pytest.raises(WrongPassphraseError):
        rekey.change_passphrase(store, "not the passphrase", "a brand new passphrase")
    with pytest.raises(PassphrasePolicyError):
        rekey.change_passphrase(store, PASS, "short")
    rekey.change_passphrase(store, PASS, "a brand new passphrase")
    assert _pupils(store) == 1  # the open store carries on with the new key
    store.close()
    with pytest.raises(WrongPassphraseError):
        open_store(path, passphrase=PASS)
    reopened = open_store(path, passphrase="a brand new passphrase")
    assert _pupils(reopened) == 1
    reopened.close()


def test_encrypt_in_place_keeps_every_row_and_leaves_no_plaintext(demo_store, tmp_path):
    folder = demo_store.path.parent
    _add_canary(demo_store)
    before = {t: n for t, n in _table_counts(demo_store).items()}
    demo_store.demo = False  # the demo refuses encryption; this is a plain store like a school's
    rekey.encrypt_store(demo_store, PASS)
    assert demo_store.encrypted and _table_counts(demo_store) == before
    demo_store.close()
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith("demo.db"))
    assert names == ["demo.db"]  # no .encrypting, no plain -wal/-shm, lock released
    everything = b"".join(_all_bytes(folder).values())
    assert CANARY not in everything and b"Thistlewood" not in everything
    reopened = open_store(demo_store.path, passphrase=PASS)
    assert _table_counts(reopened) == before
    reopened.close()


def _table_counts(store) -> dict[str, int]:
    with store.engine.connect() as c:
        tables = c.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")).scalars()
        return {t: c.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in list(tables)}


def test_encrypt_in_place_that_does_not_verify_changes_nothing(store, monkeypatch):
    _add_canary(store)
    store.close()
    before = _digest(store.path)
    monkeypatch.setattr(crypto, "integrity_problems", lambda *a, **k: ["page 3: HMAC check failed"])
    with pytest.raises(DamagedStoreError, match="did not check out"):
        rekey.encrypt_file(store.path, PASS)
    assert _digest(store.path) == before
    assert not Path(str(store.path) + ".encrypting").exists()


def _flip_a_middle_page(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)  # a page header: structure, not just content
        handle.write(b"\xde\xad\xbe\xef" * 64)


@pytest.mark.parametrize("passphrase", [PASS, None], ids=["encrypted", "plain"])
def test_a_damaged_file_is_refused_on_open_and_left_unchanged(tmp_path, passphrase):
    from cwsw_desktop.services.demo import generate_demo

    path = tmp_path / "cwsw.db"
    store = open_store(path, passphrase=passphrase)
    generate_demo(store.engine, size=30, seed=7, today=date(2026, 11, 23))
    store.close()
    _flip_a_middle_page(path)
    before = _digest(path)
    with pytest.raises(StoreError) as raised:
        open_store(path, passphrase=passphrase)
    if passphrase:
        assert isinstance(raised.value, DamagedStoreError)
    assert "damaged" in str(raised.value)
    assert _digest(path) == before


def test_connect_raw_is_keyed_for_the_store_and_for_a_backup_file(tmp_path):
    store = open_store(tmp_path / "cwsw.db", passphrase=PASS)
    _add_canary(store)
    source = store.connect_raw()
    target = store.connect_raw(tmp_path / "copy.db")
    source.backup(target)
    source.close()
    target.close()
    copy = (tmp_path / "copy.db").read_bytes()
    assert copy[:16] != crypto.SQLITE_HEADER and CANARY not in copy
    check = crypto.connect(tmp_path / "copy.db", PASS)
    assert check.execute("SELECT legal_surname FROM pupil").fetchone()[0] == "Zqxcanary"
    check.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / "copy.db").execute("SELECT * FROM pupil")
    assert isinstance(store.connect_raw(), sqlcipher.Connection)
    store.close()


def test_lock_forgets_the_key_and_unlock_needs_it(tmp_path):
    store = open_store(tmp_path / "cwsw.db", passphrase=PASS)
    _add_canary(store)
    store.lock()
    assert store.locked
    with pytest.raises(StoreLockedError):
        _pupils(store)
    with pytest.raises(StoreLockedError):
        store.connect_raw()
    with pytest.raises(WrongPassphraseError):
        store.unlock("guess guess guess guess")
    assert store.locked
    store.unlock(PASS)
    assert _pupils(store) == 1 and not store.locked
    store.close()


def test_an_encrypted_store_holds_one_connection(tmp_path):
    store = open_store(tmp_path / "cwsw.db", passphrase=PASS)
    for _ in range(5):
        _pupils(store)
    assert store.gate.opened == 1
    assert store.engine.pool.checkedin() == 1
    store.close()


@pytest.mark.parametrize(
    "passphrase, ok",
    [
        ("", False),
        ("   ", False),
        ("short", False),
        ("elevenchars", False),
        ("twelve chars", True),
        ("abcdefghijkl", True),
        ("cat dog sun hat", True),
        ("my cat is ok", True),  # 12 characters
        ("we go to it", True),  # 4 words
        ("a b c d", False),  # words of one letter do not count
    ],
)
def test_passphrase_policy(passphrase, ok):
    assert (crypto.passphrase_problem(passphrase) is None) is ok


@pytest.mark.parametrize(
    "passphrase, label",
    [
        ("", "too short"),
        ("abc", "too short"),
        ("aaaaaaaaaaaa", "weak"),
        ("abcdefghijkl", "fair"),
        ("Abcdefgh1jk!", "good"),
        ("correct horse battery staple", "strong"),
    ],
)
def test_strength_hint(passphrase, label):
    hint = crypto.strength(passphrase)
    assert hint.label == label
    assert hint.text.startswith(f"Strength: {label}")


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"", "empty"),
        (b"SQLite format 3\x00" + b"\x00" * 4080, "sqlite"),
        (bytes(range(256)) * 16, "encrypted"),
        (b"hello", "unknown"),
        (b"x" * 1000, "unknown"),
    ],
)
def test_file_kind_from_header_and_size(tmp_path, content, kind):
    path = tmp_path / "f.db"
    path.write_bytes(content)
    assert crypto.file_kind(path) == kind
