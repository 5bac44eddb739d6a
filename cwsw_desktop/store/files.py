"""Files on disk: the one fsync helper, and private files (0600) in private folders (0700).

A DT's records are for the DT's eyes only, so everything the app writes next to the database
(the database itself, its WAL and SHM, backups and their manifests, exports, the lock file) is
created readable by its owner only, in a folder only its owner can enter. On Windows the modes
are ignored (a user's profile folder is already private); the calls are harmless there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def fsync_file(path: Path) -> None:
    """Flush a closed file's content to the disk."""
    with Path(path).open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to the disk. Windows cannot open a folder
    for fsync; NTFS journals the rename, so there is nothing to do there."""
    if not POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_dir(folder: Path) -> Path:
    """Create `folder` (and its missing parents) as 0700; an existing folder is left as it is,
    since it may be one the user chose and shares on purpose (a USB stick's root, say)."""
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if POSIX:
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return folder


def private_file(path: Path) -> Path:
    """Create `path` empty as 0600 if it does not exist; make an existing one 0600."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    if POSIX:
        os.chmod(path, FILE_MODE)
    return path


def make_private(path: Path) -> None:
    """Make an existing file 0600 (a database's -wal and -shm: SQLite copies the database's
    mode when it creates them, this covers files left by an older version)."""
    if POSIX and Path(path).exists():
        os.chmod(path, FILE_MODE)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def private_database(path: Path) -> None:
    """The database (created here, empty, so SQLite never makes it with the umask's mode), its
    -wal and -shm (SQLite gives them the database's mode) are 0600. A new data folder is made
    0700 by ``open_store``; an existing folder is left alone (it may be one the user chose)."""
    if not Path(path).exists():
        private_file(path)
    for suffix in ("", "-wal", "-shm"):
        make_private(Path(str(path) + suffix))
