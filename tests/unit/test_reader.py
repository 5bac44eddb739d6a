"""The plain-row reader the duty sources and read-only commands use: the same rows through the
engine and through a bare connection, None unless the file is current (so the caller migrates),
keyed when encrypted, and no SQLAlchemy imported on the bare path."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cwsw_desktop.models import Pupil
from cwsw_desktop.store import WrongPassphraseError, open_store
from cwsw_desktop.store.reader import data_state, open_reader, reading
from cwsw_desktop.store.revisions import head_revision

PASS = "correct horse battery staple"
NAMES = "SELECT legal_forename, legal_surname FROM pupil ORDER BY id"


def _make(path: Path, passphrase: str | None = None) -> None:
    store = open_store(path, passphrase=passphrase)
    try:
        with Session(store.engine) as session:
            session.add(
                Pupil(
                    upn="A123456789012",
                    legal_surname="Testcase",
                    legal_forename="Ada",
                    date_of_birth=date(2015, 1, 2),
                )
            )
            session.commit()
        with reading(store.engine) as reader:
            assert reader.rows(NAMES) == [("Ada", "Testcase")]
            with reading(reader) as same:
                assert same is reader  # a reader passed down is used, not a second snapshot
    finally:
        store.close()


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "encrypted"])
def test_a_current_store_reads_the_same_rows_without_the_engine(
    tmp_path: Path, passphrase: str | None
) -> None:
    path = tmp_path / "store.db"
    _make(path, passphrase)
    reader = open_reader(path, passphrase)
    assert reader is not None
    try:
        assert reader.rows(NAMES) == [("Ada", "Testcase")]
    finally:
        reader.close()
    open_store(path, passphrase=passphrase).close()  # the lock file and snapshot are let go


def test_missing_old_or_locked_files_give_no_reader(tmp_path: Path) -> None:
    assert open_reader(tmp_path / "missing.db", None) is None
    encrypted = tmp_path / "encrypted.db"
    _make(encrypted, PASS)
    assert open_reader(encrypted, None) is None  # the ordinary open asks for the passphrase
    with pytest.raises(WrongPassphraseError):
        open_reader(encrypted, "not the passphrase at all")
    old = tmp_path / "old.db"
    _make(old)
    with sqlite3.connect(old) as c:
        c.execute("UPDATE alembic_version SET version_num = '0009'")
    assert open_reader(old, None) is None  # the ordinary open migrates it first
    with sqlite3.connect(old) as c:
        c.execute("UPDATE alembic_version SET version_num = ?", (head_revision(),))
    current = open_reader(old, None)
    assert current is not None
    current.close()


def test_the_bare_reader_imports_no_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    _make(path)
    code = (
        "import sys; from pathlib import Path; from cwsw_desktop.store.reader import open_reader; "
        f"r = open_reader(Path({str(path)!r}), None); print(r.rows('SELECT count(*) FROM pupil')[0][0], "
        "'sqlalchemy' in sys.modules); r.close()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "False"]


def test_the_data_state_moves_with_every_commit_from_any_connection(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    _make(path)
    store = open_store(path)
    try:
        with reading(store.engine) as r:
            first = data_state(r)
        with reading(store.engine) as r:
            assert data_state(r) == first  # nothing written: a kept result is still good
        _add_another(store.engine)  # a write through the app's own pool
        with reading(store.engine) as r:
            second = data_state(r)
        assert second != first
        _rename_elsewhere(path)  # another connection's commit (as another process would)
        with reading(store.engine) as r:
            assert data_state(r) != second
    finally:
        store.close()


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_a_watched_store_gives_one_data_state_on_every_pooled_connection(
    tmp_path: Path, passphrase: str | None
) -> None:
    """Once the store watches for commits, a result kept on one pooled connection holds on
    another (the window's workers overlap), and any commit, by the app or by another
    connection, still changes the state; locking stops the watching."""
    path = tmp_path / "store.db"
    _make(path, passphrase)
    store = open_store(path, passphrase=passphrase)
    gate = store.gate
    assert gate is not None
    try:
        gate.start_watching()
        with reading(store.engine) as r1, reading(store.engine) as r2:  # two connections at once
            assert r1.connection is not r2.connection  # type: ignore[attr-defined]  # ConnectionReaders (the protocol has no connection)
            first = data_state(r1)
            assert first is not None and data_state(r2) == first
        _add_another(store.engine)
        with reading(store.engine) as r:
            second = data_state(r)
        assert second != first
        if passphrase is None:  # a bare connection to a plain file, as another process would
            _rename_elsewhere(path)
            with reading(store.engine) as r:
                assert data_state(r) != second
        store.lock()
        assert gate.watcher is None  # closed with the pool: nothing keyed is left open
    finally:
        store.close()


def _add_another(engine: Engine) -> None:
    """A second pupil, saved through the store's own pool."""
    with Session(engine) as session:
        session.add(
            Pupil(
                upn="B123456789012",
                legal_surname="Other",
                legal_forename="Bo",
                date_of_birth=date(2014, 3, 4),
            )
        )
        session.commit()


def _rename_elsewhere(path: Path) -> None:
    """The second pupil renamed through a bare connection of its own."""
    other = sqlite3.connect(path)
    with other:
        other.execute("UPDATE pupil SET legal_forename = 'Bea' WHERE upn = 'B123456789012'")
    other.close()
