"""Suspensions and permanent exclusions: what the law and the school's policy require, and by when.

Pure functions of plain values. Each exclusion carries the child's categories *on its start date*
(never today's). Every clock is counted in school days on the school's calendar (`SchoolDays`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from operator import attrgetter

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.rules.school_days import SchoolDays

MAX_SUSPENSION_DAYS_PER_YEAR = 45  # school days in an academic year, across schools
GOVERNORS_CONSIDER_DAYS = 5  # over this in a term: governors consider if parents make representations
GOVERNORS_MUST_MEET_DAYS = 15  # over this in a term: governors must meet
GOVERNORS_CONSIDER_WITHIN_SCHOOL_DAYS = 50
GOVERNORS_MEET_WITHIN_SCHOOL_DAYS = 15
FULL_TIME_FROM_DAY = 6  # full-time education from this school day of a suspension period
LUNCHTIME_DAYS = 0.5  # a lunchtime exclusion counts as half a day
MAX_REASONS = 3  # census reason codes on one exclusion
NOTIFY_WITHIN_SCHOOL_DAYS = 1  # "without delay": by the end of the next school day at the latest
SOCIAL_WORKER_CATEGORIES = frozenset({"CLA", "CIN", "CP"})
LOOKED_AFTER = "CLA"
DEFAULT_REPEATED_IN_TERM = 2
DEFAULT_REPEATED_IN_YEAR = 3
DEFAULT_AP_FULL_TIME_HOURS = 32.5
REVIEW_SUPPORT_WITHIN_SCHOOL_DAYS = 5  # repeated suspensions: review the plan within a school week


class ExclusionKind(StrEnum):
    SUSPENSION = "suspension"
    LUNCHTIME = "lunchtime"
    PERMANENT = "permanent"


class ConsultScope(StrEnum):
    """Whom the policy says to discuss with the Virtual School before suspending."""

    LOOKED_AFTER = "looked-after"
    SOCIAL_WORKER = "social-worker"


class GovernorsOutcome(StrEnum):
    UPHELD = "upheld"
    REINSTATED = "reinstated"
    NOT_REQUIRED = "not-required"


class TriedFirst(StrEnum):
    """What the policies name as alternatives to try before suspending."""

    REPAIR_RESTORE = "repair-restore"
    WISHES_FEELINGS = "wishes-feelings"
    PARENTS_MEETING = "parents-meeting"
    SUPPORT_PLAN = "support-plan"
    INTERNAL_ISOLATION = "internal-isolation"
    RISK_REDUCTION = "risk-reduction"
    OUTSIDE_AGENCIES = "outside-agencies"


class Party(StrEnum):
    """Who must be told of a suspension or exclusion."""

    PARENTS = "parents"
    SOCIAL_WORKER = "social-worker"
    VIRTUAL_SCHOOL = "virtual-school"
    GOVERNORS = "governors"
    LOCAL_AUTHORITY = "local-authority"


@dataclass(frozen=True)
class ExclusionPolicy:
    """The school's settings for exclusions."""

    consult_scope: ConsultScope = ConsultScope.LOOKED_AFTER
    repeated_in_term: int = DEFAULT_REPEATED_IN_TERM
    repeated_in_year: int = DEFAULT_REPEATED_IN_YEAR
    ap_full_time_hours: float = DEFAULT_AP_FULL_TIME_HOURS


# Not frozen: a frozen __init__ sets each field through a guarded object.__setattr__ (6 µs, not 1,
# for each of 1,400 exclusions in what is due at 5,000 pupils). No rule changes one; none is hashed.
@dataclass(slots=True)
class ExclusionFacts:
    """One exclusion as the rules see it; `categories` are those open on `start`."""

    id: int
    kind: ExclusionKind
    start: date
    days: float
    categories: tuple[str, ...] = ()
    decided_on: date | None = None
    vsh_consulted: date | None = None
    vsh_notified: date | None = None
    told: dict[Party, date] = field(default_factory=dict)
    misses_exam: bool = False
    provision_from: date | None = None
    governors_meeting_on: date | None = None
    governors_outcome: GovernorsOutcome | None = None
    cancelled_on: date | None = None

    @property  # (not cached: caching's first call, with its lock, costs more than two tests)
    def counts(self) -> bool:
        """Whether its days count towards the term and year totals (not permanent, not cancelled)."""
        return self.kind is not ExclusionKind.PERMANENT and self.cancelled_on is None

    @property
    def decision(self) -> date:
        return self.decided_on or self.start

    @property
    def governors_settled(self) -> bool:
        return self.governors_meeting_on is not None or self.governors_outcome is not None


