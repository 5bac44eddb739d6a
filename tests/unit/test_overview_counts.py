"""The Overview's counts by cohort (services.overview.cohort_counts) are the rules' counts
(rules.status.cohort over the pupils on roll) on random children, whatever episodes the statement
leaves unread (started after the day, or ended more than 6 years before it)."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import date, timedelta

import pytest

from cwsw_desktop.rules.dates import add_years
from cwsw_desktop.rules.status import PREVIOUS_CSW_YEARS, Category, Episode, cohort
from cwsw_desktop.services.overview import cohort_counts
from cwsw_desktop.store.reader import ConnectionReader

LEAP_ENDS = [date(2016, 2, 29), date(2020, 2, 29), date(2019, 2, 28), date(2019, 3, 1)]
# Days either side of the last day such an ending keeps a child "Previous", and a few others.
DAYS = [add_years(end, PREVIOUS_CSW_YEARS) + timedelta(days=n) for end in LEAP_ENDS for n in (-1, 0, 1)]
DAYS += [date(2016, 9, 1), date(2023, 11, 23), date(2026, 2, 28), date(2028, 7, 31)]
Pupil = tuple[date | None, date | None, list[Episode]]  # admitted, left, episodes


def _day(rng: random.Random) -> date:
    if rng.random() < 0.2:
        return rng.choice(LEAP_ENDS)
    return date(2012, 1, 1) + timedelta(days=rng.randrange(18 * 365))


@pytest.fixture(scope="module")
def store() -> tuple[sqlite3.Connection, list[Pupil]]:
    """Pupils and episodes with the columns the statement reads, and each pupil for the rules."""
    rng = random.Random(20261201)
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE pupil (id INTEGER PRIMARY KEY, admission_date DATE, leaving_date DATE);
        CREATE TABLE status_episode (id INTEGER PRIMARY KEY, pupil_id INTEGER, category TEXT,
            start_date DATE, end_date DATE);
        CREATE INDEX ix_status_episode_pupil_id ON status_episode (pupil_id);
        CREATE INDEX ix_status_episode_start_date ON status_episode (start_date);
        """
    )
    pupils = []
    for pid in range(1, 801):
        admitted = _day(rng) if rng.random() < 0.5 else None
        left = _day(rng) if rng.random() < 0.3 else None
        if admitted and left and left < admitted:
            admitted, left = left, admitted
        connection.execute(
            "INSERT INTO pupil VALUES (?, ?, ?)",
            (pid, admitted and admitted.isoformat(), left and left.isoformat()),
        )
        episodes = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            start = _day(rng)
            end = None if rng.random() < 0.3 else max(start, _day(rng))
            category = rng.choice(["CLA", "PLA", "CIN", "CP"])
            connection.execute(
                "INSERT INTO status_episode (pupil_id, category, start_date, end_date) VALUES (?, ?, ?, ?)",
                (pid, category, start.isoformat(), end and end.isoformat()),
            )
            episodes.append(Episode(category, start, end))
        pupils.append((admitted, left, sorted(episodes, key=lambda e: e.start)))
    return connection, pupils


@pytest.mark.parametrize("day", DAYS)
def test_the_counts_are_the_rules_counts(store, day: date) -> None:
    connection, pupils = store
    expected = Counter(
        cohort(episodes, day)
        for admitted, left, episodes in pupils
        if (admitted is None or admitted <= day) and (left is None or left >= day)
    )
    assert cohort_counts(ConnectionReader(connection), day) == {c: expected[c] for c in Category}
    assert expected[Category.PREVIOUS] and expected[Category.CLA]  # the day tests something
