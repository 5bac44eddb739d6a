"""Everything the views need to know about each pupil on a date, loaded in a handful of queries.

Every pupil's facts (``load_snapshot``), or those of a few (``load_facts``: the register's duties
in "what is due" read only the pupils who may owe one), worked out the same way, by the rules.
Everything is *as of* the date asked about: categories, ages, year groups and who is on roll on
that day, not today's.

The rows are plain tuples read through a ``Reader`` (store/reader.py): a few constant
statements whatever the number of pupils, no ORM objects, and no SQLAlchemy imported.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from cwsw_desktop.rules.attendance import attendance_band
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.ehcp import ehcp_review_owed
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.pep import PEP_STATUSES, PepCompliance, PepRecord, pep_compliance
from cwsw_desktop.rules.sdq import sdq_owed
from cwsw_desktop.rules.settings import SchoolSettings
from cwsw_desktop.rules.status import (
    SOCIAL_WORKER_ROLE,
    Category,
    Episode,
    SenStatus,
    cohort,
    current_categories,
)
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.school_read import read_settings, read_years_around
from cwsw_desktop.store.reader import Reader, reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source


@dataclass(frozen=True)
class PupilFacts:
    id: int
    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    preferred_surname: str
    date_of_birth: date
    admission_date: date | None
    sen_status: str
    ehcp_review_date: date | None  # the next review, as typed or imported
    ehcp_last_review: date | None
    attendance_pct: float | None
    leaving_date: date | None
    cohort: Category | None
    categories: tuple[Category, ...]
    episodes: tuple[Episode, ...]
    on_roll: bool  # admitted by the date and not left before it
    last_sdq: date | None
    social_worker: str  # the latest social-worker contact's name, "" when none
    # What the facts below are worked out from when first asked for ("what is due" and the
    # Overview never ask for them; the register and the tests do): the snapshot's date, its
    # year's start, the year group typed over the one from the date of birth, the persistent
    # absence threshold, and the start of the care episode open on the date.
    on: date
    year_start: int
    year_group_override: int | None
    persistent_absence_pct: float
    in_care_from: date | None
    # This year's PEP compliance, worked out when first asked for (the register shows it; the
    # Overview and "what is due" never need it): None when not looked after and on roll, and
    # from load_facts.
    pep_rule: Callable[[], PepCompliance] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def pep(self) -> PepCompliance | None:
        return self.pep_rule() if self.pep_rule is not None else None

    @cached_property
    def year_group(self) -> int:
        if self.year_group_override is not None:
            return self.year_group_override
        return year_group(self.date_of_birth, self.year_start)

    @cached_property
    def attendance_band(self) -> str | None:
        if self.attendance_pct is None:
            return None
        return attendance_band(self.attendance_pct, self.persistent_absence_pct)

    @cached_property
    def sdq_due(self) -> bool:
        since = self.in_care_from
        return since is not None and sdq_owed(self.date_of_birth, since, self.last_sdq, self.on) is not None

    @cached_property
    def ehcp_review_due(self) -> bool:
        return (
            self.sen_status == SenStatus.EHCP
            and ehcp_review_owed(self.ehcp_last_review, self.ehcp_review_date, self.on) is not None
        )

    @property
    def display_name(self) -> str:
        return display_name(
            self.legal_forename, self.legal_surname, self.preferred_forename, self.preferred_surname
        )

    @property
    def looked_after_since(self) -> date | None:
        """When the open CLA episode on the snapshot's date began (None: not looked after)."""
        return self.in_care_from


@dataclass(frozen=True)
class Snapshot:
    today: date
    settings: SchoolSettings
    year: AcademicYearDates
    years: tuple[AcademicYearDates, ...]
    pupils: tuple[PupilFacts, ...]


