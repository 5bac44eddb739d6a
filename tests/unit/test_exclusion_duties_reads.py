"""The exclusion duties read less than every record (each exclusion's categories from SQLite, only
the latest risk assessment the rules can read, the calendar kept per set of term dates), and owe
the same as the full rules over every record: on the demo and on random children with random
episodes, suspensions, risk assessments (ties on the date too) and placements, at ten dates."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from support import DEMO_TODAY

from cwsw_desktop.rules.calendar import academic_year_of, default_terms
from cwsw_desktop.services import exclusion_duties as module
from cwsw_desktop.services.exclusion_duties import exclusion_duties
from cwsw_desktop.services.exclusions import load_pupils, owed_for, policy_of, school_days
from cwsw_desktop.services.school import save_academic_year
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.reader import reading

DAYS = [  # term days, holidays, the turn of the year, a leap day
    DEMO_TODAY,
    date(2026, 12, 1),
    date(2026, 12, 24),
    date(2026, 9, 1),
    date(2026, 8, 31),
    date(2023, 11, 23),
    date(2026, 4, 5),
    date(2027, 7, 25),
    date(2026, 7, 20),
    date(2028, 2, 29),
]
CATEGORIES = ["CLA", "CIN", "CP", "PLA"]


def a_day(rng: random.Random, first: date, days: int) -> date:
    return first + timedelta(days=rng.randrange(days))


def maybe(rng: random.Random, d: date, share: float = 0.7) -> str | None:
    return d.isoformat() if rng.random() < share else None


def add_excluded_children(engine, n: int = 250) -> None:
    """Children with random episodes and exclusions from 2024 to 2028, each part recorded or not."""
    rng = random.Random(20261201)
    with engine.begin() as c:
        for i in range(n):
            pid = c.exec_driver_sql(
                "INSERT INTO pupil (upn, legal_surname, legal_forename, preferred_forename, "
                "preferred_surname, date_of_birth, gender, sen_status, pp_plus, key_adult, notes, "
                "created_at, updated_at) VALUES (?, ?, 'Ann', '', '', '2013-05-01', 'Female', 'N', 0, "
                "'', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (f"X{900000000000 + i}", f"Excluded{i:03d}"),
            ).lastrowid
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                start = a_day(rng, date(2023, 1, 1), 5 * 365)
                end = None if rng.random() < 0.6 else start + timedelta(days=rng.randrange(0, 700))
                c.exec_driver_sql(
                    "INSERT INTO status_episode (pupil_id, category, start_date, end_date, "
                    "responsible_la, placement_type, pla_route) VALUES (?, ?, ?, ?, 'York', '', '')",
                    (pid, rng.choice(CATEGORIES), start.isoformat(), end and end.isoformat()),
                )
            for _ in range(rng.choice([0, 1, 2, 3, 5, 8])):
                kind = rng.choice(["suspension"] * 8 + ["lunchtime", "permanent"])
                days = 0.5 if kind == "lunchtime" else rng.choice([0.5, 1, 2, 3, 5, 6, 10, 16, 30])
                start = a_day(rng, date(2024, 6, 1), 4 * 365)
                decided = start - timedelta(days=rng.randrange(0, 3))
                c.exec_driver_sql(
                    "INSERT INTO exclusion (pupil_id, kind, start_date, days, parents_told, "
                    "social_worker_told, la_told, governors_told, tried_first, reintegration_notes, "
                    "decided_on, vsh_consulted, vsh_notified, misses_exam, provision_from, "
                    "governors_meeting_on, governors_outcome, cancelled_on) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pid,
                        kind,
                        start.isoformat(),
                        days,
                        maybe(rng, start, 0.8),
                        maybe(rng, start),
                        maybe(rng, start + timedelta(days=1)),
                        maybe(rng, start + timedelta(days=rng.randrange(0, 5))),
                        maybe(rng, decided),
                        maybe(rng, decided + timedelta(days=rng.randrange(-2, 3)), 0.4),
                        maybe(rng, start),
                        rng.random() < 0.05,
                        maybe(rng, start + timedelta(days=5), 0.2),
                        maybe(rng, start + timedelta(days=10), 0.1),
                        rng.choice([""] * 8 + ["upheld", "reinstated"]),
                        maybe(rng, start, 0.05),
                    ),
                )
            assessed = a_day(rng, date(2024, 1, 1), 4 * 365)
            for _ in range(rng.choice([0, 0, 1, 2, 4])):
                if rng.random() < 0.7:  # else on the same day as the one before: the id decides
                    assessed = a_day(rng, date(2024, 1, 1), 4 * 365)
                review = assessed + timedelta(days=rng.randrange(1, 200))
                c.exec_driver_sql(
                    "INSERT INTO risk_assessment (pupil_id, assessed_on, review_on, summary) "
                    "VALUES (?, ?, ?, 'Plan')",
                    (pid, assessed.isoformat(), maybe(rng, review, 0.8)),
                )
            if rng.random() < 0.15:
                start = a_day(rng, date(2025, 1, 1), 3 * 365)
                c.exec_driver_sql(
                    "INSERT INTO alternative_provision (pupil_id, provider, start_date, end_date, "
                    "hours_per_week) VALUES (?, 'Hub', ?, ?, ?)",
                    (
                        pid,
                        start.isoformat(),
                        maybe(rng, start + timedelta(days=90), 0.5),
                        rng.choice([10, 32.5, 40]),
                    ),
                )


def every_record_owes(engine, on: date) -> list[str]:
    """The duties the full rules find over every child's records (every episode, every risk
    assessment, every placement), as the Exclusions tab reads them, in `exclusion_duties`' form."""
    since = date(academic_year_of(on) - module.DUTY_YEARS_BACK, 9, 1)
    cal, policy = school_days(engine, on), policy_of(engine)
    with unit_of_work(engine) as session:
        pupils = load_pupils(session, since, on)
        return sorted(
            repr(module._duty(o, pid, item.pupil.upn, on))
            for pid, item in pupils.items()
            for o in owed_for(item, cal, policy, on)
        )


