"""One writer: the lock file refuses a second copy of the app, stale locks are taken over, the
lock is released on close; synced folders and network shares are warned about."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from cwsw_desktop.store import DatabaseInUseError, lockfile, open_store
from cwsw_desktop.store.lockfile import LockInfo

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cwsw_desktop.store import lockfile
    lockfile.acquire(Path(sys.argv[1]))
    print("held", flush=True)
    sys.stdin.readline()
""")


@pytest.fixture
def other_process(tmp_path):
    """Another copy of the app holding the lock on tmp_path/cwsw.db until told to exit
    (which it does without releasing, like a crash)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "cwsw.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_second_copy_is_refused_then_takes_over_once_the_first_is_gone(tmp_path, other_process):
    db = tmp_path / "cwsw.db"
    with pytest.raises(DatabaseInUseError) as refused:
        open_store(db)
    message = str(refused.value)
    assert message.startswith(
        "CWSW Desktop already has this database open (process "
        f"{other_process.pid} on {lockfile.this_host()} since "
    )
    assert not db.exists() or db.stat().st_size == 0  # nothing was written while refused

    other_process.stdin.close()  # it exits without releasing: a crash leaves the lock file
    other_process.wait(timeout=10)
    assert json.loads((tmp_path / "cwsw.db.lock").read_text())["pid"] == other_process.pid
    store = open_store(db)  # stale (pid gone on this host): taken over
    assert json.loads((tmp_path / "cwsw.db.lock").read_text())["pid"] == os.getpid()
    store.close()
    assert not (tmp_path / "cwsw.db.lock").exists()


def _write_lock(tmp_path: Path, pid: int, host: str | None = None, since: datetime | None = None) -> None:
    (tmp_path / "cwsw.db.lock").write_text(
        json.dumps(
            {
                "pid": pid,
                "host": host or lockfile.this_host(),
                "since": (since or datetime.now()).isoformat(timespec="seconds"),
            }
        )
    )


def test_a_lock_naming_a_running_process_is_respected_even_without_an_os_lock(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(tmp_path, sleeper.pid)
        with pytest.raises(DatabaseInUseError, match=f"process {sleeper.pid}"):
            open_store(tmp_path / "cwsw.db")
    finally:
        sleeper.kill()
        sleeper.wait()
    open_store(tmp_path / "cwsw.db").close()  # now it is gone: stale


def test_a_lock_from_another_computer_is_never_taken_over(tmp_path):
    _write_lock(tmp_path, 4242, host="OFFICE-PC-7")
    with pytest.raises(DatabaseInUseError) as refused:
        open_store(tmp_path / "cwsw.db")
    assert "process 4242 on OFFICE-PC-7" in str(refused.value)
    assert "delete" in str(refused.value) and "cwsw.db.lock" in str(refused.value)


def test_the_same_process_may_open_twice_and_the_lock_goes_with_the_last_close(store):
    lock = Path(str(store.path) + ".lock")
    assert lock.exists()
    again = open_store(store.path)
    store.close()
    assert lock.exists()
    again.close()
    assert not lock.exists()


@pytest.mark.parametrize(
    "info, alive, boot, stale",
    [
        (LockInfo(1234, "HERE", "2026-11-23T09:00:00"), False, None, True),
        (LockInfo(1234, "HERE", "2026-11-23T09:00:00"), True, None, False),
        (
            LockInfo(1234, "HERE", "2026-11-23T09:00:00"),
            True,
            datetime(2026, 11, 23, 10, 0).timestamp(),
            True,
        ),  # written before this boot: pid reused
        (LockInfo(1234, "ELSEWHERE", "2026-11-23T09:00:00"), False, None, False),
    ],
)
def test_stale_lock_rules(info, alive, boot, stale):
    assert lockfile.is_stale(info, host="HERE", alive=lambda pid: alive, boot_time=boot or 0.0) is stale


def test_pid_alive():
    assert lockfile.pid_alive(os.getpid())
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    assert not lockfile.pid_alive(int(done.stdout))
    assert not lockfile.pid_alive(0)


MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//nas/school /mnt/school cifs rw,vers=3.0 0 0
nas:/export/staff /srv/staff nfs4 rw 0 0
/dev/sdb1 /mnt/school/local ext4 rw 0 0
/dev/sdc1 /media/usb\\040stick vfat rw 0 0
"""


@pytest.mark.parametrize(
    "path, windows, expected",
    [
        ("/home/dt/.local/share/CWSW Desktop/cwsw.db", False, None),
        ("/home/dt/OneDrive - Larkspur Academy/cwsw.db", False, "synced by OneDrive"),
        ("/home/dt/Dropbox/school/cwsw.db", False, "synced by Dropbox"),
        ("/Users/dt/Library/Mobile Documents/com~apple~CloudDocs/cwsw.db", False, "synced by iCloud"),
        ("/Users/dt/Library/CloudStorage/GoogleDrive-dt@school.org/My Drive/cwsw.db", False, "Google Drive"),
        (r"C:\Users\dt\OneDrive\Documents\cwsw.db", True, "synced by OneDrive"),
        (r"C:\Users\dt\Google Drive\cwsw.db", True, "synced by Google Drive"),
        (r"C:\Users\dt\iCloudDrive\cwsw.db", True, "synced by iCloud"),
        (r"\\server\share\dt\cwsw.db", True, r"network share (\\server\share)"),
        (r"C:\Users\dt\AppData\Local\CWSW Desktop\cwsw.db", True, None),
        ("/mnt/school/dt/cwsw.db", False, "network share (a cifs network mount)"),
        ("/srv/staff/cwsw.db", False, "network share (a nfs4 network mount)"),
        ("/mnt/school/local/cwsw.db", False, None),  # a local disk mounted inside the share's folder
        ("/media/usb stick/cwsw.db", False, None),
    ],
)
def test_location_warnings(path, windows, expected):
    warning = lockfile.location_warning(path, windows=windows, mounts=MOUNTS, drive_is_remote=lambda d: False)
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and expected in warning


def test_a_mapped_network_drive_on_windows_is_a_share():
    warning = lockfile.location_warning(r"Z:\cwsw.db", windows=True, drive_is_remote=lambda d: d == "Z:")
    assert warning is not None and "network share (Z:)" in warning


def test_the_warning_is_on_the_opened_store(tmp_path):
    folder = tmp_path / "OneDrive - School"
    store = open_store(folder / "cwsw.db")
    assert any("OneDrive" in w for w in store.warnings)
    store.close()


def test_lock_time_is_recorded(tmp_path):
    held = lockfile.acquire(tmp_path / "x.db", now=datetime(2026, 11, 23, 8, 30))
    try:
        info = lockfile.read_lock(tmp_path / "x.db")
        assert info is not None and info.describe().endswith("since 23/11/2026 08:30")
        assert info.pid == os.getpid()
    finally:
        held.release()
    assert lockfile.read_lock(tmp_path / "x.db") is None
