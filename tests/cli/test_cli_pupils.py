"""The command line end to end: import pupils (dry run, real, bad file) and the three exports."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from cwsw_desktop.__main__ import main
from cwsw_desktop.store import open_store

DATA = Path(__file__).resolve().parent.parent / "data"
SMALL = DATA / "mis_small.csv"
BAD = DATA / "mis_bad_rows.csv"


def counts(db: Path) -> dict[str, int]:
    store = open_store(db)
    try:
        with Session(store.engine) as session:
            return {
                t.name: session.exec(select(func.count()).select_from(t)).one()  # type: ignore[call-overload]
                for t in SQLModel.metadata.sorted_tables
            }
    finally:
        store.close()


def test_import_dry_run_then_real_then_again(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "school.db"
    assert main(["import", "pupils", str(SMALL), "--unencrypted", "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "5 pupil(s) to add" in out and "Dry run: nothing was saved." in out
    assert counts(db)["pupil"] == 0

    assert main(["--unencrypted", "--db", str(db), "import", "pupils", str(SMALL)]) == 0
    out = capsys.readouterr().out
    assert "Added 5 pupil(s)" in out and "5 status episode(s) added" in out
    after = counts(db)
    assert (after["pupil"], after["status_episode"], after["contact"]) == (5, 5, 3)

    assert main(["import", "pupils", str(SMALL), "--unencrypted", "--db", str(db)]) == 0
    assert "0 pupil(s) to add, 0 to update, 5 unchanged" in capsys.readouterr().out
    again = counts(db)
    assert {k: v for k, v in again.items() if k != "audit_event"} == {
        k: v for k, v in after.items() if k != "audit_event"
    }


def test_import_shows_changes(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "school.db"
    assert main(["import", "pupils", str(SMALL), "--unencrypted", "--db", str(db)]) == 0
    changed = tmp_path / "changed.csv"
    changed.write_text(SMALL.read_text(encoding="utf-8-sig").replace(",93.5", ",97"), encoding="utf-8-sig")
    capsys.readouterr()
    assert main(["import", "pupils", str(changed), "--unencrypted", "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 to update" in out and "Attendance %: 93.5 -> 97" in out


def test_bad_file_prints_every_problem_and_changes_nothing(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "school.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "8"]) == 0
    before = counts(db)
    capsys.readouterr()
    assert main(["import", "pupils", str(BAD), "--unencrypted", "--db", str(db)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[:4] == [
        "line 3, Date of Birth: 31/02/2016 is not a date",
        "line 5, UPN: UPN check letter should be E, not A",
        "line 6, Category: 'XYZ' is not a category (use CLA, PLA, CIN, CP or Previous)",
        "line 7, Legal Surname: is required",
    ]
    assert "Nothing was imported" in lines[-1]
    assert captured.out == ""
    assert counts(db) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pupils.pdf", b"%PDF-1.4", "only CSV and Excel (.xlsx) files can be imported"),
        ("empty.csv", b"", "the file is empty"),
        ("cols.csv", b"UPN,Surname\n", "Date of Birth: required column is missing"),
    ],
)
def test_unreadable_files(tmp_path: Path, capsys: Any, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", "pupils", str(path), "--unencrypted", "--db", str(tmp_path / "school.db")]) == 1
    assert message in capsys.readouterr().err


def test_exports(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "school.db"
    assert main(["import", "pupils", str(SMALL), "--unencrypted", "--db", str(db)]) == 0
    upn = SMALL.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[0]

    one = tmp_path / "one.json"
    assert main(["export", "pupil", upn.lower(), "--out", str(one), "--unencrypted", "--db", str(db)]) == 0
    data = json.loads(one.read_text(encoding="utf-8"))
    assert [p["upn"] for p in data["pupils"]] == [upn]
    assert data["pupils"][0]["legal_surname"] == "O'Neill"
    assert len(data["status_episodes"]) == 1 and data["contacts"][0]["name"] == "Ana Peña"

    everything = tmp_path / "all.json"
    assert main(["export", "all", "--out", str(everything), "--unencrypted", "--db", str(db)]) == 0
    assert len(json.loads(everything.read_text(encoding="utf-8"))["pupils"]) == 5

    register = tmp_path / "register.csv"
    assert main(["export", "register", "--out", str(register), "--unencrypted", "--db", str(db)]) == 0
    rows = list(csv.DictReader(register.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["Legal Surname"] for r in rows] == [
        "D'Souza-Brent",
        "Fitzwalter",
        "Nuñez",
        "O'Neill",
        "Ó Briain",
    ]
    out = capsys.readouterr().out
    assert "Exported the register of 5 pupils" in out
    assert counts(db)["audit_event"] > 0


def test_export_unknown_pupil(tmp_path: Path, capsys: Any) -> None:
    assert (
        main(
            [
                "export",
                "pupil",
                "B801200005001",
                "--out",
                str(tmp_path / "x.json"),
                "--unencrypted",
                "--db",
                str(tmp_path / "school.db"),
            ]
        )
        == 1
    )
    assert "No pupil has the UPN B801200005001" in capsys.readouterr().err


def test_export_needs_a_kind_and_out(tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export", "register", "--unencrypted", "--db", str(tmp_path / "school.db")])
    assert done.value.code == 2
    with pytest.raises(SystemExit):
        main(["export"])
    assert "--out" in capsys.readouterr().err


def test_real_entry_point(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    env = {**os.environ, "CWSW_DB": str(db)}
    bad = subprocess.run(
        [sys.executable, "-m", "cwsw_desktop", "--unencrypted", "import", "pupils", str(BAD)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 1 and "line 3, Date of Birth" in bad.stderr
    good = subprocess.run(
        [sys.executable, "-m", "cwsw_desktop", "--unencrypted", "import", "pupils", str(SMALL)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    assert "Added 5 pupil(s)" in good.stdout
