"""The PEP tab's loaders: the compliance grid and the list of meetings, from plain rows.

One snapshot and a constant handful of statements whatever the number of pupils, tuples rather
than ORM objects (store/reader.py). The grid's rule work (each term's status and the first PEP,
both counting school days) gives the same answer for a child whose records have not changed, so
each child's row is remembered, keyed by every value it is computed from, for as long as the
date, the year, the school's calendar and the PEP settings stay the same: a refresh recomputes
only the children whose meetings, care episodes or details changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol, TypeVar

from sqlalchemy import Engine

from cwsw_desktop.rules import names
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.pep import PepCompliance, PepKind, PepRecord, PepStatus, first_pep, pep_compliance
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.pep_types import GridRow, MeetingRow
from cwsw_desktop.services.row_values import clock, day, iso
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
    id: int
    legal_forename: str
    legal_surname: str
    preferred_forename: str
    preferred_surname: str
    upn: str
    date_of_birth: date
    year_group_override: int | None
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

# Remembered grid rows: for each recent context (date, year, calendar, settings), each child's row
# by the values it came from. A few contexts, so switching the year back and forth stays quick.
_GRID_CONTEXTS = 4
_grid_rows: dict[tuple[Any, ...], dict[tuple[Any, ...], GridRow]] = {}


def pep_grid(engine: Engine, on: date, start_year: int | None = None) -> list[GridRow]:
    """Every child looked after and on roll during the chosen year (default: ``on``'s), term by term."""
    settings = load_settings(engine)
    years = years_around(engine, on)
    year = next((y for y in years if y.start_year == start_year), None) if start_year else None
    year = year or (year_dates(engine, start_year) if start_year else None)
    year = year or next(y for y in years if y.start_year == academic_year_of(on))
    with reading(engine) as reader:
        children, episodes, records = _grid_inputs(reader)
    context = (on, year, tuple(years), settings.pep_due_soon_days, settings.first_pep_school_days)
    known = _grid_rows.get(context, {})
    fresh: dict[tuple[Any, ...], GridRow] = {}
    for child in children:
        spell = care_spell(episodes[child.id], year.first_day, year.last_day)
        if spell is None or not on_roll(child, year.first_day, year.last_day):
            continue
        raw = records[child.id]
        key = (child, spell, tuple(raw))
        row = known.get(key) or _grid_row(child, spell, raw, year, on, settings, years)
        fresh[key] = row
    _remember(context, fresh)
    return sorted(fresh.values(), key=lambda r: r.pupil.casefold())


def _grid_inputs(
    reader: Reader,
) -> tuple[list[Child], dict[int, list[CareEpisode]], dict[int, list[tuple[Any, ...]]]]:
    children = [
        Child(i, lf, ls, pf, ps, upn, day(dob) or date.min, override, day(admitted), day(left))
        for i, lf, ls, pf, ps, upn, dob, override, admitted, left in reader.rows(_CHILDREN)
    ]
    episodes: dict[int, list[CareEpisode]] = defaultdict(list)
    for pupil_id, start, end in reader.rows(_EPISODES):
        episodes[pupil_id].append(CareEpisode("CLA", day(start) or date.min, day(end)))
    records: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for pupil_id, *record in reader.rows(_RECORDS):
        records[pupil_id].append(tuple(record))
    return children, episodes, records


def _grid_row(
    child: Child,
    spell: CareEpisode,
    raw: Sequence[tuple[Any, ...]],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
) -> GridRow:
    mine = [
        PepRecord(day(held) or date.min, PepStatus(status), bool(targets), i)
        for held, status, i, targets in raw
    ]
    compliance = compliance_for(child, spell, mine, year, on, settings, years)
    return GridRow(
        pupil_id=child.id,
        pupil=names.display_name(
            child.legal_forename, child.legal_surname, child.preferred_forename, child.preferred_surname
        ),
        upn=child.upn,
        year_group=child.year_group_override
        if child.year_group_override is not None
        else year_group(child.date_of_birth, year.start_year),
        terms=compliance.terms,
        held=compliance.held_this_year,
        owed=compliance.owed_terms,
        meets_three_a_year=compliance.meets_three_a_year,
        first=first_pep(spell.start_date, mine, on, years, settings.first_pep_school_days),
    )


def _remember(context: tuple[Any, ...], rows: dict[tuple[Any, ...], GridRow]) -> None:
    _grid_rows.pop(context, None)
    while len(_grid_rows) >= _GRID_CONTEXTS:
        del _grid_rows[next(iter(_grid_rows))]  # the context used least lately
    _grid_rows[context] = rows


# --- meetings --------------------------------------------------------------------------------

_MEETINGS = (
    "SELECT m.id, m.pupil_id, p.legal_forename, p.legal_surname, p.preferred_forename, "
    "p.preferred_surname, p.upn, m.meeting_date, m.start_time, m.place, m.kind, m.status, "
    "m.status_reason, m.targets_elsewhere, m.pp_plus_agreed_pence, m.next_meeting, "
    "(SELECT count(*) FROM pep_target t WHERE t.pep_id = m.id) "
    "FROM pep_meeting m JOIN pupil p ON p.id = m.pupil_id"
)


def meetings(engine: Engine, start: date | None = None, end: date | None = None) -> list[MeetingRow]:
    """Meetings from ``start`` to ``end`` (inclusive, either open), earliest first."""
    where, params = [], []
    if start is not None:
        where.append("m.meeting_date >= ?")
        params.append(iso(start))
    if end is not None:
        where.append("m.meeting_date <= ?")
        params.append(iso(end))
    sql = _MEETINGS + (" WHERE " + " AND ".join(where) if where else "")
    with reading(engine) as reader:
        found = reader.rows(sql + " ORDER BY m.meeting_date, m.start_time, m.id", params)
    people: dict[int, tuple[str, str]] = {}
    rows: list[MeetingRow] = []
    for (
        i,
        pupil_id,
        lf,
        ls,
        pf,
        ps,
        upn,
        when,
        at,
        place,
        kind,
        status,
        reason,
        elsewhere,
        pence,
        nxt,
        n,
    ) in found:
        who = people.get(pupil_id)
        if who is None:
            who = people[pupil_id] = (names.display_name(lf, ls, pf, ps), initials_of(lf, ls, pf, ps))
        held = status == PepStatus.HELD
        rows.append(
            MeetingRow(
                id=i,
                pupil_id=pupil_id,
                pupil=who[0],
                initials=who[1],
                upn=upn,
                meeting_date=day(when) or date.min,
                start_time=clock(at),
                place=place,
                kind=PepKind(kind),
                status=PepStatus(status),
                status_reason=reason,
                targets=n,
                complete=held and (n > 0 or bool(elsewhere)),
                pp_plus_agreed_pence=pence,
                next_meeting=day(nxt),
            )
        )
    return rows