# ``{only}`` narrows each statement to some pupils (``load_facts``), or is empty (every pupil).
# The pupils are scanned (``load_facts`` picks a quarter of them or more: looked up through the
# name index, each row would be read out of order), then sorted by name, two of the same name
# in the order of their ids.
_PUPILS = (
    "SELECT id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname, "
    "date_of_birth, admission_date, leaving_date, year_group_override, sen_status, "
    "ehcp_review_date, ehcp_last_review, attendance_pct FROM pupil p NOT INDEXED WHERE 1 {only} "
    "ORDER BY legal_surname, legal_forename, id"
)
_EPISODES = (
    "SELECT pupil_id, category, start_date, end_date FROM status_episode WHERE start_date <= ? {only} "
    "ORDER BY start_date"
)
_PEPS = (
    "SELECT m.pupil_id, m.meeting_date, m.status, m.targets_elsewhere "
    "OR EXISTS (SELECT 1 FROM pep_target t WHERE t.pep_id = m.id), m.id "
    "FROM pep_meeting m WHERE m.meeting_date >= ? AND m.meeting_date <= ? {only}"
)
_SDQS = "SELECT pupil_id, max(taken_on) FROM sdq_result WHERE taken_on <= ? {only} GROUP BY pupil_id"
# (Answered from the social workers' covering index, migration 0012: no row of the table read.)
_WORKERS = "SELECT pupil_id, name FROM contact WHERE role = ? {only} ORDER BY id"
_AMONG = "AND {column} IN (SELECT value FROM json_each(?))"  # the ids as one JSON array


# A reader is one consistent snapshot of the store, so the facts read through it on a date are
# the same every time: a second ask on the same reader and date is not read again.
_LOADED: WeakKeyDictionary[Reader, dict[date, Snapshot]] = WeakKeyDictionary()


# The names of the pupils whose rows a snapshot read through a reader: by UPN, the record id and
# the four name fields in display_name's order. The Overview names each child in its list of
# duties, over a thousand at 5,000 pupils, most of them among the register's: it looks those up
# here rather than reading them again (a reader is one snapshot: they cannot have changed).
_NAMES_READ: WeakKeyDictionary[Reader, dict[str, tuple[int, str, str, str, str]]] = WeakKeyDictionary()


def names_read(r: Reader) -> Mapping[str, tuple[int, str, str, str, str]]:
    """The names of the pupils whose rows were read through ``r`` for a snapshot, by UPN."""
    try:
        return _NAMES_READ.get(r, {})
    except TypeError:  # a reader that cannot be weakly referenced: nothing remembered
        return {}


def _note_names(r: Reader, rows: list[tuple[Any, ...]]) -> None:
    try:
        known = _NAMES_READ.setdefault(r, {})
    except TypeError:
        return
    for pid, upn, surname, forename, preferred_forename, preferred_surname, *_rest in rows:
        known[upn] = (pid, forename, surname, preferred_forename, preferred_surname)


def load_snapshot(source: Source, today: date | None = None) -> Snapshot:
    """Every pupil as of ``today`` (the date asked about; the real today when None)."""
    today = today or date.today()
    with reading(source) as r:
        try:
            known = _LOADED.setdefault(r, {})
        except TypeError:  # a reader that cannot be weakly referenced: not remembered
            known = {}
        if today not in known:
            known[today] = _load(r, today)
        return known[today]


def load_facts(source: Source, today: date, where: str, params: Mapping[str, Any]) -> Snapshot:
    """The snapshot of ``load_snapshot`` narrowed to the pupils the SQL condition ``where`` picks
    (on ``pupil p``, with the named ``params``; still in name order): each one's facts are the
    same, read and worked out the same way, and nobody else is read, except that this year's
    PEP compliance is left out (``pep`` is None): "what is due" asks for the pupils its register
    rules can find something owed by, and those rules never ask for it (the PEP duties have
    their own source). The scan that picks the pupils reads their row too."""
    with reading(source) as r:
        return _load(r, today, r.rows(_PUPILS.format(only=f"AND ({where})"), params))


