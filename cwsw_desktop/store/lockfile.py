"""One writer: a lock file next to the database, and a warning for risky locations.

``<db>.lock`` holds who has the database open (pid, host, since when). While it is held the
file is also locked with the operating system (``flock`` / ``msvcrt.locking``), which the OS
drops when the process dies, so two copies starting at once cannot both win. A second copy is
refused with a message naming the holder. A lock left behind by a process that is gone (same
host, pid no longer running, or written before this boot) is taken over. A lock from another
computer (a database on a shared drive) is never taken over automatically: the message says
which computer and where the lock file is, to delete by hand if that computer is off.

Within one process the lock is counted, not refused: the GUI reopening the same file, or the
CLI's restore opening it again, are the same writer.

The CLI takes the same lock for the few seconds a command runs, so a command is refused (not
run) while the window has the database open.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PureWindowsPath

from cwsw_desktop.store.errors import DatabaseInUseError, StoreError

log = logging.getLogger(__name__)

_OS_LOCK_OFFSET = 1 << 16  # Windows locks a byte range: lock one beyond the JSON, so it stays readable
_registry: dict[str, DbLock] = {}
_registry_mutex = threading.Lock()


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    since: str  # ISO 8601, local time

    def describe(self) -> str:
        try:
            when = datetime.fromisoformat(self.since).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            when = self.since or "an unknown time"
        return f"process {self.pid} on {self.host} since {when}"


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def this_host() -> str:
    return socket.gethostname() or "this computer"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running on this computer (never signals it)."""
    if pid <= 0:
        return False
    if sys.platform.startswith("win"):
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return True


def _boot_time() -> float | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except OSError:
        pass
    return None


def _read_info(text: str) -> LockInfo | None:
    try:
        data = json.loads(text)
        return LockInfo(pid=int(data["pid"]), host=str(data["host"]), since=str(data.get("since", "")))
    except (ValueError, KeyError, TypeError):
        return None


def read_lock(db_path: Path) -> LockInfo | None:
    try:
        return _read_info(lock_path_for(db_path).read_text(encoding="utf-8"))
    except OSError:
        return None


def is_stale(
    info: LockInfo, *, host: str | None = None, alive: object = None, boot_time: float | None = None
) -> bool:
    """A lock is stale when it was written on this host by a process that is no longer
    running (or before this computer last started). Another host's lock is never stale."""
    if info.host != (host or this_host()):
        return False
    check = alive if callable(alive) else pid_alive
    if not check(info.pid):
        return True
    boot = boot_time if boot_time is not None else _boot_time()
    try:
        written = datetime.fromisoformat(info.since).timestamp()
    except ValueError:
        return False
    return boot is not None and written < boot - 60


def _os_locking(fd: int, take: bool) -> bool:
    """Take (without waiting) or give back the operating system's lock on the lock file;
    False when it cannot be taken (another process holds it) or given back."""
    try:
        if sys.platform.startswith("win"):
            import msvcrt

            os.lseek(fd, _OS_LOCK_OFFSET, os.SEEK_SET)
            mode = msvcrt.LK_NBLCK if take else msvcrt.LK_UNLCK  # type: ignore[attr-defined]  # Windows only
            msvcrt.locking(fd, mode, 1)  # type: ignore[attr-defined]  # Windows only
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if take else fcntl.LOCK_UN)
    except OSError:
        return False
    return True


def _os_lock(fd: int) -> bool:
    return _os_locking(fd, take=True)


def _os_unlock(fd: int) -> None:
    _os_locking(fd, take=False)


def in_use_message(db_path: Path, info: LockInfo | None) -> str:
    who = info.describe() if info else "another process"
    message = f"CWSW Desktop already has this database open ({who})."
    if info is not None and info.host != this_host():
        message += (
            f" If that computer is switched off or no longer using it, delete "
            f"{lock_path_for(db_path)} and try again."
        )
    else:
        message += " Close the other window first, or switch to it."
    return message


