""" "What is due" reads the register's duties for the pupils SQLite picks as candidates, and the
Overview counts by cohort in SQL: both give what the rules give over every pupil's facts (the
snapshot the register reads), on the demo and on random pupils (29 February included), and a
saved change shows at once."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from support import DEMO_TODAY

from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.rules.status import Category
from cwsw_desktop.services.overview import build_overview, cohort_counts
from cwsw_desktop.services.register_duties import SETTLED_BY_LOG, duties_in, register_duties
from cwsw_desktop.services.snapshot import load_snapshot
from cwsw_desktop.store.reader import reading

LEAP = [date(2016, 2, 29), date(2020, 2, 29), date(2024, 2, 29), date(2019, 2, 28), date(2019, 3, 1)]
DAYS = [
    DEMO_TODAY,
    date(2026, 11, 23),
    date(2026, 9, 1),
    date(2026, 8, 31),
    date(2025, 2, 28),
    date(2025, 3, 1),
    date(2028, 2, 29),
    date(2024, 3, 1),
    date(2027, 7, 25),
    date(2023, 1, 6),
]
ABOUT = [k.value for k in (DutyKind.SDQ_DUE, DutyKind.EHCP_REVIEW_DUE, DutyKind.RETENTION_REVIEW)]
ABOUT += [DutyKind.ATTENDANCE_PERSISTENT.value, DutyKind.PLA_ROUTE_MISSING.value, "other"]


def a_day(rng: random.Random, first: date = date(2000, 1, 1), years: int = 30) -> date:
    if rng.random() < 0.1:
        return rng.choice(LEAP)
    return first + timedelta(days=rng.randrange(years * 365))


def maybe(rng: random.Random, day: date | None) -> str | None:
    return day.isoformat() if day is not None and rng.random() < 0.6 else None


def add_random_pupils(engine, n: int = 400) -> None:
    """Pupils with every fact a register duty looks at, at random (born 1990-2024, so some are
    past 25 and some of SDQ age), with episodes, SDQs and contact-log entries."""
    rng = random.Random(20261201)
    with engine.begin() as c:
        for i in range(n):
            admitted, left = a_day(rng), a_day(rng)
            if left < admitted:
                admitted, left = left, admitted
            sen = rng.choice("NNKEE")
            pid = c.exec_driver_sql(
                "INSERT INTO pupil (upn, legal_surname, legal_forename, preferred_forename, "
                "preferred_surname, date_of_birth, gender, admission_date, leaving_date, sen_status, "
                "ehcp_review_date, ehcp_last_review, pp_plus, key_adult, attendance_pct, notes, "
                "created_at, updated_at) VALUES (?, ?, 'Ann', '', '', ?, 'Female', ?, ?, ?, ?, ?, 0, '', "
                "?, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (
                    f"Z{900000000000 + i}",
                    f"Random{i:03d}",
                    a_day(rng, date(1990, 1, 1), 34).isoformat(),
                    maybe(rng, admitted),
                    None if rng.random() < 0.6 else left.isoformat(),
                    sen,
                    maybe(rng, a_day(rng, date(2022, 1, 1), 8)),
                    maybe(rng, a_day(rng, date(2022, 1, 1), 8)),
                    rng.choice([None, 40.0, 50.0, 80.5, 89.9, 90.0, 90.1, 97.0]),
                ),
            ).lastrowid
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                start = a_day(rng, date(2005, 1, 1), 25)
                end = None if rng.random() < 0.3 else max(start, a_day(rng, date(2005, 1, 1), 25))
                c.exec_driver_sql(
                    "INSERT INTO status_episode (pupil_id, category, start_date, end_date, "
                    "responsible_la, placement_type, pla_route) VALUES (?, ?, ?, ?, 'York', '', ?)",
                    (
                        pid,
                        rng.choice(["CLA", "CLA", "PLA", "CIN", "CP"]),
                        start.isoformat(),
                        end and end.isoformat(),
                        rng.choice(["", "adoption"]),
                    ),
                )
            for _ in range(rng.choice([0, 1, 2])):
                c.exec_driver_sql(
                    "INSERT INTO sdq_result (pupil_id, taken_on, version, total) VALUES (?, ?, 'carer', 10)",
                    (pid, a_day(rng, date(2018, 1, 1), 12).isoformat()),
                )
            for _ in range(rng.choice([0, 0, 1])):
                c.exec_driver_sql(
                    "INSERT INTO contact_log (pupil_id, logged_on, with_name, method, about, created_at) "
                    "VALUES (?, ?, 'Carer', 'phone', ?, '2026-01-01 00:00:00')",
                    (pid, a_day(rng, date(2018, 1, 1), 12).isoformat(), rng.choice(ABOUT)),
                )


def every_pupils_duties(engine, on: date) -> list[str]:
    """The register's duties worked out from every pupil's facts (as before candidates)."""
    with reading(engine) as r:
        return sorted(map(repr, duties_in(r, load_snapshot(r, on))))


def snapshot_counts(engine, on: date) -> dict[Category, int]:
    counts = Counter(p.cohort for p in load_snapshot(engine, on).pupils if p.on_roll and p.cohort)
    return {c: counts.get(c, 0) for c in Category}


@pytest.fixture
def random_store(demo_store):
    add_random_pupils(demo_store.engine)
    return demo_store


@pytest.mark.parametrize("on", DAYS)
def test_the_candidates_owe_what_every_pupil_owes(random_store, on: date) -> None:
    engine = random_store.engine
    expected = every_pupils_duties(engine, on)
    assert sorted(map(repr, register_duties(engine, on))) == expected
    assert len(expected) > 20  # the random pupils owe something on every date


@pytest.mark.parametrize("on", DAYS)
def test_the_overview_counts_what_the_snapshot_counts(random_store, on: date) -> None:
    engine = random_store.engine
    with reading(engine) as r:
        assert cohort_counts(r, on) == snapshot_counts(engine, on)


def test_on_the_demo_too(demo_store) -> None:
    engine = demo_store.engine
    assert sorted(map(repr, register_duties(engine, DEMO_TODAY))) == every_pupils_duties(engine, DEMO_TODAY)
    with reading(engine) as r:
        assert cohort_counts(r, DEMO_TODAY) == snapshot_counts(engine, DEMO_TODAY)
    names = {p.upn: p.display_name for p in load_snapshot(engine, DEMO_TODAY).pupils}
    rows = build_overview(engine, DEMO_TODAY).rows
    assert [row.pupil_name for row in rows] == [names.get(row.duty.pupil or "", "") for row in rows]
    assert any(row.pupil_name for row in rows)


def test_a_saved_change_shows_at_once(random_store) -> None:
    """An EHCP given to a pupil on roll with no review date: the review shows as due straight away."""
    engine = random_store.engine
    with reading(engine) as r:
        upn, pid = r.rows(
            "SELECT upn, id FROM pupil WHERE sen_status = 'N' AND leaving_date IS NULL "
            "AND (admission_date IS NULL OR admission_date <= ?) ORDER BY id LIMIT 1",
            (DEMO_TODAY.isoformat(),),
        )[0]
    before = build_overview(engine, DEMO_TODAY)
    assert not any(d.pupil == upn and d.kind is DutyKind.EHCP_REVIEW_DUE for d in before.duties)
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE pupil SET sen_status = 'E' WHERE id = ?", (pid,))
    after = build_overview(engine, DEMO_TODAY)
    assert any(d.pupil == upn and d.kind is DutyKind.EHCP_REVIEW_DUE for d in after.duties)
    assert sorted(map(repr, register_duties(engine, DEMO_TODAY))) == every_pupils_duties(engine, DEMO_TODAY)


@pytest.mark.parametrize("on", [date(2026, 11, 23), date(2025, 3, 1)])
def test_a_log_about_its_kind_settles_each_kind_the_register_owes(random_store, on: date) -> None:
    """Only entries about the kinds in SETTLED_BY_LOG are read: for every kind the register's
    rules give (not the school's policy review), one child's duty goes once an entry about that
    kind is logged on the date, and an entry about anything else settles nothing."""
    engine = random_store.engine
    owed = {}
    for d in register_duties(engine, on):
        if d.kind is not DutyKind.POLICY_REVIEW:
            owed.setdefault(d.kind, d)
    assert len(owed) >= 3  # the random pupils owe several kinds
    assert set(owed) <= set(SETTLED_BY_LOG)

    def log(duty, about: str) -> None:
        with engine.begin() as c:
            c.exec_driver_sql(
                "INSERT INTO contact_log (pupil_id, logged_on, with_name, method, about, created_at) "
                "VALUES (?, ?, 'Carer', 'phone', ?, '2026-01-01 00:00:00')",
                (duty.act.pupil_id, on.isoformat(), about),
            )

    for duty in owed.values():
        log(duty, "other")
        assert duty in register_duties(engine, on)
        log(duty, duty.kind.value)
        assert duty not in register_duties(engine, on)
