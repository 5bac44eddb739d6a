"""Suspensions and permanent exclusions: limits, governors' duties and the VSH for a CLA."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cwsw_desktop.rules.calendar import (
    AcademicYearDates,
    academic_year_of,
    add_school_days,
    default_terms,
    term_for_date,
)
from cwsw_desktop.rules.dates import format_date

MAX_SUSPENSION_DAYS_PER_YEAR = 45
GOVERNORS_CONSIDER_DAYS = 5
GOVERNORS_MUST_MEET_DAYS = 15
FULL_TIME_FROM_DAY = 6
GOVERNORS_CONSIDER_WITHIN_SCHOOL_DAYS = 50
GOVERNORS_MEET_WITHIN_SCHOOL_DAYS = 15
REPEATED_IN_TERM = 2
REPEATED_IN_YEAR = 3


@dataclass(frozen=True)
class Suspension:
    """A suspension of ``days`` school days (half days allowed), or a permanent exclusion."""

    start: date
    days: float
    permanent: bool = False
    vsh_contacted_on: date | None = None


@dataclass(frozen=True)
class Duty:
    """Something the school must do (``kind`` is stable for code, ``message`` is for people)."""

    kind: str
    message: str
    due: date | None = None


def valid_days(days: float) -> str | None:
    """What is wrong with a suspension length, or ``None`` if it is fine."""
    if math.isnan(days) or days <= 0:
        return "days must be more than 0"
    if not float(days * 2).is_integer():
        return "days must be in half days (0.5, 1, 1.5…)"
    if days > MAX_SUSPENSION_DAYS_PER_YEAR:
        return f"days cannot be more than {MAX_SUSPENSION_DAYS_PER_YEAR} (the limit in an academic year)"
    return None


def _days(days: float) -> str:
    return f"{days:g}"


def _year_for(d: date, years: Sequence[AcademicYearDates]) -> AcademicYearDates:
    for year in years:
        if year.first_day <= d <= year.last_day:
            return year
    return default_terms(academic_year_of(d))


def days_in_year(suspensions: Sequence[Suspension], year: AcademicYearDates) -> float:
    """School days of suspension (not permanent exclusions) starting within ``year``."""
    return sum(s.days for s in suspensions if not s.permanent and year.first_day <= s.start <= year.last_day)


def _term_duties(
    group: list[Suspension],
    term_name: str,
    year: AcademicYearDates,
    years: Sequence[AcademicYearDates],
) -> list[Duty]:
    total = sum(s.days for s in group if not s.permanent)
    latest = max(s.start for s in group)
    where = f"the {term_name} term of {year.label}"
    if total > GOVERNORS_MUST_MEET_DAYS or any(s.permanent for s in group):
        reason = (
            "a permanent exclusion"
            if any(s.permanent for s in group)
            else f"{_days(total)} days suspended, more than {GOVERNORS_MUST_MEET_DAYS} days"
        )
        return [
            Duty(
                "governors_meet",
                f"{reason} in {where}: governors must meet to consider reinstatement "
                f"within {GOVERNORS_MEET_WITHIN_SCHOOL_DAYS} school days",
                add_school_days(latest, GOVERNORS_MEET_WITHIN_SCHOOL_DAYS, years),
            )
        ]
    if total > GOVERNORS_CONSIDER_DAYS:
        return [
            Duty(
                "governors_consider",
                f"{_days(total)} days suspended, more than {GOVERNORS_CONSIDER_DAYS} days in "
                f"{where}: governors must consider reinstatement if parents make "
                f"representations, within {GOVERNORS_CONSIDER_WITHIN_SCHOOL_DAYS} school days",
                add_school_days(latest, GOVERNORS_CONSIDER_WITHIN_SCHOOL_DAYS, years),
            )
        ]
    return []


def suspension_duties(
    suspensions: Sequence[Suspension], years: Sequence[AcademicYearDates], is_cla: bool
) -> list[Duty]:
    """What the school must do about a pupil's suspensions and exclusions, year by year.

    Terms are found with :func:`term_for_date` (a start in the holidays counts against the term
    just ended); a start outside every year given uses :func:`default_terms`. Above 15 days in a
    term, or with a permanent exclusion, governors must meet; that duty replaces the lesser one
    (above 5 days, consider if parents make representations).
    """
    by_year: dict[int, tuple[AcademicYearDates, dict[int, list[Suspension]]]] = {}
    for s in sorted(suspensions, key=lambda s: s.start):
        year = _year_for(s.start, years)
        term_index = year.terms.index(term_for_date(s.start, year))
        by_year.setdefault(year.start_year, (year, {}))[1].setdefault(term_index, []).append(s)

    duties: list[Duty] = []
    for start_year in sorted(by_year):
        year, by_term = by_year[start_year]
        repeated = False
        for term_index in sorted(by_term):
            group = by_term[term_index]
            duties += _term_duties(group, year.terms[term_index].name, year, years)
            repeated |= sum(1 for s in group if not s.permanent) >= REPEATED_IN_TERM
        in_year = [s for group in by_term.values() for s in group]
        total = sum(s.days for s in in_year if not s.permanent)
        if total > MAX_SUSPENSION_DAYS_PER_YEAR:
            duties.append(
                Duty(
                    "over_annual_limit",
                    f"{_days(total)} days suspended in {year.label} exceeds the "
                    f"{MAX_SUSPENSION_DAYS_PER_YEAR}-school-day limit for an academic year",
                )
            )
        for s in in_year:
            if not s.permanent and s.days > GOVERNORS_CONSIDER_DAYS:
                duties.append(
                    Duty(
                        "full_time_provision",
                        f"suspension on {format_date(s.start)} is {_days(s.days)} days: the "
                        f"school must arrange full-time education from day {FULL_TIME_FROM_DAY}",
                        add_school_days(s.start, FULL_TIME_FROM_DAY - 1, years),
                    )
                )
        if is_cla:
            for s in in_year:
                if s.vsh_contacted_on is None or s.vsh_contacted_on > s.start:
                    what = "permanent exclusion" if s.permanent else "suspension"
                    duties.append(
                        Duty(
                            "vsh_not_contacted",
                            "Virtual School Head was not contacted before the "
                            f"{what} on {format_date(s.start)}",
                        )
                    )
        repeated |= sum(1 for s in in_year if not s.permanent) >= REPEATED_IN_YEAR
        if repeated:
            duties.append(
                Duty(
                    "review_support",
                    f"repeated suspensions in {year.label}: review the support plan and risk assessment",
                )
            )
    return duties
