"""The Overview keeps its last result while nothing is committed: the same date and no edit give
the same object back, and any edit (through the app or another connection) or another date
builds it afresh, with the change in it."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from sqlmodel import select
from support import DEMO_TODAY

from cwsw_desktop.models import Pupil
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.services.overview import build_overview
from cwsw_desktop.store import unit_of_work


def test_an_unchanged_store_gives_the_kept_overview(demo_store):
    first = build_overview(demo_store.engine, DEMO_TODAY)
    assert build_overview(demo_store.engine, DEMO_TODAY) is first
    other_day = build_overview(demo_store.engine, DEMO_TODAY + timedelta(days=1))
    assert other_day is not first and other_day.today == DEMO_TODAY + timedelta(days=1)


def test_an_edit_through_the_app_shows_at_the_next_refresh(demo_store):
    engine = demo_store.engine
    before = build_overview(engine, DEMO_TODAY)
    attendance = {DutyKind.ATTENDANCE_SEVERE, DutyKind.ATTENDANCE_PERSISTENT}
    flagged = {r.pupil_id for r in before.rows if r.duty.kind in attendance}
    with unit_of_work(engine) as s:
        pupils = s.exec(select(Pupil)).all()
        # Someone on roll in the cohort without an attendance duty yet.
        target = next(
            p
            for p in pupils
            if p.id not in flagged
            and any(r.pupil_id == p.id for r in before.rows)
            and (p.leaving_date is None or p.leaving_date >= DEMO_TODAY)
        )
        target.attendance_pct = 40.0
        s.add(target)
        s.commit()
        target_id = target.id
    after = build_overview(engine, DEMO_TODAY)
    assert after is not before
    assert any(r.pupil_id == target_id and r.duty.kind in attendance for r in after.rows)


def test_a_commit_from_another_connection_shows_at_the_next_refresh(demo_store, tmp_path):
    engine = demo_store.engine
    before = build_overview(engine, DEMO_TODAY)
    other = sqlite3.connect(tmp_path / "demo.db")
    with other:
        other.execute("UPDATE school SET name = 'Elsewhere Academy' WHERE id = 1")
    other.close()
    after = build_overview(engine, DEMO_TODAY)
    assert before.school != "Elsewhere Academy"
    assert after.school == "Elsewhere Academy"
