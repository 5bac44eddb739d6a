"""Importing a MIS export: CSV (UTF-8 with BOM, Windows-1252) and XLSX, re-imports, bad files."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select, text

from cwsw_desktop.models import AuditEvent, Contact, Pupil, StatusEpisode
from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.pupil_import import (
    FieldChange,
    ImportPlan,
    apply_import,
    import_file,
    parse_file,
    plan_import,
)
from cwsw_desktop.services.pupils import register_rows

TODAY = date(2026, 11, 23)
DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = [
    "UPN",
    "Legal Surname",
    "Legal Forename",
    "Preferred Forename",
    "Date of Birth",
    "Gender",
    "Category",
    "Category Start",
    "Category End",
    "Responsible LA",
    "PLA Route",
    "Social Worker",
    "Social Worker Email",
    "SEN",
    "EHCP Review Date",
    "Attendance %",
]

# Invented names, every character representable in Windows-1252.
FORENAMES = [
    "Élodie",
    "Íñigo",
    "Zoë",
    "Anaïs",
    "Seán",
    "Noémie",
    "Joaquín",
    "Ruairí",
    "Chloé",
    "Björn",
    "Siân",
    "Renée",
    "Maëlle",
    "Dáire",
]
SURNAMES = [
    "O'Neill",
    "D'Souza-Brent",
    "Nuñez",
    "Ó Briain",
    "Müller-Hart",
    "Fitzwalter",
    "Pérez",
    "McAllister",
    "D'Arcy",
    "Quennell",
    "Lindqvist",
    "Ní Fhlannagáin",
    "Castañeda",
]
CATEGORIES = ["CLA", "PLA", "CIN", "CP", "Previous", ""]


def make_upn(serial: int) -> str:
    body = f"919400123{serial:03d}"
    return check_letter(body) + body


def mis_rows(n: int = 40) -> list[dict[str, Any]]:
    """A fictitious MIS export: dates as real dates, attendance as numbers."""
    rows = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        sen = "NKE"[i % 3]
        rows.append(
            {
                "UPN": make_upn(i + 1),
                "Legal Surname": SURNAMES[i % len(SURNAMES)],
                "Legal Forename": FORENAMES[(i * 3) % len(FORENAMES)],
                "Preferred Forename": "Jo" if i % 7 == 0 else "",
                "Date of Birth": date(2012 + i % 9, i % 12 + 1, i % 27 + 1),
                "Gender": "F" if i % 2 else "M",
                "Category": category,
                "Category Start": date(2023, i % 12 + 1, 1) if category else None,
                "Category End": date(2025, 3, 31) if category == "Previous" else None,
                "Responsible LA": "Hertfordshire" if category == "CLA" else "",
                "PLA Route": ["Adoption", "SGO", "CAO"][i // 6 % 3] if category == "PLA" else "",
                "Social Worker": f"Worker {SURNAMES[(i + 4) % len(SURNAMES)]}"
                if category in ("CLA", "CIN", "CP")
                else "",
                "Social Worker Email": f"worker{i}@example.org" if category in ("CLA", "CIN", "CP") else "",
                "SEN": sen,
                "EHCP Review Date": date(2027, 2, i % 27 + 1) if sen == "E" else None,
                "Attendance %": 85.0 + i % 15,
            }
        )
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_csv(
    path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8-sig", header: list[str] | None = None
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header or HEADER)
    for row in rows:
        writer.writerow([_cell_text(row[h]) for h in HEADER])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([("" if row[h] is None else row[h]) for h in HEADER])
    workbook.save(path)
    return path


def write(path: Path, rows: list[dict[str, Any]], fmt: str) -> Path:
    if fmt == "xlsx":
        return write_xlsx(path.with_suffix(".xlsx"), rows)
    return write_csv(path.with_suffix(".csv"), rows, "cp1252" if fmt == "cp1252" else "utf-8-sig")


def table_counts(engine: Any) -> dict[str, int]:
    with Session(engine) as session:
        return {
            t.name: session.exec(select(func.count()).select_from(t)).one()  # type: ignore[call-overload]
            for t in SQLModel.metadata.sorted_tables
        }


def do_import(engine: Any, path: Path) -> ImportPlan:
    parsed = parse_file(path, TODAY)
    assert parsed.problems == (), parsed.problems
    plan = plan_import(engine, parsed.rows, TODAY, parsed.source)
    assert plan.problems == (), plan.problems
    apply_import(engine, parsed, TODAY)
    return plan


# --- a realistic file, three ways ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["utf8-bom", "cp1252", "xlsx"])
def test_import_forty_pupils(store: Any, tmp_path: Path, fmt: str) -> None:
    rows = mis_rows()
    path = write(tmp_path / "mis", rows, fmt)
    plan = do_import(store.engine, path)
    assert (len(plan.to_add), len(plan.to_change), plan.unchanged) == (40, 0, 0)
    assert len(plan.episodes_to_add) == 34

    register = {r.upn: r for r in register_rows(store.engine, TODAY)}
    assert len(register) == 40
    for source in rows:
        row = register[source["UPN"]]
        assert (row.legal_surname, row.legal_forename) == (source["Legal Surname"], source["Legal Forename"])
        assert row.preferred_forename == source["Preferred Forename"]
        assert row.date_of_birth == source["Date of Birth"]
        assert row.cohort == source["Category"]
        assert row.sen_status == source["SEN"]
        assert row.attendance_pct == pytest.approx(source["Attendance %"])
        assert row.social_worker == source["Social Worker"]
    assert register[make_upn(1)].display_name == "Jo O'Neill"
    assert {r.legal_surname for r in register.values()} >= {"O'Neill", "D'Souza-Brent", "Nuñez", "Ó Briain"}
    with Session(store.engine) as session:
        previous = session.exec(select(StatusEpisode).where(col(StatusEpisode.end_date).is_not(None))).all()
        pla = session.exec(select(StatusEpisode).where(StatusEpisode.category == "PLA")).all()
        cla = session.exec(select(StatusEpisode).where(StatusEpisode.category == "CLA")).all()
    assert {e.category for e in previous} == {"CIN"} and len(previous) == 6
    assert {e.pla_route for e in pla} == {"Adoption", "SGO", "CAO"}
    assert {e.responsible_la for e in cla} == {"Hertfordshire"}


@pytest.mark.parametrize("fmt", ["utf8-bom", "cp1252", "xlsx"])
def test_reimport_adds_nothing_and_a_changed_cell_updates(store: Any, tmp_path: Path, fmt: str) -> None:
    rows = mis_rows()
    do_import(store.engine, write(tmp_path / "first", rows, fmt))
    before = table_counts(store.engine)

    again = do_import(store.engine, write(tmp_path / "again", rows, fmt))
    assert (len(again.to_add), len(again.to_change), again.unchanged) == (0, 0, 40)
    after = table_counts(store.engine)
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before.items() if k != "audit_event"
    }

    rows[0]["Attendance %"] = 99.5  # a CLA pupil
    rows[0]["Category End"] = date(2026, 11, 1)  # their care episode has ended
    rows[0]["Social Worker"] = "Worker Renamed"
    changed = do_import(store.engine, write(tmp_path / "changed", rows, fmt))
    assert (len(changed.to_add), len(changed.to_change), changed.unchanged) == (0, 1, 39)
    (change,) = changed.to_change
    assert change.upn == make_upn(1) and change.line == 2
    assert FieldChange("Attendance %", "85", "99.5") in change.changes
    assert FieldChange("Category End", "CLA: ", "CLA: 01/11/2026") in change.changes
    assert FieldChange("Social Worker", "Worker Müller-Hart", "Worker Renamed") in change.changes
    assert changed.episodes_to_add == () and len(changed.episodes_to_update) == 1

    final = table_counts(store.engine)
    assert final["status_episode"] == before["status_episode"]
    assert final["contact"] == before["contact"]
    row = next(r for r in register_rows(store.engine, TODAY) if r.upn == make_upn(1))
    assert row.attendance_pct == 99.5 and row.cohort == "Previous" and row.social_worker == "Worker Renamed"


def test_a_new_episode_is_added_to_an_existing_pupil(store: Any, tmp_path: Path) -> None:
    rows = mis_rows(6)
    do_import(store.engine, write(tmp_path / "first", rows, "utf8-bom"))
    rows[5]["Category"], rows[5]["Category Start"] = "CP", date(2026, 10, 5)
    plan = do_import(store.engine, write(tmp_path / "second", rows, "utf8-bom"))
    assert [(e.upn, e.category) for e in plan.episodes_to_add] == [(make_upn(6), "CP")]
    assert next(r for r in register_rows(store.engine, TODAY) if r.upn == make_upn(6)).cohort == "CP"


def test_import_audits_one_event_with_counts_and_no_names(store: Any, tmp_path: Path) -> None:
    do_import(store.engine, write(tmp_path / "mis", mis_rows(), "utf8-bom"))
    with Session(store.engine) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "import")).all()
    assert "40 added" in event.detail and "34 episodes added" in event.detail
    assert not any(name in event.detail for name in SURNAMES + FORENAMES)


def test_header_synonyms_case_and_spaces(store: Any, tmp_path: Path) -> None:
    path = tmp_path / "synonyms.csv"
    path.write_text(
        " upn ,SURNAME,First Name,DOB,Sex,category,Start Date,SW Email,Social Worker,Attendance,Notes\n"
        f"{make_upn(1)},D'Souza,Íñigo,2014-11-17,M,cin,05/01/2025,sw@example.org,Dev Marlow,91.5%,ignored\n",
        encoding="utf-8",
    )
    parsed = parse_file(path, TODAY)
    assert parsed.problems == ()
    assert parsed.ignored_columns == ("Notes",)
    import_file(store.engine, path, TODAY)
    (row,) = register_rows(store.engine, TODAY)
    assert (row.legal_surname, row.cohort, row.attendance_pct, row.social_worker) == (
        "D'Souza",
        "CIN",
        91.5,
        "Dev Marlow",
    )


def test_xlsx_percentage_cells_and_text_dates(store: Any, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["UPN", "Legal Surname", "Legal Forename", "Date of Birth", "Attendance %"])
    sheet.append([make_upn(1), "Castañeda", "Maëlle", "03/02/2016", 0.925])
    sheet["E2"].number_format = "0.0%"
    workbook.save(tmp_path / "pct.xlsx")
    import_file(store.engine, tmp_path / "pct.xlsx", TODAY)
    (row,) = register_rows(store.engine, TODAY)
    assert row.attendance_pct == pytest.approx(92.5)
    assert row.date_of_birth == date(2016, 2, 3)


# --- bad files -------------------------------------------------------------------------------


def test_bad_rows_are_all_reported_and_nothing_is_saved(demo_store: Any) -> None:
    before = table_counts(demo_store.engine)
    plan = parse_file(DATA / "mis_bad_rows.csv", TODAY)
    assert [str(p) for p in plan.problems] == [
        "line 3, Date of Birth: 31/02/2016 is not a date",
        "line 5, UPN: UPN check letter should be E, not A",
        "line 6, Category: 'XYZ' is not a category (use CLA, PLA, CIN, CP or Previous)",
        "line 7, Legal Surname: is required",
    ]
    with pytest.raises(ValidationError):
        apply_import(demo_store.engine, plan, TODAY)
    with pytest.raises(ValidationError):
        import_file(demo_store.engine, DATA / "mis_bad_rows.csv", TODAY)
    assert table_counts(demo_store.engine) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", Problem("", "the file is empty")),
        (b"\r\n ,, \r\n", Problem("", "the file is empty")),
        (
            b"UPN,Legal Surname,Legal Forename,Date of Birth\n",
            Problem("", "the file has a header row but no pupils"),
        ),
        (
            f"UPN,Legal Surname,Legal Forename\n{make_upn(1)},Nuñez,Zoë\n".encode(),
            Problem("Date of Birth", "required column is missing", 1),
        ),
        (
            f"UPN,Surname,Legal Surname,Forename,DOB\n{make_upn(1)},A,B,C,03/02/2016\n".encode(),
            Problem("Legal Surname", "is the same column as 'Surname': keep only one", 1),
        ),
        (
            b"UPN,Surname,Forename,DOB,Category\n",
            Problem("Category Start", "column is needed with the Category column", 1),
        ),
        (
            "UPN,Surname\n".encode("utf-16"),
            Problem("", 'the file is saved as UTF-16 ("Unicode text"): save it as "CSV UTF-8" instead'),
        ),
        (
            b"PK\x03\x04rest-of-a-zip",
            Problem("", "this is an Excel workbook, not a CSV file: give it the .xlsx extension"),
        ),
    ],
)
def test_whole_file_problems(tmp_path: Path, content: bytes, expected: Problem) -> None:
    path = tmp_path / "pupils.csv"
    path.write_bytes(content)
    assert expected in parse_file(path, TODAY).problems


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("pupils.xls", "old Excel (.xls) files cannot be read: save it as .xlsx or CSV"),
        ("pupils.pdf", "only CSV and Excel (.xlsx) files can be imported, not '.pdf'"),
        ("pupils.xlsx", "the file is not an Excel workbook (.xlsx) that can be read"),
    ],
)
def test_files_that_are_not_csv_or_xlsx(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"UPN,Surname\n")
    assert parse_file(path, TODAY).problems == (Problem("", message),)


def test_missing_file(tmp_path: Path) -> None:
    (problem,) = parse_file(tmp_path / "nowhere.csv", TODAY).problems
    assert problem.message.startswith("cannot read the file")


ROW_HEADER = "UPN,Legal Surname,Legal Forename,Date of Birth,Category,Category Start,Category End,SEN,EHCP Review Date,Attendance %,PLA Route,SW Email\n"


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        ("Nuñez,Zoë,,,,,,,,,", "Date of Birth", "is required"),
        ("Nuñez,Zoë,2016-13-01,,,,,,,,", "Date of Birth", "2016-13-01 is not a date"),
        ("Nuñez,Zoë,tomorrow,,,,,,,,", "Date of Birth", "'tomorrow' is not a date (use dd/mm/yyyy)"),
        ("Nuñez,Zoë,03/02/2026,,,,,,,,", "Date of Birth", "a pupil is between 2 and 25"),
        ("Nuñez,Zoë,03/02/2016,Previous,01/01/2020,,,,,,", "Category End", "is required for Previous"),
        ("Nuñez,Zoë,03/02/2016,CLA,,,,,,,", "Category Start", "is required for CLA"),
        ("Nuñez,Zoë,03/02/2016,,01/01/2020,,,,,,", "Category", "is required when a category start"),
        ("Nuñez,Zoë,03/02/2016,CIN,01/01/2022,01/01/2021,,,,,", "Category", "before it starts"),
        ("Nuñez,Zoë,03/02/2016,PLA,01/01/2022,,,,,Fostering,", "PLA Route", "'Fostering' is not a route"),
        ("Nuñez,Zoë,03/02/2016,,,,X,,,,", "SEN", "'X' is not N (none)"),
        ("Nuñez,Zoë,03/02/2016,,,,K,01/01/2027,,,", "EHCP Review Date", "only a pupil with an EHCP"),
        ("Nuñez,Zoë,03/02/2016,,,,,,101,,", "Attendance %", "between 0 and 100"),
        ("Nuñez,Zoë,03/02/2016,,,,,,ninety,,", "Attendance %", "'ninety' is not a percentage"),
        ("Nuñez,Zoë,03/02/2016,,,,,,,,not-an-email", "SW Email", "is not an e-mail address"),
        ("Nuñez,Zo\x00ë,03/02/2016,,,,,,,,", "Legal Forename", "contains a NUL character"),
    ],
)
def test_row_problems_name_line_and_column(tmp_path: Path, cells: str, field: str, message: str) -> None:
    path = tmp_path / "row.csv"
    path.write_text(ROW_HEADER + f"{make_upn(1)},{cells}\n", encoding="utf-8")
    problems = parse_file(path, TODAY).problems
    assert [(p.line, p.field) for p in problems] == [(2, field)], problems
    assert message in problems[0].message


def test_good_row_variants_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_text(
        ROW_HEADER
        + f"{make_upn(1)},Nuñez,Zoë,3/2/2016,previous,01/01/2020,31/12/2021,e,01/01/2027,95,,\n"
        + f"{make_upn(2).lower()},Pérez,Anaïs,2015-05-05,PLA,01/01/2022,,,,95.5%,sgo,\n",
        encoding="utf-8",
    )
    plan = parse_file(path, TODAY)
    assert plan.problems == ()
    first, second = plan.rows
    assert first.episode is not None and first.episode.category == "CIN"
    assert first.values["sen_status"] == "E"
    assert second.upn == make_upn(2)
    assert second.episode is not None and second.episode.pla_route == "SGO"
    assert second.values["attendance_pct"] == 95.5


def test_duplicate_upns_in_the_file(tmp_path: Path) -> None:
    rows = mis_rows(4)
    rows[3]["UPN"] = rows[1]["UPN"]
    plan = parse_file(write(tmp_path / "dupes", rows, "utf8-bom"), TODAY)
    assert [str(p) for p in plan.problems] == [f"line 5, UPN: {rows[1]['UPN']} is also on line 3"]


def test_multiline_cells_keep_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        "UPN,Legal Surname,Legal Forename,Date of Birth\n"
        f'{make_upn(1)},"Nuñez\nsecond line",Zoë,03/02/2016\n'
        f"{make_upn(2)},Pérez,Anaïs,31/02/2016\n",
        encoding="utf-8",
    )
    assert [p.line for p in parse_file(path, TODAY).problems] == [4]


def test_conflict_with_stored_history_is_refused(store: Any, tmp_path: Path) -> None:
    rows = mis_rows(1)  # a CLA pupil, in care since 01/01/2023
    do_import(store.engine, write(tmp_path / "first", rows, "utf8-bom"))
    before = table_counts(store.engine)
    rows[0]["Category Start"] = date(2025, 6, 1)  # a second open CLA episode
    parsed = parse_file(write(tmp_path / "second", rows, "utf8-bom"), TODAY)
    assert parsed.problems == ()
    plan = plan_import(store.engine, parsed.rows, TODAY)
    assert [(p.line, p.field) for p in plan.problems] == [(2, "Category")]
    assert "two open CLA episodes" in plan.problems[0].message
    with pytest.raises(ValidationError):
        apply_import(store.engine, parsed, TODAY)
    assert table_counts(store.engine) == before


def test_blank_cells_keep_stored_values(store: Any, tmp_path: Path) -> None:
    rows = mis_rows(3)
    do_import(store.engine, write(tmp_path / "first", rows, "utf8-bom"))
    for row in rows:
        row["Attendance %"] = None
        row["Preferred Forename"] = ""
    plan = do_import(store.engine, write(tmp_path / "second", rows, "utf8-bom"))
    assert plan.to_change == () and plan.unchanged == 3
    assert register_rows(store.engine, TODAY)[0].attendance_pct is not None


def test_plan_saves_nothing(store: Any, tmp_path: Path) -> None:
    parsed = parse_file(write(tmp_path / "mis", mis_rows(), "xlsx"), TODAY)
    plan = plan_import(store.engine, parsed.rows, TODAY)
    assert len(plan.to_add) == 40
    with Session(store.engine) as session:
        assert session.exec(select(func.count()).select_from(Pupil)).one() == 0
        assert session.exec(select(func.count()).select_from(Contact)).one() == 0
        assert session.exec(text("SELECT count(*) FROM audit_event")).one()[0] == 0


def test_a_pla_child_without_a_route_imports_and_shows_as_a_note(tmp_path: Path, store: Any) -> None:
    from cwsw_desktop.rules.duties import DutyKind, Severity
    from cwsw_desktop.services.due import what_is_due

    path = tmp_path / "pla.csv"
    path.write_text(
        ROW_HEADER
        + f"{make_upn(1)},Nuñez,Zoë,03/02/2016,PLA,01/01/2022,,,,,,\n"
        + f"{make_upn(2)},Abara,Tobi,04/05/2015,PLA,01/01/2021,,,,,adopted from state care outside England and Wales,\n",
        encoding="utf-8",
    )
    parsed = parse_file(path, TODAY)
    assert parsed.problems == ()
    plan = plan_import(store.engine, parsed.rows, TODAY, source=path.name)
    assert plan.ok and plan.pla_without_route == 1
    assert "1 PLA pupil(s) with no route recorded" in plan.summary()
    apply_import(store.engine, plan, TODAY)
    with Session(store.engine) as s:
        routes = sorted(s.exec(select(StatusEpisode.pla_route)).all())
    assert routes == ["", "Adopted outside E&W"]
    notes = what_is_due(store.engine, TODAY, [DutyKind.PLA_ROUTE_MISSING])
    assert [(d.severity, d.pupil) for d in notes] == [(Severity.NOTE, make_upn(1))]


def _events(engine: Any) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all())


def test_import_audits_every_record_it_creates_in_an_intact_chain(store: Any, tmp_path: Path) -> None:
    from cwsw_desktop.services.audit import verify_chain

    rows = mis_rows()
    do_import(store.engine, write(tmp_path / "mis", rows, "utf8-bom"))
    events = _events(store.engine)
    made = [(e.action, e.entity) for e in events]
    assert made.count(("create", "pupil")) == 40
    assert made.count(("create", "status_episode")) == 34
    assert made.count(("create", "contact")) == sum(1 for r in rows if r["Social Worker"])
    assert made[-1] == ("import", "pupil")
    with Session(store.engine) as session:
        pupils = {p.id: p.upn for p in session.exec(select(Pupil)).all()}
        episodes = {e.id: e.pupil_id for e in session.exec(select(StatusEpisode)).all()}
        contacts = {c.id: c.pupil_id for c in session.exec(select(Contact)).all()}
    first = next(e for e in events if e.entity == "pupil")
    assert pupils[first.entity_id] == make_upn(1)  # the file's order
    for e in events[:-1]:
        owner = {"pupil": pupils, "status_episode": episodes, "contact": contacts}[e.entity]
        assert e.entity_id in owner and e.pupil_id == (
            e.entity_id if e.entity == "pupil" else owner[e.entity_id]
        )
        assert not any(name in e.detail for name in SURNAMES + FORENAMES)
    assert verify_chain(store.engine).ok


def test_a_reimport_audits_each_changed_field(store: Any, tmp_path: Path) -> None:
    from cwsw_desktop.services.audit import record, verify_chain
    from cwsw_desktop.store import unit_of_work

    rows = mis_rows(6)
    do_import(store.engine, write(tmp_path / "first", rows, "utf8-bom"))
    with unit_of_work(store.engine) as session:  # an event written one by one between two imports
        record(session, "print", "report")
    before = len(_events(store.engine))
    rows[0]["Attendance %"] = 99.5
    rows[0]["Category End"] = date(2026, 11, 1)
    rows[0]["Social Worker"] = "Worker Renamed"
    do_import(store.engine, write(tmp_path / "second", rows, "utf8-bom"))
    changed = [
        (e.action, e.entity, e.field_name, e.old_value, e.new_value) for e in _events(store.engine)[before:]
    ]
    assert changed[:-1] == [
        ("update", "pupil", "attendance_pct", "85.0", "99.5"),
        ("update", "status_episode", "end_date", "", "2026-11-01"),
        ("update", "contact", "name", f"Worker {SURNAMES[4]}", "Worker Renamed"),
    ]
    assert changed[-1][:2] == ("import", "pupil")
    assert verify_chain(store.engine).ok


def test_a_repeated_date_is_read_alike_and_a_repeated_bad_one_reported_on_every_line(tmp_path: Path) -> None:
    """Each distinct date text is parsed once (a roll repeats dates): that must not hide a bad
    date the second time it appears, nor change what a good one reads as."""
    rows = mis_rows(6)
    for i, row in enumerate(rows):
        row["Date of Birth"] = "31/02/2016" if i % 2 else "03/02/2016"
    path = tmp_path / "repeats.csv"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row[h] if h == "Date of Birth" else _cell_text(row[h]) for h in HEADER])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    for _ in range(2):  # a second import of the same file reads it the same way
        plan = parse_file(path, TODAY)
        assert [str(p) for p in plan.problems if p.field == "Date of Birth"] == [
            f"line {line}, Date of Birth: 31/02/2016 is not a date" for line in (3, 5, 7)
        ]
        assert [r.values["date_of_birth"] for r in plan.rows if r.line in (2, 4, 6)] == [date(2016, 2, 3)] * 3


def test_the_cycle_collector_is_paused_only_while_importing(store: Any, tmp_path: Path) -> None:
    import gc

    path = write_csv(tmp_path / "pupils.csv", mis_rows(3))
    seen: list[bool] = []
    parse_file(path, TODAY, progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()
    bad = tmp_path / "bad.csv"
    bad.write_text("UPN,Legal Surname\nX,Y\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        import_file(store.engine, bad, TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        import_file(store.engine, path, TODAY)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
