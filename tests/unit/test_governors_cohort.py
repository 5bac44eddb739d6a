"""The Report to Governors' SQL about who counts gives what the rules give: each child's category
over a span and on a day (rules/governors.py, rules/status.py), and every count built from them,
on random children (29 February included); and the lazy redactor redacts as the full one does."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.governors import Period, cohort_during
from cwsw_desktop.rules.status import PRECEDENCE, Category, Episode, cohort
from cwsw_desktop.rules.year_group import key_stage, year_group
from cwsw_desktop.services import governors_sections
from cwsw_desktop.services.governors_cohort import (
    LookedAfter,
    category_sql,
    on_roll_sql,
    read_cohort,
)
from cwsw_desktop.services.governors_context import REDACTED, LazyRedactor, read_redactor
from cwsw_desktop.store.reader import ConnectionReader

LEAP_ENDS = [date(2016, 2, 29), date(2020, 2, 29), date(2024, 2, 29), date(2019, 2, 28), date(2019, 3, 1)]
DAYS = [
    date(2022, 2, 28),
    date(2022, 3, 1),
    date(2025, 2, 28),
    date(2025, 3, 1),
    date(2026, 2, 28),
    date(2026, 3, 1),
    date(2030, 2, 28),
    date(2030, 3, 1),
    date(2025, 10, 2),
    date(2026, 7, 1),
]
SPANS = [(d, d + timedelta(days=n)) for d in DAYS for n in (0, 40, 365)]


def a_day(rng: random.Random) -> date:
    if rng.random() < 0.15:
        return rng.choice(LEAP_ENDS + DAYS)
    return date(2012, 1, 1) + timedelta(days=rng.randrange(16 * 365))


def random_store() -> tuple[sqlite3.Connection, dict[int, dict[str, object]]]:
    """Pupils and episodes with only the columns the SQL reads; each pupil's facts for the rules."""
    rng = random.Random(20261201)
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE pupil (id INTEGER PRIMARY KEY, date_of_birth DATE, year_group_override INTEGER,
            sen_status TEXT, attendance_pct FLOAT, admission_date DATE, leaving_date DATE);
        CREATE TABLE status_episode (id INTEGER PRIMARY KEY, pupil_id INTEGER, category TEXT,
            start_date DATE, end_date DATE, responsible_la TEXT);
        CREATE INDEX ix_status_episode_pupil_id ON status_episode (pupil_id);
        """
    )
    pupils: dict[int, dict[str, object]] = {}
    for pid in range(1, 501):
        admitted = a_day(rng) if rng.random() < 0.5 else None
        left = a_day(rng) if rng.random() < 0.3 else None
        if admitted and left and left < admitted:
            admitted, left = left, admitted
        born = date(2008, 1, 1) + timedelta(days=rng.randrange(12 * 365))
        override = rng.choice([None, None, None, 4])
        sen = rng.choice("NNKE")
        attendance = rng.choice([None, 80.5, 90.0, 93.3, 99.9])
        connection.execute(
            "INSERT INTO pupil VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                pid,
                born.isoformat(),
                override,
                sen,
                attendance,
                admitted and admitted.isoformat(),
                left and left.isoformat(),
            ),
        )
        episodes = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            start = a_day(rng)
            end = None if rng.random() < 0.3 else max(start, a_day(rng))
            if rng.random() < 0.2:
                end = max(start, rng.choice(LEAP_ENDS))
            category = rng.choice(["CLA", "CLA", "PLA", "CIN", "CP"])
            la = rng.choice(["Leeds", " Leeds ", "York", "", "  "])
            cursor = connection.execute(
                "INSERT INTO status_episode (pupil_id, category, start_date, end_date, responsible_la) "
                "VALUES (?, ?, ?, ?, ?)",
                (pid, category, start.isoformat(), end and end.isoformat(), la),
            )
            episodes.append((cursor.lastrowid, Episode(category, start, end), la))
            if category == "CLA" and rng.random() < 0.3:  # two spells from one day: the first counts
                cursor = connection.execute(
                    "INSERT INTO status_episode (pupil_id, category, start_date, end_date, responsible_la) "
                    "VALUES (?, 'CLA', ?, NULL, 'Hull')",
                    (pid, start.isoformat()),
                )
                episodes.append((cursor.lastrowid, Episode("CLA", start, None), "Hull"))
        episodes.sort(key=lambda e: (e[1].start, e[0]))  # as read: by start, then id
        pupils[pid] = {
            "admitted": admitted,
            "left": left,
            "born": born,
            "override": override,
            "sen": sen,
            "attendance": attendance,
            "episodes": episodes,
        }
    return connection, pupils


@pytest.fixture(scope="module")
def store() -> tuple[sqlite3.Connection, dict[int, dict[str, object]]]:
    return random_store()


def on_roll(p: dict[str, object], day: date) -> bool:
    admitted, left = p["admitted"], p["left"]
    assert admitted is None or isinstance(admitted, date)
    assert left is None or isinstance(left, date)
    return (admitted is None or admitted <= day) and (left is None or left >= day)


def episodes_of(p: dict[str, object]) -> list[Episode]:
    return [e for _, e, _ in p["episodes"]]  # type: ignore[attr-defined]  # the test's own dict


def span_of(p: dict[str, object], first: date, last: date) -> tuple[date, date] | None:
    admitted, left = p["admitted"], p["left"]
    start = max(first, admitted) if isinstance(admitted, date) else first
    end = min(last, left) if isinstance(left, date) else last
    return (start, end) if start <= end else None


SF = "max(:first, coalesce(p.admission_date, :first))"
SL = "min(:last, coalesce(p.leaving_date, :last))"
BY_PUPIL = f"""
SELECT p.id, CASE WHEN {SF} <= {SL} THEN {category_sql(SF, SL)} END,
       CASE WHEN {on_roll_sql(":day")} THEN {category_sql(":day", ":day")} END
