"""The PEP tab's loaders: the compliance grid and the list of meetings, from plain rows.

One snapshot and a constant handful of statements whatever the number of pupils, tuples rather
than ORM objects (store/reader.py). The grid's rule work (each term's status and the first PEP,
both counting school days) gives the same answer for a child whose records have not changed, so
each child's row is remembered, keyed by every value it is computed from, for as long as the
date, the year, the school's calendar and the PEP settings stay the same: a refresh recomputes
only the children whose meetings, care episodes or details changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple, Protocol, TypeVar

from sqlalchemy import Engine

from cwsw_desktop.rules import names
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.pep import PepCompliance, PepKind, PepRecord, PepStatus, first_pep, pep_compliance
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.pep_types import GridRow, MeetingRow
from cwsw_desktop.services.row_values import Raw, Recent, clock, day, grouped, iso
from cwsw_desktop.services.school import SchoolSettings, load_settings, year_dates, years_around
from cwsw_desktop.store.reader import Reader, reading


class Enrolment(Protocol):
    """When a child joined and left the school (a ``Pupil`` row, or a plain one)."""

    @property
    def admission_date(self) -> date | None: ...

    @property
    def leaving_date(self) -> date | None: ...


class Spell(Protocol):
    """A status episode (a ``StatusEpisode`` row, or a plain one)."""

    @property
    def category(self) -> str: ...

    @property
    def start_date(self) -> date: ...

    @property
    def end_date(self) -> date | None: ...


S = TypeVar("S", bound=Spell)


def initials_of(
    legal_forename: str, legal_surname: str, preferred_forename: str, preferred_surname: str
) -> str:
    """Initials only (calendars get shared): "A.O."."""
    first = (preferred_forename or legal_forename)[:1]
    last = (preferred_surname or legal_surname)[:1]
    return f"{first.upper()}.{last.upper()}."


def on_roll(p: Enrolment, start: date, end: date) -> bool:
    """On roll at some point from ``start`` to ``end``."""
    return (p.admission_date is None or p.admission_date <= end) and (
        p.leaving_date is None or p.leaving_date >= start
    )


def care_spell(episodes: Sequence[S], start: date, end: date) -> S | None:
    """The latest CLA episode overlapping ``start``–``end``."""
    spells = [
        e
        for e in episodes
        if e.category == "CLA" and e.start_date <= end and (e.end_date is None or e.end_date >= start)
    ]
    return max(spells, key=lambda e: e.start_date) if spells else None


def compliance_for(
    p: Enrolment,
    spell: Spell,
    records: Sequence[PepRecord],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
) -> PepCompliance:
    return pep_compliance(
        records,
        year,
        on,
        settings.pep_due_soon_days,
        in_care_from=spell.start_date,
        in_care_until=spell.end_date,
        admitted=p.admission_date,
        left=p.leaving_date,
        first_pep_school_days=settings.first_pep_school_days,
        years=years,
    )


# --- the compliance grid ---------------------------------------------------------------------


class Child(NamedTuple):
    admission_date: date | None
    leaving_date: date | None


class CareEpisode(NamedTuple):
    category: str
    start_date: date
    end_date: date | None


_IN_CARE = "SELECT pupil_id FROM status_episode WHERE category = 'CLA'"
_CHILDREN = (
    "SELECT id, legal_forename, legal_surname, preferred_forename, preferred_surname, upn, "
    "date_of_birth, year_group_override, admission_date, leaving_date "
    f"FROM pupil WHERE id IN ({_IN_CARE}) ORDER BY id"
)
_EPISODES = "SELECT pupil_id, start_date, end_date FROM status_episode WHERE category = 'CLA' ORDER BY id"
# Each meeting as the rules see it: date, status, and whether it has targets (here or in the ePEP).
_RECORDS = (
    "SELECT m.pupil_id, m.meeting_date, m.status, m.id, m.targets_elsewhere "
    "OR EXISTS (SELECT 1 FROM pep_target t WHERE t.pep_id = m.id) "
    f"FROM pep_meeting m WHERE m.pupil_id IN ({_IN_CARE}) ORDER BY m.pupil_id, m.id"
)

# Each child's grid row (None: not in the grid) by its stored values, for the last few contexts.
_grid_rows: Recent[tuple[Raw, ...], GridRow | None] = Recent()


def pep_grid(engine: Engine, on: date, start_year: int | None = None) -> list[GridRow]:
    """Every child looked after and on roll during the chosen year (default: ``on``'s), term by term."""
    settings, years, year = _grid_year(engine, on, start_year)
    with reading(engine) as reader:
        children = reader.rows(_CHILDREN)
        episodes = grouped(reader.rows(_EPISODES))
        records = grouped(reader.rows(_RECORDS))
    return _grid(children, episodes, records, year, on, settings, years)


def pep_tab_rows(
    engine: Engine, on: date, start_year: int | None = None
) -> tuple[list[GridRow], list[MeetingRow]]:
    """What the PEP tab shows, from one snapshot: ``pep_grid`` and every meeting (``meetings``).
    The meetings read for the list are the grid's PEP records too."""
    settings, years, year = _grid_year(engine, on, start_year)
    with reading(engine) as reader:
        found, people = _read_meetings(reader)
        children = reader.rows(_CHILDREN)
        episodes = grouped(reader.rows(_EPISODES))
    # as _RECORDS reads them: (date, status, id, has targets here or in the ePEP), by id
    records = grouped((m[1], m[2], m[6], m[0], int(bool(m[8]) or m[11] > 0)) for m in found)
    grid = _grid(children, episodes, records, year, on, settings, years)
    return grid, _meeting_list(found, people)


def _grid_year(
    engine: Engine, on: date, start_year: int | None
) -> tuple[SchoolSettings, list[AcademicYearDates], AcademicYearDates]:
    settings = load_settings(engine)
    years = years_around(engine, on)
    year = next((y for y in years if y.start_year == start_year), None) if start_year else None
    year = year or (year_dates(engine, start_year) if start_year else None)
    year = year or next(y for y in years if y.start_year == academic_year_of(on))
    return settings, years, year


def _grid(
    children: Sequence[Raw],
    episodes: dict[int, list[Raw]],
    records: dict[int, list[Raw]],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
) -> list[GridRow]:
    context = (on, year, tuple(years), settings.pep_due_soon_days, settings.first_pep_school_days)
    known = _grid_rows.answers(context)
    fresh: dict[tuple[Raw, ...], GridRow | None] = {}
    for child in children:
        key = (child, tuple(episodes.get(child[0], ())), tuple(records.get(child[0], ())))
        fresh[key] = known[key] if key in known else _grid_row(*key, year, on, settings, years)
    _grid_rows.keep(context, fresh)
    return sorted((r for r in fresh.values() if r is not None), key=lambda r: r.pupil.casefold())


def _grid_row(
    raw: Raw,
    raw_episodes: Sequence[Raw],
    raw_records: Sequence[Raw],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
) -> GridRow | None:
    """The child's row (from the values as stored), or None when not in care and on roll in `year`."""
    i, lf, ls, pf, ps, upn, dob, override, admitted, left = raw
    child = Child(admission_date=day(admitted), leaving_date=day(left))
    spells = [CareEpisode("CLA", date.fromisoformat(start), day(end)) for start, end in raw_episodes]
    spell = care_spell(spells, year.first_day, year.last_day)
    if spell is None or not on_roll(child, year.first_day, year.last_day):
        return None
    mine = [
        PepRecord(date.fromisoformat(held), PepStatus(status), bool(targets), m)
        for held, status, m, targets in raw_records
    ]
    compliance = compliance_for(child, spell, mine, year, on, settings, years)
    return GridRow(
        pupil_id=i,
        pupil=names.display_name(lf, ls, pf, ps),
        upn=upn,
        year_group=override if override is not None else year_group(date.fromisoformat(dob), year.start_year),
        terms=compliance.terms,
        held=compliance.held_this_year,
        owed=compliance.owed_terms,
        meets_three_a_year=compliance.meets_three_a_year,
        first=first_pep(spell.start_date, mine, on, years, settings.first_pep_school_days),
    )


# --- meetings --------------------------------------------------------------------------------

_MEETINGS = (
    "SELECT m.id, m.pupil_id, m.meeting_date, m.start_time, m.place, m.kind, m.status, m.status_reason, "
    "m.targets_elsewhere, m.pp_plus_agreed_pence, m.next_meeting, "
    "(SELECT count(*) FROM pep_target t WHERE t.pep_id = m.id) FROM pep_meeting m"
)
_PEOPLE = (
    "SELECT id, legal_forename, legal_surname, preferred_forename, preferred_surname, upn FROM pupil "
    "WHERE id IN (SELECT pupil_id FROM pep_meeting m{where})"
)


def meetings(engine: Engine, start: date | None = None, end: date | None = None) -> list[MeetingRow]:
    """Meetings from ``start`` to ``end`` (inclusive, either open), earliest first."""
    with reading(engine) as reader:
        found, people = _read_meetings(reader, start, end)
    return _meeting_list(found, people)


def _read_meetings(
    reader: Reader, start: date | None = None, end: date | None = None
) -> tuple[list[Raw], dict[int, Raw]]:
    """The meetings from ``start`` to ``end`` by id, and their children's names by pupil id."""
    where, params = [], []
    if start is not None:
        where.append("m.meeting_date >= ?")
        params.append(iso(start))
    if end is not None:
        where.append("m.meeting_date <= ?")
        params.append(iso(end))
    condition = " WHERE " + " AND ".join(where) if where else ""
    found = reader.rows(f"{_MEETINGS}{condition} ORDER BY m.id", params)
    people = {i: tuple(rest) for i, *rest in reader.rows(_PEOPLE.format(where=condition), params)}
    return found, people


def _meeting_list(found: Sequence[Raw], people: dict[int, Raw]) -> list[MeetingRow]:
    """The meetings by date, time (none first) and id, each row remembered by its stored values."""
    known = _meeting_rows.answers(None)
    names_seen: dict[int, tuple[str, str]] = {}
    rows: dict[tuple[Raw, Raw], MeetingRow] = {}
    for raw in sorted(found, key=lambda m: (m[2], m[3] or "", m[0])):
        key = (raw, people[raw[1]])
        rows[key] = known.get(key) or _meeting_row(raw, key[1], names_seen)
    _meeting_rows.keep(None, rows)
    return list(rows.values())


# Each meeting's row by its stored values (the row depends on nothing else).
_meeting_rows: Recent[tuple[Raw, Raw], MeetingRow] = Recent(contexts=1)


def _meeting_row(raw: Raw, person: Raw, names_seen: dict[int, tuple[str, str]]) -> MeetingRow:
    i, pupil_id, when, at, place, kind, status, reason, elsewhere, pence, nxt, n = raw
    lf, ls, pf, ps, upn = person
    who = names_seen.get(pupil_id)
    if who is None:
        who = names_seen[pupil_id] = (names.display_name(lf, ls, pf, ps), initials_of(lf, ls, pf, ps))
    return MeetingRow(
        id=i,
        pupil_id=pupil_id,
        pupil=who[0],
        initials=who[1],
        upn=upn,
        meeting_date=date.fromisoformat(when),
        start_time=clock(at),
        place=place,
        kind=PepKind(kind),
        status=PepStatus(status),
        status_reason=reason,
        targets=n,
        complete=status == PepStatus.HELD and (n > 0 or bool(elsewhere)),
        pp_plus_agreed_pence=pence,
        next_meeting=day(nxt),
    )
