"""Backups with SQLite's online backup API (never a file copy), checked before they count.

A backup is written to a temporary file next to its destination, checked (``quick_check``, and
the row count of every table equal to the store's at the moment it was copied), fsynced and
renamed into place; a ``.sha256`` file beside it lets :func:`list_backups` tell later whether
the file is still the one that was checked. Every connection comes from ``Store.connect_raw``,
so a backup of an encrypted store is keyed with the same passphrase.

On close the window calls :func:`auto_backup` (at most one a day per folder) and old daily
backups are rotated: the newest 7 days and the newest of each of 4 weeks before them are kept.

Restoring (:func:`restore_from`) checks the chosen backup, backs up the current store first
(or, if it is too damaged for that, keeps a plain copy of its files), then swaps the file in
with one atomic rename. The caller reopens the store and calls :func:`record_restore`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cwsw_desktop.services import audit
from cwsw_desktop.store import Store, StoreError, migrate, unit_of_work

# raw connections of an encrypted store are sqlcipher3's, whose errors are separate classes
from cwsw_desktop.store.errors import DB_DATABASE_ERRORS, DB_ERRORS

_WRITE_ERRORS: tuple[type[Exception], ...] = (*DB_ERRORS, OSError)
_STORE_ERRORS: tuple[type[Exception], ...] = (StoreError, *DB_ERRORS)

log = logging.getLogger(__name__)

DAILY_KEEP, WEEKLY_KEEP = 7, 4
DAILY_NAME = re.compile(r"^cwsw-(\d{4})-(\d{2})-(\d{2})\.db$")
CHECKSUM_SUFFIX = ".sha256"
PARTIAL_SUFFIX = ".partial"


class BackupError(Exception):
    """A backup or restore that did not happen, with a message fit for the user."""


_KEEP_ERRORS: tuple[type[Exception], ...] = (BackupError, *_STORE_ERRORS)


class RestoreError(BackupError):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    pupils: int
    counts: Mapping[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in a folder, for the restore list."""

    path: Path
    taken: datetime  # local time the file was last written
    size: int
    verified: bool  # the file still matches the checksum written when it was checked
    kind: str  # "daily", "before restore", "other"

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class BackupCheck:
    revision: str
    counts: Mapping[str, int]

    @property
    def pupils(self) -> int:
        return self.counts.get("pupil", 0)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path
    safety_verified: bool  # False when the current store was too damaged to back up normally
    counts: Mapping[str, int]
    seconds: float