FROM status_episode s JOIN pupil p ON p.id = s.pupil_id GROUP BY p.id
"""


@pytest.mark.parametrize(("first", "last"), SPANS)
def test_the_sql_category_is_the_rules_category(store, first: date, last: date) -> None:
    connection, pupils = store
    day = last
    found = {
        pid: (during, on_day)
        for pid, during, on_day in connection.execute(
            BY_PUPIL, {"first": first.isoformat(), "last": last.isoformat(), "day": day.isoformat()}
        )
    }
    for pid, p in pupils.items():
        episodes = episodes_of(p)
        span = span_of(p, first, last)
        during = cohort_during(episodes, *span) if span and episodes else None
        on_day = cohort(episodes, day) if episodes and on_roll(p, day) else None
        assert found.get(pid, (None, None)) == (during, on_day), (pid, p)


def expected_cohort(pupils: dict[int, dict[str, object]], period: Period, census: date) -> dict[str, object]:
    """read_cohort's counts worked out child by child with the rules (as the report did before)."""
    year = period.year
    on_census: Counter[str] = Counter()
    during: Counter[str] = Counter()
    stages_census: Counter[str] = Counter()
    stages_during: Counter[str] = Counter()
    joined: Counter[str] = Counter()
    left: Counter[str] = Counter()
    sen: Counter[tuple[str, str]] = Counter()
    attendance: defaultdict[str, list[float]] = defaultdict(list)
    authorities: Counter[str] = Counter()
    looked_after = set()
    for pid, p in pupils.items():
        episodes = episodes_of(p)
        span = span_of(p, period.first, period.last)
        cat = cohort_during(episodes, *span) if span and episodes else None
        at_census = cohort(episodes, census) if episodes and on_roll(p, census) else None
        override, born = p["override"], p["born"]
        assert isinstance(born, date)
        stage = key_stage(override if isinstance(override, int) else year_group(born, year.start_year))
        if at_census:
            on_census[at_census] += 1
            stages_census[stage] += 1
        if cat is None:
            continue
        during[cat] += 1
        stages_during[stage] += 1
        admitted, gone = p["admitted"], p["left"]
        joined[cat] += bool(isinstance(admitted, date) and period.first <= admitted <= period.last)
        left[cat] += bool(isinstance(gone, date) and period.first <= gone <= period.last)
        sen[(cat, str(p["sen"]))] += 1
        if isinstance(p["attendance"], float):
            attendance[cat].append(p["attendance"])
        if cat == "CLA":
            spells = [(i, e, la) for i, e, la in p["episodes"] if e.category == "CLA"]  # type: ignore[attr-defined]
            in_period = [
                s
                for s in spells
                if s[1].start <= period.last and (s[1].end is None or s[1].end >= period.first)
            ]
            latest = max(in_period, key=lambda s: s[1].start)
            authorities[latest[2].strip()] += 1
            in_year = [
                e
                for _, e, _ in spells
                if e.start <= year.last_day and (e.end is None or e.end >= year.first_day)
            ]
            until = None if any(e.end is None for e in in_year) else max(e.end for e in in_year if e.end)
            looked_after.add(
                LookedAfter(pid, min(e.start for e in in_year), until, admitted, gone)  # type: ignore[arg-type]
            )
    return {
        "on_census": on_census,
        "during": during,
        "stages_on_census": stages_census,
        "stages_during": stages_during,
        "joined": +joined,
        "left": +left,
        "sen": sen,
        "attendance": {k: sorted(v) for k, v in attendance.items()},
        "authorities": authorities,
        "looked_after": looked_after,
    }