@dataclass(frozen=True)
class Owed:
    """Something still owed for one exclusion (or, with `exclusion_id` None, for the child)."""

    kind: DutyKind
    message: str
    due: date | None
    exclusion_id: int | None = None
    record_id: int | None = None  # the risk assessment or placement, for those kinds


def valid_days(days: float) -> str | None:
    """What is wrong with a suspension length, or ``None`` if it is fine."""
    if math.isnan(days) or days <= 0:
        return "days must be more than 0"
    if not float(days * 2).is_integer():
        return "days must be in half days (0.5, 1, 1.5…)"
    if days > MAX_SUSPENSION_DAYS_PER_YEAR:
        return f"days cannot be more than {MAX_SUSPENSION_DAYS_PER_YEAR} (the limit in an academic year)"
    return None


# The order every check goes through a child's exclusions in: by start, then as entered.
_order: Callable[[ExclusionFacts], tuple[date, int]] = attrgetter("start", "id")


def _d(days: float) -> str:
    return f"{days:g}"


def _what(e: ExclusionFacts) -> str:
    names = {
        ExclusionKind.SUSPENSION: "suspension",
        ExclusionKind.LUNCHTIME: "lunchtime exclusion",
        ExclusionKind.PERMANENT: "permanent exclusion",
    }
    return f"{names[e.kind]} from {format_date(e.start)}"


def must_consult(categories: Sequence[str], scope: ConsultScope) -> bool:
    """Whether the policy asks for the Virtual School to be consulted before suspending."""
    if scope is ConsultScope.SOCIAL_WORKER:
        return not SOCIAL_WORKER_CATEGORIES.isdisjoint(categories)
    return LOOKED_AFTER in categories


def consulted_in_time(e: ExclusionFacts) -> bool | None:
    """True when consulted on or before the decision, False when after, None when not recorded.

    The one check of "Virtual School consulted before": the tab and the duties both use it."""
    if e.vsh_consulted is None:
        return None
    return e.vsh_consulted <= e.decision


def term_total_through(e: ExclusionFacts, pupil: Sequence[ExclusionFacts], cal: SchoolDays) -> float:
    """The child's days in `e`'s term up to and including `e` (counting suspensions only)."""
    key = cal.term_key(e.start)
    return sum(
        x.days
        for x in pupil
        if x.counts and cal.term_key(x.start) == key and (x.start, x.id) <= (e.start, e.id)
    )


def year_total(pupil: Sequence[ExclusionFacts], start_year: int, cal: SchoolDays) -> float:
    return sum(x.days for x in pupil if x.counts and cal.year_of(x.start).start_year == start_year)


def totals_through(ordered: Sequence[ExclusionFacts], cal: SchoolDays) -> list[float]:
    """`term_total_through` of each of one child's exclusions (`ordered` by start and id) in one
    pass, rather than a pass over all of them for each (the rules ask it of every exclusion)."""
    running: dict[tuple[int, int], float] = {}
    through: dict[tuple[date, int], float] = {}
    for x in ordered:
        key = cal.term_key(x.start)
        if x.counts:
            running[key] = running.get(key, 0) + x.days
        through[(x.start, x.id)] = running.get(key, 0)
    return [through[(x.start, x.id)] for x in ordered]


def needs_governors_and_la(e: ExclusionFacts, total: float) -> bool:
    """Governors and the LA are told of a permanent exclusion, a missed exam, or over 5 days in
    `e`'s term through `e` (`total`: `term_total_through`)."""
    return e.kind is ExclusionKind.PERMANENT or e.misses_exam or total > GOVERNORS_CONSIDER_DAYS


