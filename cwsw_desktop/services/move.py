"""Moving to a new computer: a verified, encrypted backup and a one-page instruction sheet on the
old laptop; on the new one, the first run restores that backup into place.

Nothing here deletes anything: the old laptop keeps its database until the DT removes the app.
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cwsw_desktop.services.backup import RestoreError, backup_to
from cwsw_desktop.services.restore import BackupCheck, check_backup
from cwsw_desktop.store import Store
from cwsw_desktop.store.files import fsync_dir, fsync_file
from cwsw_desktop.store.raw import DetachedStore

MOVE_PREFIX = "cwsw-move"


@dataclass(frozen=True)
class MoveKit:
    backup: Path
    instructions: Path
    pupils: int
    encrypted: bool


def write_move_kit(store: Store, folder: Path, today: date, school: str = "") -> MoveKit:
    """Write `cwsw-move-YYYY-MM-DD.db` (verified; encrypted with the database's own passphrase when
    the database is encrypted) and `cwsw-move-YYYY-MM-DD-instructions.pdf` into `folder`."""
    from cwsw_desktop.reports.move_instructions import MoveSheet, render_move_instructions
    from cwsw_desktop.services.export import write_document

    folder = Path(folder).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{MOVE_PREFIX}-{today.isoformat()}"
    result = backup_to(store, folder / f"{stem}.db")
    out = io.BytesIO()
    render_move_instructions(
        MoveSheet(
            backup_name=result.path.name,
            made_on=today,
            pupils=result.pupils,
            encrypted=store.encrypted,
            school=school,
        ),
        out,
    )
    sheet = write_document(folder / f"{stem}-instructions.pdf", out.getvalue())
    return MoveKit(backup=result.path, instructions=sheet, pupils=result.pupils, encrypted=store.encrypted)


def restore_new(backup: Path, target: Path, passphrase: str | None) -> BackupCheck:
    """First run on a new computer: check `backup` (opened with `passphrase`) and put a copy of it
    at `target`, where no database exists yet. The backup itself is never changed."""
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise RestoreError(f"There is no backup at {backup}.")
    if target.exists():
        raise RestoreError(f"A database already exists at {target}; open it, or restore from the File menu.")
    target.parent.mkdir(parents=True, exist_ok=True)
    candidate = target.with_name(target.name + ".restoring")
    candidate.unlink(missing_ok=True)
    try:
        shutil.copyfile(backup, candidate)  # check the copy: opening sets the journal mode
        check = check_backup(DetachedStore(target, passphrase), candidate, backup.name)
        os.chmod(candidate, 0o600)
        fsync_file(candidate)
        os.replace(candidate, target)
        fsync_dir(target.parent)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(str(candidate) + suffix).unlink(missing_ok=True)
        raise
    return check