# --- writing a backup ------------------------------------------------------------------------


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        t: int(connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in _tables(connection)
    }


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _checksum_path(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def _write_checksum(path: Path) -> None:
    side = _checksum_path(path)
    temp = side.with_name(side.name + PARTIAL_SUFFIX)
    temp.write_text(f"{_sha256(path)}  {path.name}\n", encoding="ascii")
    os.replace(temp, side)


def backup_to(store: Store | DetachedStore, dest: Path, *, record: bool = True) -> BackupResult:
    """Write a consistent copy of the store to `dest`: temp file, check, fsync, rename."""
    started = time.perf_counter()
    dest = Path(dest)
    if dest.resolve() == store.path.resolve():
        raise BackupError("Choose a different file: a backup cannot overwrite the database itself.")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot write to {dest.parent}: {exc.strerror or exc}.") from exc
    temp = dest.with_name(dest.name + PARTIAL_SUFFIX)
    temp.unlink(missing_ok=True)
    try:
        ok, counts, expected = _copy_and_check(store, temp)
    except _WRITE_ERRORS as exc:
        temp.unlink(missing_ok=True)
        raise BackupError(
            f"The backup could not be written ({exc}); nothing was saved as {dest.name}."
        ) from exc
    if ok != "ok" or counts != expected:
        temp.unlink(missing_ok=True)
        differ = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        what = ok if ok != "ok" else "row counts differ in " + ", ".join(differ)
        raise BackupError(f"The backup did not verify ({what}); nothing was written to {dest.name}.")
    _fsync_file(temp)
    os.replace(temp, dest)
    _fsync_dir(dest.parent)
    _write_checksum(dest)
    if record and isinstance(store, Store):
        with unit_of_work(store.engine) as session:
            audit.record(session, "backup", "store", None, detail=f"backup written: {dest}")
    seconds = time.perf_counter() - started
    log.info("backup verified: %d tables, %.2f s", len(counts), seconds)
    return BackupResult(
        path=dest, size=dest.stat().st_size, pupils=counts.get("pupil", 0), counts=counts, seconds=seconds
    )


def _copy_and_check(store: Store | DetachedStore, temp: Path) -> tuple[str, dict[str, int], dict[str, int]]:
    source = store.connect_raw()
    try:
        source.execute("BEGIN")  # one read snapshot for the counts and the copy
        expected = _counts(source)
        target = store.connect_raw(temp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = str(target.execute("PRAGMA quick_check").fetchone()[0])
            counts = _counts(target)
        finally:
            target.close()
        source.rollback()
    finally:
        source.close()
    for suffix in ("-wal", "-shm"):
        Path(str(temp) + suffix).unlink(missing_ok=True)
    return ok, counts, expected


# --- daily backups and rotation --------------------------------------------------------------


def daily_name(day: date) -> str:
    return f"cwsw-{day:%Y-%m-%d}.db"


def auto_backup(store: Store, folder: Path, today: date) -> BackupResult | None:
    """Today's backup in `folder`, unless there is one already; then rotate. ``None`` if skipped."""
    dest = Path(folder) / daily_name(today)
    if dest.exists():
        return None
    result = backup_to(store, dest)
    rotate(Path(folder))
    return result


def _daily_backups(folder: Path) -> list[tuple[date, Path]]:
    found = []
    for path in folder.glob("cwsw-*.db"):
        match = DAILY_NAME.match(path.name)
        if match:
            try:
                found.append((date(*(int(g) for g in match.groups())), path))
            except ValueError:
                continue
    return sorted(found, reverse=True)


def backups_to_keep(days: list[date], daily: int = DAILY_KEEP, weekly: int = WEEKLY_KEEP) -> set[date]:
    """The newest `daily` days, then the newest day of each of `weekly` earlier ISO weeks
    (a day kept as a daily does not count as a weekly; like ``borg prune``)."""
    ordered = sorted(set(days), reverse=True)
    keep = set(ordered[:daily])
    weeks_kept = {d.isocalendar()[:2] for d in keep}
    weeks: list[date] = []
    for day in ordered[daily:]:
        week = day.isocalendar()[:2]
        if week in weeks_kept:
            continue
        weeks_kept.add(week)
        weeks.append(day)
        if len(weeks) == weekly:
            break
    return keep | set(weeks)


def rotate(folder: Path, daily: int = DAILY_KEEP, weekly: int = WEEKLY_KEEP) -> list[Path]:
    """Delete daily backups (``cwsw-YYYY-MM-DD.db``) beyond the 7 daily and 4 weekly kept.
    Other files in the folder (manual backups, safety copies) are never touched."""
    backups = _daily_backups(folder)
    keep = backups_to_keep([d for d, _ in backups], daily, weekly)
    removed = []
    for day, path in backups:
        if day not in keep:
            path.unlink(missing_ok=True)
            _checksum_path(path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in `folder`, newest first. ``verified`` means the file still matches the
    checksum written when the backup was checked (restore checks it again, fully)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    infos = []
    for path in folder.glob("*.db"):
        if not path.is_file():
            continue
        stat = path.stat()
        side = _checksum_path(path)
        verified = False
        if side.exists():
            try:
                verified = side.read_text(encoding="ascii").split()[0] == _sha256(path)
            except (OSError, UnicodeDecodeError, IndexError):
                verified = False
        kind = (
            "daily"
            if DAILY_NAME.match(path.name)
            else "before restore"
            if path.name.startswith("cwsw-before-restore")
            else "other"
        )
        infos.append(BackupInfo(path, datetime.fromtimestamp(stat.st_mtime), stat.st_size, verified, kind))
    return sorted(infos, key=lambda i: (i.taken, i.name), reverse=True)


# --- restoring -------------------------------------------------------------------------------


@dataclass
class DetachedStore:
    """A store that could not be opened (damaged, say), for :func:`restore_from` only: raw
    connections to its file and to backups, keyed with `passphrase` when it is encrypted."""

    path: Path
    passphrase: str | None = None

    def connect_raw(self, path: Path | None = None) -> Any:
        from cwsw_desktop.store import crypto

        return crypto.connect(Path(path) if path is not None else self.path, self.passphrase)

    def close(self) -> None:
        """Nothing is open."""


def check_backup(store: Store | DetachedStore, path: Path, name: str = "") -> BackupCheck:
    """Whether `path` can replace the store: it opens (with the store's key), passes
    ``quick_check``, is a CWSW Desktop database and is not from a newer version of the app.
    Opening sets its journal mode, so check a copy, not a backup you mean to keep unchanged."""
    name = name or Path(path).name
    unreadable = (
        f"{name} is not a database this app can read: it is damaged, or was saved with a "
        "different passphrase."
    )
    try:
        connection = store.connect_raw(Path(path))
    except DB_DATABASE_ERRORS as exc:
        raise RestoreError(unreadable) from exc
    except DB_ERRORS as exc:
        raise RestoreError(f"{name} cannot be opened ({exc}).") from exc
    except StoreError as exc:  # WrongPassphraseError from a keyed connect
        raise RestoreError(unreadable) from exc
    try:
        try:
            tables = set(_tables(connection))
        except DB_DATABASE_ERRORS as exc:
            raise RestoreError(unreadable) from exc
        if "alembic_version" not in tables or "pupil" not in tables:
            raise RestoreError(f"{name} is not a CWSW Desktop backup.")
        ok = str(connection.execute("PRAGMA quick_check").fetchone()[0])
        if ok != "ok":
            raise RestoreError(f"{name} is damaged ({ok}); choose another backup.")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row else ""
        if not revision or not migrate.is_known(revision):
            raise RestoreError(
                f"{name} was saved by a newer version of CWSW Desktop (schema "
                f"{revision or 'unknown'}); install the latest version to restore it."
            )
        counts = _counts(connection)
        connection.execute("PRAGMA journal_mode = DELETE")
    except DB_DATABASE_ERRORS as exc:
        raise RestoreError(f"{name} is damaged ({exc}); choose another backup.") from exc
    finally:
        connection.close()
    return BackupCheck(revision=revision, counts=counts)


def _keep_current(store: Store | DetachedStore, safety_dir: Path, stamp: str) -> tuple[Path, bool]:
    """A copy of the current store before it is replaced: a verified backup if it can be made,
    otherwise (a damaged store) the raw files, so nothing is ever lost."""
    target = safety_dir / f"cwsw-before-restore-{stamp}.db"
    try:  # audited in the restore event, in the store as it is after the restore
        return backup_to(store, target, record=False).path, True
    except _KEEP_ERRORS as exc:
        log.warning("current store could not be backed up before restore (%s); keeping its files", exc)
    damaged = safety_dir / f"cwsw-before-restore-{stamp}-damaged.db"
    for suffix in ("", "-wal"):
        source = Path(str(store.path) + suffix)
        if source.exists():
            shutil.copy2(source, Path(str(damaged) + suffix))
            _fsync_file(Path(str(damaged) + suffix))
    _fsync_dir(safety_dir)
    return damaged, False


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
    try:
        shutil.copyfile(backup, candidate)  # a closed backup file: copy it, then check the copy
        _fsync_file(candidate)
        check = check_backup(store, candidate, backup.name)
        safety_dir.mkdir(parents=True, exist_ok=True)
        safety, safety_ok = _keep_current(store, safety_dir, datetime.now().strftime("%Y%m%d-%H%M%S"))
    except BaseException:
        candidate.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(candidate) + suffix).unlink(missing_ok=True)
        raise
    store.close()
    _settle(store)
    os.replace(candidate, store.path)
    _fsync_dir(store.path.parent)
    log.info("store restored from a backup (%d pupils)", check.pupils)
    return RestoreResult(
        restored_from=backup,
        safety_copy=safety,
        safety_verified=safety_ok,
        counts=check.counts,
        seconds=time.perf_counter() - started,
    )


def _settle(store: Store | DetachedStore) -> None:
    """Fold the closed store's WAL into its file and remove the -wal and -shm files, so none
    is left to be replayed into the file that replaces it (their content is in the safety copy)."""
    try:
        connection = store.connect_raw()
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
    except _STORE_ERRORS as exc:
        log.warning("could not checkpoint the store before restore: %s", exc)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(store.path) + suffix).unlink(missing_ok=True)


def record_restore(store: Store, result: RestoreResult) -> None:
    """Audit the restore in the reopened store."""
    kept = "verified backup" if result.safety_verified else "copy of the damaged files"
    audit.log_event(
        store.engine,
        "restore",
        "store",
        None,
        detail=f"restored from {result.restored_from}; the store before it was kept as "
        f"{kept} {result.safety_copy}",
    )
