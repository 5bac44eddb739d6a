"""PEP services: booking and holding, duties, the pack (read back with pypdf), the .ics export
and the tracker import."""

from __future__ import annotations

from datetime import date, time, timedelta
from io import BytesIO

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import text
from sqlmodel import Session, func, select
from support import DEMO_TODAY

from cwsw_desktop.models import AuditEvent, PepMeeting, PepTarget, Pupil, StatusEpisode
from cwsw_desktop.reports.pep_pack import pep_pack_pdf
from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.rules.pep import (
    INITIAL_PEP_LOOKBACK_DAYS,
    AttendeeRole,
    PepStatus,
    TargetRating,
    TermStatus,
)
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.pep_booking import book_pep, call_off, hold_pep
from cwsw_desktop.services.pep_duties import pep_duties
from cwsw_desktop.services.pep_ics import calendar_ics
from cwsw_desktop.services.pep_import import import_peps
from cwsw_desktop.services.pep_pack import pack_data
from cwsw_desktop.services.pep_types import ActionInput, AttendeeInput, BookingInput, HoldInput, TargetInput
from cwsw_desktop.services.peps import get_pep, pep_grid, previous_pep

TODAY = date(2026, 11, 23)

# The PEP duties, as `due --kind` would ask for them (other areas' duties left out).
PEP_KINDS = (DutyKind.PEP_DUE, DutyKind.PEP_OVERDUE, DutyKind.INITIAL_PEP_DUE, DutyKind.PEP_INCOMPLETE)


def _child(engine, surname="Wiśniewska-Głowacka", forename="Łucja", start=date(2024, 3, 1)) -> int:
    with Session(engine) as s:
        pupil = Pupil(
            upn="B801200005001",
            legal_surname=surname,
            legal_forename=forename,
            date_of_birth=date(2014, 5, 6),
            admission_date=date(2020, 9, 1),
        )
        s.add(pupil)
        s.flush()
        assert pupil.id is not None
        s.add(StatusEpisode(pupil_id=pupil.id, category="CLA", start_date=start))
        s.commit()
        return pupil.id


def test_book_hold_and_the_grid_turns_green(store):
    engine = store.engine
    pupil = _child(engine)
    grid = pep_grid(engine, TODAY)
    assert grid[0].terms[0].status is TermStatus.DUE
    assert {d.kind for d in what_is_due(engine, TODAY, PEP_KINDS)} == {DutyKind.PEP_DUE, DutyKind.PEP_OVERDUE}
    people = (AttendeeInput(AttendeeRole.DT, "Ms Ada"), AttendeeInput(AttendeeRole.CARER, "Sam Carer"))
    pep_id = book_pep(
        engine, BookingInput(pupil, date(2026, 11, 20), time(10, 0), "Library", attendees=people), TODAY
    )
    with pytest.raises(ValidationError, match="already on record"):
        book_pep(engine, BookingInput(pupil, date(2026, 11, 20)), TODAY)
    with pytest.raises(ValidationError, match="in the future"):
        hold_pep(engine, pep_id, HoldInput(held_on=date(2026, 12, 1)), TODAY)
    # Held without targets: incomplete, and the duty says so.
    hold_pep(engine, pep_id, HoldInput(held_on=date(2026, 11, 20), attendees=people), TODAY)
    assert pep_grid(engine, TODAY)[0].terms[0].status is TermStatus.INCOMPLETE
    kinds = {d.kind for d in what_is_due(engine, TODAY, PEP_KINDS)}
    assert DutyKind.PEP_INCOMPLETE in kinds and DutyKind.PEP_DUE not in kinds
    next_id = hold_pep(
        engine,
        pep_id,
        HoldInput(
            held_on=date(2026, 11, 20),
            targets=(TargetInput("Read daily for 15 minutes", "Reading", "5 minutes"),),
            actions=(ActionInput("Book tuition", "DT", date(2026, 12, 4)),),
            pp_plus_agreed_pence=50_000,
            pp_plus_purpose="Tuition",
            next_meeting=date(2027, 2, 1),
            book_next=True,
        ),
        TODAY,
    )
    row = pep_grid(engine, TODAY)[0]
    assert row.terms[0].status is TermStatus.DONE and row.held == 1
    assert DutyKind.PEP_INCOMPLETE not in {d.kind for d in what_is_due(engine, TODAY, PEP_KINDS)}
    assert next_id is not None and get_pep(engine, next_id).status is PepStatus.PLANNED
    # The next review starts from these targets and open actions, and rates them.
    previous = previous_pep(engine, pupil, date(2027, 2, 1), exclude=next_id)
    assert previous is not None and previous.id == pep_id
    assert [t.description for t in previous.targets] == ["Read daily for 15 minutes"]
    assert [a.action for a in previous.open_actions] == ["Book tuition"]
    target_id, action_id = previous.targets[0].id, previous.open_actions[0].id
    assert target_id is not None and action_id is not None
    hold_pep(
        engine,
        next_id,
        HoldInput(
            held_on=date(2027, 2, 1),
            ratings={target_id: TargetRating.GOOD},
            actions_done=frozenset({action_id}),
            targets=(TargetInput("Times tables to 12", "Maths"),),
        ),
        date(2027, 2, 1),
    )
    again = previous_pep(engine, pupil, date(2027, 2, 1), exclude=next_id)
    assert again is not None and again.targets[0].rating is TargetRating.GOOD and not again.open_actions
    with Session(engine) as s:
        actions = s.exec(
            select(AuditEvent.entity, AuditEvent.field_name).where(AuditEvent.entity != "")
        ).all()
    assert ("pep_target", "rating") in actions and ("pep_action", "done") in actions


