"""The read-only look at an existing file before the store writes anything to it (not even a
pragma): the key, is it a CWSW Desktop database, not from a newer app, and sound. Also the
words of each refusal, shared with ``engine`` (which meets the same cases while migrating).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.migrate as migrate
from cwsw_desktop.store.errors import (
    DB_DATABASE_ERRORS,
    DamagedStoreError,
    StoreError,
    StoreTooNewError,
    WrongPassphraseError,
)

log = logging.getLogger(__name__)


def unreadable(path: Path) -> StoreError:
    return StoreError(
        f"{path.name} is not a database this app can read (it may be encrypted or damaged). "
        "It has not been changed."
    )


def foreign(path: Path) -> StoreError:
    return StoreError(
        f"{path.name} is not a CWSW Desktop database (it has other tables in it). It has not been changed."
    )


def too_new(path: Path, revision: str) -> StoreTooNewError:
    return StoreTooNewError(
        f"{path.name} was saved by a newer version of CWSW Desktop (schema {revision}). "
        "Install the latest version to open it; the file has not been changed."
    )


def check_ours(path: Path, passphrase: str | None = None, *, integrity: bool = True) -> str | None:
    """Read-only look before any write (even a pragma): the key, is it ours, not from a newer
    app, and (with `integrity`) sound. Returns the stored schema revision (None for a new one).
    Without `integrity` the caller must run ``verify`` before anything is written."""
    return _look(path, passphrase, integrity=integrity, keep=False)[0]


def look_and_keep(path: Path, passphrase: str | None) -> tuple[str | None, Any]:
    """``check_ours`` without the integrity check (the caller runs ``verify`` before any write)
    on a read-write connection that is returned, keyed and unchanged (no pragma set), so the
    store's engine can keep it: one key derivation instead of two. The caller closes it."""
    return _look(path, passphrase, integrity=False, keep=True)


def _look(path: Path, passphrase: str | None, *, integrity: bool, keep: bool) -> tuple[str | None, Any]:
    try:
        connection = crypto.connect(path, passphrase, read_only=not keep)
    except WrongPassphraseError:
        raise
    except DB_DATABASE_ERRORS as exc:
        raise StoreError(f"Could not read {path.name}: {exc}. It has not been changed.") from exc
    try:
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            problems = (
                crypto.integrity_problems(connection, encrypted=passphrase is not None) if integrity else []
            )
        except DB_DATABASE_ERRORS as exc:
            raise unreadable(path) from exc
        if revision is None and tables - {"alembic_version"}:
            raise foreign(path)
        if revision is not None and not migrate.is_known(revision):
            raise too_new(path, revision)
        if problems:
            raise damaged(path, problems)
    except BaseException:
        connection.close()
        raise
    if not keep:
        connection.close()
        connection = None
    return revision, connection


def damaged(path: Path, problems: list[str]) -> DamagedStoreError:
    log.error("integrity check failed on open: %s", "; ".join(problems[:5]))
    return DamagedStoreError(
        f"{path.name} is damaged: the integrity check found {len(problems)} problem(s) "
        f"({problems[0]}). It has not been changed; restore the newest verified backup."
    )


def verify(path: Path, passphrase: str | None = None) -> None:
    """The integrity check alone (``cipher_integrity_check`` and ``quick_check``) on a fresh
    read-only connection: DamagedStoreError when it fails."""
    try:
        connection = crypto.connect(path, passphrase, read_only=True)
    except DB_DATABASE_ERRORS as exc:
        raise damaged(path, [str(exc)]) from exc
    try:
        problems = crypto.integrity_problems(connection, encrypted=passphrase is not None)
    finally:
        connection.close()
    if problems:
        raise damaged(path, problems)
