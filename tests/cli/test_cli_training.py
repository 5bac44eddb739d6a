"""`import training` (dry run, real, again, bad file) and `print training-summary` end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from cwsw_desktop.__main__ import main
from cwsw_desktop.store import open_store

GOOD = (
    "Staff Name,Role,Course,Date,Hours,Provider\n"
    "Ms Ada Quennell,Leadership,Designated Teacher,02/10/2025,6,Virtual School\n"
    "Mr Bryn Tallis,Teacher,AATI,01/09/2025,3,Virtual School\n"
    "Miss Elin Marsh,Teacher,Attachment and trauma awareness,01/09/2025,3,Virtual School\n"
)


def counts(db: Path) -> dict[str, int]:
    store = open_store(db)
    try:
        with Session(store.engine) as session:
            return {
                t.name: session.exec(select(func.count()).select_from(t)).one()  # type: ignore[call-overload]
                for t in SQLModel.metadata.sorted_tables
                if t.name != "audit_event"
            }
    finally:
        store.close()


def test_import_training_dry_run_real_and_again(tmp_path: Path, capsys: Any) -> None:
    db, path = tmp_path / "school.db", tmp_path / "tracker.csv"
    path.write_text(GOOD, encoding="utf-8")
    args = ["import", "training", str(path), "--unencrypted", "--db", str(db)]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "3 new staff member(s) and 0 new course(s) to create" in out and "Dry run: nothing was saved." in out
    )
    assert counts(db)["staff_member"] == 0
    assert main(args) == 0
    assert "Imported tracker.csv: 3 attendance(s) in 2 session(s)" in capsys.readouterr().out
    before = counts(db)
    assert main(args) == 0
    assert "already has every line" in capsys.readouterr().out
    assert counts(db) == before


def test_bad_file_is_one_line_a_problem_and_nothing_saved(tmp_path: Path, capsys: Any) -> None:
    db, path = tmp_path / "school.db", tmp_path / "bad.csv"
    path.write_text(GOOD + "Someone,Teacher,Prevent,31/02/2026,1,\n", encoding="utf-8")
    assert main(["import", "training", str(path), "--unencrypted", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "line 5, Date: 31/02/2026 is not a date" in err and "Traceback" not in err
    assert not db.exists() or counts(db)["staff_member"] == 0


def test_print_training_summary(tmp_path: Path, capsys: Any) -> None:
    db, path, pdf = tmp_path / "school.db", tmp_path / "tracker.csv", tmp_path / "summary.pdf"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", "training", str(path), "--unencrypted", "--db", str(db)]) == 0
    assert (
        main(
            [
                "print",
                "training-summary",
                "--year",
                "2025",
                "--out",
                str(pdf),
                "--unencrypted",
                "--db",
                str(db),
            ]
        )
        == 0
    )
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Training summary 2025/26" in text
    assert "Bryn Tallis" in text and "Elin Marsh" in text
    assert main(["print", "training-summary", "--year", "1800", "--out", str(pdf), "--db", str(db)]) == 1


def test_every_document_command_keeps_an_existing_file_unless_forced(tmp_path, capsys):
    """print/report/export commands that write a document refuse to overwrite without --force."""
    from cwsw_desktop.__main__ import main

    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db, "--unencrypted", "--size", "12"]) == 0
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"the DT's own file")
    args = ["print", "training-summary", "--year", "2026-27", "--out", str(out), "--db", db, "--unencrypted"]
    assert main(args) == 1
    assert out.read_bytes() == b"the DT's own file"
    assert "exists already" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
