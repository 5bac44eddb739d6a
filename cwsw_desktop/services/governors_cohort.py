"""Who the Report to Governors counts, worked out by SQLite: each pupil's category over the period
and on the census day, and from those the counts the cohort and attendance sections print and the
looked-after children the PEP section follows.

Reading every pupil and episode into Python and asking the rules about each child was most of the
report's time at 5,000 pupils (12,000 rows, an object apiece), so the category rules are written
here once as SQL over a pupil's episodes, and SQLite hands back grouped counts (a row for each
looked-after child and for each attendance figure or birth month among the rest), not every
episode and pupil. The expressions follow ``rules.status.cohort`` (a day) and
``rules.governors.cohort_during`` (a span) exactly: the most important category open (CLA, CP,
CIN, PLA), else "Previous" when a CLA, CIN or CP episode ended within 6 years; a child counts only
while on roll. tests/unit/test_governors_cohort.py checks them against those functions on random
episodes, 29 February included.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from cwsw_desktop.rules.governors import Period
from cwsw_desktop.rules.status import PRECEDENCE, PREVIOUS, PREVIOUS_CSW_YEARS, Category
from cwsw_desktop.rules.year_group import key_stage, year_group
from cwsw_desktop.store.reader import Reader

# The categories whose end starts the previously-CSW years (rules/status.py's social-worker set).
SOCIAL_WORKER = (Category.CLA, Category.CIN, Category.CP)
_RANK = " ".join(f"WHEN '{c.value}' THEN {i}" for i, c in enumerate(PRECEDENCE))
_BY_RANK = " ".join(f"WHEN {i} THEN '{c.value}'" for i, c in enumerate(PRECEDENCE))
_SW = ", ".join(f"'{c.value}'" for c in SOCIAL_WORKER)
_PREVIOUS_RANK = len(PRECEDENCE)


def category_sql(first: str, last: str) -> str:
    """An aggregate over one pupil's episodes ``s`` (grouped by pupil): the category they count
    under over ``first``–``last`` (SQL expressions for ISO dates; the same for one day), or NULL.

    Each episode is given one number, and the least of them wins: an episode open in the span
    its category's rank (CLA 0 … PLA 3); a CLA, CIN or CP episode that ended before the span but
    keeps the child previously CSW, one more than the last rank ("Previous" only when nothing is
    open). One value per episode rather than an aggregate per rule: SQLite works each CASE out
    for every row and never shares one between aggregates.

    An episode ``end`` keeps a child previously CSW while ``add_years(end, 6) >= first``, which for
    ISO dates is ``end >= date(first, '-6 years')`` (SQLite takes 29/02 back to 01/03, and
    ``add_years`` takes 29/02 on to 28/02: the same days either side)."""
    rank = (
        f"CASE WHEN s.start_date <= {last} AND (s.end_date IS NULL OR s.end_date >= {first}) "
        f"THEN CASE s.category {_RANK} END "
        f"WHEN s.category IN ({_SW}) AND s.end_date <= {last} "
        f"AND s.end_date >= date({first}, '-{PREVIOUS_CSW_YEARS} years') THEN {_PREVIOUS_RANK} END"
    )
    return f"CASE MIN({rank}) {_BY_RANK} WHEN {_PREVIOUS_RANK} THEN '{PREVIOUS.value}' END"


def on_roll_sql(day: str, pupil: str = "p") -> str:
    """Whether the pupil was on roll on ``day`` (admitted by then, not left before it)."""
    return (
        f"({pupil}.admission_date IS NULL OR {pupil}.admission_date <= {day}) "
        f"AND ({pupil}.leaving_date IS NULL OR {pupil}.leaving_date >= {day})"
    )


# The pupils who can count: on roll at some time of the period (from ``sf`` to ``sl``, the part of
# it they were on roll) or on the census day. The others count under nothing, in any part below.
# Not materialized: read in the pupils' id order (CROSS JOIN keeps the pupils the outer loop), the
# episodes are grouped by pupil as they come, with no sort (working ``sf`` and ``sl`` out again for
# each episode costs less than the sort of every episode with its pupil's columns; as a CASE, not
# max(:first, coalesce(...)), it is worked out without a function call: NULL > :first is not true).
_ROLL = f"""
roll AS NOT MATERIALIZED (
  SELECT p.id AS id, CASE WHEN p.admission_date > :first THEN p.admission_date ELSE :first END AS sf,
    CASE WHEN p.leaving_date < :last THEN p.leaving_date ELSE :last END AS sl,
    {on_roll_sql(":census")} AS on_census,
    substr(p.date_of_birth, 1, 7) AS born, p.year_group_override AS override,
    p.sen_status AS sen, p.attendance_pct AS attendance,
    p.admission_date BETWEEN :first AND :last AS joined,
    p.leaving_date BETWEEN :first AND :last AS left_school,
    p.admission_date AS admitted, p.leaving_date AS left_on
  FROM pupil p WHERE sf <= sl OR on_census)"""
# Each of those pupils with an episode, once: the category over the part of the period they were
# on roll, on the census day, and for the looked-after the care spells the sections follow. An
# episode that ended before every day anything below looks from (6 years before the period and the
# census day, for "Previous"; the year's first day, for the care spells) changes nothing, so it is
# not read. The latest CLA spell of the period is the greatest "start, then lowest id" (as max()
# over spells in date order keeps the first of equal starts), its authority after those 22
# characters. The CLA spells' aggregates FILTER their rows (the others are not even stepped).
# The key stages' counts are grouped by month of birth first: the sort then seldom compares
# further (the categories repeat; the months hardly do), about a millisecond less; joiners and
# leavers are summed within each category and SEN code, not sorted by too.
_KIDS = f"""
WITH {_ROLL},
kid AS MATERIALIZED (
  SELECT r.id AS id,
    CASE WHEN r.sf <= r.sl THEN {category_sql("r.sf", "r.sl")} END AS during,
    CASE WHEN r.on_census THEN {category_sql(":census", ":census")} END AS census,
    born, override, sen, attendance, joined, left_school, admitted, left_on,
    MAX(s.start_date || printf('%012d', 999999999999 - s.id) || s.responsible_la)
      FILTER (WHERE s.category = 'CLA' AND s.start_date <= :last
              AND (s.end_date IS NULL OR s.end_date >= :first)) AS latest,
    MIN(s.start_date) FILTER (WHERE s.category = 'CLA' AND s.start_date <= :year_last
              AND (s.end_date IS NULL OR s.end_date >= :year_first)) AS care_from,
    MAX(coalesce(s.end_date, '~')) FILTER (WHERE s.category = 'CLA' AND s.start_date <= :year_last
              AND (s.end_date IS NULL OR s.end_date >= :year_first)) AS care_until
  FROM roll r CROSS JOIN status_episode s ON s.pupil_id = r.id
  WHERE s.start_date <= :year_last AND (s.end_date IS NULL OR s.end_date >= min(
    date(:first, '-{PREVIOUS_CSW_YEARS} years'), date(:census, '-{PREVIOUS_CSW_YEARS} years'), :year_first))
  GROUP BY r.id)