def notifications_owed(e: ExclusionFacts, total: float, cal: SchoolDays) -> list[Owed]:
    """Who must still be told (a cancelled exclusion too); `total` as for `needs_governors_and_la`."""
    parties = [(Party.PARENTS, "parents or carers")]
    if not SOCIAL_WORKER_CATEGORIES.isdisjoint(e.categories):
        parties.append((Party.SOCIAL_WORKER, "the social worker"))
    if needs_governors_and_la(e, total):
        parties += [(Party.GOVERNORS, "the governing board"), (Party.LOCAL_AUTHORITY, "the local authority")]
    untold = [words for party, words in parties if party not in e.told]
    vsh = LOOKED_AFTER in e.categories and e.vsh_notified is None
    if not (vsh or untold):
        return []  # the usual case: the school day counted only for a message made
    due = cal.add(e.decision, NOTIFY_WITHIN_SCHOOL_DAYS)
    what = _what(e)
    owed: list[Owed] = []
    if vsh:
        owed.append(Owed(DutyKind.VSH_NOT_NOTIFIED, f"Tell the Virtual School Head of the {what}", due, e.id))
    for words in untold:
        owed.append(Owed(DutyKind.NOTIFICATION_MISSING, f"Tell {words} of the {what}", due, e.id))
    return owed


def governors_owed(e: ExclusionFacts, total: float, cal: SchoolDays) -> list[Owed]:
    """This exclusion's governors' clock, from the notice to the board, until the meeting (`total`: as above)."""
    if not needs_governors_and_la(e, total) or e.cancelled_on is not None or e.governors_settled:
        return []  # (the usual case first: one or two short suspensions in a term)
    if e.kind is ExclusionKind.PERMANENT or e.misses_exam:
        why = "a permanent exclusion" if e.kind is ExclusionKind.PERMANENT else "a missed public exam or test"
        kind, within = DutyKind.GOVERNORS_MEETING_DUE, GOVERNORS_MEET_WITHIN_SCHOOL_DAYS
        message = f"Governors must meet to consider reinstatement ({why}, {_what(e)})"
    elif total > GOVERNORS_MUST_MEET_DAYS:
        kind, within = DutyKind.SUSPENSION_OVER_15_DAYS_TERM, GOVERNORS_MEET_WITHIN_SCHOOL_DAYS
        message = (
            f"{_d(total)} days suspended in the {cal.term_label(e.start)} term, over {GOVERNORS_MUST_MEET_DAYS}: "
            f"governors must meet to consider reinstatement ({_what(e)})"
        )
    else:  # over GOVERNORS_CONSIDER_DAYS (needs_governors_and_la)
        kind, within = DutyKind.SUSPENSION_OVER_5_DAYS_TERM, GOVERNORS_CONSIDER_WITHIN_SCHOOL_DAYS
        message = (
            f"{_d(total)} days suspended in the {cal.term_label(e.start)} term, over {GOVERNORS_CONSIDER_DAYS}: "
            f"governors must consider reinstatement if parents make representations ({_what(e)})"
        )
    notice = e.told.get(Party.GOVERNORS) or e.decision
    return [Owed(kind, message, cal.add(notice, within), e.id)]


def periods(pupil: Sequence[ExclusionFacts], cal: SchoolDays) -> list[list[ExclusionFacts]]:
    """Suspensions grouped into periods: back-to-back ones (the next starts on the next school
    day after the last one ends) count as one period. Lunchtimes and permanent exclusions are
    not periods of suspension."""
    chains: list[list[ExclusionFacts]] = []
    last_day: date | None = None
    for e in sorted(pupil, key=_order):
        if not e.counts or e.kind is ExclusionKind.LUNCHTIME:
            continue
        first = cal.first_on_or_after(e.start)
        if chains and last_day is not None and first <= cal.add(last_day, 1):
            chains[-1].append(e)
            first = cal.add(last_day, 1) if first <= last_day else first
        else:
            chains.append([e])
        last_day = cal.nth(first, math.ceil(e.days))
    return chains


def day6_owed(pupil: Sequence[ExclusionFacts], cal: SchoolDays) -> list[Owed]:
    """Full-time education from day 6 of a period of more than 5 days, until provision is recorded."""
    owed: list[Owed] = []
    for chain in periods(pupil, cal):
        total = sum(e.days for e in chain)
        if total <= FULL_TIME_FROM_DAY - 1:
            continue
        if any(e.provision_from is not None for e in chain):
            continue
        day6 = cal.nth(chain[0].start, FULL_TIME_FROM_DAY)
        running, holder = 0.0, chain[-1]
        for e in chain:  # the suspension in which day 6 falls
            running += e.days
            if running > FULL_TIME_FROM_DAY - 1:
                holder = e
                break
        joined = " (back-to-back suspensions count as one period)" if len(chain) > 1 else ""
        message = (
            f"Arrange full-time education from day {FULL_TIME_FROM_DAY} of {_d(total)} days "
            f"suspended from {format_date(chain[0].start)}{joined}"
        )
        owed.append(Owed(DutyKind.DAY6_PROVISION, message, day6, holder.id))
    return owed


