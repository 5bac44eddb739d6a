"""Restoring from a backup, for the window and the command line, also onto a damaged database.

:func:`restore_from` checks the chosen backup (a copy of it, keyed like the store), keeps the
current database, then swaps the backup in with one atomic rename. What is kept: a verified
backup of the current store when one can be made; otherwise (the store is damaged) the damaged
file itself, with its -wal and -shm, **moved aside** next to it (``cwsw.db.damaged-<time>``),
never deleted. The caller reopens the store and calls :func:`record_restore`.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.services.backup import STORE_ERRORS, BackupError, RestoreError, backup_to, unused_path
from cwsw_desktop.store import Store, migrate
from cwsw_desktop.store.errors import DB_DATABASE_ERRORS, DB_ERRORS, StoreError
from cwsw_desktop.store.files import fsync_dir, fsync_file, private_dir, private_file
from cwsw_desktop.store.raw import AuditHead, DetachedStore, RawSource, inspect_file, settle

log = logging.getLogger(__name__)

__all__ = ["BackupCheck", "DetachedStore", "RestoreError", "RestoreResult", "check_backup", "restore_from"]

_KEEP_ERRORS: tuple[type[Exception], ...] = (BackupError, *STORE_ERRORS)


@dataclass(frozen=True)
class BackupCheck:
    revision: str
    counts: Mapping[str, int]
    audit: AuditHead = field(default_factory=AuditHead)

    @property
    def pupils(self) -> int:
        return self.counts.get("pupil", 0)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path
    safety_verified: bool  # False when the current store was too damaged to back up: moved aside
    counts: Mapping[str, int]
    seconds: float
    audit: AuditHead = field(
        default_factory=AuditHead
    )  # the restored backup's audit head: the trail rewinds to it


def check_backup(store: RawSource, path: Path, name: str = "") -> BackupCheck:
    """Whether `path` can replace the store: it opens (with the store's key), passes
    ``quick_check``, is a CWSW Desktop database and is not from a newer version of the app.
    Opening sets its journal mode, so check a copy, not a backup you mean to keep unchanged."""
    name = name or Path(path).name
    unreadable = (
        f"{name} is not a database this app can read: it is damaged, or was saved with a "
        "different passphrase."
    )
    try:
        check = inspect_file(store, Path(path))
    except DB_DATABASE_ERRORS as exc:
        raise RestoreError(unreadable) from exc
    except DB_ERRORS as exc:
        raise RestoreError(f"{name} cannot be opened ({exc}).") from exc
    except StoreError as exc:  # WrongPassphraseError from a keyed connect
        raise RestoreError(unreadable) from exc
    if "alembic_version" not in check.tables or "pupil" not in check.tables:
        raise RestoreError(f"{name} is not a CWSW Desktop backup.")
    if check.ok != "ok":
        raise RestoreError(f"{name} is damaged ({check.ok}); choose another backup.")
    if not check.revision or not migrate.is_known(check.revision):
        raise RestoreError(
            f"{name} was saved by a newer version of CWSW Desktop (schema "
            f"{check.revision or 'unknown'}); install the latest version to restore it."
        )
    return BackupCheck(revision=check.revision, counts=check.counts, audit=check.audit)


def _safety_backup(store: RawSource, safety_dir: Path, stamp: str) -> Path | None:
    """A verified backup of the current store before it is replaced, or None if it is too
    damaged for one (then its files are moved aside instead)."""
    target = unused_path(safety_dir, f"cwsw-before-restore-{stamp}")
    try:  # audited in the restore event, in the store as it is after the restore
        return backup_to(store, target, record=False).path
    except _KEEP_ERRORS as exc:
        log.warning("current store could not be backed up before restore (%s); moving it aside", exc)
        return None


def _move_aside(path: Path, stamp: str) -> Path:
    """Move a damaged database and its -wal/-shm aside, next to it, kept whole."""
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm", ""):
        source = Path(str(path) + suffix)
        if source.exists():
            os.replace(source, Path(str(aside) + suffix))
    fsync_dir(path.parent)
    return aside


def restore_from(store: Store | DetachedStore, backup: Path, safety_dir: Path) -> RestoreResult:
    """Replace the store's file with `backup`, after checking it and keeping the current one.

    Closes the store's engine; the caller reopens the store (its open path) and then calls
    :func:`record_restore`. On any error before the swap the store's file is untouched."""
    started = time.perf_counter()
    backup = Path(backup)
    if not backup.is_file():
        raise RestoreError(f"There is no backup at {backup}.")
    if backup.resolve() == store.path.resolve():
        raise RestoreError("That is the database itself, not a backup.")
    candidate = store.path.with_name(store.path.name + ".restoring")
    candidate.unlink(missing_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        private_file(candidate)
        shutil.copyfile(backup, candidate)  # a closed backup file: copy it, then check the copy
        fsync_file(candidate)
        check = check_backup(store, candidate, backup.name)
        private_dir(safety_dir)
        safety = _safety_backup(store, safety_dir, stamp)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(str(candidate) + suffix).unlink(missing_ok=True)
        raise
    store.close()
    verified = safety is not None
    if safety is not None:
        _settle(store)
    else:
        safety = _move_aside(store.path, stamp)
    os.replace(candidate, store.path)
    fsync_dir(store.path.parent)
    log.info("store restored from a backup (%d pupils)", check.pupils)
    return RestoreResult(
        restored_from=backup,
        safety_copy=safety,
        safety_verified=verified,
        counts=check.counts,
        seconds=time.perf_counter() - started,
        audit=check.audit,
    )


def _settle(store: RawSource) -> None:
    """Fold the closed store's WAL into its file and remove the -wal and -shm files, so none
    is left to be replayed into the file that replaces it (their content is in the safety copy)."""
    try:
        settle(store)
    except STORE_ERRORS as exc:
        log.warning("could not checkpoint the store before restore: %s", exc)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(store.path) + suffix).unlink(missing_ok=True)


def restored_head(head: AuditHead) -> str:
    """How a restore event records the audit head it rewound the trail to (read back by
    ``services.audit_anchor``: backups taken before the restore are superseded, not tampered)."""
    return f"audit head {head.last_id} {head.last_hash or '-'}"


def record_restore(store: Store, result: RestoreResult) -> None:
    """Audit the restore in the reopened store."""
    kept = "verified backup" if result.safety_verified else "damaged file, moved aside,"
    audit.log_event(
        store.engine,
        AuditAction.RESTORE,
        "store",
        None,
        detail=f"restored from {result.restored_from}; the store before it was kept as "
        f"{kept} {result.safety_copy}; {restored_head(result.audit)}",
    )