@pytest.fixture
def engine(demo_store):
    """The demo's store with the random excluded children added."""
    add_excluded_children(demo_store.engine)
    return demo_store.engine


@pytest.mark.parametrize("on", DAYS)
def test_the_duties_are_what_every_record_owes(engine, on: date) -> None:
    assert sorted(map(repr, exclusion_duties(engine, on))) == every_record_owes(engine, on)


def test_on_the_demo_too(demo_store) -> None:
    engine = demo_store.engine
    assert sorted(map(repr, exclusion_duties(engine, DEMO_TODAY))) == every_record_owes(engine, DEMO_TODAY)


def test_only_the_assessments_the_rules_can_read_are_read(engine) -> None:
    on = DEMO_TODAY
    soon = on + timedelta(days=module.RISK_REVIEW_SOON_DAYS)
    span = {"since": "2025-09-01", "on": on.isoformat(), "soon": soon.isoformat()}
    with reading(engine) as r:
        read = r.rows(module._ASSESSMENTS, span)
        assessed = r.rows(
            "SELECT count(DISTINCT pupil_id) FROM risk_assessment WHERE assessed_on <= ?", (on.isoformat(),)
        )
    assert len({pupil for _, pupil, _, _ in read}) == len(read)  # one a child
    assert 0 < len(read) < assessed[0][0]


def test_new_term_dates_count_at_once(engine) -> None:
    """The calendar kept for a set of term dates is another one once other dates are saved."""
    on = date(2025, 12, 10)
    before = exclusion_duties(engine, on)
    year = default_terms(2025)
    autumn = replace(year.terms[0], half_term_end=year.terms[0].half_term_start)  # a day, not a week
    save_academic_year(engine, replace(year, terms=(autumn, *year.terms[1:])))
    after = exclusion_duties(engine, on)
    assert after != before
    assert sorted(map(repr, after)) == every_record_owes(engine, on)
