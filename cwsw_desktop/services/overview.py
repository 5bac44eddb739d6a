"""The Overview: the cohort in numbers and what is due, from `what_is_due` (the list `due` prints).

Each duty comes with the child's display name and record id, so the tab can show and filter by
pupil without another query; the duty itself is the one contract (rules.duties.Duty). Everything
is read through one reader (a constant number of statements, no ORM, no SQLAlchemy imported).

The counts by cohort are counted by SQLite (services.governors_cohort's SQL, which follows
``rules.status.cohort``), and names are read for the duties' pupils only: reading every pupil's
facts for them was most of the Overview's build at 5,000 pupils.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from threading import Lock
from typing import TYPE_CHECKING, Any

from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.duties import Duty, Severity
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.status import PREVIOUS_CSW_YEARS, Category
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.gc_pause import no_cycle_collection
from cwsw_desktop.services.governors_cohort import category_sql, on_roll_sql
from cwsw_desktop.services.school_read import read_settings, read_years_around
from cwsw_desktop.services.snapshot import made, names_read
from cwsw_desktop.store.reader import data_state, reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Reader, Source

FORTNIGHT = timedelta(days=14)  # "due this fortnight" in the status bar


@dataclass(frozen=True)
class DueRow:
    """One line of the Overview: the duty, and the child it is about (empty for a school duty)."""

    duty: Duty
    pupil_name: str = ""
    pupil_id: int | None = None


@dataclass(frozen=True)
class Overview:
    today: date
    school: str
    year_label: str
    term: str
    counts: dict[Category, int]
    rows: tuple[DueRow, ...]

    @property
    def duties(self) -> list[Duty]:
        return [r.duty for r in self.rows]

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.rows if r.duty.severity is severity)

    def due_within(self, days: timedelta = FORTNIGHT) -> int:
        """Duties that are due (not overdue) with a date in the next ``days`` (or no date)."""
        last = self.today + days
        return sum(
            1
            for r in self.rows
            if r.duty.severity is Severity.DUE and (r.duty.due is None or r.duty.due <= last)
        )


# The last Overview built in each scope of the data state (the store's watching connection, or a
# reading connection: store.reader.data_state), with that state and its date: a refresh with
# nothing committed since (the tab shown again, a second "changed" signal) is one PRAGMA. The
# scope itself is held (not only its id), so an id reused by a new connection can never match.
_KEPT: dict[int, tuple[Any, tuple[Any, int, int], date, Overview]] = {}
_KEEP_AT_MOST = 8
_KEPT_LOCK = Lock()  # the tab builds in a worker thread


def build_overview(source: Source, today: date | None = None) -> Overview:
    """The Overview on `today` from one snapshot of the store (`source`: its engine or a reader).
    The same result as last time when nothing was committed since and the date is the same."""
    on = today or date.today()
    with reading(source) as r:
        state = data_state(r)  # before reading: a commit in between only makes the key older
        scope = state[0] if state is not None else None
        with _KEPT_LOCK:
            kept = _KEPT.get(id(scope))
        if state is not None and kept is not None and kept[0] is scope and kept[1:3] == (state, on):
            return kept[3]
        with no_cycle_collection():
            overview = _build(r, on)
    if state is not None:
        with _KEPT_LOCK:
            if len(_KEPT) >= _KEEP_AT_MOST and id(scope) not in _KEPT:
                _KEPT.pop(next(iter(_KEPT)))
            _KEPT[id(scope)] = (scope, state, on, overview)
    return overview


# The pupils on roll on :day by the category they count under then (rules.status.cohort), from
# the episodes that can count: started by the day, and not ended more than PREVIOUS_CSW_YEARS
# before it (such an episode keeps no one "Previous"). The pupils are read in order and each one's
# episodes found by their pupil's index: "+" keeps SQLite from going through the start dates'
# index instead, which looks each episode's pupil up (~10% slower at 5,000 pupils).
_COUNTS = f"""
SELECT category, count(*) FROM (
  SELECT {category_sql(":day", ":day")} AS category
  FROM pupil p JOIN status_episode s ON s.pupil_id = p.id
  WHERE +s.start_date <= :day AND {on_roll_sql(":day")}
    AND (s.end_date IS NULL OR s.end_date >= date(:day, '-{PREVIOUS_CSW_YEARS} years'))
  GROUP BY p.id)
WHERE category IS NOT NULL GROUP BY category
"""
_NAMES = (  # each UPN once (a set), looked up by the unique index
    "SELECT p.upn, p.id, p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname "
    "FROM json_each(?) j JOIN pupil p ON p.upn = j.value"
)


def cohort_counts(r: Reader, on: date) -> dict[Category, int]:
    """How many children on roll on ``on`` count under each category then."""
    counts = {Category(category): n for category, n in r.rows(_COUNTS, {"day": on.isoformat()})}
    return {c: counts.get(c, 0) for c in Category}


def _names(r: Reader, upns: set[str]) -> dict[str, tuple[str, int]]:
    """The display name and record id of each pupil whose UPN is in ``upns``: those whose rows
    the register's snapshot read through ``r`` from there (most), the rest read."""
    read = names_read(r)
    names = {upn: (display_name(*read[upn][1:]), read[upn][0]) for upn in upns if upn in read}
    rest = sorted(upns.difference(names))
    if rest:
        for upn, pid, *parts in r.rows(_NAMES, (json.dumps(rest),)):
            names[upn] = (display_name(*parts), pid)
    return names


def _build(r: Reader, on: date) -> Overview:
    settings = read_settings(r)
    current = academic_year_of(on)
    year = next(y for y in read_years_around(r, on) if y.start_year == current)
    duties = what_is_due(r, on)
    names = _names(r, {d.pupil for d in duties if d.pupil})
    rows = []
    for duty in duties:  # (made as the duties are: thousands at 5,000 pupils, see snapshot.made)
        name, pid = names.get(duty.pupil or "", ("", None))
        rows.append(made(DueRow, {"duty": duty, "pupil_name": name, "pupil_id": pid}))
    term = next((t.name for t in year.terms if t.start <= on <= t.end), "Holiday")
    return Overview(
        today=on,
        school=settings.name,
        year_label=year.label,
        term=term,
        counts=cohort_counts(r, on),
        rows=tuple(rows),
    )
