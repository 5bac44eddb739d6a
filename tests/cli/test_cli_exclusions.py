"""`import exclusions` (dry run, all or nothing, idempotent) and `print exclusions-log`, end to end."""

from __future__ import annotations

import io
import sqlite3

from pypdf import PdfReader

from cwsw_desktop.__main__ import main


def _db(tmp_path):
    db = tmp_path / "cli.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "12"]) == 0
    with sqlite3.connect(db) as c:
        upn = c.execute("SELECT upn FROM pupil ORDER BY id LIMIT 1").fetchone()[0]
    return db, upn


def _count(db) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM exclusion").fetchone()[0]


def test_import_dry_run_then_apply_then_again(tmp_path, capsys):
    db, upn = _db(tmp_path)
    f = tmp_path / "ex.csv"
    f.write_text(
        f"UPN,Start Date,Type,Days,Reason,Parents Told\n{upn},02/03/2026,Suspension,1.5,PA;MT,02/03/2026\n"
    )
    before = _count(db)
    assert main(["import", "exclusions", str(f), "--dry-run", "--db", str(db)]) == 0
    assert "1 new, 0 updated, 0 unchanged. Dry run" in capsys.readouterr().out
    assert _count(db) == before
    assert main(["import", "exclusions", str(f), "--db", str(db)]) == 0
    assert _count(db) == before + 1
    assert main(["import", "exclusions", str(f), "--db", str(db)]) == 0
    assert "0 new, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert _count(db) == before + 1


def test_a_bad_file_lists_every_line_and_saves_nothing(tmp_path, capsys):
    db, upn = _db(tmp_path)
    f = tmp_path / "bad.csv"
    f.write_text(
        "UPN,Start Date,Type,Days,Reason\n"
        f"{upn},02/03/2026,Suspension,1,PA\n"
        f"{upn},31/02/2026,Suspension,1,PA\n"
        f"{upn},03/03/2026,Suspension,2.3,XX\n"
    )
    before = _count(db)
    assert main(["import", "exclusions", str(f), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "line 3, Start Date: 31/02/2026 is not a date" in err
    assert (
        "line 4, Days: days must be in half days" in err
        and "line 4, Reasons: 'XX' is not a census reason code" in err
    )
    assert "Traceback" not in err
    assert _count(db) == before


def test_print_exclusions_log(tmp_path, capsys):
    db, _ = _db(tmp_path)
    out = tmp_path / "log.pdf"
    assert (
        main(
            [
                "print",
                "exclusions-log",
                "--year",
                "2025-26",
                "--on",
                "2026-03-01",
                "--out",
                str(out),
                "--db",
                str(db),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Exclusions log 2025/26" in text and "Still owed" in text
    assert main(["print", "exclusions-log", "--year", "2025-27", "--out", str(out), "--db", str(db)]) == 1
    assert "is not an academic year" in capsys.readouterr().err
