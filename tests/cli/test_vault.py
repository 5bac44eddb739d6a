"""Issue 13, on a real encrypted store each: the audit trail anchored in the backups' manifests
(truncation and rewrite named with the backup that proves them), triggers put back on open,
restore onto a damaged database, wrong CLI passphrases audited, exports never overwrite
silently, and the files private."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlmodel import Session, col, select

from cwsw_desktop.__main__ import main
from cwsw_desktop.models import AuditEvent
from cwsw_desktop.services import audit
from cwsw_desktop.services.demo import generate_demo
from cwsw_desktop.store import DamagedStoreError, WrongPassphraseError, open_store
from cwsw_desktop.store.audit_chain import TRIGGERS
from cwsw_desktop.store.crypto import key_statement
from cwsw_desktop.store.engine import make_engine
from cwsw_desktop.store.files import mode_of

PASS = "correct horse battery staple"
DEMO_SIZE = 6


def run(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as done:
        return int(done.code or 0)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An encrypted store with demo data and a few more audit events, in a data folder."""
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    path = tmp_path / "data" / "cwsw.db"
    store = open_store(path, passphrase=PASS)
    try:
        generate_demo(store.engine, size=DEMO_SIZE, seed=7)
        for n in range(5):
            audit.log_event(store.engine, audit.AuditAction.PRINT, "tab", detail=f"printed {n}")
    finally:
        store.close()
    return path


def _raw(path: Path, *statements: str) -> None:
    """Change the file behind the app's back, as someone with the passphrase and a SQLite tool."""
    connection = sqlcipher.connect(str(path))
    try:
        connection.execute(key_statement(PASS))
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def _triggers(path: Path) -> set[str]:
    connection = sqlcipher.connect(str(path))
    try:
        connection.execute(key_statement(PASS))
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        connection.close()


