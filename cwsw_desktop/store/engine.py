"""Open the SQLite store: pragmas, migrations on open, refusal of files we cannot trust."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from cwsw_desktop.store import migrate

log = logging.getLogger(__name__)


class StoreError(Exception):
    """A store that cannot be opened, with a message fit to show the user."""


class StoreTooNewError(StoreError):
    """The database was written by a newer version of the app."""


@dataclass
class Store:
    """An open store: where it is and the engine to reach it."""

    path: Path
    engine: Engine
    demo: bool = False
    revision: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        self.engine.dispose()

    def connect_raw(self, path: Path | None = None) -> sqlite3.Connection:
        """A DB-API connection to this store's file (or another file, keyed the same way),
        for work SQLAlchemy does not do: the online backup API, integrity checks."""
        connection = sqlite3.connect(path or self.path)
        _on_connect(connection, None)
        return connection


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at `path` with the app's pragmas on every connection."""
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=NullPool if path == Path(":memory:") else None,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def open_store(path: Path | str, *, create: bool = True, demo: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at `path`.

    Raises StoreError with a message for the user when the file is not ours, is damaged, or
    was made by a newer version of the app; in those cases the file is left untouched.
    """
    path = Path(path).expanduser()
    if not path.exists():
        if not create:
            raise StoreError(f"There is no database at {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
    elif path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    else:
        _check_readable(path)
        _check_ours(path)

    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            revision = migrate.upgrade_to_head(connection)
            connection.commit()
    except migrate.UnknownRevisionError as exc:
        engine.dispose()
        raise StoreTooNewError(
            f"{path.name} was saved by a newer version of CWSW Desktop (schema {exc.revision}). "
            "Install the latest version to open it; the file has not been changed."
        ) from exc
    except migrate.ForeignDatabaseError as exc:
        engine.dispose()
        raise StoreError(
            f"{path.name} is not a CWSW Desktop database (it has other tables in it). "
            "It has not been changed."
        ) from exc
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"Could not open {path.name}: {exc}") from exc
    log.info("opened store at schema %s", revision)
    return Store(path=path, engine=engine, demo=demo, revision=revision)


def _check_readable(path: Path) -> None:
    """Refuse files that are not SQLite databases before anything writes to them."""
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise StoreError(
            f"{path.name} is not a database this app can read (it may be encrypted or damaged). "
            "It has not been changed."
        )


def _check_ours(path: Path) -> None:
    """Read-only look before any write (even a pragma): is it ours, and not from a newer app?"""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Could not read {path.name}: {exc}. It has not been changed.") from exc
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path.name} is not a database this app can read (it may be encrypted or damaged). "
            "It has not been changed."
        ) from exc
    finally:
        connection.close()
    if revision is None and tables - {"alembic_version"}:
        raise StoreError(
            f"{path.name} is not a CWSW Desktop database (it has other tables in it). "
            "It has not been changed."
        )
    if revision is not None and not migrate.is_known(revision):
        raise StoreTooNewError(
            f"{path.name} was saved by a newer version of CWSW Desktop (schema {revision}). "
            "Install the latest version to open it; the file has not been changed."
        )


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One session per unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
