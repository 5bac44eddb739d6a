"""Exports: one child's record as JSON, the whole store as JSON, the register as CSV."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from cwsw_desktop.models import AuditEvent, PepMeeting, Pupil
from cwsw_desktop.reports.words import TERM_WORDS
from cwsw_desktop.services.errors import NotFoundError
from cwsw_desktop.services.export import (
    PUPIL_TABLES,
    export_all_json,
    export_pupil_json,
    export_register_csv,
    neutralise,
)
from cwsw_desktop.services.pupils import PupilInput, create_pupil

TODAY = date(2026, 11, 23)
PUPIL_KEYS = {key for key, _ in PUPIL_TABLES}


def _cla_pupil_with_peps(engine: Any) -> Pupil:
    with Session(engine) as session:
        pupil = session.exec(select(Pupil).join(PepMeeting, PepMeeting.pupil_id == Pupil.id)).first()
        assert pupil is not None
        return pupil


def test_pupil_json_has_every_table_and_nothing_of_other_children(demo_store: Any, tmp_path: Path) -> None:
    engine = demo_store.engine
    pupil = _cla_pupil_with_peps(engine)
    out = tmp_path / "sar.json"
    export_pupil_json(engine, pupil.upn.lower(), out)
    data = json.loads(out.read_text(encoding="utf-8"))

    assert set(data) >= PUPIL_KEYS
    assert all(isinstance(data[key], list) for key in PUPIL_KEYS)
    assert [p["upn"] for p in data["pupils"]] == [pupil.upn]
    assert data["pupils"][0]["date_of_birth"] == pupil.date_of_birth.isoformat()
    assert data["pep_meetings"] and data["pep_targets"] and data["status_episodes"] and data["contacts"]
    for key in PUPIL_KEYS - {"pupils", "pep_targets", "pep_actions", "pep_attendees"}:
        assert all(row["pupil_id"] == pupil.id for row in data[key]), key
    pep_ids = {m["id"] for m in data["pep_meetings"]}
    assert {t["pep_id"] for t in data["pep_targets"]} <= pep_ids
    assert {a["pep_id"] for a in data["pep_actions"]} <= pep_ids
    # fields are named as in the models
    assert set(data["status_episodes"][0]) == {
        "id",
        "pupil_id",
        "category",
        "start_date",
        "end_date",
        "responsible_la",
        "placement_type",
        "pla_route",
    }

    text = out.read_text(encoding="utf-8")
    with Session(engine) as session:
        others = session.exec(select(Pupil).where(Pupil.id != pupil.id)).all()
    assert not any(other.upn in text for other in others)


def test_pupil_json_includes_their_audit_trail_and_is_audited(store: Any, tmp_path: Path) -> None:
    first = create_pupil(
        store.engine, PupilInput("B801200005001", "O'Neill", "Éabha", date(2016, 2, 3)), today=TODAY
    )
    create_pupil(store.engine, PupilInput("C801200021001", "Nuñez", "Íñigo", date(2015, 2, 3)), today=TODAY)
    out = tmp_path / "one.json"
    export_pupil_json(store.engine, "B801200005001", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(e["action"], e["pupil_id"]) for e in data["audit_events"]] == [("create", first)]
    assert "Nuñez" not in out.read_text(encoding="utf-8")
    assert "Éabha" in out.read_text(encoding="utf-8")  # UTF-8, not escaped
    with Session(store.engine) as session:
        exported = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (exported.entity, exported.pupil_id) == ("pupil", first)


def test_pupil_json_unknown_upn(store: Any, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="B801200005001"):
        export_pupil_json(store.engine, "B801200005001", tmp_path / "none.json")
    assert not (tmp_path / "none.json").exists()


def test_failed_export_leaves_no_file_and_no_audit(store: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        export_all_json(store.engine, blocker / "all.json")
    with Session(store.engine) as session:
        assert session.exec(select(AuditEvent)).all() == []


def test_all_json_holds_every_row(demo_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    counts = export_all_json(demo_store.engine, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {
        "school",
        "academic_years",
        "staff",
        "training_sessions",
        "training_attendance",
        "exclusion_reasons",
    } | PUPIL_KEYS <= set(data)
    with Session(demo_store.engine) as session:
        for table in SQLModel.metadata.sorted_tables:
            stored = session.exec(select(func.count()).select_from(table)).one()  # type: ignore[call-overload]
            exported = sum(
                len(v) for k, v in data.items() if isinstance(v, list) and _table_of(k) == table.name
            )
            own_event = 1 if table.name == "audit_event" else 0  # the export's own, written after
            assert exported == stored - own_event, table.name
    assert counts["pupils"] == 30
    assert data["school"][0]["name"].endswith("(fictitious)")
    assert len(data["academic_years"][0]["autumn_start"]) == 10  # ISO date
    with Session(demo_store.engine) as session:
        assert session.exec(
            select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.entity == "store")
        ).one()


def _table_of(key: str) -> str:
    from cwsw_desktop.services.export import PUPIL_TABLES, SCHOOL_TABLES

    models = dict(PUPIL_TABLES + SCHOOL_TABLES)
    return str(models[key].__tablename__) if key in models else key  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://example.org","x")', '\'=HYPERLINK("http://example.org","x")'),
        ("+44 1632 960000", "'+44 1632 960000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("O'Neill", "O'Neill"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_register_csv(store: Any, tmp_path: Path) -> None:
    base = PupilInput(
        "B801200005001",
        "O'Neill",
        '=HYPERLINK("http://evil.example","click")',
        date(2016, 2, 3),
        attendance_pct=86.0,
    )
    create_pupil(store.engine, base, today=TODAY)
    create_pupil(
        store.engine,
        replace(base, upn="C801200021001", legal_surname="-Nuñez", legal_forename="Zoë"),
        today=TODAY,
    )
    out = tmp_path / "register.csv"
    assert export_register_csv(store.engine, out, TODAY) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    by_upn = {r["UPN"]: r for r in rows}
    assert by_upn["B801200005001"]["Legal Forename"] == '\'=HYPERLINK("http://evil.example","click")'
    assert by_upn["C801200021001"]["Legal Surname"] == "'-Nuñez"
    assert by_upn["B801200005001"]["Date of Birth"] == "03/02/2016"
    assert by_upn["B801200005001"]["Year Group"] == "Year 6"
    assert by_upn["B801200005001"]["Attendance Band"] == "Persistent absence"
    with Session(store.engine) as session:
        assert session.exec(
            select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.entity == "register")
        ).one()


def test_register_csv_of_demo_store(demo_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    export_register_csv(demo_store.engine, out, TODAY)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 30
    assert {r["Category"] for r in rows} >= {"CLA", "PLA", "CIN", "CP", "Previous"}
    assert any(r["PEP This Term"] for r in rows if r["Category"] == "CLA")
    # words a DT reads, as the PEP calendar shows them, never a code such as "due-soon"
    words = {r["PEP This Term"] for r in rows} - {""}
    assert words <= set(TERM_WORDS.values()), words
    assert not any("-" in w and " " not in w for w in words)
