"""The register (services/register.py): plain rows, the same answers as the snapshot the Overview
reads, a constant number of SQL statements, and unchanged lines reused."""

from __future__ import annotations

from dataclasses import fields, replace

from sqlalchemy import event
from support import DEMO_TODAY

from cwsw_desktop.rules.duties import Act, Duty
from cwsw_desktop.rules.status import Episode
from cwsw_desktop.services.pupils import get_pupil, register_rows, update_pupil
from cwsw_desktop.services.register_duties import register_duties
from cwsw_desktop.services.snapshot import PupilFacts, load_snapshot


def statements(engine, call) -> int:
    count = [0]

    def counted(*_args) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count[0]


def test_the_register_agrees_with_the_snapshot(demo_store):
    rows = {r.id: r for r in register_rows(demo_store.engine, DEMO_TODAY)}
    snap = load_snapshot(demo_store.engine, DEMO_TODAY)
    assert set(rows) == {f.id for f in snap.pupils}
    for f in snap.pupils:
        row = rows[f.id]
        assert (row.display_name, row.year_group, row.cohort, row.categories) == (
            f.display_name,
            f.year_group,
            f.cohort or "",
            f.categories,
        )
        assert row.pep_status == (f.pep.current_status if f.pep is not None else "")
        assert (row.sdq_due, row.ehcp_review_due, row.leaver) == (f.sdq_due, f.ehcp_review_due, not f.on_roll)
        assert (row.social_worker, row.attendance_band) == (f.social_worker, f.attendance_band or "")
    assert [r.id for r in register_rows(demo_store.engine, DEMO_TODAY)] == [
        f.id for f in sorted(snap.pupils, key=lambda f: (f.legal_surname, f.legal_forename, f.id))
    ]


def test_the_snapshot_makes_whole_facts(demo_store):
    """The snapshot makes its PupilFacts without the dataclass's __init__: each has every field,
    and is equal to the one the __init__ makes from the same values."""
    names = [f.name for f in fields(PupilFacts)]
    for f in load_snapshot(demo_store.engine, DEMO_TODAY).pupils:
        assert list(vars(f)) == names
        assert f == PupilFacts(**{name: getattr(f, name) for name in names})
        assert all(type(e)(e.category, e.start, e.end) == e for e in f.episodes)


def test_the_register_duties_are_whole(demo_store):
    """The register's duties and their Acts are made the same way (snapshot.made): each has every
    field, and is equal to the one the __init__ makes; neither class has a __post_init__."""
    duties = register_duties(demo_store.engine, DEMO_TODAY)
    assert len({d.kind for d in duties}) > 3
    for cls in (Duty, Act, PupilFacts, Episode):
        assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    for d in duties:
        assert list(vars(d)) == [f.name for f in fields(Duty)] and d == Duty(**vars(d))
        assert list(vars(d.act)) == [f.name for f in fields(Act)] and d.act == Act(**vars(d.act))


def test_the_statement_count_does_not_grow_with_pupils(store, demo_store):
    empty = statements(store.engine, lambda: register_rows(store.engine, DEMO_TODAY))
    thirty = statements(demo_store.engine, lambda: register_rows(demo_store.engine, DEMO_TODAY))
    assert empty == thirty


def test_unchanged_lines_are_reused_and_a_change_is_seen(demo_store):
    engine = demo_store.engine
    first = register_rows(engine, DEMO_TODAY)
    again = register_rows(engine, DEMO_TODAY)
    assert all(a is b for a, b in zip(first, again, strict=True))  # nothing changed: the same lines
    chosen = first[0]
    detail = get_pupil(engine, chosen.id, DEMO_TODAY)
    update_pupil(
        engine,
        chosen.id,
        replace(detail.to_input(), attendance_pct=42.0),
        detail.episodes,
        detail.contacts,
        detail.sdq_inputs(),
        today=DEMO_TODAY,
    )
    after = {r.id: r for r in register_rows(engine, DEMO_TODAY)}
    assert after[chosen.id].attendance_pct == 42.0 and after[chosen.id].attendance_band == "Severe absence"
    assert all(after[r.id] is r for r in first if r.id != chosen.id)  # the others untouched
