"""The Report to Governors reads only the rows a printed figure can depend on: on ten years of
fictitious history, each narrowed read gives the section it gave reading everything."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from support import DEMO_TODAY

from cwsw_desktop.rules.training import TrainedMeans
from cwsw_desktop.services import governors
from cwsw_desktop.services.demo_large import generate_large
from cwsw_desktop.services.governors import build_governors_report
from cwsw_desktop.services.school import load_settings, save_settings
from cwsw_desktop.store import open_store

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