@pytest.mark.parametrize("start_year", [2017, 2019, 2023, 2025])
@pytest.mark.parametrize("term", [None, "Spring", "Summer"])
@pytest.mark.parametrize("days_early", [None, 40, 400])
def test_read_cohort_counts_what_the_rules_count(
    store, start_year: int, term: str | None, days_early: int | None
) -> None:
    """On the census day, or (a report made before its period) a day before the period starts."""
    connection, pupils = store
    period = Period(default_terms(start_year), term)
    census = period.census if days_early is None else period.first - timedelta(days=days_early)
    got = read_cohort(ConnectionReader(connection), period, census)
    want = expected_cohort(pupils, period, census)
    assert want["during"], "the random children must include some who count"
    assert got.on_census == want["on_census"]
    assert got.during == want["during"]
    assert got.stages_on_census == want["stages_on_census"]
    assert got.stages_during == want["stages_during"]
    assert +got.joined == want["joined"]
    assert +got.left == want["left"]
    assert got.sen == want["sen"]
    assert {k: sorted(v) for k, v in got.attendance.items() if v} == want["attendance"]
    assert got.authorities == want["authorities"]
    assert set(got.looked_after) == want["looked_after"]


def test_the_lazy_redactor_redacts_as_the_full_one(tmp_path) -> None:
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE pupil (id INTEGER PRIMARY KEY, legal_forename TEXT, legal_surname TEXT,
            preferred_forename TEXT, preferred_surname TEXT, upn TEXT, date_of_birth DATE);
        INSERT INTO pupil VALUES (1, 'Ann', 'Lee', 'Annie', '', 'A123456789012', '2014-03-05');
        INSERT INTO pupil VALUES (2, 'Mary Ann', 'O''Neil', '', '', 'B123456789012', '2015-11-30');
        """
    )
    reader = ConnectionReader(connection)
    full = read_redactor(reader)
    lazy = LazyRedactor(reader)
    texts = [
        "Ann met Lee for 1:1 tuition",
        "Mary Ann and O'Neil rose from 60% to 90%",
        "reading age up 14 months",
        "",
        "   ",
        "born 05/03/2014",
        "upn a123456789012.",
        "refB123456789012x and 2015-11-30",
        "Ann met Lee for 1:1 tuition",
    ]
    for text in texts:
        assert lazy(text) == full(text), text
    assert lazy("upn a123456789012.") == f"upn {REDACTED}."


def test_the_lazy_redactor_reads_every_code_when_a_upn_is_short() -> None:
    """A UPN with fewer than 8 digits (never a valid one, but stored all the same) is still found
    in a text whose longest run of digits is short."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE pupil (id INTEGER PRIMARY KEY, legal_forename TEXT, legal_surname TEXT,
            preferred_forename TEXT, preferred_surname TEXT, upn TEXT, date_of_birth DATE);
        INSERT INTO pupil VALUES (1, 'Ann', 'Lee', '', '', 'ABCDEFGHIJK12', '2014-03-05');
        """
    )
    assert LazyRedactor(ConnectionReader(connection))("see abcdefghijk12 now") == f"see {REDACTED} now"


# The SDQ statement before it asked about CLA episodes alone: the child's whole category that day.
SDQS_BY_CATEGORY = f"""
SELECT total, version, count(*) FROM (
  SELECT q.total, q.version, {category_sql("q.taken_on", "q.taken_on")} AS counted_as
  FROM sdq_result q JOIN pupil p ON p.id = q.pupil_id
  JOIN status_episode s ON s.pupil_id = q.pupil_id AND s.start_date <= q.taken_on
  WHERE q.taken_on BETWEEN :first AND :last AND {on_roll_sql("q.taken_on")}
  GROUP BY q.id)
WHERE counted_as = 'CLA' GROUP BY total, version
"""


def test_the_sdqs_counted_are_those_of_children_looked_after_that_day(store) -> None:
    """The well-being section's SDQs (a CLA episode open that day, on roll) are those of the
    children whose category that day is CLA, on random children, pupils and days."""
    assert PRECEDENCE[0] is Category.CLA  # why a CLA episode open that day settles it
    connection, pupils = store
    rng = random.Random(7)
    connection.execute(
        "CREATE TABLE sdq_result (id INTEGER PRIMARY KEY, pupil_id INTEGER, taken_on DATE, total INTEGER, version TEXT)"
    )
    for pid, p in pupils.items():
        # Some on the days an episode starts or ends, or the child joins or leaves: the edges.
        edges = [d for _, e, _ in p["episodes"] for d in (e.start, e.end) if d]  # type: ignore[attr-defined]
        edges += [d for d in (p["admitted"], p["left"]) if isinstance(d, date)]
        for _ in range(rng.choice([0, 1, 3, 6])):
            day = rng.choice(edges) if edges and rng.random() < 0.6 else a_day(rng)
            connection.execute(
                "INSERT INTO sdq_result (pupil_id, taken_on, total, version) VALUES (?, ?, ?, ?)",
                (pid, day.isoformat(), rng.randrange(41), rng.choice(["carer", "teacher"])),
            )
    for first, last in [*SPANS, (date(2012, 1, 1), date(2030, 1, 1))]:
        span = {"first": first.isoformat(), "last": last.isoformat()}
        got = sorted(connection.execute(governors_sections._SDQS, span))
        assert got == sorted(connection.execute(SDQS_BY_CATEGORY, span)), (first, last)
    assert len(got) > 50, "some SDQs must count"
    connection.execute("DROP TABLE sdq_result")
