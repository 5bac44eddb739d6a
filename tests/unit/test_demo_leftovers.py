"""A killed demo's folder is removed at the next start: only ours, only stale, never in use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from cwsw_desktop.services.demo_leftovers import STALE_AFTER_SECONDS, remove_stale_demo_folders
from cwsw_desktop.store.lockfile import this_host

NOW = 2_000_000_000.0  # the sweep's clock, passed in
OLD = NOW - STALE_AFTER_SECONDS - 60
YOUNG = NOW - 60


def _folder(tmp_path: Path, name: str, when: float, files: tuple[str, ...] = ("demo.db",)) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        (folder / file).write_bytes(b"x")
        os.utime(folder / file, (when, when))
    os.utime(folder, (when, when))
    return folder


def _lock(folder: Path, pid: int, when: float) -> None:
    lock = folder / "demo.db.lock"
    lock.write_text(json.dumps({"pid": pid, "host": this_host(), "since": datetime.now().isoformat()}))
    os.utime(lock, (when, when))
    os.utime(folder, (when, when))


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_only_stale_unused_folders_of_ours_are_removed(tmp_path):
    stale = _folder(tmp_path, "cwsw-demo-killed", OLD, ("demo.db", "demo.db-wal", "demo.db-shm"))
    young = _folder(tmp_path, "cwsw-demo-starting", YOUNG)
    in_use = _folder(tmp_path, "cwsw-demo-running", OLD)
    _lock(in_use, os.getpid(), OLD)  # a running process holds it
    crashed = _folder(tmp_path, "cwsw-demo-crashed", OLD)
    _lock(crashed, _dead_pid(), OLD)  # its process is gone: the lock is stale
    not_ours = _folder(tmp_path, "someone-else-demo", OLD)
    extra = _folder(tmp_path, "cwsw-demo-with-more", OLD, ("demo.db", "notes.txt"))

    removed = remove_stale_demo_folders(tmp_path, now=NOW)

    assert sorted(removed) == sorted([stale, crashed])
    assert not stale.exists() and not crashed.exists()
    assert young.exists() and in_use.exists() and not_ours.exists() and extra.exists()


def test_a_file_with_the_name_is_left_alone(tmp_path):
    (tmp_path / "cwsw-demo-file").write_text("not a folder")
    os.utime(tmp_path / "cwsw-demo-file", (OLD, OLD))
    assert remove_stale_demo_folders(tmp_path, now=NOW) == []
    assert (tmp_path / "cwsw-demo-file").exists()
