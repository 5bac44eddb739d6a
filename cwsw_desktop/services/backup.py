"""Backups with SQLite's online backup API (never a file copy), checked before they count.

A backup is written to a temporary file next to its destination, checked (``quick_check``, and
the row count of every table equal to the store's at the moment it was copied), fsynced and
renamed into place; a ``.sha256`` file beside it lets :func:`list_backups` tell later whether
the file is still the one that was checked, and a ``.manifest.json`` records what it held: the
row counts, the schema revision and the **audit head** (last id, last hash, count), which
``services.audit_anchor`` compares with the live trail. Every connection comes from
``Store.connect_raw`` (the SQL is in ``store/raw.py``), so a backup of an encrypted store is
keyed with the same passphrase. Backups, manifests and new backup folders are private (0600,
0700).

On close the window calls :func:`auto_backup` (at most one a day per folder) and old daily
backups are rotated: the newest 7 days and the newest of each of 4 weeks before them are kept.

Restoring is in ``services/restore.py``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.store import Store, StoreError, unit_of_work

# raw connections of an encrypted store are sqlcipher3's, whose errors are separate classes
from cwsw_desktop.store.errors import DB_ERRORS
from cwsw_desktop.store.files import FILE_MODE, fsync_dir, fsync_file, private_dir
from cwsw_desktop.store.raw import AuditHead, RawSource, copy_and_check

WRITE_ERRORS: tuple[type[Exception], ...] = (*DB_ERRORS, OSError)
STORE_ERRORS: tuple[type[Exception], ...] = (StoreError, *DB_ERRORS)

log = logging.getLogger(__name__)

DAILY_KEEP, WEEKLY_KEEP = 7, 4
DAILY_NAME = re.compile(r"^cwsw-(\d{4})-(\d{2})-(\d{2})\.db$")
CHECKSUM_SUFFIX = ".sha256"
MANIFEST_SUFFIX = ".manifest.json"
PARTIAL_SUFFIX = ".partial"
MANIFEST_FORMAT = "cwsw-desktop backup manifest"
FOLDERS_SUFFIX = ".backup-folders"  # beside the database: every folder a backup went to


class BackupError(Exception):
    """A backup or restore that did not happen, with a message fit for the user."""


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
    audit: AuditHead | None = None  # the audit head in its manifest (None: no manifest)

    @property
    def name(self) -> str:
        return self.path.name


# --- writing a backup ------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _checksum_path(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def _write_private(path: Path, content: str) -> None:
    temp = path.with_name(path.name + PARTIAL_SUFFIX)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    os.replace(temp, path)


def _write_sidecars(path: Path, revision: str, counts: Mapping[str, int], head: AuditHead) -> None:
    digest = _sha256(path)
    _write_private(_checksum_path(path), f"{digest}  {path.name}\n")
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "file": path.name,
        "sha256": digest,
        "taken": datetime.now(UTC).isoformat(),
        "revision": revision,
        "counts": dict(counts),
        "audit": {"last_id": head.last_id, "last_hash": head.last_hash, "count": head.count},
    }
    _write_private(manifest_path(path), json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def read_manifest(path: Path) -> AuditHead | None:
    """The audit head a backup's manifest records, or None (no manifest, or not readable)."""
    try:
        data = json.loads(manifest_path(path).read_text(encoding="utf-8"))
        head = data["audit"]
        return AuditHead(int(head["last_id"]), str(head["last_hash"]), int(head["count"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def folders_file(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + FOLDERS_SUFFIX)


def remember_folder(db_path: Path, folder: Path) -> None:
    """Note a folder a backup of this database went to (a USB stick, `backup --to`), so that
    ``audit verify`` can find its backups later without being told."""
    known = remembered_folders(db_path)
    folder = Path(folder).resolve()
    if folder not in known:
        _write_private(folders_file(db_path), "\n".join(str(f) for f in [*known, folder]) + "\n")


def remembered_folders(db_path: Path) -> list[Path]:
    try:
        lines = folders_file(db_path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [Path(line) for line in lines if line.strip()]


def backup_to(store: RawSource, dest: Path, *, record: bool = True) -> BackupResult:
    """Write a consistent copy of the store to `dest`: temp file, check, fsync, rename."""
    started = time.perf_counter()
    dest = Path(dest)
    if dest.resolve() == store.path.resolve():
        raise BackupError("Choose a different file: a backup cannot overwrite the database itself.")
    try:
        private_dir(dest.parent)
    except OSError as exc:
        raise BackupError(f"Cannot write to {dest.parent}: {exc.strerror or exc}.") from exc
    temp = dest.with_name(dest.name + PARTIAL_SUFFIX)
    temp.unlink(missing_ok=True)
    try:
        check, expected = copy_and_check(store, temp)
    except WRITE_ERRORS as exc:
        temp.unlink(missing_ok=True)
        raise BackupError(
            f"The backup could not be written ({exc}); nothing was saved as {dest.name}."
        ) from exc
    ok, counts = check.ok, check.counts
    if ok != "ok" or counts != expected:
        temp.unlink(missing_ok=True)
        differ = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        what = ok if ok != "ok" else "row counts differ in " + ", ".join(differ)
        raise BackupError(f"The backup did not verify ({what}); nothing was written to {dest.name}.")
    fsync_file(temp)
    os.replace(temp, dest)
    _write_sidecars(dest, check.revision, counts, check.audit)
    fsync_dir(dest.parent)
    if isinstance(store, Store):
        remember_folder(store.path, dest.parent)
    if record and isinstance(store, Store):
        with unit_of_work(store.engine) as session:
            audit.record(
                session,
                AuditAction.BACKUP,
                "store",
                None,
                detail=f"backup written: {dest} (audit head {check.audit.last_id})",
            )
    seconds = time.perf_counter() - started
    log.info("backup verified: %d tables, %.2f s", len(counts), seconds)
    return BackupResult(
        path=dest, size=dest.stat().st_size, pupils=counts.get("pupil", 0), counts=counts, seconds=seconds
    )


def unused_path(folder: Path, stem: str) -> Path:
    """``folder/stem.db``, or ``stem-2.db``, ``stem-3.db``… when a file has that name already:
    names stamped to the second meet when two backups are made within one (a script, a fast
    machine), and a backup must never replace another."""
    path = Path(folder) / f"{stem}.db"
    n = 2
    while path.exists():
        path = Path(folder) / f"{stem}-{n}.db"
        n += 1
    return path


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
            manifest_path(path).unlink(missing_ok=True)
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
        infos.append(
            BackupInfo(
                path, datetime.fromtimestamp(stat.st_mtime), stat.st_size, verified, kind, read_manifest(path)
            )
        )
    return sorted(infos, key=lambda i: (i.taken, i.name), reverse=True)


def newest_verified(folders: list[Path]) -> BackupInfo | None:
    """The newest backup across `folders` that still matches its checksum."""
    found = [b for folder in folders for b in list_backups(folder) if b.verified]
    return max(found, key=lambda b: (b.taken, b.name)) if found else None
