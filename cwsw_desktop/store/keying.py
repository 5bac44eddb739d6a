"""Connections to a store, plain or keyed, and keying one ahead: what opening needs of SQLCipher,
importing no more than it needs.

`cwsw-desktop due` starts SQLCipher's key derivation from here before anything else of the app
is imported (commands/key_early.py), and the derivation, ~0.15 s, is what the command waits for.
So this module imports only os, threading and pathlib (loaded with Python) and sqlcipher3: not
sqlite3, typing or the store's errors, ~5 ms more, which load where a connection is plain or
fails. ``crypto`` re-exports each name here; the app imports them from there.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing; mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"


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
    if not passphrase or "\x00" in passphrase:
        from cwsw_desktop.store.errors import StoreError

        if not passphrase:
            raise StoreError("An empty passphrase would leave the database unencrypted.")
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


def _connect_now(
    path: Path, passphrase: str | None, read_only: bool, deriving: threading.Event | None = None
) -> Any:
    """The connection ``connect`` makes; ``deriving`` is set as the key derivation starts."""
    target: str = f"{path.absolute().as_uri()}?mode=ro" if read_only else str(path)
    if passphrase is None:
        import sqlite3

        return sqlite3.connect(target, uri=read_only, check_same_thread=False)
    statement = key_statement(passphrase)
    connection = sqlcipher.connect(target, uri=read_only, check_same_thread=False)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report
        connection.execute(statement)
        if deriving is not None:
            deriving.set()
        verify_key(connection)  # (SQLCipher derives the key here, on the first read)
    except BaseException:
        connection.close()
        raise
    return connection


class _Ahead:
    """A keyed connection being made in a thread of its own.

    Made once the thread has reached the key derivation: until then the thread runs Python
    between SQLite calls that each let go of Python's lock, and a caller busy importing would
    hold the lock for up to a switch interval (5 ms) at each of them, starting the derivation
    about 20 ms later. The wait is for a connect and two pragmas, well under a millisecond."""

    _STARTING_S = 1.0  # (never that long: connecting to a local file; a bound all the same)

    def __init__(self, path: Path, passphrase: str) -> None:
        self._deriving = threading.Event()
        self._done = threading.Event()
        self._mutex = threading.Lock()  # between the thread handing the connection over and close
        self._connection: Any = None
        self._error: BaseException | None = None
        self._closed = False
        threading.Thread(target=self._run, args=(path, passphrase), name="key-ahead", daemon=True).start()
        self._deriving.wait(self._STARTING_S)

    def _run(self, path: Path, passphrase: str) -> None:
        try:
            connection = _connect_now(path, passphrase, False, self._deriving)
        except BaseException as exc:  # handed to whoever takes the connection, as if keyed there
            self._error = exc
        else:
            with self._mutex:
                self._connection = connection
                if self._closed:  # given up on while it was being keyed
                    connection.close()
        finally:
            self._deriving.set()  # (a connection that failed before deriving: no more to wait for)
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
    except Exception as exc:
        from cwsw_desktop.store.errors import DB_DATABASE_ERRORS, WrongPassphraseError

        if isinstance(exc, DB_DATABASE_ERRORS):
            raise WrongPassphraseError() from exc
        raise
