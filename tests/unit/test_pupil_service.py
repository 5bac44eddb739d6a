"""Pupil service: validation (table-driven), create/update/archive/delete with audit, detail, register."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func
from sqlmodel import Session, select

from cwsw_desktop.models import (
    AuditEvent,
    Contact,
    Exclusion,
    PepMeeting,
    PepTarget,
    Pupil,
    SdqResult,
    StatusEpisode,
)
from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services.errors import NotFoundError, ValidationError
from cwsw_desktop.services.pupils import (
    ContactInput,
    EpisodeInput,
    PupilInput,
    SdqInput,
    archive_pupil,
    create_pupil,
    delete_pupil,
    get_pupil,
    pupil_warnings,
    register_rows,
    update_pupil,
    validate_pupil,
)
from cwsw_desktop.services.snapshot import load_snapshot
from cwsw_desktop.store.reader import ConnectionReader

TODAY = date(2026, 11, 23)
DEMO_TODAY = date(2026, 11, 23)


def make_upn(serial: int) -> str:
    body = f"801200021{serial:03d}"
    return check_letter(body) + body


GOOD = PupilInput(
    upn="B801200005001",
    legal_surname="O'Neill",
    legal_forename="Éabha",
    preferred_forename="Abi",
    date_of_birth=date(2016, 2, 3),
    gender="Female",
    admission_date=date(2020, 9, 3),
    sen_status="E",
    ehcp_review_date=date(2027, 1, 15),
    pp_plus=True,
    key_adult="Mrs Cora Venn",
    attendance_pct=93.5,
)
CLA = EpisodeInput(
    "CLA", date(2024, 9, 1), None, responsible_la="Hertfordshire", placement_type="Foster care (LA)"
)


def count(engine: Any, model: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"upn": "A801200005001"}, "UPN", "check letter should be B, not A"),
        ({"upn": ""}, "UPN", "a UPN is required"),
        ({"upn": "B80120000500"}, "UPN", "13 characters"),
        ({"upn": "B80120000500I"}, "UPN", "character 13"),
        ({"legal_surname": "  "}, "Legal surname", "is required"),
        ({"legal_forename": ""}, "Legal forename", "is required"),
        ({"legal_surname": "x" * 101}, "Legal surname", "at most 100"),
        ({"date_of_birth": None}, "Date of birth", "is required"),
        ({"date_of_birth": date(2026, 12, 1), "admission_date": None}, "Date of birth", "is in the future"),
        ({"date_of_birth": date(2025, 6, 1), "admission_date": None}, "Date of birth", "age of 1"),
        ({"date_of_birth": date(1990, 6, 1), "admission_date": None}, "Date of birth", "between 2 and 25"),
        ({"admission_date": date(2015, 9, 1)}, "Admission date", "after the date of birth"),
        ({"leaving_date": date(2019, 7, 20)}, "Leaving date", "on or after the admission date"),
        ({"attendance_pct": 100.5}, "Attendance %", "between 0 and 100"),
        ({"attendance_pct": -1.0}, "Attendance %", "between 0 and 100"),
        ({"sen_status": "X", "ehcp_review_date": None}, "SEN status", "'X' is not N"),
        ({"sen_status": "K"}, "EHCP review date", "only a pupil with an EHCP"),
        ({"year_group_override": 15}, "Year group override", "between -2 and 14"),
        ({"gender": "g" * 21}, "Gender", "at most 20"),
    ],
)
def test_validate_pupil_refuses_bad_fields(changes: dict[str, Any], field: str, message: str) -> None:
    problems = validate_pupil(replace(GOOD, **changes), [], TODAY)
    assert [p.field for p in problems] == [field], problems
    assert message in problems[0].message


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"upn": " b801200005001 "},  # trimmed and upper-cased
        {"upn": "M80120000500A"},  # temporary UPN: allowed
        {"attendance_pct": 0.0},
        {"attendance_pct": 100.0},
        {"attendance_pct": None},
        {"sen_status": "N", "ehcp_review_date": None},
        {"date_of_birth": date(2024, 11, 23), "admission_date": None},  # exactly 2
        {"date_of_birth": date(2001, 11, 24), "admission_date": None},  # 24, nearly 25
        {"leaving_date": date(2020, 9, 3)},  # left on the day they joined
        {"year_group_override": -2},
        {"year_group_override": 14},
    ],
)
def test_validate_pupil_accepts_good_values(changes: dict[str, Any]) -> None:
    assert validate_pupil(replace(GOOD, **changes), [], TODAY) == []


@pytest.mark.parametrize(
    ("episodes", "message"),
    [
        ([CLA, EpisodeInput("CLA", date(2025, 1, 1))], "two open CLA episodes"),
        ([EpisodeInput("CIN", date(2024, 5, 1), date(2024, 4, 1))], "ends (01/04/2024) before it starts"),
        (
            [
                EpisodeInput("CIN", date(2020, 1, 1), date(2022, 1, 1)),
                EpisodeInput("CIN", date(2021, 1, 1), date(2023, 1, 1)),
            ],
            "overlaps",
        ),
        ([EpisodeInput("PLA", date(2022, 1, 1), pla_route="Fostering")], "'Fostering' is not a route"),
        ([EpisodeInput("CP", date(2015, 1, 1))], "before the date of birth"),
        ([EpisodeInput("XX", date(2020, 1, 1))], "unknown status 'XX'"),
        (
            [
                EpisodeInput("CLA", date(2020, 1, 1), date(2023, 1, 1)),
                EpisodeInput("PLA", date(2022, 6, 1), pla_route="SGO"),
            ],
            "cannot be looked after",
        ),
    ],
)
def test_validate_pupil_checks_status_history(episodes: list[EpisodeInput], message: str) -> None:
    problems = validate_pupil(GOOD, episodes, TODAY)
    assert problems and all(p.field == "Status history" for p in problems)
    assert any(message in p.message for p in problems), problems


@pytest.mark.parametrize(
    "episodes",
    [
        [],
        [CLA, EpisodeInput("CIN", date(2020, 1, 1), date(2024, 8, 31))],
        [
            EpisodeInput("CLA", date(2019, 1, 1), date(2021, 3, 1)),
            EpisodeInput("PLA", date(2021, 3, 2), pla_route="Adoption"),
        ],
        [EpisodeInput("CIN", date(2020, 1, 1), date(2021, 1, 1)), EpisodeInput("CIN", date(2021, 1, 1))],
    ],
)
def test_validate_pupil_accepts_sound_history(episodes: list[EpisodeInput]) -> None:
    assert validate_pupil(GOOD, episodes, TODAY) == []


@pytest.mark.parametrize(
    ("contacts", "sdqs", "field", "message"),
    [
        ([ContactInput("Uncle", "Rhys Dunmore")], [], "Contacts", "'Uncle' is not a role"),
        ([ContactInput("Carer", " ")], [], "Contacts", "a name is required"),
        ([ContactInput("Social worker", "Ana Peña", email="ana.pena")], [], "Contacts", "not an e-mail"),
        ([], [SdqInput(date(2026, 1, 5), "carer", 41)], "SDQ", "between 0 and 40"),
        ([], [SdqInput(date(2026, 1, 5), "parent", 12)], "SDQ", "unknown SDQ version"),
        ([], [SdqInput(date(2027, 1, 5), "teacher", 12)], "SDQ", "in the future"),
    ],
)
def test_validate_pupil_checks_contacts_and_sdqs(
    contacts: list[ContactInput], sdqs: list[SdqInput], field: str, message: str
) -> None:
    problems = validate_pupil(GOOD, [CLA], TODAY, contacts=contacts, sdqs=sdqs)
    assert [p.field for p in problems] == [field]
    assert message in problems[0].message


def test_duplicate_upn_is_named() -> None:
    problems = validate_pupil(GOOD, [], TODAY, existing_upn_owner=5)
    assert [str(p) for p in problems] == ["UPN: UPN B801200005001 already belongs to another pupil"]


def test_temporary_upn_is_flagged_not_refused() -> None:
    temporary = replace(GOOD, upn="M80120000500A")
    assert validate_pupil(temporary, [], TODAY) == []
    assert [p.field for p in pupil_warnings(temporary)] == ["UPN"]
    assert pupil_warnings(GOOD) == []


# --- create / read ---------------------------------------------------------------------------


def _create_full(engine: Any) -> int:
    return create_pupil(
        engine,
        GOOD,
        [CLA, EpisodeInput("CIN", date(2022, 1, 10), date(2024, 8, 31))],
        [
            ContactInput(
                "Social worker", "Ana Peña", "Children in Care Team", "01632 960123", "ana@example.org"
            ),
            ContactInput("Carer", "Siân D'Souza"),
        ],
        [SdqInput(date(2026, 3, 2), "carer", 15), SdqInput(date(2025, 3, 2), "teacher", 18)],
        today=TODAY,
    )


def test_create_and_read_back(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    detail = get_pupil(store.engine, pupil_id, TODAY)
    assert detail.to_input() == GOOD
    assert detail.legal_name == "Éabha O'Neill"
    assert detail.display_name == "Abi O'Neill"
    assert (detail.year_group, detail.year_group_label) == (6, "Year 6")  # born Feb 2016, 2026/27
    assert detail.cohort == "CLA" and detail.categories == ("CLA",)
    assert [e.category for e in detail.episodes] == ["CIN", "CLA"]
    assert all(e.id for e in detail.episodes)
    assert [(c.role, c.name) for c in detail.contacts] == [
        ("Social worker", "Ana Peña"),
        ("Carer", "Siân D'Souza"),
    ]
    assert [(s.total, s.band) for s in detail.sdqs] == [(18, "Cause for concern"), (15, "Borderline")]
    assert [t.date for t in detail.timeline] == sorted(t.date for t in detail.timeline)
    assert ("Status", "CLA started (Hertfordshire)") in [(t.kind, t.text) for t in detail.timeline]
    assert ("SDQ", "SDQ (carer) 15 – Borderline") in [(t.kind, t.text) for t in detail.timeline]


def test_year_group_override_wins(store: Any) -> None:
    pupil_id = create_pupil(store.engine, replace(GOOD, year_group_override=5), [], today=TODAY)
    detail = get_pupil(store.engine, pupil_id, TODAY)
    assert (detail.year_group, detail.year_group_label) == (5, "Year 5")


def test_create_audits_pupil_and_children(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    with Session(store.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.pupil_id == pupil_id)).all()
    assert sorted((e.action, e.entity) for e in events) == sorted(
        [("create", "pupil")]
        + [("create", "status_episode")] * 2
        + [("create", "contact")] * 2
        + [("create", "sdq_result")] * 2
    )


def test_invalid_create_saves_nothing(store: Any) -> None:
    bad = replace(GOOD, legal_surname="", attendance_pct=140.0)
    with pytest.raises(ValidationError) as caught:
        create_pupil(store.engine, bad, [CLA, EpisodeInput("CLA", date(2025, 1, 1))], today=TODAY)
    assert {p.field for p in caught.value.problems} == {"Legal surname", "Attendance %", "Status history"}
    assert (
        count(store.engine, Pupil)
        == count(store.engine, AuditEvent)
        == count(store.engine, StatusEpisode)
        == 0
    )


def test_duplicate_upn_refused_on_create(store: Any) -> None:
    create_pupil(store.engine, GOOD, [], today=TODAY)
    with pytest.raises(ValidationError) as caught:
        create_pupil(store.engine, replace(GOOD, upn="b801200005001", legal_forename="Ñora"), [], today=TODAY)
    assert str(caught.value) == "UPN: UPN B801200005001 already belongs to another pupil"
    assert count(store.engine, Pupil) == 1


def test_get_missing_pupil(store: Any) -> None:
    with pytest.raises(NotFoundError):
        get_pupil(store.engine, 999)


# --- update ----------------------------------------------------------------------------------


def test_update_audits_each_changed_field_and_keeps_child_ids(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    before = get_pupil(store.engine, pupil_id, TODAY)
    cin, cla = before.episodes
    ended = replace(cla, end_date=date(2026, 10, 1))
    new_data = replace(before.to_input(), attendance_pct=88.0, key_adult="Mr Dev Okonedo")
    update_pupil(
        store.engine,
        pupil_id,
        new_data,
        [cin, ended, EpisodeInput("PLA", date(2026, 10, 2), pla_route="SGO")],
        [before.contacts[0]],  # the carer is removed
        before.sdq_inputs(),
        today=TODAY,
    )
    after = get_pupil(store.engine, pupil_id, TODAY)
    assert after.attendance_pct == 88.0 and after.key_adult == "Mr Dev Okonedo"
    assert [e.id for e in after.episodes[:2]] == [cin.id, cla.id]
    assert after.episodes[1].end_date == date(2026, 10, 1)
    assert after.cohort == "PLA"
    assert [c.id for c in after.contacts] == [before.contacts[0].id]
    assert [s.id for s in after.sdqs] == [s.id for s in before.sdqs]
    with Session(store.engine) as session:
        updates = session.exec(select(AuditEvent).where(AuditEvent.action != "create")).all()
    assert sorted((e.action, e.entity, e.field_name) for e in updates) == [
        ("delete", "contact", ""),
        ("update", "pupil", "attendance_pct"),
        ("update", "pupil", "key_adult"),
        ("update", "status_episode", "end_date"),
    ]
    attendance = next(e for e in updates if e.field_name == "attendance_pct")
    assert (attendance.old_value, attendance.new_value) == ("93.5", "88.0")


def test_update_matches_children_without_ids_by_content(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    before = get_pupil(store.engine, pupil_id, TODAY)
    no_ids = [replace(e, id=None) for e in before.episodes]
    update_pupil(
        store.engine,
        pupil_id,
        before.to_input(),
        no_ids,
        [replace(c, id=None) for c in before.contacts],
        before.sdq_inputs(),
        today=TODAY,
    )
    after = get_pupil(store.engine, pupil_id, TODAY)
    assert [e.id for e in after.episodes] == [e.id for e in before.episodes]
    assert [c.id for c in after.contacts] == [c.id for c in before.contacts]


def test_invalid_update_changes_nothing(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    other = create_pupil(store.engine, replace(GOOD, upn=make_upn(7)), [], today=TODAY)
    before = get_pupil(store.engine, pupil_id, TODAY)
    events = count(store.engine, AuditEvent)
    with pytest.raises(ValidationError) as caught:
        update_pupil(store.engine, other, replace(GOOD, attendance_pct=50.0), [], [], [], today=TODAY)
    assert caught.value.problems[0].message == "UPN B801200005001 already belongs to another pupil"
    with pytest.raises(ValidationError):
        update_pupil(
            store.engine,
            pupil_id,
            replace(GOOD, key_adult="Someone"),
            [replace(before.episodes[0], end_date=date(2019, 1, 1))],
            before.contacts,
            before.sdq_inputs(),
            today=TODAY,
        )
    assert get_pupil(store.engine, pupil_id, TODAY) == before
    assert count(store.engine, AuditEvent) == events


# --- archive and delete ----------------------------------------------------------------------


def test_archive_keeps_the_record(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    archive_pupil(store.engine, pupil_id, date(2026, 10, 23))
    detail = get_pupil(store.engine, pupil_id, TODAY)
    assert detail.is_leaver and detail.leaving_date == date(2026, 10, 23)
    assert len(detail.episodes) == 2 and len(detail.contacts) == 2
    row = next(r for r in register_rows(store.engine, TODAY) if r.id == pupil_id)
    assert row.leaver and row.pep_status == ""
    with Session(store.engine) as session:
        archived = session.exec(select(AuditEvent).where(AuditEvent.action == "archive")).one()
    assert (archived.pupil_id, archived.field_name, archived.new_value) == (
        pupil_id,
        "leaving_date",
        "2026-10-23",
    )


def test_archive_refuses_leaving_before_admission(store: Any) -> None:
    pupil_id = _create_full(store.engine)
    with pytest.raises(ValidationError) as caught:
        archive_pupil(store.engine, pupil_id, date(2019, 1, 1))
    assert caught.value.problems[0].field == "Leaving date"
    assert get_pupil(store.engine, pupil_id, TODAY).leaving_date is None


@pytest.mark.parametrize("typed", ["Abi O'Neill", "O'Neill", "Éabha", "", "Eabha O'Neill"])
def test_delete_needs_the_exact_legal_name(store: Any, typed: str) -> None:
    pupil_id = _create_full(store.engine)
    with pytest.raises(ValidationError) as caught:
        delete_pupil(store.engine, pupil_id, typed)
    assert caught.value.problems[0].field == "Confirm name"
    assert get_pupil(store.engine, pupil_id, TODAY).id == pupil_id


def test_delete_removes_every_child_row_and_is_audited(demo_store: Any) -> None:
    engine = demo_store.engine
    with Session(engine) as session:
        pupil = session.exec(select(Pupil).join(PepMeeting, PepMeeting.pupil_id == Pupil.id)).first()
        assert pupil is not None and pupil.id is not None
        pupil_id, name = pupil.id, f"  {pupil.legal_forename.upper()}   {pupil.legal_surname.lower()} "
        others = count(engine, Pupil) - 1
    delete_pupil(engine, pupil_id, name)
    with Session(engine) as session:
        assert session.get(Pupil, pupil_id) is None
        for model in (StatusEpisode, Contact, SdqResult, PepMeeting, Exclusion):
            assert not session.exec(select(model).where(model.pupil_id == pupil_id)).all()
        orphans = session.exec(
            select(PepTarget).where(
                PepTarget.pep_id.not_in(  # type: ignore[attr-defined]
                    select(PepMeeting.id)
                )
            )
        ).all()
        assert orphans == []
        deleted = session.exec(
            select(AuditEvent).where(AuditEvent.action == "delete", AuditEvent.pupil_id == pupil_id)
        ).one()
    assert deleted.entity == "pupil" and "pep_meeting" in deleted.detail
    assert pupil.legal_surname not in deleted.detail
    assert count(engine, Pupil) == others


def test_delete_missing_pupil(store: Any) -> None:
    with pytest.raises(NotFoundError):
        delete_pupil(store.engine, 42, "Nobody")


# --- register --------------------------------------------------------------------------------


def test_register_rows_follow_the_snapshot(demo_store: Any) -> None:
    rows = register_rows(demo_store.engine, DEMO_TODAY)
    snap = load_snapshot(demo_store.engine, DEMO_TODAY)
    assert [r.id for r in rows] == [p.id for p in snap.pupils]
    for row, facts in zip(rows, snap.pupils, strict=True):
        assert row.cohort == (facts.cohort or "")
        assert row.year_group == facts.year_group
        assert row.sdq_due == facts.sdq_due and row.ehcp_review_due == facts.ehcp_review_due
        assert row.leaver == (facts.leaving_date is not None)
        assert row.pep_status == (facts.pep.current_status if facts.pep else "")
        if "CLA" in row.categories and not row.leaver:
            assert row.pep_status and row.social_worker
        if row.cohort in ("PLA", "Previous", ""):
            assert row.pep_status == ""


def test_register_uses_a_fixed_number_of_queries(demo_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    statements: list[str] = []

    def remember(*args: Any) -> None:
        statements.append(args[2])

    rows_of = ConnectionReader.rows  # the snapshot reads plain rows through a Reader

    def remember_read(self: ConnectionReader, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return rows_of(self, sql, params)

    monkeypatch.setattr(ConnectionReader, "rows", remember_read)
    event.listen(demo_store.engine, "before_cursor_execute", remember)
    try:
        rows = register_rows(demo_store.engine, DEMO_TODAY)
    finally:
        event.remove(demo_store.engine, "before_cursor_execute", remember)
    assert len(rows) == 30
    assert sum("FROM contact" in s for s in statements) == 1
    assert len(statements) < 20


def test_register_attendance_text_and_temporary_upn(store: Any) -> None:
    create_pupil(store.engine, replace(GOOD, upn="M80120000500A", attendance_pct=86.0), [CLA], today=TODAY)
    (row,) = register_rows(store.engine, TODAY)
    assert row.upn_temporary
    assert row.attendance_band == "Persistent absence"
    assert row.attendance_text == "86.0% – Persistent absence"
    assert row.year_group_label == "Year 6"
