"""Personal Education Plan compliance for a child looked after: one PEP a term, 3 a year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cwsw_desktop.rules.calendar import AcademicYearDates, TermDates, term_for_date
from cwsw_desktop.rules.dates import add_working_days

DONE = "Done"
INCOMPLETE = "Held – no targets"
DUE_SOON = "Due soon"
DUE = "Due this term"
OVERDUE = "Overdue"
NOT_YET = "Not yet due"
NOT_APPLICABLE = "—"

PEPS_PER_YEAR = 3
FIRST_PEP_WORKING_DAYS = 10
CARE_REVIEW_WORKING_DAYS = 20
_STILL_TO_HOLD = frozenset({DUE, DUE_SOON, NOT_YET})


@dataclass(frozen=True)
class PepRecord:
    """A PEP meeting: when, whether it went ahead, and whether it set targets."""

    held_on: date
    held: bool = True
    has_targets: bool = True


@dataclass(frozen=True)
class TermPep:
    """One term's PEP status and the date of the PEP that settled it, if any."""

    term: TermDates
    status: str
    pep_date: date | None


@dataclass(frozen=True)
class PepCompliance:
    """A child's PEPs over one academic year."""

    terms: tuple[TermPep, ...]
    held_this_year: int
    meets_three_a_year: bool
    current_status: str
    next_due: date | None
    overdue_terms: int


def _applies(term: TermDates, in_care_from: date | None, in_care_until: date | None) -> bool:
    if in_care_from is not None and in_care_from > term.end:
        return False
    return in_care_until is None or in_care_until >= term.start


def _term_pep(term: TermDates, held: Sequence[PepRecord], today: date, due_soon_days: int) -> TermPep:
    in_term = sorted((pep for pep in held if term.contains(pep.held_on)), key=lambda p: p.held_on)
    complete = [pep for pep in in_term if pep.has_targets]
    if complete:
        return TermPep(term, DONE, complete[-1].held_on)
    if in_term:
        return TermPep(term, INCOMPLETE, in_term[-1].held_on)
    if today > term.end:
        return TermPep(term, OVERDUE, None)
    if today < term.start:
        return TermPep(term, NOT_YET, None)
    if (term.end - today).days <= due_soon_days:
        return TermPep(term, DUE_SOON, None)
    return TermPep(term, DUE, None)


def pep_compliance(
    peps: Sequence[PepRecord],
    year: AcademicYearDates,
    today: date,
    due_soon_days: int = 14,
    in_care_from: date | None = None,
    in_care_until: date | None = None,
) -> PepCompliance:
    """Each term's PEP status for ``year`` as seen on ``today``.

    A term entirely outside the care period is "—" and not counted. ``held_this_year`` counts
    PEPs held with targets in the counted terms; the year meets "3 a year" when that reaches the
    number of counted terms (at most 3).
    """
    held = [pep for pep in peps if pep.held]
    term_peps: list[TermPep] = []
    applicable: list[TermDates] = []
    for term in year.terms:
        if _applies(term, in_care_from, in_care_until):
            applicable.append(term)
            term_peps.append(_term_pep(term, held, today, due_soon_days))
        else:
            term_peps.append(TermPep(term, NOT_APPLICABLE, None))
    held_this_year = sum(
        1 for pep in held if pep.has_targets and any(term.contains(pep.held_on) for term in applicable)
    )
    required = min(PEPS_PER_YEAR, len(applicable))
    current_status = term_peps[year.terms.index(term_for_date(today, year))].status
    still_due = sorted((tp.term for tp in term_peps if tp.status in _STILL_TO_HOLD), key=lambda t: t.start)
    return PepCompliance(
        terms=tuple(term_peps),
        held_this_year=held_this_year,
        meets_three_a_year=held_this_year >= required,
        current_status=current_status,
        next_due=still_due[0].end if still_due else None,
        overdue_terms=sum(1 for tp in term_peps if tp.status == OVERDUE),
    )


def first_pep_deadline(entered_care: date, holidays: frozenset[date] = frozenset()) -> date:
    """The first PEP is due within 10 working days of coming into care."""
    return add_working_days(entered_care, FIRST_PEP_WORKING_DAYS, holidays)


def care_review_deadline(entered_care: date, holidays: frozenset[date] = frozenset()) -> date:
    """The first care-plan review, 20 working days after coming into care; the PEP must be ready."""
    return add_working_days(entered_care, CARE_REVIEW_WORKING_DAYS, holidays)