class DbLock:
    """The held lock on one database; counted within this process."""

    def __init__(self, key: str, path: Path, fd: int) -> None:
        self.key = key
        self.path = path
        self._fd: int | None = fd
        self.count = 1
        # True when a stale lock was taken over: the last session did not close cleanly (a crash,
        # a power cut), so the store must be checked in full before anything is shown or written.
        self.took_over = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        with _registry_mutex:
            if self._fd is None:
                return
            self.count -= 1
            if self.count > 0:
                return
            _registry.pop(self.key, None)
            fd, self._fd = self._fd, None
        if not sys.platform.startswith("win"):
            self.path.unlink(missing_ok=True)  # while still holding it: no one can see a half state
        _os_unlock(fd)
        os.close(fd)
        if sys.platform.startswith("win"):
            # Someone else may have opened it meanwhile; their content is what counts.
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def acquire(db_path: Path, *, now: datetime | None = None) -> DbLock:
    """Take the lock for `db_path` or raise DatabaseInUseError with a message for the user."""
    key = os.path.normcase(os.path.realpath(db_path))
    lock_path = lock_path_for(Path(db_path))
    with _registry_mutex:
        held = _registry.get(key)
        if held is not None and held.held:
            held.count += 1
            return held
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(
                f"Cannot write the lock file {lock_path.name} next to the database "
                f"({exc.strerror}); the folder may be read-only."
            ) from exc
        if not _os_lock(fd):
            os.close(fd)
            raise DatabaseInUseError(in_use_message(Path(db_path), read_lock(Path(db_path))))
        os.lseek(fd, 0, os.SEEK_SET)
        previous = _read_info(os.read(fd, 4096).decode("utf-8", "replace"))
        if previous is not None and previous.pid != os.getpid() and not is_stale(previous):
            _os_unlock(fd)
            os.close(fd)
            raise DatabaseInUseError(in_use_message(Path(db_path), previous))
        if previous is not None:
            log.warning("taking over a stale lock (%s)", previous.describe())
        info = {
            "pid": os.getpid(),
            "host": this_host(),
            "since": (now or datetime.now()).isoformat(timespec="seconds"),
            "app": "CWSW Desktop",
        }
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode("utf-8"))
        os.fsync(fd)
        lock = DbLock(key, lock_path, fd)
        lock.took_over = previous is not None
        _registry[key] = lock
        return lock


# --- where the database lives -----------------------------------------------------------------

SYNCED_FOLDERS = [
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud", "iCloud"),
    ("mobile documents", "iCloud"),
    ("cloudstorage", "a cloud storage service"),
]
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afs", "ncpfs", "fuse.sshfs", "9p"}


def _unescape_mount(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def mount_type(path: str, mounts: str) -> str | None:
    """The filesystem type of the longest mount point in /proc/mounts text that holds `path`."""
    best, kind = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        prefix = point.rstrip("/") + "/"
        if (path == point or path.startswith(prefix) or point == "/") and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def location_warning(
    path: Path | str,
    *,
    windows: bool | None = None,
    mounts: str | None = None,
    drive_is_remote: object = None,
) -> str | None:
    """A warning (not a refusal) when the database is in a synced folder or on a network share.

    `windows`, `mounts` (text of /proc/mounts) and `drive_is_remote` are for tests; by default
    they come from this computer.
    """
    text = str(path)
    lowered = text.replace("\\", "/").lower()
    on_windows = sys.platform.startswith("win") if windows is None else windows
    for needle, service in SYNCED_FOLDERS:
        if needle in lowered:
            return (
                f"This database is in a folder synced by {service}. Sync can copy a half-written "
                "file or make conflicting copies: keep the database on this computer's own disk "
                "and use Backup to put copies elsewhere."
            )
    share = None
    if on_windows:
        drive = PureWindowsPath(text).drive
        if (
            drive.startswith("\\\\")
            or drive.startswith("//")
            or (drive and callable(drive_is_remote) and drive_is_remote(drive))
            or (
                drive
                and drive_is_remote is None
                and sys.platform.startswith("win")
                and _windows_remote(drive)
            )
        ):
            share = drive
    else:
        if mounts is None:
            try:
                mounts = Path("/proc/mounts").read_text()
            except OSError:
                mounts = ""
        kind = mount_type(text, mounts)
        if kind and (kind in NETWORK_FS or kind.split(".")[-1] in NETWORK_FS):
            share = f"a {kind} network mount"
    if share:
        return (
            f"This database is on a network share ({share}). A dropped connection or two "
            "computers writing at once can damage it: keep it on this computer's own disk."
        )
    return None


def _windows_remote(drive: str) -> bool:
    try:
        import ctypes

        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False