def _backup(db: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run("backup", "--db", str(db)) == 0
    out = capsys.readouterr().out
    return Path(out.split("saved: ")[1].split(" (")[0])


def _last_id(db: Path) -> int:
    store = open_store(db, passphrase=PASS)
    try:
        return audit.verify_chain(store.engine).last_id
    finally:
        store.close()


def test_manifest_carries_the_audit_head(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = _backup(db, capsys)
    manifest = json.loads(saved.with_name(saved.name + ".manifest.json").read_text())
    assert manifest["audit"]["last_id"] == manifest["audit"]["count"] > 5
    assert len(manifest["audit"]["last_hash"]) == 64 and manifest["counts"]["pupil"] == DEMO_SIZE
    assert run("audit", "verify", "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert "Every one of 1 backup(s) agrees" in out and "cannot detect" in out


def test_deleting_the_newest_events_is_named_with_the_backup(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = _backup(db, capsys)
    last = _last_id(db)  # the backup's own audit event is after the head it recorded
    keep = last - 4
    triggers = list(TRIGGERS.values())
    _raw(
        db,
        *(f"DROP TRIGGER {name}" for name in TRIGGERS),
        f"DELETE FROM audit_event WHERE id > {keep}",
        *triggers,
    )
    store = open_store(db, passphrase=PASS)  # the chain alone still looks intact
    try:
        assert audit.verify_chain(store.engine).ok
    finally:
        store.close()
    assert run("audit", "verify", "--db", str(db)) == 1
    err = capsys.readouterr().err
    assert f"TAMPERED: {saved}" in err and "truncation" in err


def test_a_rewritten_rehashed_chain_is_named_with_the_backup(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = _backup(db, capsys)
    _raw(db, *(f"DROP TRIGGER {name}" for name in TRIGGERS))
    engine = make_engine(db, PASS)
    with Session(engine) as session:  # edit one row, delete another, renumber, re-hash
        rows = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all())
        copies = [AuditEvent(**r.model_dump()) for r in rows]
        for r in rows:
            session.delete(r)
        session.commit()
        del copies[2]
        copies[3].detail = "nothing happened here"
        previous = audit.GENESIS
        for n, event in enumerate(copies, start=1):
            event.id, event.prev_hash = n, previous
            event.row_hash = previous = audit.row_digest(event)
            session.add(event)
        session.commit()
    engine.dispose()
    _raw(db, *TRIGGERS.values())
    store = open_store(db, passphrase=PASS)
    try:
        assert audit.verify_chain(store.engine).ok  # a perfect forgery, seen from the file alone
    finally:
        store.close()
    assert run("audit", "verify", "--db", str(db)) == 1
    err = capsys.readouterr().err
    assert f"TAMPERED: {saved}" in err and "rewritten" in err


def test_against_names_a_backup_in_another_folder(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    assert run("backup", "--db", str(db), "--to", str(usb)) == 0
    (saved,) = usb.glob("cwsw-*.db")
    moved = tmp_path / "elsewhere"
    usb.rename(moved)  # not a folder the store remembers any more: only --against finds it
    _raw(
        db,
        *(f"DROP TRIGGER {name}" for name in TRIGGERS),
        "DELETE FROM audit_event WHERE id > 3",
        *TRIGGERS.values(),
    )
    capsys.readouterr()
    assert run("audit", "verify", "--db", str(db)) == 0  # nothing it can find saw those events
    assert run("audit", "verify", "--db", str(db), "--against", str(moved)) == 1
    assert f"TAMPERED: {moved / saved.name}" in capsys.readouterr().err


def test_dropped_triggers_are_put_back_on_open_with_an_audit_event(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _raw(db, *(f"DROP TRIGGER {name}" for name in TRIGGERS))
    assert _triggers(db) == set()
    assert run("due", "--db", str(db)) == 0
    assert "protection (its append-only triggers) had been removed" in capsys.readouterr().err
    assert _triggers(db) == set(TRIGGERS)
    store = open_store(db, passphrase=PASS)
    try:
        newest = audit.list_events(store.engine, limit=1)[0]
        assert newest.action == audit.AuditAction.REPAIR and "re-created" in newest.detail
        assert not store.warnings  # once put back, the next open is quiet
        assert audit.verify_chain(store.engine).ok
    finally:
        store.close()


def test_cli_restores_a_database_with_garbage_in_it_and_keeps_the_damaged_file(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = _backup(db, capsys)
    with db.open("r+b") as handle:
        handle.seek(db.stat().st_size // 2)
        handle.write(os.urandom(64))
    damaged = db.read_bytes()
    with pytest.raises(DamagedStoreError):
        open_store(db, passphrase=PASS)
    assert run("restore", str(saved), "--db", str(db)) == 0
    assert "moved aside, kept whole" in capsys.readouterr().out
    (aside,) = db.parent.glob("cwsw.db.damaged-*")
    assert aside.read_bytes() == damaged  # kept, byte for byte
    store = open_store(db, passphrase=PASS)
    try:
        assert audit.list_events(store.engine, limit=1)[0].action == "restore"
        assert audit.verify_chain(store.engine).ok
    finally:
        store.close()


def test_restore_with_no_backup_offers_the_newest_verified(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _backup(db, capsys)
    newest = _backup(db, capsys)
    with db.open("r+b") as handle:
        handle.seek(100)  # page 1: no key opens it any more
        handle.write(os.urandom(64))
    assert run("restore", "--db", str(db)) == 1  # no terminal: offered, not done
    captured = capsys.readouterr()
    assert f"The newest verified backup is {newest}" in captured.out and "--yes" in captured.err
    assert run("restore", "--db", str(db), "--yes") == 0
    assert list(db.parent.glob("cwsw.db.damaged-*"))
    open_store(db, passphrase=PASS).close()


def test_a_wrong_cli_passphrase_is_audited_after_the_next_unlock(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CWSW_PASSPHRASE", "not the passphrase at all")
    assert run("due", "--db", str(db)) == 1  # one line on stderr, exit 1, like every foreseen error
    assert "will appear in the audit log" in capsys.readouterr().err
    with pytest.raises(WrongPassphraseError):
        open_store(db, passphrase="not the passphrase at all")
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    assert run("due", "--db", str(db)) == 0
    store = open_store(db, passphrase=PASS)
    try:
        events = audit.list_events(store.engine, limit=3)
        failed = [e for e in events if e.action == "unlock_failed"]
        assert len(failed) == 1 and "command line" in failed[0].detail
        assert audit.verify_chain(store.engine).ok
    finally:
        store.close()
    assert not audit.failed_unlocks_path(db).exists()


def test_export_onto_an_existing_file_needs_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "register.csv.zip"  # an encrypted store's export is a ZIP
    assert run("export", "register", "--db", str(db), "--out", str(tmp_path / "out" / "register.csv")) == 0
    assert "Creating the folder" in capsys.readouterr().out
    target.write_bytes(b"the DT's own file")
    assert run("export", "register", "--db", str(db), "--out", str(tmp_path / "out" / "register.csv")) == 1
    assert "exists already" in capsys.readouterr().err and "--force" in capsys.readouterr().err + "--force"
    assert target.read_bytes() == b"the DT's own file"
    args = ("export", "register", "--db", str(db), "--out", str(tmp_path / "out" / "register.csv"), "--force")
    assert run(*args) == 0
    assert target.read_bytes()[:2] == b"PK"
    store = open_store(db, passphrase=PASS)
    try:
        event = audit.list_events(store.engine, limit=1)[0]
    finally:
        store.close()
    assert event.action == "export" and "encrypted (AES-256 ZIP)" in event.detail
    assert str(target.resolve()) in event.detail and f"pupils {DEMO_SIZE}" in event.detail


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_files_are_private(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert mode_of(db.parent) == 0o700
    store = open_store(db, passphrase=PASS)
    try:
        audit.log_event(store.engine, audit.AuditAction.PRINT, "tab")
        for suffix in ("", "-wal", "-shm", ".lock"):
            assert mode_of(Path(str(db) + suffix)) == 0o600, suffix
    finally:
        store.close()
    saved = _backup(db, capsys)
    assert mode_of(saved.parent) == 0o700
    for side in ("", ".sha256", ".manifest.json"):
        assert mode_of(Path(str(saved) + side)) == 0o600, side
    assert run("export", "all", "--db", str(db), "--out", str(tmp_path / "x" / "all.json")) == 0
    assert mode_of(tmp_path / "x" / "all.json.zip") == 0o600
    new = tmp_path / "fresh" / "deeper" / "new.db"
    open_store(new, passphrase=PASS).close()
    assert mode_of(new) == 0o600 and mode_of(new.parent) == 0o700


def test_an_unknown_audit_action_is_refused(db: Path) -> None:
    store = open_store(db, passphrase=PASS)
    try:
        with pytest.raises(ValueError):
            audit.log_event(store.engine, "failed_unlock", "store")
        assert [a.value for a in audit.ACTIONS].count("unlock_failed") == 1
    finally:
        store.close()


def test_a_restore_rewinds_the_trail_and_older_backups_are_superseded_not_tampered(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = _backup(db, capsys)
    store = open_store(db, passphrase=PASS)
    try:
        audit.log_event(store.engine, audit.AuditAction.PRINT, "tab", detail="after the first backup")
    finally:
        store.close()
    newer = _backup(db, capsys)
    assert run("restore", str(older), "--db", str(db)) == 0
    capsys.readouterr()
    assert run("audit", "verify", "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert f"Superseded: {newer}" in out and "TAMPERED" not in out


def test_two_backups_in_the_same_second_are_both_kept(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backup names are stamped to the second: a second backup within it gets its own name
    (-2, -3…) rather than replacing the first (services.backup.unused_path, which the restore's
    safety copy is named by too)."""
    import cwsw_desktop.commands.vault as vault
    from cwsw_desktop.services.backup import unused_path

    class Frozen(vault.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 11, 23, 9, 30, 15)

    monkeypatch.setattr(vault, "datetime", Frozen)
    saved = [_backup(db, capsys) for _ in range(3)]
    assert [p.name for p in saved] == [
        "cwsw-2026-11-23-093015.db",
        "cwsw-2026-11-23-093015-2.db",
        "cwsw-2026-11-23-093015-3.db",
    ]
    assert all(p.is_file() for p in saved)
    assert unused_path(saved[0].parent, "cwsw-2026-11-23-093015").name == "cwsw-2026-11-23-093015-4.db"
    assert run("audit", "verify", "--db", str(db)) == 0
    assert "Every one of 3 backup(s) agrees" in capsys.readouterr().out
