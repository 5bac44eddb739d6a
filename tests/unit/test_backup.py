"""Backups (online backup API, checked, fsynced, renamed), daily rotation, the restore list,
restore with its checks and safety copy, a restore drill on a damaged store, and the CLI."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cwsw_desktop.__main__ import main
from cwsw_desktop.services import audit, backup, restore
from cwsw_desktop.services.backup import BackupError, RestoreError
from cwsw_desktop.store import open_store
from cwsw_desktop.store.raw import AuditHead, FileCheck, counts


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return counts(connection)
    finally:
        connection.close()


def _without_audit(counts):
    return {k: v for k, v in counts.items() if k != "audit_event"}


def test_backup_is_a_checked_copy_with_every_table(demo_store, tmp_path):
    dest = tmp_path / "out" / "copy.db"
    result = backup.backup_to(demo_store, dest)
    assert result.path == dest and result.pupils == 30 and result.size == dest.stat().st_size
    assert result.counts == _counts(dest)
    live = _counts(demo_store.path)
    assert _without_audit(result.counts) == _without_audit(live)
    assert live["audit_event"] == result.counts["audit_event"] + 1  # the backup event, after the copy
    connection = sqlite3.connect(dest)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    connection.close()
    assert sorted(p.name for p in dest.parent.iterdir()) == [
        "copy.db",
        "copy.db.manifest.json",
        "copy.db.sha256",
    ]
    last = audit.list_events(demo_store.engine)[0]
    assert last.action == "backup" and "copy.db" in last.detail


def test_backup_refuses_the_store_itself(store):
    with pytest.raises(BackupError, match="cannot overwrite the database"):
        backup.backup_to(store, store.path)


def test_a_backup_that_does_not_verify_leaves_nothing(demo_store, tmp_path, monkeypatch):
    dest = tmp_path / "copy.db"
    dest.write_bytes(b"the previous backup")
    monkeypatch.setattr(
        backup,
        "copy_and_check",
        lambda store, temp: (
            temp.write_bytes(b"half"),
            (FileCheck(frozenset(), "ok", "0010", {"pupil": 29}, AuditHead()), {"pupil": 30}),
        )[1],
    )
    with pytest.raises(BackupError, match=r"did not verify .*pupil"):
        backup.backup_to(demo_store, dest)
    assert dest.read_bytes() == b"the previous backup"
    assert not (tmp_path / "copy.db.partial").exists()


def test_a_folder_that_cannot_be_written_is_a_clear_error(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BackupError, match="Cannot write"):
        backup.backup_to(store, blocker / "sub" / "x.db")


def _days(n: int, last: date = date(2026, 11, 23)) -> list[date]:
    return [last - timedelta(days=i) for i in range(n)]


@pytest.mark.parametrize(
    "days, kept",
    [
        (_days(3), _days(3)),
        (_days(7), _days(7)),
        # 30 days to Monday 23 Nov: the 7 newest days, then the newest day of 4 earlier weeks (Sundays)
        (
            _days(30),
            [*_days(7), date(2026, 11, 15), date(2026, 11, 8), date(2026, 11, 1), date(2026, 10, 25)],
        ),
        # one backup every 3 days: the weekly ones are whatever is newest in each earlier week
        # (a week already holding a daily backup does not count again, like `borg prune`)
        (
            _days(60)[::3],
            [
                *_days(60)[::3][:7],
                date(2026, 10, 30),
                date(2026, 10, 24),
                date(2026, 10, 18),
                date(2026, 10, 9),
            ],
        ),
    ],
)
def test_rotation_keeps_7_daily_and_4_weekly(days, kept):
    assert backup.backups_to_keep(days) == set(kept)


def test_rotate_deletes_only_old_daily_backups(tmp_path):
    for day in _days(20):
        (tmp_path / backup.daily_name(day)).write_bytes(b"x")
        (tmp_path / (backup.daily_name(day) + ".sha256")).write_text("x")
    (tmp_path / "cwsw-before-restore-20260101-101010.db").write_bytes(b"keep")
    (tmp_path / "my-own-copy.db").write_bytes(b"keep")
    removed = backup.rotate(tmp_path)
    assert len(removed) == 20 - 7 - 2  # 20 days span the 7 dailies and 2 earlier weeks
    left = sorted(p.name for p in tmp_path.glob("*.db"))
    assert "cwsw-before-restore-20260101-101010.db" in left and "my-own-copy.db" in left
    assert len(left) == 11
    assert len(list(tmp_path.glob("*.sha256"))) == 9


def test_auto_backup_at_most_daily_and_rotated(demo_store, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in _days(15, date(2026, 11, 22)):
        (folder / backup.daily_name(day)).write_bytes(b"old")
    first = backup.auto_backup(demo_store, folder, date(2026, 11, 23))
    assert first is not None and first.path.name == "cwsw-2026-11-23.db"
    assert backup.auto_backup(demo_store, folder, date(2026, 11, 23)) is None  # today's exists
    names = sorted(p.name for p in folder.glob("cwsw-*.db"))
    assert len(names) == 7 + 2 and names[-1] == "cwsw-2026-11-23.db"


def test_list_backups_newest_first_with_verified_flag(demo_store, tmp_path):
    import os

    folder = tmp_path / "b"
    old = backup.backup_to(demo_store, folder / "older.db").path
    os.utime(old, (1_700_000_000, 1_700_000_000))
    new = backup.backup_to(demo_store, folder / backup.daily_name(date(2026, 11, 23))).path
    (folder / "copied-by-hand.db").write_bytes(new.read_bytes())
    os.utime(folder / "copied-by-hand.db", (1_600_000_000, 1_600_000_000))
    listed = backup.list_backups(folder)
    assert [i.name for i in listed] == [new.name, "older.db", "copied-by-hand.db"]
    assert [i.verified for i in listed] == [True, True, False]
    assert [i.kind for i in listed] == ["daily", "other", "other"]
    with old.open("r+b") as handle:  # bit rot on the USB stick
        handle.seek(5000)
        handle.write(b"\x00\xff")
    verified = {i.name: i.verified for i in backup.list_backups(folder)}
    assert verified == {new.name: True, "older.db": False, "copied-by-hand.db": False}
    assert backup.list_backups(tmp_path / "missing") == []


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)


def test_restore_drill_damaged_store_comes_back_whole(demo_store, tmp_path):
    saved = backup.backup_to(demo_store, tmp_path / "backups" / "drill.db")
    expected = _without_audit(saved.counts)
    demo_store.close()
    _damage(demo_store.path)
    connection = sqlite3.connect(demo_store.path)
    with contextlib.suppress(sqlite3.DatabaseError):  # "malformed": damaged either way
        assert connection.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    connection.close()

    result = restore.restore_from(demo_store, saved.path, tmp_path / "backups")
    assert not result.safety_verified and ".damaged-" in result.safety_copy.name
    assert result.safety_copy.parent == demo_store.path.parent  # moved aside, next to it
    assert result.safety_copy.exists()  # the damaged store is kept, never lost
    reopened = open_store(demo_store.path)
    try:
        restore.record_restore(reopened, result)
        counts = _counts(reopened.path)
        assert _without_audit(counts) == expected
        connection = sqlite3.connect(reopened.path)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
        assert audit.list_events(reopened.engine)[0].action == "restore"
        assert audit.verify_chain(reopened.engine).ok
    finally:
        reopened.close()


def test_restore_keeps_a_verified_backup_of_the_current_store(demo_store, tmp_path):
    from cwsw_desktop.services.pupils import delete_pupil, get_pupil

    saved = backup.backup_to(demo_store, tmp_path / "old.db")
    pupil = get_pupil(demo_store.engine, 1)
    delete_pupil(demo_store.engine, 1, pupil.legal_name)  # a change after the backup
    result = restore.restore_from(demo_store, saved.path, tmp_path / "safety")
    assert result.safety_verified and result.counts["pupil"] == 30
    assert _counts(result.safety_copy)["pupil"] == 29  # what was replaced is kept
    assert (
        not Path(str(demo_store.path) + "-wal").exists()
        or Path(str(demo_store.path) + "-wal").stat().st_size == 0
    )
    reopened = open_store(demo_store.path)
    assert _counts(reopened.path)["pupil"] == 30
    reopened.close()


def test_restore_refuses_bad_backups_and_leaves_the_store(demo_store, tmp_path):
    before = _counts(demo_store.path)

    def refused(path: Path, message: str) -> None:
        with pytest.raises(RestoreError, match=message):
            restore.restore_from(demo_store, path, tmp_path / "safety")
        assert _counts(demo_store.path) == before
        assert not list(tmp_path.glob("*.restoring*")) and not (tmp_path / "safety").exists()

    refused(tmp_path / "missing.db", "There is no backup")
    refused(demo_store.path, "the database itself")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 200)
    refused(junk, "not a database this app can read")
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    refused(foreign, "not a CWSW Desktop backup")
    newer = backup.backup_to(demo_store, tmp_path / "newer.db", record=False).path
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    refused(newer, "newer version")
    damaged = backup.backup_to(demo_store, tmp_path / "damaged.db", record=False).path
    _damage(damaged)
    refused(damaged, "damaged")
    assert demo_store.engine.dispose is not None  # the store stayed open and usable
    assert audit.verify_chain(demo_store.engine).ok


def test_cli_backup_and_restore(demo_store, tmp_path, capsys):
    db = str(demo_store.path)
    demo_store.close()
    usb = tmp_path / "usb"
    assert main(["backup", "--db", db, "--to", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "Backup verified" in out and "30 pupils" in out
    (made,) = usb.glob("cwsw-*.db")
    assert main(["backup", "--db", db]) == 0  # default: the backups folder next to the database
    assert list((tmp_path / "backups").glob("cwsw-*.db"))
    assert main(["restore", "--db", db, str(made)]) == 0
    assert "Restored 30 pupils" in capsys.readouterr().out
    assert main(["restore", "--db", db, str(tmp_path / "nope.db")]) == 1
    assert "has not been changed" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", db]) == 0


PASSPHRASE = "correct horse battery staple"


def test_backup_of_an_encrypted_store_is_encrypted_with_the_same_passphrase(tmp_path):
    from cwsw_desktop.services.demo import generate_demo

    store = open_store(tmp_path / "secret.db", passphrase=PASSPHRASE)
    try:
        generate_demo(store.engine, size=12, seed=3, today=date(2026, 11, 23))
        result = backup.backup_to(store, tmp_path / "b" / "secret-copy.db")
        assert result.pupils == 12
        assert not result.path.read_bytes().startswith(b"SQLite format 3")  # no plaintext header
        plain = sqlite3.connect(result.path)
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM pupil")
        plain.close()
        assert backup.list_backups(tmp_path / "b")[0].verified
        restored = restore.restore_from(store, result.path, tmp_path / "b")
        assert restored.safety_verified and restored.counts["pupil"] == 12
    finally:
        store.close()
    reopened = open_store(tmp_path / "secret.db", passphrase=PASSPHRASE)
    assert reopened.encrypted
    restore.record_restore(reopened, restored)
    assert audit.verify_chain(reopened.engine).ok
    reopened.close()

    other = open_store(tmp_path / "other.db", passphrase="a different long passphrase")
    try:
        with pytest.raises(RestoreError, match="different passphrase"):
            restore.restore_from(other, result.path, tmp_path / "safety")
    finally:
        other.close()


def test_a_2000_pupil_demo_store_can_be_made_and_backed_up(store, tmp_path):
    from cwsw_desktop.services.demo import generate_demo

    generate_demo(store.engine, size=2000, seed=7, today=date(2026, 11, 23))
    assert backup.backup_to(store, tmp_path / "big.db").pupils == 2000
