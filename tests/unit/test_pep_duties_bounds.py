"""The PEP duties read only the meetings that can matter on the date (services/pep_duties.py):
a meeting on the very first day the rules look at still settles its duty, so a bound one day too
tight fails here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from cwsw_desktop.models import PepMeeting, Pupil, StatusEpisode
from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.rules.pep import INITIAL_PEP_LOOKBACK_DAYS, PepStatus
from cwsw_desktop.services.pep_duties import pep_duties


def _looked_after(engine, in_care_from: date) -> int:
    with Session(engine) as s:
        pupil = Pupil(
            upn="B801200005001",
            legal_surname="Wiśniewska",
            legal_forename="Łucja",
            date_of_birth=date(2014, 5, 6),
            admission_date=date(2020, 9, 1),
        )
        s.add(pupil)
        s.flush()
        assert pupil.id is not None
        s.add(StatusEpisode(pupil_id=pupil.id, category="CLA", start_date=in_care_from))
        s.commit()
        return pupil.id


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
    pupil = _looked_after(store.engine, began)
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
    pupil = _looked_after(store.engine, date(2022, 1, 10))
    label = f"{default_terms(year).terms[term].name} term {default_terms(year).label}"
    assert any(label in m for m in _messages(store.engine, on, DutyKind.PEP_OVERDUE))
    _held(store.engine, pupil, first_day)
    assert not any(label in m for m in _messages(store.engine, on, DutyKind.PEP_OVERDUE))
