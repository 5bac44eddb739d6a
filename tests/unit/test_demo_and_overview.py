"""Demo data is fictitious, seeded, and shows the Overview a realistic mix of done, due and overdue."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from sqlmodel import func, select
from support import DEMO_TODAY

from cwsw_desktop.models import Exclusion, PepMeeting, Pupil, TrainingSession
from cwsw_desktop.rules.duties import DutyKind, Severity
from cwsw_desktop.rules.pep import TermStatus
from cwsw_desktop.rules.status import Category
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.services.demo import DEMO_SCHOOL, generate_demo
from cwsw_desktop.services.overview import DueRow, build_overview
from cwsw_desktop.services.peps import pep_grid
from cwsw_desktop.store import open_store, unit_of_work


def _count(engine, model) -> int:
    with unit_of_work(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_demo_fills_every_record_type_with_valid_upns(demo_store):
    engine = demo_store.engine
    assert _count(engine, Pupil) == 30
    for model in (PepMeeting, Exclusion, TrainingSession):
        assert _count(engine, model) > 0, model.__name__
    with unit_of_work(engine) as s:
        upns = s.exec(select(Pupil.upn)).all()
    assert all(validate_upn(u).valid for u in upns)
    assert len(set(upns)) == 30


def test_demo_is_repeatable_for_the_same_seed(tmp_path):
    names = []
    for n in (1, 2):
        store = open_store(tmp_path / f"d{n}.db")
        generate_demo(store.engine, size=12, seed=3, today=DEMO_TODAY)
        with unit_of_work(store.engine) as s:
            names.append(s.exec(select(Pupil.legal_surname, Pupil.date_of_birth).order_by(Pupil.id)).all())
        store.close()
    assert names[0] == names[1]


def test_overview_counts_the_cohort_and_lists_overdue_and_due_work(demo_store):
    overview = build_overview(demo_store.engine, DEMO_TODAY)
    assert overview.school == DEMO_SCHOOL
    assert overview.year_label == "2026/27" and overview.term == "Autumn"
    assert overview.counts == {
        Category.CLA: 10,
        Category.PLA: 5,
        Category.CIN: 4,
        Category.CP: 4,
        Category.PREVIOUS: 6,
    }
    kinds = {(d.severity, d.kind) for d in overview.duties}
    assert (
        Severity.OVERDUE,
        DutyKind.INITIAL_PEP_DUE,
    ) in kinds  # the child who came into care three weeks ago
    assert {(Severity.DUE, DutyKind.SDQ_DUE), (Severity.OVERDUE, DutyKind.VSH_NOT_CONSULTED)} <= kinds
    ranks = [d.severity.rank for d in overview.duties]
    assert ranks == sorted(ranks)
    assert not hasattr(DueRow, "__post_init__") and not hasattr(DueRow, "__slots__")
    for row in overview.rows:  # made as the duties are (snapshot.made): whole, and as __init__ makes it
        assert list(vars(row)) == [f.name for f in fields(DueRow)] and row == DueRow(**vars(row))


def test_first_pep_for_a_child_new_to_care_is_overdue_after_ten_working_days(demo_store):
    overview = build_overview(demo_store.engine, DEMO_TODAY)
    first = [d for d in overview.duties if d.kind is DutyKind.INITIAL_PEP_DUE]
    assert len(first) == 1
    assert first[0].severity is Severity.OVERDUE
    assert first[0].due == date(2026, 11, 16)  # 10 working days after 02/11/2026


def test_pep_grid_has_a_row_per_looked_after_child_on_roll(demo_store):
    rows = pep_grid(demo_store.engine, DEMO_TODAY)
    overview = build_overview(demo_store.engine, DEMO_TODAY)
    assert len(rows) >= overview.counts[Category.CLA]  # looked after at any time in the year
    assert any(r.terms[0].status is TermStatus.DONE for r in rows)
    assert all(r.terms[2].status in (TermStatus.NOT_YET, TermStatus.NOT_OWED) for r in rows)


def test_a_pla_child_barely_old_enough_still_gets_episodes_in_order() -> None:
    # Large demo stores (5,000 pupils) drew a baby adopted on the first day it could be in care:
    # its care episode ended the day before it began, and the CHECK constraint refused the store.
    import random
    from datetime import timedelta

    from cwsw_desktop.models import Pupil
    from cwsw_desktop.services.demo import _episodes

    today = date(2026, 11, 23)
    baby = Pupil(
        id=1, upn="A1", legal_surname="Demo", legal_forename="Baby", date_of_birth=today - timedelta(days=200)
    )
    for seed in range(20):
        care, adopted = _episodes(random.Random(seed), baby, "PLA", today)
        assert care.end_date is not None and care.start_date <= care.end_date < adopted.start_date
