"""The sized demo (`demo --size N --years Y`): years of fictitious history, written in bulk, with
an audit trail whose chain verifies, the same for the same seed, and usable by the services."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import text
from support import DEMO_TODAY

from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.services.audit import verify_chain
from cwsw_desktop.services.demo_large import generate_large
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.overview import build_overview
from cwsw_desktop.store import open_store

TABLES = (
    "pupil",
    "status_episode",
    "contact",
    "sdq_result",
    "pp_plus_spend",
    "pep_meeting",
    "pep_attendee",
    "pep_target",
    "pep_action",
    "exclusion",
    "risk_assessment",
    "staff_member",
    "training_session",
    "training_attendance",
)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("large") / "large.db")
    summary = generate_large(store.engine, size=90, years=10, seed=7, today=DEMO_TODAY)
    yield store, summary
    store.close()


def _scalar(store, sql: str) -> int:
    with store.engine.connect() as c:
        return int(c.execute(text(sql)).scalar() or 0)


def _fingerprint(store) -> str:
    digest = hashlib.sha256()
    with store.engine.connect() as c:
        for table in TABLES:
            for row in c.execute(text(f"SELECT * FROM {table} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_every_record_type_is_filled_over_ten_years(large):
    store, summary = large
    assert summary.pupils == _scalar(store, "SELECT count(*) FROM pupil") == 90
    for table in TABLES:
        assert _scalar(store, f"SELECT count(*) FROM {table}") > 0, table
    assert _scalar(store, "SELECT count(*) FROM staff_member") == 300
    assert _scalar(store, "SELECT count(*) FROM academic_year") == 10
    current = academic_year_of(DEMO_TODAY)
    oldest = date.fromisoformat(str(_scalar_text(store, "SELECT min(meeting_date) FROM pep_meeting")))
    assert current - 9 <= academic_year_of(oldest) <= current - 6  # years back, within the ten
    assert _scalar(store, "SELECT count(*) FROM pupil WHERE leaving_date IS NOT NULL") > 0
    with store.engine.connect() as c:
        upns = [r[0] for r in c.execute(text("SELECT upn FROM pupil"))]
        assert not c.execute(text("PRAGMA foreign_key_check")).fetchall()
    assert len(set(upns)) == 90 and all(validate_upn(u).valid for u in upns)


def _scalar_text(store, sql: str) -> object:
    with store.engine.connect() as c:
        return c.execute(text(sql)).scalar()


def test_each_held_pep_has_attendees_three_targets_and_two_actions(large):
    store, _ = large
    held = _scalar(store, "SELECT count(*) FROM pep_meeting WHERE status = 'held'")
    assert held > 0
    assert _scalar(store, "SELECT count(*) FROM pep_target") == 3 * held
    assert _scalar(store, "SELECT count(*) FROM pep_action") == 2 * held
    lonely = "SELECT count(*) FROM pep_meeting m WHERE NOT EXISTS (SELECT 1 FROM pep_attendee a WHERE a.pep_id = m.id)"
    assert _scalar(store, lonely) == 0
    # A child in care for a whole year has a PEP in each of its three terms (or, rarely, a missed one).
    per_year = _scalar(
        store,
        "SELECT max(n) FROM (SELECT count(*) AS n FROM pep_meeting WHERE meeting_date BETWEEN "
        "'2023-09-01' AND '2024-08-31' GROUP BY pupil_id)",
    )
    assert per_year == 3
    rated = "SELECT count(*) FROM pep_target WHERE rating != 'not-started'"
    assert 0 < _scalar(store, rated) < 3 * held  # earlier targets reviewed, the latest not yet


def test_the_audit_trail_matches_the_records_and_its_chain_verifies(large):
    store, _ = large
    result = verify_chain(store.engine)
    assert result.ok, result.summary()
    pupils = "SELECT count(*) FROM audit_event WHERE action = 'create' AND entity = 'pupil'"
    assert _scalar(store, pupils) == 90
    peps = "SELECT count(*) FROM audit_event WHERE action = 'create' AND entity = 'pep_meeting'"
    assert _scalar(store, peps) == _scalar(store, "SELECT count(*) FROM pep_meeting")
    staff = "SELECT count(*) FROM audit_event WHERE action = 'create' AND entity = 'staff_member'"
    assert _scalar(store, staff) == 300
    sessions = "SELECT count(*) FROM audit_event WHERE action = 'create' AND entity = 'training_session'"
    assert _scalar(store, sessions) == _scalar(store, "SELECT count(*) FROM training_session")


def test_the_services_read_the_sized_store(large):
    store, _ = large
    assert what_is_due(store.engine, DEMO_TODAY, None)
    assert build_overview(store.engine, DEMO_TODAY) is not None


def test_the_same_seed_gives_the_same_store(tmp_path, large):
    store, _ = large
    again = open_store(tmp_path / "again.db")
    try:
        generate_large(again.engine, size=90, years=10, seed=7, today=DEMO_TODAY)
        assert _fingerprint(again) == _fingerprint(store)
    finally:
        again.close()
