"""Backups with SQLite's online backup API (never a file copy), checked before they count."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cwsw_desktop.services import audit
from cwsw_desktop.store import Store, unit_of_work


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    pupils: int


def backup_to(store: Store, dest: Path) -> BackupResult:
    """Write a consistent copy of the store to `dest`: temp file, check, fsync, rename."""
    dest = Path(dest)
    if dest.resolve() == store.path.resolve():
        raise BackupError("Choose a different file: a backup cannot overwrite the database itself.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    temp = dest.with_name(dest.name + ".partial")
    source = store.connect_raw()
    try:
        target = store.connect_raw(temp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = target.execute("PRAGMA quick_check").fetchone()[0]
            pupils = target.execute("SELECT count(*) FROM pupil").fetchone()[0]
            expected = source.execute("SELECT count(*) FROM pupil").fetchone()[0]
        finally:
            target.close()
    finally:
        source.close()
    if ok != "ok" or pupils != expected:
        temp.unlink(missing_ok=True)
        raise BackupError(f"The backup did not verify ({ok}); nothing was written to {dest.name}.")
    with temp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, dest)
    with unit_of_work(store.engine) as session:
        audit.record(session, "backup", "store", None, detail=f"backup written: {dest.name}")
    return BackupResult(path=dest, size=dest.stat().st_size, pupils=pupils)
