"""Schema migrations with Alembic, run on open. The scripts live in store/migrations/.

Alembic (about 0.2 s of imports) loads only when there is something to migrate: a store whose
stored revision is already the head is recognised from the script file names alone (every
script is ``NNNN_words.py`` with ``revision = "NNNN"``; tests/unit/test_store.py checks that
this agrees with Alembic's own view of the head).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect

from cwsw_desktop.store.revisions import MIGRATIONS, head_revision, script_revisions

if TYPE_CHECKING:
    from alembic.config import Config


class UnknownRevisionError(Exception):
    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class MigrationIntegrityError(Exception):
    """An upgrade would leave rows pointing at nothing: it is rolled back, the file unchanged."""


class ForeignDatabaseError(Exception):
    """The file has tables but is not one of ours."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def is_known(revision: str) -> bool:
    if revision in script_revisions():
        return True
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several types for unknown ids
        return False


def current_revision(connection: Connection) -> str | None:
    """The stored revision, read with plain SQL (None for a database without one)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return None if row is None else str(row[0])


def upgrade_to_head(connection: Connection, target: str = "head") -> str:
    """Bring the schema to `target`, refusing databases that are newer than the app."""
    current = current_revision(connection)
    if current is not None and current == head_revision() and target in ("head", current):
        return current  # already current: nothing to run, and no need to load Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
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
