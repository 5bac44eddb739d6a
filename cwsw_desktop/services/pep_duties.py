"""The PEP duties for "what is due": overdue terms (this year's, and last year's lately ended),
the first PEP after coming into care, PEPs held without targets, and this term's PEP not booked.
Each resolves the moment the meeting that settles it is saved."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.rules.pep import (
    INITIAL_PEP_LOOKBACK_DAYS,
    PEP_STATUSES,
    PepRecord,
    PepStatus,
    TermPep,
    TermStatus,
    current_term,
    first_pep,
    term_statuses,
    term_windows,
)
from cwsw_desktop.rules.settings import SchoolSettings
from cwsw_desktop.rules.status import Category, Episode
from cwsw_desktop.services.school_read import day, read_settings, read_years_around
from cwsw_desktop.store.reader import reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

_CLA = Category.CLA.value
# Only the children looked after and on roll on the date can owe a PEP: each CLA episode open on
# the date (the care spell is the latest of a child's, `_spells`) with its child's UPN and roll
# dates, in one statement. Parameters: ?1 the date (ISO), ?2 the category CLA. The PEPs are
# read for their ids, given as one JSON array (?1 there), rather than working the join out again.
_IN_CARE = (
    "SELECT e.pupil_id, e.start_date, e.end_date, p.upn, p.admission_date, p.leaving_date "
    "FROM status_episode e JOIN pupil p ON p.id = e.pupil_id WHERE e.category = ?2 "
    "AND e.start_date <= ?1 AND (e.end_date IS NULL OR e.end_date >= ?1) "
    "AND (p.admission_date IS NULL OR p.admission_date <= ?1) "
    "AND (p.leaving_date IS NULL OR p.leaving_date >= ?1) ORDER BY e.id"
)
# The PEPs from ?2 on, kept for the children in ?1, are read from the date's covering index
# (migration 0012) alone: the pupil's index would visit every PEP of their ten years (12,902
# rows, not 2,329), and the table's rows of recent PEPs lie on nearly every one of its pages.
# "+m.id" sorts the rows found (in id order, as before) rather than letting SQLite scan the
# whole table in that order.
_PEPS = (
    "SELECT m.pupil_id, m.meeting_date, m.status, m.targets_elsewhere "
    "OR EXISTS (SELECT 1 FROM pep_target t WHERE t.pep_id = m.id), m.id FROM pep_meeting m "
    "WHERE m.meeting_date >= ?2 AND +m.pupil_id IN (SELECT value FROM json_each(?1)) ORDER BY +m.id"
)
_HELD = PepStatus.HELD.value
_PLANNED = PepStatus.PLANNED.value

# One row of `_IN_CARE`: pupil id, the spell's start and end, UPN, admission and leaving (ISO text).
_Row = tuple[int, str, str | None, str, str | None, str | None]
# One PEP as read, before it is made a PepRecord: held on (ISO), status, has targets, its id.
_Meeting = tuple[str, str, int, int]


@dataclass(frozen=True)
class _Child:
    id: int
    upn: str
    admitted: date | None
    left: date | None


def _spells(rows: Sequence[_Row]) -> dict[int, _Row]:
    """Each child's care spell on the date: the latest of the CLA episodes open on it (rows in
    id order: the first of equal starts). ISO dates compare as the dates do."""
    found: dict[int, _Row] = {}
    for row in rows:
        held = found.get(row[0])
        if held is None or row[1] > held[1]:
            found[row[0]] = row
    return found


def _years_asked(
    years: Sequence[AcademicYearDates], on: date, lately: date
) -> tuple[AcademicYearDates, AcademicYearDates | None, date]:
    """The year of ``on``; last year when one of its PEP windows ended since ``lately`` (else
    None); and
    the day before which no meeting can change a duty on ``on``. The rules look only at
    meetings in the windows they are asked about (each term of this year, and last year's
    windows ending lately: `windows_ending_from` below) and, for the first PEP, at meetings since
    coming into care, which counts only when that was at most INITIAL_PEP_LOOKBACK_DAYS ago
    (rules.pep.first_pep)."""
    current = academic_year_of(on)
    year = next(y for y in years if y.start_year == current)
    last_year = next((y for y in years if y.start_year == current - 1), None)
    if last_year is not None and last_year.last_day < lately:  # every window of it ended before
        last_year = None
    starts = [term.start for term, _ in term_windows(year)]
    if last_year is not None:
        starts += [term.start for term, window_end in term_windows(last_year) if window_end >= lately]
    return year, last_year, min(lately, *starts)


def _windows_asked(
    year: AcademicYearDates, last_year: AcademicYearDates | None, on: date, lately: date
) -> tuple[tuple[str, str, str], ...]:
    """The PEP windows a duty could be owed for on ``on`` (first day of the term, its last day,
    the last day of its window, in ISO): this year's terms begun by then, and last year's
    windows ending ``lately`` or after (those `pep_duties` asks the rules about)."""
    found = [(term, end) for term, end in term_windows(year) if term.start <= on]
    if last_year is not None:
        found += [(term, end) for term, end in term_windows(last_year) if end >= lately]
    return tuple((term.start.isoformat(), term.end.isoformat(), end.isoformat()) for term, end in found)


def _may_owe(
    care_from: str,
    owed_from: str,
    meetings: Sequence[_Meeting],
    on: str,
    lately: str,
    windows: Sequence[tuple[str, str, str]],
) -> bool:
    """Whether the PEP rules could find anything owed by this child, in care from ``care_from``
    and owed termly PEPs from ``owed_from`` (the later of that and admission). False only when
    nothing can be: no first PEP is owed (care began before ``lately``, INITIAL_PEP_LOOKBACK_DAYS
    ago, or a PEP was held since), no PEP was held without targets (which could leave a term
    incomplete), and each window asked about is of a term that ended before ``owed_from`` (not
    owed: rules.pep owes a term only when the first PEP falls due by its end, school days after
    that date), or holds a PEP held with targets (the term is done), or, with none held in it,
    a PEP planned from ``on`` to the window's end (the term is booked: neither overdue nor due).
    Most children in care are like that, and asking the rules costs ten times this test, which
    reads the rows as they come (ISO dates compare as the dates do) so that no record is made
    for a child it leaves out. tests/unit/test_pep_duties_filter.py checks that the duties are
    the same without it (a filter loosening any of these tests fails it)."""
    if care_from >= lately and not any(st == _HELD and d >= care_from for d, st, _, _ in meetings):
        return True  # the first PEP is owed (rules.pep.first_pep)
    unsettled = [(first, last) for first, term_end, last in windows if term_end >= owed_from]
    for held_on, status, targets, _ in meetings:
        if status == _HELD:
            if not targets:
                return True
        elif status != _PLANNED or held_on < on:
            continue
        if unsettled:
            unsettled = [w for w in unsettled if not w[0] <= held_on <= w[1]]
    return bool(unsettled)


def pep_duties(source: Source, on: date) -> list[Duty]:
    """The PEP duties on ``on`` for every child looked after and on roll that day."""
    lately = on - timedelta(days=INITIAL_PEP_LOOKBACK_DAYS)  # last year's terms ended since then count
    day_text = on.isoformat()
    with reading(source) as r:
        settings = read_settings(r)
        years = tuple(read_years_around(r, on))  # a tuple: rules.pep makes its calendar once
        year, last_year, earliest = _years_asked(years, on, lately)
        spells = _spells(r.rows(_IN_CARE, (day_text, _CLA)))
        meetings: dict[int, list[_Meeting]] = defaultdict(list)
        for row in r.rows(_PEPS, (json.dumps(list(spells)), earliest.isoformat())):
            meetings[row[0]].append(row[1:])
    windows = _windows_asked(year, last_year, on, lately)
    since = lately.isoformat()
    # A term ended before the child was owed PEPs is not owed, as the first PEP falls due after
    # that day: true of any number of school days the school can save (5 to 30), not of fewer
    # than none (then "" lets no window pass).
    forward = settings.first_pep_school_days >= 0
    duties: list[Duty] = []
    for pupil_id in sorted(spells):
        _, start, end, upn, admitted, left = spells[pupil_id]
        mine = meetings.get(pupil_id, ())
        owed_from = max(start, admitted or start) if forward else ""
        if not _may_owe(start, owed_from, mine, day_text, since, windows):
            continue
        p = _Child(pupil_id, upn, day(admitted), day(left))
        spell = Episode(_CLA, date.fromisoformat(start), day(end))
        records = [PepRecord(date.fromisoformat(d), PEP_STATUSES[s], bool(t), i) for d, s, t, i in mine]
        duties += _pupil_duties(p, spell, records, year, on, settings, years)
        if last_year is not None:  # a term of last year whose window ended lately without a PEP
            terms = _terms(p, spell, records, last_year, on, settings, years, windows_ending_from=lately)
            duties += _term_duties(p, terms, last_year)
    return duties


def _terms(
    p: _Child,
    spell: Episode,
    records: Sequence[PepRecord],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
    windows_ending_from: date | None = None,
) -> tuple[TermPep, ...]:
    """The child's PEP status for each term of `year` (only those whose window ends on or after
    `windows_ending_from`, when given), in the care spell and while on roll."""
    return term_statuses(
        records,
        year,
        on,
        settings.pep_due_soon_days,
        spell.start,
        spell.end,
        admitted=p.admitted,
        left=p.left,
        first_pep_school_days=settings.first_pep_school_days,
        years=years,
        windows_ending_from=windows_ending_from,
    )


def _pupil_duties(
    p: _Child,
    spell: Episode,
    records: Sequence[PepRecord],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
) -> list[Duty]:
    duties: list[Duty] = []
    first = first_pep(spell.start, records, on, years, settings.first_pep_school_days)
    if first is not None and first.held_on is None:
        duties.append(
            Duty(
                DutyKind.INITIAL_PEP_DUE,
                Severity.OVERDUE if first.is_overdue(on) else Severity.DUE,
                f"First PEP after coming into care on {format_date(first.entered_care)}: due by "
                f"{format_date(first.due)}, ready for the care-plan review on {format_date(first.care_review)}",
                Act(ActOn.PEP, None, p.id),
                first.due,
                p.upn,
            )
        )
    terms = _terms(p, spell, records, year, on, settings, years)  # what pep_compliance sums up
    duties += _term_duties(p, terms, year)
    current = current_term(terms, year, on)
    owes_first = first is not None and first.held_on is None
    if current.status in (TermStatus.DUE, TermStatus.DUE_SOON) and not owes_first:
        soon = current.status is TermStatus.DUE_SOON
        duties.append(
            Duty(
                DutyKind.PEP_DUE,
                Severity.DUE if soon else Severity.NOTE,
                f"PEP for the {current.term.name} term {year.label} not yet booked: due by "
                f"{format_date(current.term.end)}",
                Act(ActOn.PEP, None, p.id),
                current.term.end,
                p.upn,
            )
        )
    return duties


def _term_duties(p: _Child, terms: Sequence[TermPep], year: AcademicYearDates) -> list[Duty]:
    """A term with no PEP held (overdue) or held without targets (incomplete). (The words and
    the Act are made only for a duty: most terms owe none.)"""
    duties: list[Duty] = []
    for t in terms:
        if t.status is TermStatus.OVERDUE:
            duties.append(
                Duty(
                    DutyKind.PEP_OVERDUE,
                    Severity.OVERDUE,
                    f"No PEP held for the {t.term.name} term {year.label} (its window ended "
                    f"{format_date(t.window_end)})",
                    Act(ActOn.PEP, None, p.id),
                    t.window_end,
                    p.upn,
                )
            )
        elif t.status is TermStatus.INCOMPLETE:
            duties.append(
                Duty(
                    DutyKind.PEP_INCOMPLETE,
                    Severity.DUE,
                    f"PEP held on {format_date(t.pep_date)} for the {t.term.name} term {year.label} has "
                    "no targets: record them",
                    Act(ActOn.PEP, t.meeting_id, p.id),
                    t.window_end,
                    p.upn,
                )
            )
    return duties
