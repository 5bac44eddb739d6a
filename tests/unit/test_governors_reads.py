"""The Report to Governors reads only the rows a printed figure can depend on: on ten years of
fictitious history, each narrowed read gives the section it gave reading everything."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from support import DEMO_TODAY

from cwsw_desktop.rules.calendar import TERM_NAMES, default_terms
from cwsw_desktop.rules.governors import Period
from cwsw_desktop.rules.training import TrainedMeans
from cwsw_desktop.services import governors, governors_sections
from cwsw_desktop.services.demo_large import generate_large
from cwsw_desktop.services.governors import build_governors_report
from cwsw_desktop.services.governors_context import read_year_peps
from cwsw_desktop.services.school import load_settings, save_settings
from cwsw_desktop.store import open_store
from cwsw_desktop.store.reader import ConnectionReader

# Every session held by the period's end, and all who attended any session: the reads before
# they were narrowed.
ALL_SESSIONS = """
SELECT s.id, s.course_id, c.name, c.category, s.held_on, s.hours, c.valid_for_months
FROM training_session s JOIN training_course c ON c.id = s.course_id
WHERE s.held_on <= :last ORDER BY s.held_on DESC, s.id
"""
ALL_ATTENDEES = "SELECT session_id, staff_id FROM training_attendance"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("history") / "history.db")
    generate_large(store.engine, size=90, years=10, seed=11, today=DEMO_TODAY)
    yield store.engine
    store.close()


def reports(engine) -> list[tuple[int, str | None, date]]:
    this_year = DEMO_TODAY.year if DEMO_TODAY.month >= 9 else DEMO_TODAY.year - 1
    return [
        (year, term, on)
        for year in range(this_year - 9, this_year + 1)
        for term in (None, "spring")
        for on in (DEMO_TODAY, date(year + 1, 3, 1), date(year, 9, 20))
    ]


@pytest.mark.parametrize("means", list(TrainedMeans))
def test_training_reads_the_sessions_its_figures_need(history, monkeypatch, means):
    save_settings(history, replace(load_settings(history), training_trained_means=means.value))
    narrowed = [build_governors_report(history, *args).training for args in reports(history)]
    monkeypatch.setattr(governors, "_SESSIONS", ALL_SESSIONS)
    monkeypatch.setattr(governors, "_ATTENDEES", ALL_ATTENDEES)
    everything = [build_governors_report(history, *args).training for args in reports(history)]
    assert narrowed == everything
    assert len({t.facts for t in everything}) > 10  # the figures differ from report to report


# What the PP+ section read before it used the year's PEP meetings the PEP section reads too.
COMMITTED_BY_SQL = """
SELECT pp_plus_purpose, SUM(pp_plus_agreed_pence),
       MIN(meeting_date || coalesce(start_time, ' ') || printf('%012d', id)) AS seen
FROM pep_meeting
WHERE status = 'held' AND meeting_date BETWEEN :first AND :last AND pp_plus_agreed_pence > 0
GROUP BY pp_plus_purpose ORDER BY seen
"""


def test_pp_plus_committed_from_the_years_peps_is_what_its_own_statement_read() -> None:
    """Random PEPs on few days (ties), at times of two lengths or none, purposes differing only in
    case, every status, some agreeing nothing: the same purposes, sums and order, for a year and
    each term."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE pep_meeting (id INTEGER PRIMARY KEY, pupil_id INTEGER, meeting_date DATE,
            status TEXT, targets_elsewhere BOOLEAN, pp_plus_agreed_pence INTEGER,
            pp_plus_purpose TEXT, start_time TIME);
        CREATE TABLE pep_target (id INTEGER PRIMARY KEY, pep_id INTEGER);
        """
    )
    rng = random.Random(5)
    days = [date(2025, 9, 1), date(2025, 12, 19), date(2026, 1, 5), date(2026, 4, 20), date(2026, 8, 31)]
    for _ in range(400):
        connection.execute(
            "INSERT INTO pep_meeting (pupil_id, meeting_date, status, targets_elsewhere, "
            "pp_plus_agreed_pence, pp_plus_purpose, start_time) VALUES (?, ?, ?, 0, ?, ?, ?)",
            (
                rng.randrange(20),
                (rng.choice(days) + timedelta(days=rng.choice([0, 0, 1, 30]))).isoformat(),
                rng.choice(["held", "held", "planned", "cancelled", "postponed"]),
                rng.choice([0, 100, 2500]),
                rng.choice(["Tutor", "tutor", "Laptop", "", "laptop "]),
                rng.choice([None, "09:30:00.000000", "10:00:00.000000", "09:30", "09:30:00"]),
            ),
        )
    reader = ConnectionReader(connection)
    for term in (None, *TERM_NAMES):
        period = Period(default_terms(2025), term)
        ctx = SimpleNamespace(
            params={"first": period.first.isoformat(), "last": period.last.isoformat()},
            year_peps=read_year_peps(reader, period),
        )
        want = [(typed, agreed) for typed, agreed, _seen in reader.rows(COMMITTED_BY_SQL, ctx.params)]
        assert governors_sections._committed(ctx) == want, term
        assert len(want) >= 4, "every purpose must be agreed at some held PEP"