def test_called_off_meetings_settle_nothing_and_need_a_reason(store):
    engine = store.engine
    pupil = _child(engine)
    pep_id = book_pep(engine, BookingInput(pupil, date(2026, 11, 30)), TODAY)
    with pytest.raises(ValidationError, match="say why"):
        call_off(engine, pep_id, PepStatus.CANCELLED, " ", TODAY)
    new_id = call_off(engine, pep_id, PepStatus.POSTPONED, "Social worker ill", TODAY, date(2026, 12, 7))
    assert get_pep(engine, pep_id).status is PepStatus.POSTPONED
    assert new_id is not None and get_pep(engine, new_id).meeting_date == date(2026, 12, 7)
    assert pep_grid(engine, TODAY)[0].terms[0].status is TermStatus.BOOKED


def test_the_pack_prints_every_section_and_a_polish_name(store):
    engine = store.engine
    pupil = _child(engine)
    first = book_pep(engine, BookingInput(pupil, date(2026, 9, 20)), TODAY)
    hold_pep(
        engine,
        first,
        HoldInput(
            held_on=date(2026, 9, 20),
            targets=(TargetInput("Join a club", "Belonging", "No clubs"),),
            actions=(ActionInput("Visit the chess club", "Carer"),),
        ),
        TODAY,
    )
    people = (AttendeeInput(AttendeeRole.SOCIAL_WORKER, "Bożena Kowalczyk"),)
    pep_id = book_pep(
        engine, BookingInput(pupil, date(2026, 12, 1), time(9, 30), "Room 2", attendees=people), TODAY
    )
    pdf = pep_pack_pdf(pack_data(engine, pep_id, TODAY))
    reader = PdfReader(BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    whole = "\n".join(pages)
    assert "Łucja Wiśniewska-Głowacka" in whole and "Bożena Kowalczyk" in whole
    for section in (
        "The child's views",
        "Attendance",
        "Progress against the last targets",
        "SEN / EHCP",
        "Well-being and SDQ",
        "PP+ use and impact",
        "New SMART targets",
        "Actions",
        "Next meeting",
        "Pupil profile",
        "Join a club",
        "Visit the chess club",
        "01/12/2026 at 09:30",
        "Room 2",
    ):
        assert section in whole, section
    assert all("CONFIDENTIAL" in p and "Printed 23/11/2026" in p and f"of {len(pages)}" in p for p in pages)


def test_ics_has_stable_uids_and_initials_only(demo_store):
    engine = demo_store.engine
    first, n = calendar_ics(engine, date(2026, 9, 1), date(2027, 8, 31))
    second, _ = calendar_ics(engine, date(2026, 9, 1), date(2027, 8, 31))
    events = [Calendar.from_ical(data).walk("VEVENT") for data in (first, second)]
    uids = [[str(e["UID"]) for e in evs] for evs in events]
    assert n and uids[0] == uids[1] and len(set(uids[0])) == n
    with Session(engine) as s:
        surnames = {p.legal_surname for p in s.exec(select(Pupil)).all()}
    for e in events[0]:
        summary = str(e["SUMMARY"])
        assert not any(name in summary for name in surnames)
        assert summary.rsplit("– ", 1)[1].count(".") == 2


def _write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_import_is_all_or_nothing_idempotent_and_counts_tracker_peps_complete(store, tmp_path):
    engine = store.engine
    pupil = _child(engine)
    bad = _write(
        tmp_path,
        "bad.csv",
        "UPN,Date,Status\nB801200005001,31/02/2026,Held\nB801200005001,01/10/2026,Maybe\n",
    )
    with pytest.raises(ValidationError) as caught:
        import_peps(engine, bad)
    assert [str(p) for p in caught.value.problems] == [
        "line 2, Date: 31/02/2026 is not a date",
        "line 3, Status: 'Maybe' should be Held, Planned or Cancelled",
    ]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(PepMeeting)).one() == 0
    good = _write(
        tmp_path,
        "good.csv",
        "UPN,Date,Status,Time,Place,Targets Set\n"
        "B801200005001,15/10/2025,Held,10:00,Library,\n"
        "B801200005001,20/01/2026,Held,,,no\n"
        "B801200005001,30/11/2026,Planned,14:30,Room 2,\n",
    )
    plan = import_peps(engine, good)
    assert (plan.to_add, plan.to_update, plan.unchanged) == (3, 0, 0)
    again = import_peps(engine, good)
    assert (again.to_add, again.to_update, again.unchanged) == (0, 0, 3)
    row = pep_grid(engine, date(2026, 9, 2), 2025)[0]
    assert [t.status for t in row.terms] == [TermStatus.DONE, TermStatus.INCOMPLETE, TermStatus.OVERDUE]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(PepMeeting)).one() == 3
        assert s.exec(select(func.count()).select_from(PepTarget)).one() == 0
    assert pupil