def cap_owed(pupil: Sequence[ExclusionFacts], cal: SchoolDays) -> list[Owed]:
    """The suspension that takes a year's total past 45 school days."""
    owed: list[Owed] = []
    running: dict[int, float] = {}
    for e in sorted(pupil, key=_order):
        if not e.counts:
            continue
        year = cal.year_of(e.start)
        before = running.get(year.start_year, 0.0)
        running[year.start_year] = before + e.days
        if before <= MAX_SUSPENSION_DAYS_PER_YEAR < before + e.days:
            message = (
                f"{_d(before + e.days)} days suspended in {year.label} passes the limit of "
                f"{MAX_SUSPENSION_DAYS_PER_YEAR} school days in a year ({_what(e)})"
            )
            owed.append(Owed(DutyKind.SUSPENSION_45_DAY_LIMIT, message, e.start, e.id))
    return owed


def cap_warning(year_days_before: float, days: float) -> str | None:
    """The warning at entry when a suspension would take the year past 45 school days."""
    after = year_days_before + days
    if after <= MAX_SUSPENSION_DAYS_PER_YEAR:
        return None
    return (
        f"This would make {_d(after)} days suspended this academic year: the limit is "
        f"{MAX_SUSPENSION_DAYS_PER_YEAR} school days in a year."
    )


def repeated_owed(
    pupil: Sequence[ExclusionFacts],
    assessments: Sequence[date],
    cal: SchoolDays,
    policy: ExclusionPolicy,
) -> list[Owed]:
    """The suspension that makes them repeated (the Nth in a term, or the Mth in a year), until a
    risk assessment is dated on or after it."""
    owed: list[Owed] = []
    in_term: dict[tuple[int, int], int] = {}
    in_year: dict[int, int] = {}
    for e in sorted(pupil, key=_order):
        if not e.counts:
            continue
        key = cal.term_key(e.start)
        in_term[key] = in_term.get(key, 0) + 1
        in_year[key[0]] = in_year.get(key[0], 0) + 1
        hit_term = in_term[key] == policy.repeated_in_term
        hit_year = in_year[key[0]] == policy.repeated_in_year
        if not (hit_term or hit_year):
            continue
        if any(a >= e.start for a in assessments):
            continue
        where = (
            f"this term ({cal.term_label(e.start)})"
            if hit_term
            else f"this year ({cal.year_of(e.start).label})"
        )
        count = in_term[key] if hit_term else in_year[key[0]]
        owed.append(
            Owed(
                DutyKind.REPEATED_SUSPENSIONS,
                f"Suspension number {count} {where}: the support is not working. Review the support "
                "plan and the risk assessment, and try a different intervention",
                cal.add(e.start, REVIEW_SUPPORT_WITHIN_SCHOOL_DAYS),
                e.id,
            )
        )
    return owed


def exclusion_owed(
    pupil: Sequence[ExclusionFacts],
    assessments: Sequence[date],
    cal: SchoolDays,
    policy: ExclusionPolicy,
) -> list[Owed]:
    """Everything still owed for one child's exclusions."""
    owed: list[Owed] = []
    ordered = sorted(pupil, key=_order)  # (once: the checks below all go in this order)
    counted, most = 0, 0.0  # how many count towards the totals, and their days (none below 0)
    for e, total in zip(ordered, totals_through(ordered, cal), strict=True):
        if must_consult(e.categories, policy.consult_scope) and consulted_in_time(e) is None:
            what = f"Record when the Virtual School was consulted before the {_what(e)}"
            owed.append(Owed(DutyKind.VSH_NOT_CONSULTED, what, e.decision, e.id))
        owed += notifications_owed(e, total, cal)
        owed += governors_owed(e, total, cal)
        if e.counts:
            counted, most = counted + 1, most + max(e.days, 0.0)
    # The whole-list checks are passed over where they provably find nothing (most children have
    # one or two short suspensions): no period or year holds more days than all the counted ones
    # together (a NaN is not passed over), and no term or year more of them.
    if not most <= FULL_TIME_FROM_DAY - 1:
        owed += day6_owed(ordered, cal)
    if not most <= MAX_SUSPENSION_DAYS_PER_YEAR:
        owed += cap_owed(ordered, cal)
    if counted >= min(policy.repeated_in_term, policy.repeated_in_year):
        owed += repeated_owed(ordered, assessments, cal, policy)
    return owed
