"""Personal Education Plan compliance for a child looked after: one PEP a term, 3 a year.

Everything here is a pure function of dates and plain records and returns Enums and dates; the
words for them live in ``ui/`` and ``reports/``.

* A term's PEP **window** runs from its first day to the day before the next term starts, so a PEP
  held in a holiday counts for the term just ended. The Summer window runs to 31 August.
* A term is **settled** by a PEP held in its window; with targets (or targets kept in the Virtual
  School's ePEP) it is complete, without them incomplete. Planned, postponed and cancelled
  meetings settle nothing.
* "3 a year" means complete PEPs in three different terms, never three in one term.
* A term is **owed** only from the later of coming into care and admission, and only when that
  date plus the first-PEP school days falls within the term: a child who came into care (or
  joined) late in a term owes the first PEP instead. A term is not owed by a child who left care
  or the school before it ended.
* The **first PEP** is due ``first_pep_school_days`` school days after coming into care (10; some
  local authorities use 20), and must be ready for the care-plan review at 20 school days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from operator import attrgetter

from cwsw_desktop.rules.calendar import (
    AcademicYearDates,
    TermDates,
    add_school_days,
    term_for_date,
)

PEPS_PER_YEAR = 3
FIRST_PEP_SCHOOL_DAYS = 10  # the default of the school's setting (some LAs use 20)
CARE_REVIEW_SCHOOL_DAYS = 20  # the first care-plan review: statutory, not a setting
# The first-PEP duty is shown for this long after coming into care; after that the termly
# duties (overdue terms) carry the same fact, so one missing PEP is never reported twice over.
INITIAL_PEP_LOOKBACK_DAYS = 183


class PepStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


# A stored status to its member by lookup: PepStatus(value) costs more, over thousands of rows.
PEP_STATUSES: dict[str, PepStatus] = {s.value: s for s in PepStatus}


class PepKind(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"  # the termly review
    EXTRA = "extra"


class TargetRating(StrEnum):
    """Progress against a SMART target, rated at the next review."""

    NOT_STARTED = "not-started"
    SOME = "some"
    GOOD = "good"
    ACHIEVED = "achieved"


class AttendeeRole(StrEnum):
    DT = "dt"
    SOCIAL_WORKER = "social-worker"
    CARER = "carer"
    VS_ADVISER = "vs-adviser"
    CHILD = "child"
    PARENT = "parent"
    OTHER = "other"


class TermStatus(StrEnum):
    """A term's PEP as seen on a date."""

    DONE = "done"  # held with targets in the window
    INCOMPLETE = "incomplete"  # held, but no targets set
    BOOKED = "booked"  # not yet held; a meeting is planned within the window
    DUE = "due"  # the term is running and nothing is booked
    DUE_SOON = "due-soon"  # within the due-soon days of the term's end (or in the holiday after)
    OVERDUE = "overdue"  # the window ended with no PEP held
    NOT_YET = "not-yet"  # the term has not started
    NOT_OWED = "not-owed"  # not in care / not on roll for this term (see NotOwed)


class NotOwed(StrEnum):
    """Why a term is not owed."""

    NOT_IN_CARE = "not-in-care"  # came into care after the term (or late in it: the first PEP is owed)
    JOINED_LATE = "joined-late"  # admitted after the term (or late in it)
    LEFT = "left"  # left care or the school before the term ended


_SETTLED = frozenset({TermStatus.DONE, TermStatus.INCOMPLETE})
_STILL_TO_HOLD = frozenset({TermStatus.BOOKED, TermStatus.DUE, TermStatus.DUE_SOON, TermStatus.NOT_YET})


@dataclass(frozen=True)
class PepRecord:
    """A PEP meeting as the rules see it."""

    held_on: date
    status: PepStatus = PepStatus.HELD
    has_targets: bool = True
    meeting_id: int | None = None

    @property
    def settles(self) -> bool:
        return self.status is PepStatus.HELD


@dataclass(frozen=True)
class TermPep:
    """One term's PEP status, the meeting that settled (or is booked for) it, and why."""

    term: TermDates
    window_end: date
    status: TermStatus
    pep_date: date | None = None
    meeting_id: int | None = None
    not_owed: NotOwed | None = None


@dataclass(frozen=True)
class PepCompliance:
    """A child's PEPs over one academic year, as seen on a date."""

    terms: tuple[TermPep, ...]
    held_this_year: int  # terms with a complete PEP
    owed_terms: int
    meets_three_a_year: bool
    current: TermPep
    next_due: date | None
    overdue_terms: int

    @property
    def current_status(self) -> TermStatus:
        return self.current.status


def term_windows(year: AcademicYearDates) -> tuple[tuple[TermDates, date], ...]:
    """Each term with the last day of its PEP window (the day before the next term starts)."""
    found = _WINDOWS.get(id(year))
    if found is None or found[0] is not year:
        terms = year.terms
        ends = [terms[i + 1].start - timedelta(days=1) for i in range(len(terms) - 1)]
        ends.append(year.last_day)
        if len(_WINDOWS) >= _WINDOW_YEARS:
            del _WINDOWS[next(iter(_WINDOWS))]  # the oldest
        found = _WINDOWS[id(year)] = (year, tuple(zip(terms, ends, strict=True)))
    return found[1]


