"""Plain rows for the read-heavy views: what is due, the Overview, the tab lists.

Building an ORM object per row costs more than the rule work it feeds (cProfile of what is due at
5,000 pupils: 40,000 instances, over a second), so the duty sources read tuples through a
``Reader``: one DB-API connection, one consistent snapshot (a read transaction), plain SQL.

Two ways to get one:
- ``reading(engine_or_reader)`` inside the app: a pooled connection of the open store's engine
  (keyed, gated and locked like every other), or the reader already given, so a caller that reads
  for several sources opens one snapshot and passes it down;
- ``open_reader(path, passphrase)`` for a read-only command: a bare ``sqlite3``/``sqlcipher3``
  connection, without importing SQLAlchemy or Alembic, when the schema is already at the head
  (None otherwise, and the caller opens the store the ordinary way, which migrates). SQLCipher
  checks each page's HMAC as it reads it, so a damaged page is still an error, never bad data.

This module imports no SQLAlchemy at run time: ``cwsw-desktop due`` starts in a fraction of the
time the ORM's imports take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.lockfile as lockfile
from cwsw_desktop.store.revisions import head_revision

if TYPE_CHECKING:
    from sqlalchemy import Engine

Params: TypeAlias = Sequence[Any] | Mapping[str, Any]


@runtime_checkable
class Reader(Protocol):
    """Plain SQL in, a list of tuples out, all from one snapshot of the store."""

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...


class ConnectionReader:
    """A ``Reader`` over one DB-API connection (``sqlite3`` or ``sqlcipher3``)."""

    def __init__(self, connection: Any, watch: Callable[[], tuple[Any, int] | None] | None = None) -> None:
        self.connection = connection
        self.statements = 0  # how many were run: the benchmarks check it stays constant
        self.watch = watch  # the store's watching connection and its data_version (data_state)

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        self.statements += 1
        return list(self.connection.execute(sql, params).fetchall())

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        found = self.rows(sql, params)
        return found[0][0] if found else None


Source: TypeAlias = "Engine | Reader"


@contextmanager
def reading(source: Source) -> Iterator[Reader]:
    """A reader for `source`: the reader itself, or one snapshot of the engine's store (a read
    transaction on a pooled connection, rolled back and returned to the pool afterwards)."""
    if isinstance(source, Reader):
        yield source
        return
    from cwsw_desktop.store.gate import gate_of  # the engine's: SQLAlchemy is loaded already

    gate = gate_of(source)
    raw = source.raw_connection()
    try:
        connection: Any = raw.driver_connection
        if not connection.in_transaction:
            connection.execute("BEGIN")  # one snapshot for every statement of this read
        try:
            yield ConnectionReader(connection, gate.watched_version if gate is not None else None)
        finally:
            connection.rollback()
    finally:
        raw.close()


class StoredReader(ConnectionReader):
    """A reader opened on a file by ``open_reader``; ``close`` releases the connection and the
    store's lock file."""

    def __init__(self, connection: Any, lock: lockfile.DbLock | None) -> None:
        super().__init__(connection)
        self._lock = lock

    def close(self) -> None:
        try:
            self.connection.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


def stored_revision(connection: Any) -> str | None:
    """The schema revision stored in the file (None when it has none)."""
    has = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if has is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def open_reader(path: Path, passphrase: str | None, *, lock: bool = True) -> StoredReader | None:
    """A read-only view of the existing store at `path`, keyed with `passphrase` when the file is
    encrypted, holding its lock file like any command (DatabaseInUseError while the window has
    it). None when the file is missing, empty, not at the current schema, or encrypted and no
    passphrase was given, or not a database: the caller then opens the store the ordinary way, which creates,
    migrates or says what is wrong. A wrong passphrase raises WrongPassphraseError."""
    path = Path(path).expanduser()
    if not path.is_file() or path.stat().st_size == 0:
        return None
    kind = crypto.file_kind(path)
    if kind not in ("sqlite", "encrypted") or (kind == "encrypted" and passphrase is None):
        return None
    held = lockfile.acquire(path) if lock else None
    try:
        head = head_revision()  # (before the connection: a key derived ahead may still be running)
        connection = crypto.connect(path, passphrase if kind == "encrypted" else None)
    except BaseException:
        if held is not None:
            held.release()
        raise
    reader = StoredReader(connection, held)
    try:
        current = stored_revision(connection) == head
    except BaseException:
        reader.close()
        raise
    if not current:
        reader.close()
        return None
    connection.execute("BEGIN")  # one snapshot; nothing is ever written through it
    return reader


def data_state(reader: Reader) -> tuple[Any, int, int] | None:
    """A token that changes whenever the store's data may have changed, for a view that keeps its
    last result while nothing has (a tab shown again, the Overview refreshed with no edit between).
    Two equal tokens mean the same data; None (an unknown reader) means "do not trust a kept
    result". Read it before the reader's first statement: a commit in between then only makes the
    token older than the data, never newer.

    The token's first item is what it is valid on. While the store's gate keeps its watching
    connection (``Gate.start_watching``), that connection and its ``data_version``, which moves
    whenever any other connection commits: the same token on every pooled connection. Otherwise
    the reader's own connection, the changes it has made itself (``total_changes``) and its
    ``data_version``: comparable only with tokens read on that connection."""
    watch = getattr(reader, "watch", None)
    watched = watch() if watch is not None else None
    if watched is not None:
        return (watched[0], 0, watched[1])
    connection = getattr(reader, "connection", None)
    if connection is None:
        return None
    version = connection.execute("PRAGMA data_version").fetchone()[0]
    return (connection, int(connection.total_changes), int(version))