def _load(r: Reader, today: date, pupils: list[tuple[Any, ...]] | None = None) -> Snapshot:
    """The snapshot on ``today``: of every pupil, or of those whose ``_PUPILS`` rows are given
    (the other statements read theirs only, by id)."""
    among = None if pupils is None else json.dumps([row[0] for row in pupils])

    def rows(sql: str, column: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if among is None:
            return r.rows(sql.format(only=""), params)
        return r.rows(sql.format(only=_AMONG.format(column=column)), (*params, among))

    settings = read_settings(r)
    years = tuple(read_years_around(r, today))
    current = academic_year_of(today)
    year = next(y for y in years if y.start_year == current)
    first, last = year.first_day.isoformat(), year.last_day.isoformat()
    day = today.isoformat()
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for pupil_id, category, start, end in rows(_EPISODES, "pupil_id", (day,)):
        # the history as it stood on the date: nothing that starts later, and an end on or after
        # it is open (ISO text compares as the dates do)
        episodes[pupil_id].append(
            _episode(category, _iso(start), None if end is None or end >= day else _iso(end))
        )
    peps: dict[int, list[PepRecord]] | None = None  # (none read for load_facts)
    if among is None:
        peps = defaultdict(list)
        for pupil_id, held_on, status, has_targets, pep_id in rows(_PEPS, "m.pupil_id", (first, last)):
            peps[pupil_id].append(
                PepRecord(date.fromisoformat(held_on), PEP_STATUSES[status], bool(has_targets), pep_id)
            )
    sdqs = {pupil_id: _iso(taken) for pupil_id, taken in rows(_SDQS, "pupil_id", (day,))}
    workers = {pupil_id: name for pupil_id, name in rows(_WORKERS, "pupil_id", (SOCIAL_WORKER_ROLE,))}
    pupil_rows = rows(_PUPILS, "id") if pupils is None else pupils
    _note_names(r, pupil_rows)
    facts = tuple(
        _facts(
            row,
            tuple(episodes.get(row[0], ())),
            None if peps is None else peps.get(row[0], []),
            sdqs.get(row[0]),
            workers.get(row[0], ""),
            settings,
            year,
            today,
        )
        for row in pupil_rows
    )
    return Snapshot(today=today, settings=settings, year=year, years=years, pupils=facts)


def _facts(
    row: tuple[Any, ...],
    episodes: tuple[Episode, ...],
    peps: list[PepRecord] | None,
    last_sdq: date | None,
    social_worker: str,
    settings: SchoolSettings,
    year: AcademicYearDates,
    today: date,
) -> PupilFacts:
    (pid, upn, surname, forename, preferred_forename, preferred_surname, dob_text, admitted_text) = row[:8]
    (left_text, override, sen_status, ehcp_review, ehcp_last, attendance_pct) = row[8:]
    # The reader gives ISO text or NULL (services.school_read.day, inlined: five a pupil).
    dob = _iso(dob_text)
    admitted = None if admitted_text is None else _iso(admitted_text)
    left = None if left_text is None else _iso(left_text)
    ehcp_review_date = None if ehcp_review is None else _iso(ehcp_review)
    ehcp_last_review = None if ehcp_last is None else _iso(ehcp_last)
    categories = current_categories(episodes, today)
    on_roll = (admitted is None or admitted <= today) and (left is None or today <= left)
    compliance = None
    cla_start = None
    if Category.CLA in categories:  # the categories are those of the episodes open on the date
        cla_start = max(e.start for e in episodes if e.category == Category.CLA and e.is_open_on(today))
    if cla_start is not None and on_roll and peps is not None:
        compliance = partial(
            pep_compliance,
            peps,
            year,
            today,
            settings.pep_due_soon_days,
            in_care_from=cla_start,
            admitted=admitted,
            first_pep_school_days=settings.first_pep_school_days,
        )
    return made(
        PupilFacts,
        {
            "id": pid,
            "upn": upn,
            "legal_surname": surname,
            "legal_forename": forename,
            "preferred_forename": preferred_forename,
            "preferred_surname": preferred_surname,
            "date_of_birth": dob,
            "admission_date": admitted,
            "sen_status": sen_status,
            "ehcp_review_date": ehcp_review_date,
            "ehcp_last_review": ehcp_last_review,
            "attendance_pct": attendance_pct,
            "leaving_date": left,
            "cohort": cohort(episodes, today, categories),
            "categories": categories,
            "episodes": episodes,
            "on_roll": on_roll,
            "last_sdq": last_sdq,
            "social_worker": social_worker,
            "on": today,
            "year_start": year.start_year,
            "year_group_override": override,
            "persistent_absence_pct": settings.persistent_absence_pct,
            "in_care_from": cla_start,
            "pep_rule": compliance,
        },
    )


T = TypeVar("T")
_new = object.__new__
_set = object.__setattr__
_iso = date.fromisoformat


def made(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of the frozen dataclass ``cls`` from a value for each of its fields, by name,
    the dict becoming its ``__dict__``, without the generated ``__init__`` (one guarded
    ``object.__setattr__`` per field, half the cost of a small object): for the objects a read
    makes by the thousand (PupilFacts, Episode, and the register's Duty and Act: over a tenth of
    the register's duties at 5,000 pupils). The same object as ``cls(**values)``: none of them
    has a ``__post_init__`` or slots, and every field is given (tests/unit/test_register.py
    checks each)."""
    instance: T = _new(cls)
    _set(instance, "__dict__", values)
    return instance


def _episode(category: str, start: date, end: date | None) -> Episode:
    return made(Episode, {"category": category, "start": start, "end": end})
