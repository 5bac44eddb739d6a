"""Schema migrations with Alembic, run on open. The scripts live in store/migrations/."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

MIGRATIONS = Path(__file__).with_name("migrations")


class UnknownRevisionError(Exception):
    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class MigrationIntegrityError(Exception):
    """An upgrade would leave rows pointing at nothing: it is rolled back, the file unchanged."""


class ForeignDatabaseError(Exception):
    """The file has tables but is not one of ours."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def is_known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several types for unknown ids
        return False


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection, target: str = "head") -> str:
    """Bring the schema to `target`, refusing databases that are newer than the app."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(connection)
    if current is None:
        tables = set(inspect(connection).get_table_names())
        if tables:
            raise ForeignDatabaseError(", ".join(sorted(tables)))
    else:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises several types for unknown ids
            raise UnknownRevisionError(current) from exc
    # Rebuilding a table (Alembic's batch mode on SQLite) drops it: with foreign keys on, SQLite
    # would delete every child row on the way (ON DELETE CASCADE). So keys are off while the
    # migrations run (SQLite's own recipe for schema changes), checked afterwards, and the caller
    # turns them on again after the commit (see engine.open_store).
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    command.upgrade(alembic_config(connection), target)
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        names = sorted({str(row[0]) for row in broken})
        raise MigrationIntegrityError(f"the upgrade left rows without their parent in {', '.join(names)}")
    return current_revision(connection) or ""
