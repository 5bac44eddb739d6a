"""Encryption at rest with SQLCipher: keyed connections, the passphrase policy, a strength hint,
changing the passphrase and encrypting a plain database in place.

SQLCipher (through the ``sqlcipher3`` wheels) encrypts every page of the database and of its
WAL with AES-256 and an HMAC per page, and derives the key from the passphrase with its own
default KDF (PBKDF2-HMAC-SHA512, 256,000 iterations in SQLCipher 4). Nothing here does
cryptography itself: we only hand SQLCipher the passphrase, properly quoted, and check that it
opened the file.

Deriving the key costs about 0.1 s per connection (measured: 0.10 s on the development
machine, SQLCipher 4.x community), so an encrypted store keeps one pooled connection while it
is unlocked (see ``engine.py``).
"""

from __future__ import annotations

import logging
import math
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from cwsw_desktop.store.errors import (
    DB_DATABASE_ERRORS,
    DamagedStoreError,
    PassphrasePolicyError,
    StoreError,
    WrongPassphraseError,
)

if TYPE_CHECKING:
    from cwsw_desktop.store.engine import Store

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_LENGTH = 12
MIN_WORDS = 4
POLICY = f"Use at least {MIN_LENGTH} characters, or at least {MIN_WORDS} words."


# --- what kind of file ---------------------------------------------------------------------


def file_kind(path: Path) -> str:
    """ "empty", "sqlite" (plain), "encrypted" or "unknown", from the header and size only.

    An SQLCipher file starts with a random salt instead of "SQLite format 3", and is a whole
    number of pages (at least 512 bytes each); anything else is not a database we can read.
    """
    size = path.stat().st_size
    if size == 0:
        return "empty"
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        return "sqlite"
    if size >= 512 and size % 512 == 0:
        return "encrypted"
    return "unknown"


def looks_encrypted(path: Path | str) -> bool:
    path = Path(path)
    return path.is_file() and file_kind(path) == "encrypted"


# --- connections ---------------------------------------------------------------------------