SELECT 'stage', during, census, born, override, NULL, count(*) FROM kid
  WHERE during IS NOT NULL OR census IS NOT NULL GROUP BY born, during, census, override
UNION ALL
SELECT 'roll', during, sen, sum(joined), sum(left_school), NULL, count(*) FROM kid
  WHERE during IS NOT NULL GROUP BY during, sen
UNION ALL
SELECT 'attendance', during, attendance, NULL, NULL, NULL, count(*) FROM kid
  WHERE during IS NOT NULL AND attendance IS NOT NULL GROUP BY during, attendance
UNION ALL
SELECT 'cla', id, admitted, left_on, care_from, care_until, substr(latest, 23) FROM kid
  WHERE during = 'CLA'
"""


class LookedAfter(NamedTuple):
    """A child looked after at some time in the period, as the PEP section needs them: in care
    from ``care_from`` (the first CLA spell touching the year) until ``care_until`` (None while
    one is open), on roll from ``admitted`` to ``left``. A named tuple: there are a thousand or
    more, and a tuple is made in a fraction of a frozen dataclass's time."""

    id: int
    care_from: date
    care_until: date | None
    admitted: date | None
    left: date | None


@dataclass
class CohortCounts:
    """The counts of the children who count, by category ("CLA", … "Previous")."""

    on_census: Counter[str] = field(default_factory=Counter)
    during: Counter[str] = field(default_factory=Counter)
    stages_on_census: Counter[str] = field(default_factory=Counter)  # by key stage
    stages_during: Counter[str] = field(default_factory=Counter)
    joined: Counter[str] = field(default_factory=Counter)  # admitted in the period
    left: Counter[str] = field(default_factory=Counter)  # left in the period
    sen: Counter[tuple[str, str]] = field(default_factory=Counter)  # (category, SEN code)
    attendance: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    authorities: Counter[str] = field(default_factory=Counter)  # CLA: the latest spell's, stripped
    looked_after: list[LookedAfter] = field(default_factory=list)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def read_cohort(r: Reader, period: Period, census: date) -> CohortCounts:
    """Every count of children the cohort, attendance and PEP sections print, in one statement."""
    year = period.year
    found = CohortCounts()
    params = {
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "census": census.isoformat(),
        "year_first": year.first_day.isoformat(),
        "year_last": year.last_day.isoformat(),
    }
    stages: dict[tuple[str, int | None], str] = {}  # by month of birth and year group set
    for part, a, b, c, d, e, n in r.rows(_KIDS, params):
        if part == "stage":
            # A year group depends on the year and month of birth only (rules/year_group.py).
            stage = stages.get((c, d))
            if stage is None:
                stage = stages[(c, d)] = key_stage(
                    d if d is not None else year_group(date.fromisoformat(c + "-01"), year.start_year)
                )
            if a is not None:
                found.during[a] += n
                found.stages_during[stage] += n
            if b is not None:
                found.on_census[b] += n
                found.stages_on_census[stage] += n
        elif part == "roll":  # category, SEN code, how many of them joined and left in the period
            found.sen[(a, b)] += n
            found.joined[a] += c or 0  # (a sum of none but NULLs is NULL)
            found.left[a] += d or 0
        elif part == "attendance":
            found.attendance[a] += [float(b)] * n
        else:  # "cla": id, admitted, left, care from, care until ("~" while open), authority
            found.authorities[n.strip()] += 1
            until = None if e == "~" else _day(e)
            found.looked_after.append(LookedAfter(a, date.fromisoformat(d), until, _day(b), _day(c)))
    return found