def test_demo_shows_red_for_a_term_ended_without_a_pep(demo_store):
    red = [
        r
        for r in pep_grid(demo_store.engine, DEMO_TODAY, 2025)
        if TermStatus.OVERDUE in {t.status for t in r.terms}
    ]
    assert red
    due = what_is_due(demo_store.engine, DEMO_TODAY, [DutyKind.PEP_OVERDUE, DutyKind.INITIAL_PEP_DUE])
    assert {d.kind for d in due} == {DutyKind.PEP_OVERDUE, DutyKind.INITIAL_PEP_DUE}
    still_in_care = {r.upn for r in pep_grid(demo_store.engine, DEMO_TODAY) if r.owed}
    assert {r.upn for r in red} & still_in_care
    assert {r.upn for r in red} & still_in_care <= {d.pupil for d in due}


def test_migration_0007_turns_attendees_and_progress_into_rows_and_ratings(tmp_path):
    from sqlalchemy import create_engine

    from cwsw_desktop.store.migrate import upgrade_to_head

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as c:
        upgrade_to_head(c, target="0006")
        c.execute(
            text(
                "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname,"
                " date_of_birth, gender, sen_status, pp_plus, key_adult, notes, created_at, updated_at)"
                " VALUES (1, 'B801200005001', 'Oakenfold', 'Amara', '', '', '2015-03-04', '', 'N', 1, '',"
                " '', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        )
        c.execute(
            text(
                "INSERT INTO pep_meeting (id, pupil_id, meeting_date, status, attendees, child_views,"
                " pp_plus_requested_pence, pp_plus_agreed_pence, pp_plus_purpose, notes)"
                " VALUES (1, 1, '2024-10-01', 'held', 'DT, social worker; carer', '', 0, 0, '', '')"
            )
        )
        for i, progress in enumerate(["Achieved", "On track", "Not started", "Wobbly"], start=1):
            c.execute(
                text(
                    f"INSERT INTO pep_target (id, pep_id, description, progress) VALUES ({i}, 1, 't', '{progress}')"
                )
            )
        upgrade_to_head(c)
        names = c.execute(text("SELECT name, role, attended FROM pep_attendee ORDER BY id")).all()
        assert [tuple(r) for r in names] == [
            ("DT", "other", 1),
            ("social worker", "other", 1),
            ("carer", "other", 1),
        ]
        ratings = c.execute(text("SELECT rating FROM pep_target ORDER BY id")).scalars().all()
        assert ratings == ["achieved", "good", "not-started", "some"]
        meeting = c.execute(text("SELECT kind, status, targets_elsewhere, place FROM pep_meeting")).one()
        assert tuple(meeting) == ("review", "held", 0, "")
        assert c.execute(text("SELECT first_pep_school_days FROM school")).all() in ([], [(10,)])
        with pytest.raises(Exception, match="CHECK constraint failed"):
            c.execute(text("UPDATE pep_meeting SET status = 'maybe'"))
    engine.dispose()


# --- the PEP duties read only the meetings that can matter on the date (services/pep_duties.py):
# a meeting on the very first day the rules look at still settles its duty, so a bound one day
# too tight fails here.


def _held(engine, pupil_id: int, on: date) -> None:
    """A PEP held on `on`, its targets kept in the Virtual School's ePEP (so it is complete)."""
    with Session(engine) as s:
        s.add(PepMeeting(pupil_id=pupil_id, meeting_date=on, status=PepStatus.HELD, targets_elsewhere=True))
        s.commit()


def _messages(engine, on: date, kind: DutyKind) -> list[str]:
    return [d.message for d in pep_duties(engine, on) if d.kind is kind]


@pytest.mark.parametrize(
    "on",
    [
        date(2027, 3, 3),  # the lookback is the earliest day asked about (before any window opens)
        date(2026, 11, 23),
    ],
)
def test_a_first_pep_held_on_the_day_care_began_lookback_days_ago_settles_it(store, on):
    began = on - timedelta(days=INITIAL_PEP_LOOKBACK_DAYS)  # the earliest care start still asked about
    pupil = _child(store.engine, start=began)
    assert _messages(store.engine, on, DutyKind.INITIAL_PEP_DUE)
    _held(store.engine, pupil, began)
    assert _messages(store.engine, on, DutyKind.INITIAL_PEP_DUE) == []


@pytest.mark.parametrize(
    ("on", "year", "term"),
    [
        (date(2026, 11, 23), 2025, 2),  # last year's Summer window ended lately: still asked about
        (date(2027, 3, 15), 2026, 0),  # last year long over: this year's Autumn is the first window
    ],
)
def test_a_pep_held_on_the_first_day_of_the_earliest_window_asked_about_settles_it(store, on, year, term):
    first_day = default_terms(year).terms[term].start
    pupil = _child(store.engine, start=date(2022, 1, 10))
    label = f"{default_terms(year).terms[term].name} term {default_terms(year).label}"
    assert any(label in m for m in _messages(store.engine, on, DutyKind.PEP_OVERDUE))
    _held(store.engine, pupil, first_day)
    assert not any(label in m for m in _messages(store.engine, on, DutyKind.PEP_OVERDUE))