def key_statement(passphrase: str) -> str:
    """``PRAGMA key`` with the passphrase as an SQL string literal (quotes doubled).

    SQLCipher reads the literal as UTF-8 text and applies its default key derivation to it.
    """
    if not passphrase:
        raise StoreError("An empty passphrase would leave the database unencrypted.")
    if "\x00" in passphrase:
        raise StoreError("A passphrase cannot contain a NUL character.")
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def connect(path: Path | str, passphrase: str | None, *, read_only: bool = False) -> Any:
    """A DB-API connection to `path`: keyed ``sqlcipher3`` when there is a passphrase, else
    plain ``sqlite3`` (never both on one file: see ``engine._Gate``). ``check_same_thread``
    is off because the engine's pool hands a connection from thread to thread (never to two
    at once). The key is checked before this returns."""
    path = Path(path)
    target: str = f"{path.absolute().as_uri()}?mode=ro" if read_only else str(path)
    if passphrase is None:
        return sqlite3.connect(target, uri=read_only, check_same_thread=False)
    statement = key_statement(passphrase)
    connection = sqlcipher.connect(target, uri=read_only, check_same_thread=False)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report
        connection.execute(statement)
        verify_key(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def verify_key(connection: Any) -> None:
    """The first read decrypts page 1: a wrong key (or a damaged first page) fails here."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DB_DATABASE_ERRORS as exc:
        raise WrongPassphraseError() from exc


def integrity_problems(connection: Any, encrypted: bool) -> list[str]:
    """SQLCipher's page HMAC check (encrypted files) and SQLite's quick_check; [] when sound."""
    problems: list[str] = []
    try:
        if encrypted:
            problems += [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except DB_DATABASE_ERRORS as exc:
        return [*problems, str(exc)]
    return problems + [r for r in rows if r != "ok"]


# --- passphrase policy and strength hint ---------------------------------------------------


def _words(passphrase: str) -> list[str]:
    return [w for w in re.split(r"[\s\-_.,;:+/]+", passphrase) if len(w) >= 2]


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is refused, or None: at least 12 characters or at least 4 words."""
    if not passphrase.strip():
        return "Enter a passphrase. " + POLICY
    if "\x00" in passphrase:
        return "A passphrase cannot contain a NUL character."
    if len(passphrase) >= MIN_LENGTH or len(_words(passphrase)) >= MIN_WORDS:
        return None
    return f"Too short ({len(passphrase)} characters). " + POLICY


def check_policy(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem:
        raise PassphrasePolicyError(problem)


@dataclass(frozen=True)
class Strength:
    label: str  # "too short", "weak", "fair", "good", "strong"
    bits: int
    advice: str

    @property
    def text(self) -> str:
        return f"Strength: {self.label}" + (f" — {self.advice}" if self.advice else "")


def strength(passphrase: str) -> Strength:
    """A rough hint from length and variety (character classes, repeats); no word lists.

    bits = length × log2(size of the alphabets used), with repeated characters counting
    less. Good enough to nudge towards longer passphrases; not a guarantee.
    """
    if not passphrase:
        return Strength("too short", 0, POLICY)
    pool = 0
    if re.search(r"[a-z]", passphrase):
        pool += 26
    if re.search(r"[A-Z]", passphrase):
        pool += 26
    if re.search(r"\d", passphrase):
        pool += 10
    if re.search(r"[^a-zA-Z\d]", passphrase):
        pool += 33
    effective = min(len(passphrase), 2 * len(set(passphrase.lower())))
    bits = int(effective * math.log2(max(pool, 2)))
    if passphrase_problem(passphrase):
        return Strength("too short", bits, POLICY)
    if bits < 50:
        return Strength("weak", bits, "add more words or characters")
    if bits < 70:
        return Strength("fair", bits, "a longer passphrase would be safer")
    if bits < 90:
        return Strength("good", bits, "")
    return Strength("strong", bits, "")


# --- changing the passphrase ---------------------------------------------------------------


def change_passphrase(store: Store, old: str, new: str) -> None:
    """Re-encrypt the store with `new` (``PRAGMA rekey``). Backups made earlier keep the old
    passphrase. Checks `old` first, so someone at an unlocked desk cannot lock the owner out."""
    check_policy(new)
    if not store.encrypted:
        raise StoreError("This database is not encrypted: use File → Encrypt database… first.")
    gate = store.require_gate()
    if old != gate.passphrase:
        raise WrongPassphraseError("The current passphrase is not right; nothing was changed.")
    with store.exclusive():
        connection = connect(store.path, old)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA rekey = '" + new.replace("'", "''") + "'")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        gate.passphrase = new
    check = connect(store.path, new)  # proves the new key opens it
    check.close()
    log.info("passphrase changed")


# --- encrypting a plain database in place --------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    if sys.platform.startswith("win"):
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _counts(connection: Any) -> dict[str, int]:
    tables = [
        r[0]
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


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
    check_policy(passphrase)
    path = Path(path)
    temp = path.with_name(path.name + ".encrypting")
    temp.unlink(missing_ok=True)
    plain = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = _counts(plain)
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
        check = connect(temp, passphrase)
        try:
            problems = integrity_problems(check, encrypted=True)
            counts = _counts(check)
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        if problems or counts != expected:
            raise DamagedStoreError(
                "The encrypted copy did not check out ("
                + ("; ".join(problems[:3]) or "row counts differ")
                + "); the database has not been changed."
            )
        _fsync_file(temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    old: Any = None
    size = path.stat().st_size
    if not sys.platform.startswith("win"):  # an open file cannot be replaced on Windows
        old = path.open("r+b")
    try:
        os.replace(temp, path)
        _fsync_dir(path.parent)
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
    from cwsw_desktop.store.engine import _build_engine

    gate = store.require_gate()
    with store.exclusive():
        encrypt_file(store.path, passphrase)
        gate.passphrase = passphrase
        store.encrypted = True
        store.engine = _build_engine(gate)  # the pool of one keyed connection
    with store.engine.connect() as connection:  # the one pooled, keyed connection
        connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
