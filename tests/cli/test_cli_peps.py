"""The PEP commands end to end: import peps, export calendar, print pep-agenda."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pyzipper
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import Session, select
from support import DEMO_TODAY

from cwsw_desktop.__main__ import main
from cwsw_desktop.models import AuditEvent, Pupil
from cwsw_desktop.services.demo import generate_demo
from cwsw_desktop.store import open_store


def _demo(db: Path, passphrase: str | None = None) -> tuple[str, int]:
    store = open_store(db, passphrase=passphrase)
    try:
        generate_demo(store.engine, today=DEMO_TODAY)
        with Session(store.engine) as s:
            pupil = s.exec(select(Pupil).order_by(Pupil.id)).first()
            assert pupil is not None and pupil.id is not None
            upn, pupil_id = pupil.upn, pupil.id
        # The demo books the first pupil's PEP for 30/11/2026.
    finally:
        store.close()
    return upn, pupil_id


def test_import_peps_bad_file_then_twice(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "school.db"
    upn, _ = _demo(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"UPN,Date,Status\n{upn},31/02/2026,Held\n", encoding="utf-8")
    assert main(["import", "peps", str(bad), "--db", str(db)]) == 1
    assert "line 2, Date: 31/02/2026 is not a date" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text(f"UPN,Date,Status,Targets Set\n{upn},15/10/2020,Held,no\n", encoding="utf-8")
    assert main(["import", "peps", str(good), "--db", str(db)]) == 0
    assert "1 to add" in capsys.readouterr().out
    assert main(["import", "peps", str(good), "--db", str(db)]) == 0
    assert "1 unchanged" in capsys.readouterr().out


def test_export_calendar_and_print_the_pack(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "school.db"
    upn, _ = _demo(db)
    out = tmp_path / "peps.ics"
    assert main(["export", "calendar", "--year", "2026-27", "--out", str(out), "--db", str(db)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    Calendar.from_ical(out.read_bytes())
    assert main(["export", "calendar", "--year", "26", "--out", str(out), "--db", str(db)]) == 1
    assert "2026-27" in capsys.readouterr().err
    pack = tmp_path / "pack.pdf"
    assert (
        main(
            [
                "print",
                "pep-agenda",
                "--pupil",
                upn,
                "--date",
                "30/11/2026",
                "--out",
                str(pack),
                "--db",
                str(db),
            ]
        )
        == 0
    )
    assert stat.S_IMODE(pack.stat().st_mode) == 0o600
    assert "CONFIDENTIAL" in PdfReader(pack).pages[0].extract_text()
    assert (
        main(
            [
                "print",
                "pep-agenda",
                "--pupil",
                upn,
                "--date",
                "01/01/2001",
                "--out",
                str(pack),
                "--db",
                str(db),
            ]
        )
        == 1
    )
    store = open_store(db)
    with Session(store.engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "print")).first() is not None
    store.close()


def test_pack_from_an_encrypted_store_is_an_encrypted_zip(tmp_path: Path, monkeypatch: Any) -> None:
    db = tmp_path / "school.db"
    upn, _ = _demo(db, "correct horse battery staple")
    monkeypatch.setenv("CWSW_PASSPHRASE", "correct horse battery staple")
    assert (
        main(
            [
                "print",
                "pep-agenda",
                "--pupil",
                upn,
                "--date",
                "30/11/2026",
                "--out",
                str(tmp_path / "pack.pdf"),
                "--db",
                str(db),
            ]
        )
        == 0
    )
    with pyzipper.AESZipFile(tmp_path / "pack.pdf.zip") as z:
        z.setpassword(b"correct horse battery staple")
        assert z.read(z.namelist()[0]).startswith(b"%PDF")
