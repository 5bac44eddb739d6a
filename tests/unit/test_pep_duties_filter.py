"""The PEP duties skip the children the rules could find nothing owed by (pep_duties._may_owe):
the duties are the same as when every child in care is put to the rules, on the demo and on
random children in care with random PEPs, held, planned or not, with targets or without, some
admitted after a term the filter then passes over. (A filter that counted a PEP planned before
the date as booking its term, passed over a term begun before admission, or took a PEP held
before coming into care, or one not held, for the first PEP, fails them.)"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from support import DEMO_TODAY

from cwsw_desktop.services import pep_duties as module
from cwsw_desktop.services.pep_duties import pep_duties

DAYS = [
    DEMO_TODAY,
    date(2026, 11, 23),
    date(2026, 9, 1),
    date(2026, 8, 31),
    date(2026, 1, 5),
    date(2026, 4, 20),
    date(2027, 2, 28),
    date(2027, 7, 25),
    date(2025, 12, 24),
]


def a_day(rng: random.Random, first: date, years: int) -> date:
    return first + timedelta(days=rng.randrange(years * 365))


def add_children_in_care(engine, n: int = 300) -> None:
    """Children in care from random dates (some lately), with PEPs in every state around them."""
    rng = random.Random(20261202)
    with engine.begin() as c:
        for i in range(n):
            admitted = a_day(rng, date(2018, 1, 1), 9) if rng.random() < 0.5 else None
            left = a_day(rng, date(2026, 1, 1), 2) if rng.random() < 0.15 else None
            if admitted and left and left < admitted:
                admitted, left = left, admitted
            pid = c.exec_driver_sql(
                "INSERT INTO pupil (upn, legal_surname, legal_forename, preferred_forename, "
                "preferred_surname, date_of_birth, gender, admission_date, leaving_date, sen_status, "
                "pp_plus, key_adult, notes, created_at, updated_at) VALUES (?, ?, 'Ann', '', '', "
                "'2014-05-01', 'Female', ?, ?, 'N', 0, '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (
                    f"Y{900000000000 + i}",
                    f"InCare{i:03d}",
                    admitted and admitted.isoformat(),
                    left and left.isoformat(),
                ),
            ).lastrowid
            for _ in range(rng.choice([1, 1, 2])):
                start = a_day(rng, date(2019, 1, 1), 9)
                end = None if rng.random() < 0.7 else start + timedelta(days=rng.randrange(30, 900))
                c.exec_driver_sql(
                    "INSERT INTO status_episode (pupil_id, category, start_date, end_date, "
                    "responsible_la, placement_type, pla_route) VALUES (?, 'CLA', ?, ?, 'York', '', '')",
                    (pid, start.isoformat(), end and end.isoformat()),
                )
            regular = rng.random() < 0.6  # a PEP held with targets in most terms, as in a real school
            for k in range(rng.randrange(0, 14)):
                held = (
                    date(2024, 9, 20) + timedelta(days=120 * k + rng.randrange(-20, 20))
                    if regular
                    else a_day(rng, date(2024, 1, 1), 4)
                )
                c.exec_driver_sql(
                    "INSERT INTO pep_meeting (pupil_id, meeting_date, status, child_views, "
                    "pp_plus_purpose, notes, targets_elsewhere) VALUES (?, ?, ?, '', '', '', ?)",
                    (
                        pid,
                        held.isoformat(),
                        rng.choice(["held"] * 6 + ["planned", "postponed", "cancelled"]),
                        rng.random() < (0.95 if regular else 0.7),
                    ),
                )


def without_filter(engine, on: date, monkeypatch) -> list[str]:
    with monkeypatch.context() as m:
        m.setattr(module, "_may_owe", lambda *_args: True)
        return sorted(map(repr, pep_duties(engine, on)))


def skipped(engine, on: date, monkeypatch) -> int:
    """How many children the filter leaves out on ``on``."""
    answers: list[bool] = []
    real = module._may_owe

    def counted(*args):
        answers.append(real(*args))
        return answers[-1]

    with monkeypatch.context() as m:
        m.setattr(module, "_may_owe", counted)
        pep_duties(engine, on)
    return answers.count(False)


@pytest.fixture
def in_care_store(demo_store):
    add_children_in_care(demo_store.engine)
    return demo_store


@pytest.mark.parametrize("on", DAYS)
def test_the_filter_changes_no_duty(in_care_store, on: date, monkeypatch) -> None:
    engine = in_care_store.engine
    assert sorted(map(repr, pep_duties(engine, on))) == without_filter(engine, on, monkeypatch)


def test_the_filter_leaves_children_out(in_care_store, monkeypatch) -> None:
    assert all(skipped(in_care_store.engine, on, monkeypatch) > 10 for on in DAYS[:3])


def test_on_the_demo_too(demo_store, monkeypatch) -> None:
    engine = demo_store.engine
    assert sorted(map(repr, pep_duties(engine, DEMO_TODAY))) == without_filter(
        engine, DEMO_TODAY, monkeypatch
    )


def _row(start: str, end: str | None) -> tuple:
    return (7, start, end, "Y900000000007", None, None)


@pytest.mark.parametrize(
    "rows, spell",
    [
        ([_row("2020-01-06", None)], _row("2020-01-06", None)),
        ([_row("2020-01-06", None), _row("2024-05-01", "2027-01-01")], _row("2024-05-01", "2027-01-01")),
        ([_row("2024-05-01", "2027-01-01"), _row("2020-01-06", None)], _row("2024-05-01", "2027-01-01")),
        ([_row("2024-05-01", "2027-01-01"), _row("2024-05-01", None)], _row("2024-05-01", "2027-01-01")),
    ],
)
def test_the_care_spell_is_the_latest_open_episode_the_first_of_equal_starts(rows, spell) -> None:
    """(The rows come in the episodes' id order, each open on the date asked about.)"""
    assert module._spells(rows) == {7: spell}
