"""What is done through a raw DB-API connection rather than SQLAlchemy: the online backup API,
row counts of every table, integrity checks, checkpoints, VACUUM and secure delete, and reading
the audit trail's head. SQLite specifics (PRAGMAs) live here, next to the engine, so the services
above stay free of them and a second backend stays possible.

Every connection comes from a ``RawSource``: an open ``Store`` or a ``DetachedStore`` (a file
that could not be opened, for a restore), keyed with the store's passphrase when encrypted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine

import cwsw_desktop.store.crypto as crypto
from cwsw_desktop.store.files import make_private, private_file


class RawSource(Protocol):
    """Anything that hands out raw connections to its file, or to another file keyed the same."""

    @property
    def path(self) -> Path: ...

    def connect_raw(self, path: Path | None = None) -> Any: ...


@dataclass
class DetachedStore:
    """A store that could not be opened (damaged, say), for a restore only: raw connections to
    its file and to backups, keyed with `passphrase` when it is encrypted."""

    path: Path
    passphrase: str | None = None

    def connect_raw(self, path: Path | None = None) -> Any:
        return crypto.connect(Path(path) if path is not None else self.path, self.passphrase)

    def close(self) -> None:
        """Nothing is open."""


@dataclass(frozen=True)
class AuditHead:
    """The newest row of the audit trail: its id, its hash, and how many rows there are."""

    last_id: int = 0
    last_hash: str = ""
    count: int = 0


@dataclass(frozen=True)
class FileCheck:
    """What a copy of the store holds: its tables, quick_check's verdict, its schema revision,
    every table's row count and its audit head."""

    tables: frozenset[str]
    ok: str
    revision: str
    counts: dict[str, int]
    audit: AuditHead


def tables(connection: Any) -> list[str]:
    return [
        r[0]
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def counts(connection: Any) -> dict[str, int]:
    return {
        t: int(connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables(connection)
    }


def audit_head(connection: Any) -> AuditHead:
    """The audit trail's head as this connection sees it (an empty head without the table)."""
    if "audit_event" not in tables(connection):
        return AuditHead()
    count, last_id = connection.execute("SELECT count(*), coalesce(max(id), 0) FROM audit_event").fetchone()
    row = connection.execute("SELECT row_hash FROM audit_event WHERE id = ?", (last_id,)).fetchone()
    return AuditHead(int(last_id), str(row[0]) if row else "", int(count))


def copy_and_check(source: RawSource, temp: Path) -> tuple[FileCheck, dict[str, int]]:
    """Copy the store into `temp` with the online backup API, in one read snapshot, and check
    the copy. Returns the copy's check and the store's row counts at that snapshot."""
    private_file(temp)  # 0600 before SQLite writes a byte into it
    connection = source.connect_raw()
    try:
        connection.execute("BEGIN")  # one read snapshot for the counts and the copy
        expected = counts(connection)
        target = source.connect_raw(temp)
        try:
            connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            check = _inspect(target)
        finally:
            target.close()
        connection.rollback()
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        Path(str(temp) + suffix).unlink(missing_ok=True)
    return check, expected


def inspect_file(source: RawSource, path: Path) -> FileCheck:
    """Open `path` keyed like `source` and check it; leaves it in rollback-journal mode (so
    check a copy, not a backup you mean to keep byte for byte). Raises the driver's errors."""
    connection = source.connect_raw(Path(path))
    try:
        check = _inspect(connection)
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
    return check


def read_audit_head(source: RawSource, path: Path) -> AuditHead:
    """The audit head stored in the file at `path`, read-only (the file is not changed)."""
    passphrase = getattr(source, "passphrase", None)
    connection = crypto.connect(Path(path), passphrase, read_only=True)
    try:
        return audit_head(connection)
    finally:
        connection.close()


def _inspect(connection: Any) -> FileCheck:
    names = frozenset(tables(connection))
    if "alembic_version" not in names:
        return FileCheck(names, "not ours", "", {}, AuditHead())
    ok = str(connection.execute("PRAGMA quick_check").fetchone()[0])
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return FileCheck(names, ok, str(row[0]) if row else "", counts(connection), audit_head(connection))


def settle(source: RawSource) -> None:
    """Fold a closed store's WAL into its file (before the file is replaced)."""
    connection = source.connect_raw()
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def wipe_free_space(source: RawSource) -> None:
    """Rebuild the file without free pages (VACUUM) and empty the WAL into it, so deleted rows
    leave nothing behind on disk in the database or its WAL."""
    connection = source.connect_raw()
    try:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        make_private(Path(str(source.path) + suffix))


@contextmanager
def secure_delete(engine: Engine) -> Iterator[Connection]:
    """A connection whose deletes overwrite the freed content with zeros."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
        connection.commit()
        yield connection
