"""Encryption at rest with SQLCipher: keyed connections, the passphrase policy, a strength hint,
SQLCipher's key derivation. Changing the passphrase and encrypting a plain database in place
are in ``rekey.py`` (they need the engine; this module does not, so the two import no cycle).

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

import math
import os
import re
import sqlite3
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

import sqlcipher3.dbapi2 as sqlcipher

from cwsw_desktop.store.errors import (
    DB_DATABASE_ERRORS,
    PassphrasePolicyError,
    StoreError,
    WrongPassphraseError,
)

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
    plain ``sqlite3`` (never both on one file: see ``gate.Gate``). ``check_same_thread``
    is off because the engine's pool hands a connection from thread to thread (never to two
    at once). The key is checked before this returns. A read-write keyed connection made ahead
    for the same file and passphrase (``key_ahead``) is handed over instead of keying again."""
    if passphrase is not None and not read_only:
        ahead = _claim_ahead(path, passphrase)
        if ahead is not None:
            return ahead.take()
    return _connect_now(Path(path), passphrase, read_only)


def _connect_now(path: Path, passphrase: str | None, read_only: bool) -> Any:
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


class _Ahead:
    """A keyed connection being made in a thread of its own."""

    def __init__(self, path: Path, passphrase: str) -> None:
        self._done = threading.Event()
        self._mutex = threading.Lock()  # between the thread handing the connection over and close
        self._connection: Any = None
        self._error: BaseException | None = None
        self._closed = False
        threading.Thread(target=self._run, args=(path, passphrase), name="key-ahead", daemon=True).start()

    def _run(self, path: Path, passphrase: str) -> None:
        try:
            connection = _connect_now(path, passphrase, False)
        except BaseException as exc:  # handed to whoever takes the connection, as if keyed there
            self._error = exc
        else:
            with self._mutex:
                self._connection = connection
                if self._closed:  # given up on while it was being keyed
                    connection.close()
        finally:
            self._done.set()

    def take(self) -> Any:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._connection

    def close(self, wait: bool = True) -> None:
        """Close the connection once it is keyed; without `wait`, have the thread close it then
        (a command that is over need not wait for a key derivation it will not use)."""
        if wait:
            self._done.wait()
        with self._mutex:
            self._closed = True
            if self._connection is not None:
                self._connection.close()


_AHEAD: dict[tuple[str, str], _Ahead] = {}
_AHEAD_MUTEX = threading.Lock()


def _ahead_key(path: Path | str, passphrase: str) -> tuple[str, str]:
    return os.path.realpath(path), passphrase


def key_ahead(path: Path, passphrase: str) -> None:
    """Start keying a read-write connection to the existing encrypted file at `path` in a thread:
    SQLCipher's key derivation (~0.15 s of one core, without Python's lock) then runs beside
    whatever the caller does meanwhile (the window's worker imports SQLAlchemy and the shown tab's modules),
    and the next ``connect`` to the same file with the same passphrase takes it (or raises what
    keying raised, WrongPassphraseError say). Nothing is written. The caller calls
    ``forget_ahead`` once opening is over, which closes a connection nobody took."""
    if not looks_encrypted(path):
        return
    with _AHEAD_MUTEX:
        key = _ahead_key(path, passphrase)
        if key not in _AHEAD:
            _AHEAD[key] = _Ahead(Path(path), passphrase)


def _claim_ahead(path: Path | str, passphrase: str) -> _Ahead | None:
    with _AHEAD_MUTEX:
        return _AHEAD.pop(_ahead_key(path, passphrase), None) if _AHEAD else None


def forget_ahead(path: Path, *, wait: bool = True) -> None:
    """Close the connection keyed ahead for `path` if nothing took it (opening failed first);
    without `wait`, one still being keyed is closed as soon as it is, and this returns at once."""
    with _AHEAD_MUTEX:
        left = [_AHEAD.pop(key) for key in list(_AHEAD) if key[0] == os.path.realpath(path)]
    for ahead in left:
        ahead.close(wait)


def verify_key(connection: Any) -> None:
    """The first read decrypts page 1: a wrong key (or a damaged first page) fails here."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DB_DATABASE_ERRORS as exc:
        raise WrongPassphraseError() from exc


CHECK_CACHE_KIB = 512  # the page cache while checking: each page is read about once


def integrity_problems(connection: Any, encrypted: bool) -> list[str]:
    """SQLCipher's page HMAC check (encrypted files) and SQLite's quick_check; [] when sound.

    Both read every page about once, so a full page cache (SQLCipher's default is 8 MB per
    connection) only adds to the app's peak memory: the checks run with a small one (as fast,
    measured at 5,000 pupils), and the connection gets its own back afterwards."""
    problems: list[str] = []
    cache = None
    try:
        cache = int(connection.execute("PRAGMA cache_size").fetchone()[0])
        connection.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        if encrypted:
            problems += [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except DB_DATABASE_ERRORS as exc:
        return [*problems, str(exc)]
    finally:
        if cache is not None:
            with suppress(*DB_DATABASE_ERRORS):
                connection.execute(f"PRAGMA cache_size = {cache}")
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


class Strength(NamedTuple):
    """A passphrase's strength hint. A NamedTuple, not a dataclass: `due` imports this module
    before SQLCipher can start deriving the key, and the first dataclass imports dataclasses
    (with inspect) first, ~7 ms."""

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