# The windows of the last few years asked about, by the year's identity (the same year is asked
# about for every child; the year is kept in the entry, so its id cannot be reused meanwhile).
_WINDOWS: dict[int, tuple[AcademicYearDates, tuple[tuple[TermDates, date], ...]]] = {}
_WINDOW_YEARS = 32


def _owed(
    term: TermDates, first_pep_by: date | None, owed_until: date | None, joined_late: bool
) -> NotOwed | None:
    """None when the term is owed, else why not (`first_pep_by`: the day the first PEP falls due
    after the later of coming into care and admission)."""
    if owed_until is not None and owed_until < term.end:
        return NotOwed.LEFT
    if first_pep_by is not None and first_pep_by > term.end:
        return NotOwed.JOINED_LATE if joined_late else NotOwed.NOT_IN_CARE
    return None


def _term_pep(
    term: TermDates,
    window_end: date,
    peps: Sequence[PepRecord],
    today: date,
    due_soon_days: int,
) -> TermPep:
    """`peps` in date order (a stable sort: equal dates keep their order). The latest meeting
    held in the window settles the term (the latest with targets, if any); else the first one
    booked from today on."""
    complete = held = booked = None
    for p in peps:  # one pass over the window: this runs for every term of every child
        if p.held_on < term.start:
            continue
        if p.held_on > window_end:
            break
        if p.settles:
            held = p
            if p.has_targets:
                complete = p
        elif booked is None and p.status is PepStatus.PLANNED and p.held_on >= today:
            booked = p
    if complete is not None:
        return TermPep(term, window_end, TermStatus.DONE, complete.held_on, complete.meeting_id)
    if held is not None:
        return TermPep(term, window_end, TermStatus.INCOMPLETE, held.held_on, held.meeting_id)
    if today > window_end:
        return _plain(term, window_end, TermStatus.OVERDUE)
    if today < term.start:
        status = TermStatus.NOT_YET
    elif (term.end - today).days <= due_soon_days:
        status = TermStatus.DUE_SOON
    else:
        status = TermStatus.DUE
    if booked is not None and status is not TermStatus.NOT_YET:
        return TermPep(term, window_end, TermStatus.BOOKED, booked.held_on, booked.meeting_id)
    return _plain(term, window_end, status)


def _plain(term: TermDates, window_end: date, status: TermStatus, why: NotOwed | None = None) -> TermPep:
    """A term's status with no meeting (overdue, due, not owed...): the same few for every child,
    so each is made once and given again (frozen: sharing one changes nothing; making one cost
    more than the rest of the rule). Kept by the term's identity, with the term (no id reused)."""
    key = (id(term), window_end, status, why)
    found = _PLAIN.get(key)
    if found is None or found.term is not term:
        if len(_PLAIN) >= _PLAIN_SIZE:
            _PLAIN.pop(next(iter(_PLAIN)), None)  # the oldest (None: another thread forgot it)
        found = _PLAIN[key] = TermPep(term, window_end, status, not_owed=why)
    return found


_PLAIN: dict[tuple[int, date, TermStatus, NotOwed | None], TermPep] = {}
_PLAIN_SIZE = 512


_held_on = attrgetter("held_on")


def _calendar(year: AcademicYearDates, years: Sequence[AcademicYearDates]) -> tuple[AcademicYearDates, ...]:
    """`year` and the others of `years` (those starting in another year), for counting school
    days. The same pair is asked about for every child: for a tuple of years (which cannot
    change) it is made once, and kept with the objects it was made from, so that an id cannot be
    reused while its entry lives."""
    if not isinstance(years, tuple):
        return (year, *(y for y in years if y.start_year != year.start_year))
    found = _CALENDARS.get((id(year), id(years)))
    if found is None or found[0] is not year or found[1] is not years:
        if len(_CALENDARS) >= _WINDOW_YEARS:
            _CALENDARS.pop(next(iter(_CALENDARS)), None)  # the oldest (None: another thread forgot it)
        made = (year, *(y for y in years if y.start_year != year.start_year))
        found = _CALENDARS[(id(year), id(years))] = (year, years, made)
    return found[2]


_Years = tuple[AcademicYearDates, ...]
_CALENDARS: dict[tuple[int, int], tuple[AcademicYearDates, _Years, _Years]] = {}


