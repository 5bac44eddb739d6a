"""The PEP and Exclusions tabs' loaders on plain rows: the same rows as the separate services, a
change shows at the next refresh while unchanged rows are the very same objects (so the view can
skip its work), and the number of SQL statements does not grow with the pupils."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select
from support import DEMO_TODAY

from cwsw_desktop.models import Exclusion, Pupil
from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.exclusions import ExclusionKind
from cwsw_desktop.services.exclusions import exclusion_rows
from cwsw_desktop.services.pep_views import meetings, pep_grid, pep_tab_rows
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.reader import ConnectionReader

YEAR = academic_year_of(DEMO_TODAY)


def test_the_pep_tab_reads_what_the_grid_and_the_meetings_list_read(demo_store):
    engine = demo_store.engine
    grid, rows = pep_tab_rows(engine, DEMO_TODAY, YEAR)
    assert grid and rows
    assert grid == pep_grid(engine, DEMO_TODAY, YEAR)
    assert rows == meetings(engine)
    last_year, _ = pep_tab_rows(engine, DEMO_TODAY, YEAR - 1)
    assert last_year == pep_grid(engine, DEMO_TODAY, YEAR - 1)


def test_a_renamed_child_shows_at_once_and_the_other_rows_are_reused(demo_store):
    engine = demo_store.engine
    grid, rows = pep_tab_rows(engine, DEMO_TODAY, YEAR)
    child = grid[0].pupil_id
    with unit_of_work(engine) as session:
        pupil = session.exec(select(Pupil).where(Pupil.id == child)).one()
        pupil.preferred_forename = "Zebedee"
        session.add(pupil)
    grid_after, rows_after = pep_tab_rows(engine, DEMO_TODAY, YEAR)
    renamed = next(r for r in grid_after if r.pupil_id == child)
    assert renamed.pupil.startswith("Zebedee ")
    assert all(r.pupil.startswith("Zebedee ") for r in rows_after if r.pupil_id == child)
    before = {r.pupil_id: r for r in grid}
    assert all(r is before[r.pupil_id] for r in grid_after if r.pupil_id != child)
    kept = {r.id: r for r in rows}
    assert all(r is kept[r.id] for r in rows_after if r.pupil_id != child)


def test_an_edited_exclusion_shows_at_once_and_the_other_rows_are_reused(demo_store):
    engine = demo_store.engine
    rows = exclusion_rows(engine, DEMO_TODAY)
    edited = next(
        r for r in rows if r.kind is ExclusionKind.SUSPENSION and 1 <= r.days <= 5 and not r.cancelled
    )
    with unit_of_work(engine) as session:
        row = session.get(Exclusion, edited.id)
        assert row is not None
        row.days += 0.5
        session.add(row)
    after = {r.id: r for r in exclusion_rows(engine, DEMO_TODAY)}
    assert after[edited.id].days == edited.days + 0.5
    assert after[edited.id].year_total == edited.year_total + 0.5
    others = [r for r in rows if r.pupil_id != edited.pupil_id]
    assert others and all(after[r.id] is r for r in others)


def _statements(engine: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of every statement run: through SQLAlchemy, and through a Reader's connection."""
    count = [0]

    def counted(self: ConnectionReader, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        count[0] += 1
        return list(self.connection.execute(sql, params).fetchall())

    monkeypatch.setattr(ConnectionReader, "rows", counted)
    event.listen(engine, "before_cursor_execute", lambda *_: count.__setitem__(0, count[0] + 1))
    return count


@pytest.mark.parametrize(
    "load",
    [
        lambda engine: pep_tab_rows(engine, DEMO_TODAY, YEAR),
        lambda engine: exclusion_rows(engine, DEMO_TODAY),
    ],
    ids=["PEP calendar", "Exclusions"],
)
def test_statements_do_not_grow_with_pupils(load, store, demo_store, monkeypatch):
    counts = []
    for opened in (store, demo_store):  # no pupils, then the demo school's
        count = _statements(opened.engine, monkeypatch)
        load(opened.engine)
        counts.append(count[0])
    assert counts[0] == counts[1] > 0
