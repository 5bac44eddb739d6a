"""Throwaway demo folders left behind: `--demo` works in a `cwsw-demo-*` folder in the temp
folder and removes it on quitting, but a demo that was killed or crashed leaves it (with a
database of fictitious pupils) behind. At the next start these are removed: only ours (by
name, a folder we own, holding nothing but a demo database and its side files), only once
stale (older than an hour), and never one in use (its lock file names a running process).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "cwsw-demo-"
STALE_AFTER_SECONDS = 3600.0
DEMO_FILES = ("demo.db", "demo.db-wal", "demo.db-shm", "demo.db-journal", "demo.db.lock")


def _in_use(folder: Path) -> bool:
    from cwsw_desktop.store.lockfile import is_stale, read_lock

    db = folder / "demo.db"
    if not (folder / "demo.db.lock").exists():
        return False
    info = read_lock(db)
    return info is None or not is_stale(info)  # unreadable: leave it rather than guess


def _ours(folder: Path) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
        return False
    names = {p.name for p in folder.iterdir()}
    return names <= set(DEMO_FILES) and not any((folder / n).is_dir() for n in names)


def remove_stale_demo_folders(
    temp_dir: Path | None = None, *, now: float | None = None, stale_after: float = STALE_AFTER_SECONDS
) -> list[Path]:
    """Remove stale demo folders from `temp_dir` (default: the system temp folder); returns them."""
    where = Path(temp_dir or tempfile.gettempdir())
    moment = time.time() if now is None else now
    removed = []
    for folder in sorted(where.glob(PREFIX + "*")):
        try:
            newest = max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())])
            if moment - newest < stale_after or not _ours(folder) or _in_use(folder):
                continue
            shutil.rmtree(folder)
        except OSError as exc:  # gone meanwhile, or not ours to remove: leave it
            log.info("left %s: %s", folder, exc)
            continue
        log.info("removed a stale demo folder: %s", folder)
        removed.append(folder)
    return removed
