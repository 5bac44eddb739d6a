"""Changing the passphrase of an encrypted store, and encrypting a plain one in place.

These need both the keyed connections (``crypto``) and the engine (to rebuild its pool with the
new key), so they live here, above both: ``engine`` imports ``crypto``, this imports ``engine``,
and nothing imports back.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.raw as raw
from cwsw_desktop.store.engine import Store, build_engine
from cwsw_desktop.store.errors import DamagedStoreError, StoreError, WrongPassphraseError
from cwsw_desktop.store.files import fsync_dir, fsync_file, private_file

log = logging.getLogger(__name__)


# --- changing the passphrase ---------------------------------------------------------------


def change_passphrase(store: Store, old: str, new: str) -> None:
    """Re-encrypt the store with `new` (``PRAGMA rekey``). Backups made earlier keep the old
    passphrase. Checks `old` first, so someone at an unlocked desk cannot lock the owner out."""
    crypto.check_policy(new)
    if not store.encrypted:
        raise StoreError("This database is not encrypted: use File → Encrypt database… first.")
    gate = store.require_gate()
    if old != gate.passphrase:
        raise WrongPassphraseError("The current passphrase is not right; nothing was changed.")
    with store.exclusive():
        connection = crypto.connect(store.path, old)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA rekey = '" + new.replace("'", "''") + "'")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        gate.passphrase = new
    check = crypto.connect(store.path, new)  # proves the new key opens it
    check.close()
    log.info("passphrase changed")


# --- encrypting a plain database in place --------------------------------------------------


def _wipe(handle: Any, size: int) -> None:
    """Best effort: overwrite the old plaintext's blocks before they are freed. (An SSD, a
    snapshot or a backup tool may still hold copies: whole-disk encryption covers those.)"""
    handle.seek(0)
    block = b"\x00" * 65536
    remaining = size
    while remaining > 0:
        remaining -= handle.write(block[: min(remaining, len(block))])
    handle.flush()
    os.fsync(handle.fileno())


def encrypt_file(path: Path, passphrase: str) -> dict[str, int]:
    """Encrypt the plain database at `path` in place; returns the row count of every table.

    Nothing else may have it open. Steps: checkpoint and close the plain WAL; export into
    ``<db>.encrypting`` with ``sqlcipher_export``; check the copy (key, integrity, every
    table's row count); fsync; atomically rename it over the original; delete the plain
    -wal/-shm; overwrite the old plaintext (best effort, POSIX). A failure before the rename
    leaves the original as it was and removes the partial copy.
    """
    crypto.check_policy(passphrase)
    path = Path(path)
    temp = path.with_name(path.name + ".encrypting")
    temp.unlink(missing_ok=True)
    private_file(temp)  # 0600 before any page is written into it
    plain = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = raw.counts(plain)
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(temp), passphrase))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    except BaseException:
        plain.close()
        temp.unlink(missing_ok=True)
        raise
    plain.close()  # the last connection: SQLite checkpoints and removes the plain WAL
    try:
        check = crypto.connect(temp, passphrase)
        try:
            problems = crypto.integrity_problems(check, encrypted=True)
            counts = raw.counts(check)
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        if problems or counts != expected:
            raise DamagedStoreError(
                "The encrypted copy did not check out ("
                + ("; ".join(problems[:3]) or "row counts differ")
                + "); the database has not been changed."
            )
        fsync_file(temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    old: Any = None
    size = path.stat().st_size
    if not sys.platform.startswith("win"):  # an open file cannot be replaced on Windows
        old = path.open("r+b")
    try:
        os.replace(temp, path)
        fsync_dir(path.parent)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        if old is not None:
            _wipe(old, size)
    finally:
        if old is not None:
            old.close()
    log.info("database encrypted in place (%d tables)", len(counts))
    return counts


def encrypt_store(store: Store, passphrase: str) -> None:
    """Encrypt an open plain store in place and keep it open, now keyed, under the same lock."""
    if store.encrypted:
        raise StoreError("This database is already encrypted.")
    if store.demo:
        raise StoreError("The demo database holds only fictitious data and stays unencrypted.")
    gate = store.require_gate()
    with store.exclusive():
        encrypt_file(store.path, passphrase)
        gate.passphrase = passphrase
        store.encrypted = True
        store.engine = build_engine(gate)  # the pool of one keyed connection
    with store.engine.connect() as connection:  # the one pooled, keyed connection
        connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