def term_statuses(
    peps: Sequence[PepRecord],
    year: AcademicYearDates,
    today: date,
    due_soon_days: int = 14,
    in_care_from: date | None = None,
    in_care_until: date | None = None,
    *,
    admitted: date | None = None,
    left: date | None = None,
    first_pep_school_days: int = FIRST_PEP_SCHOOL_DAYS,
    years: Sequence[AcademicYearDates] = (),
    windows_ending_from: date | None = None,
) -> tuple[TermPep, ...]:
    """Each term's PEP status for ``year`` as seen on ``today`` (the terms of ``pep_compliance``),
    only those whose window ends on or after ``windows_ending_from`` when it is given: each term
    is worked out on its own, so a term left out changes nothing about the others."""
    joined_late = admitted is not None and (in_care_from is None or admitted > in_care_from)
    owed_from = admitted if joined_late else in_care_from  # the later of the two (None if neither)
    owed_until = (  # the earlier of the two (None if neither)
        left if in_care_until is None or (left is not None and left < in_care_until) else in_care_until
    )
    first_pep_by = (
        add_school_days(owed_from, first_pep_school_days, _calendar(year, years))
        if owed_from is not None
        else None
    )
    in_order = sorted(peps, key=_held_on) if len(peps) > 1 else peps  # (one is in order)
    terms: list[TermPep] = []
    for term, window_end in term_windows(year):
        if windows_ending_from is not None and window_end < windows_ending_from:
            continue
        why = _owed(term, first_pep_by, owed_until, joined_late)
        if why is not None:
            terms.append(_plain(term, window_end, TermStatus.NOT_OWED, why))
        else:
            terms.append(_term_pep(term, window_end, in_order, today, due_soon_days))
    return tuple(terms)


def current_term(terms: Sequence[TermPep], year: AcademicYearDates, today: date) -> TermPep:
    """The term in hand on ``today`` among ``year``'s ``terms`` (all three, from term_statuses):
    the term ``today`` counts against, or, in the holiday after a term, that term while its
    window is still open."""
    current = terms[year.terms.index(term_for_date(today, year))]
    for t in terms:
        if t.term.end < today <= t.window_end and t.status not in (TermStatus.NOT_OWED, TermStatus.NOT_YET):
            current = t
    return current


def pep_compliance(
    peps: Sequence[PepRecord],
    year: AcademicYearDates,
    today: date,
    due_soon_days: int = 14,
    in_care_from: date | None = None,
    in_care_until: date | None = None,
    *,
    admitted: date | None = None,
    left: date | None = None,
    first_pep_school_days: int = FIRST_PEP_SCHOOL_DAYS,
    years: Sequence[AcademicYearDates] = (),
) -> PepCompliance:
    """Each term's PEP status for ``year`` as seen on ``today``.

    ``years`` are the school's academic years for counting school days (``year`` is always
    included). A term not owed counts for nothing; "3 a year" is met when complete PEPs cover
    every owed term, up to three.
    """
    terms = term_statuses(
        peps,
        year,
        today,
        due_soon_days,
        in_care_from,
        in_care_until,
        admitted=admitted,
        left=left,
        first_pep_school_days=first_pep_school_days,
        years=years,
    )
    owed = [t for t in terms if t.status is not TermStatus.NOT_OWED]
    done = sum(1 for t in owed if t.status is TermStatus.DONE)
    current = current_term(terms, year, today)
    still_due = sorted((t for t in terms if t.status in _STILL_TO_HOLD), key=lambda t: t.term.start)
    return PepCompliance(
        terms=tuple(terms),
        held_this_year=done,
        owed_terms=len(owed),
        meets_three_a_year=done >= min(PEPS_PER_YEAR, len(owed)),
        current=current,
        next_due=still_due[0].term.end if still_due else None,
        overdue_terms=sum(1 for t in terms if t.status is TermStatus.OVERDUE),
    )


@dataclass(frozen=True)
class FirstPep:
    """The first PEP after coming into care: when it is due, when the care review needs it."""

    entered_care: date
    due: date
    care_review: date
    held_on: date | None  # the first PEP held since coming into care, if any

    def is_overdue(self, on: date) -> bool:
        return self.held_on is None and on > self.due


def first_pep_deadline(
    entered_care: date,
    years: Sequence[AcademicYearDates] = (),
    school_days: int = FIRST_PEP_SCHOOL_DAYS,
) -> date:
    """The first PEP is due ``school_days`` school days after coming into care."""
    return add_school_days(entered_care, school_days, years)


def care_review_deadline(entered_care: date, years: Sequence[AcademicYearDates] = ()) -> date:
    """The first care-plan review, 20 school days after coming into care: the PEP must be ready."""
    return add_school_days(entered_care, CARE_REVIEW_SCHOOL_DAYS, years)


def first_pep(
    entered_care: date,
    peps: Sequence[PepRecord],
    on: date,
    years: Sequence[AcademicYearDates] = (),
    school_days: int = FIRST_PEP_SCHOOL_DAYS,
) -> FirstPep | None:
    """The first PEP owed by a child who came into care on ``entered_care``, or None when it is
    long past (the termly duties carry it) or care begins after ``on``."""
    if entered_care > on or entered_care < on - timedelta(days=INITIAL_PEP_LOOKBACK_DAYS):
        return None
    held = sorted(p.held_on for p in peps if p.settles and p.held_on >= entered_care)
    return FirstPep(
        entered_care=entered_care,
        due=first_pep_deadline(entered_care, years, school_days),
        care_review=care_review_deadline(entered_care, years),
        held_on=held[0] if held else None,
    )
