"""Training: the policy's four checks as pure functions of plain values.

- The DT has at least `dt_days` days of training in the academic year (any course counts).
- Every current member of staff has had the attachment-aware and trauma-informed course, this
  academic year or ever (a setting; default this year). Governors are not counted as staff.
- Each DSL and deputy DSL has formal training at most 2 years old and training (formal or a
  refresher) at most a year old.
- A course with a "valid for" period expires that long after the person's latest attendance.

Everything is "as of" a date `on`: who is on the staff then, and only training held by then.
A leaver drops out on their leaving date; a new starter counts from their start date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from cwsw_desktop.rules.dates import add_years, format_date
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.rules.training_kinds import CourseCategory, StaffRole

HOURS_PER_DAY = 6.0
DT_DAYS_PER_YEAR = 2.0
DSL_FORMAL_EVERY_YEARS = 2
DSL_REFRESH_EVERY_YEARS = 1
DSL_DUE_SOON_DAYS = 30  # a DSL's training shows as due this many days before it runs out
NOT_STAFF_ROLES = frozenset({StaffRole.GOVERNOR})  # not counted in "all staff trained"


class TrainedMeans(StrEnum):
    """When someone counts as trained in attachment-aware, trauma-informed practice."""

    THIS_YEAR = "this-year"
    EVER = "ever"


def training_days(hours: Iterable[float], hours_per_day: float = HOURS_PER_DAY) -> float:
    """Hours of training expressed in training days."""
    if hours_per_day <= 0:
        raise ValueError("a training day must be more than 0 hours")
    return sum(hours) / hours_per_day


def dt_training_shortfall(
    hours_this_year: Iterable[float],
    required_days: float = DT_DAYS_PER_YEAR,
    hours_per_day: float = HOURS_PER_DAY,
) -> float:
    """Training days the Designated Teacher still needs this year (never below 0)."""
    return max(0.0, required_days - training_days(hours_this_year, hours_per_day))


@dataclass(frozen=True)
class DslTraining:
    """When the DSL's training is next due, and whether it is overdue."""

    formal_due: date | None
    refresher_due: date | None
    formal_overdue: bool
    refresher_overdue: bool


def dsl_training_status(last_formal: date | None, last_refresher: date | None, today: date) -> DslTraining:
    """Formal DSL training every 2 years, refreshed at least a year after the latest training.

    Training due on a date is overdue from the next day; no training on record is overdue.
    """
    formal_due = None if last_formal is None else add_years(last_formal, DSL_FORMAL_EVERY_YEARS)
    latest = max((d for d in (last_formal, last_refresher) if d is not None), default=None)
    refresher_due = None if latest is None else add_years(latest, DSL_REFRESH_EVERY_YEARS)
    return DslTraining(
        formal_due=formal_due,
        refresher_due=refresher_due,
        formal_overdue=formal_due is None or today > formal_due,
        refresher_overdue=refresher_due is None or today > refresher_due,
    )


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


# --- names ---------------------------------------------------------------------------------------

_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def course_key(text: str) -> str:
    """A course name as matched: case, punctuation, spacing and a bracketed suffix ignored
    ("Trauma-Informed Practice (2024)" and "trauma informed practice" are the same); & is "and"."""
    text = _SUFFIX.sub("", text.strip()).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def person_key(text: str) -> str:
    """A person's name as matched: case and spacing ignored."""
    return " ".join(text.split()).casefold()


# --- the checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: StaffRole = StaffRole.TEACHER
    start: date | None = None
    leaving: date | None = None
    is_dt: bool = False
    is_deputy_dt: bool = False
    is_dsl: bool = False
    is_deputy_dsl: bool = False

    def current_on(self, on: date) -> bool:
        """On the staff on `on`: started by then and not yet left (a leaver goes on the day)."""
        return (self.start is None or self.start <= on) and (self.leaving is None or on < self.leaving)

    @property
    def counts_as_staff(self) -> bool:
        return self.role not in NOT_STAFF_ROLES


# Not frozen: a frozen dataclass's __init__ sets each field through a guarded
# object.__setattr__ (over three times as long), and the checks take one of these for each
# of thousands of attendances. No check changes one; none is hashed.
@dataclass(slots=True)
class Attended:
    """One person at one session."""

    person_id: int
    session_id: int
    course_id: int
    course: str
    category: CourseCategory
    held_on: date
    hours: float
    valid_for_months: int | None = None


@dataclass(frozen=True)
class TrainingPolicy:
    dt_days: float = DT_DAYS_PER_YEAR
    hours_per_day: float = HOURS_PER_DAY
    trained_means: TrainedMeans = TrainedMeans.THIS_YEAR


@dataclass(frozen=True)
class DtDays:
    person: Person
    days: float
    target: float

    @property
    def short(self) -> float:
        return max(0.0, self.target - self.days)


@dataclass(frozen=True)
class DslCheck:
    person: Person
    last_formal: date | None
    last_refresher: date | None
    status: DslTraining


@dataclass(frozen=True)
class Expired:
    person: Person
    course_id: int
    course: str
    last: date
    expired_on: date


@dataclass(frozen=True)
class Compliance:
    """The figures for one academic year as of `on`."""

    year_label: str
    year_first: date
    year_last: date
    on: date
    policy: TrainingPolicy
    dts: tuple[DtDays, ...]
    staff: tuple[Person, ...]  # current staff, governors not counted
    trained: tuple[Person, ...]
    untrained: tuple[Person, ...]
    dsls: tuple[DslCheck, ...]
    expired: tuple[Expired, ...] = field(default=())

    @property
    def trained_share(self) -> float:
        """Trained staff as a share of current staff (1.0 when there are no staff)."""
        return len(self.trained) / len(self.staff) if self.staff else 1.0


def compliance(
    people: Sequence[Person],
    attended: Sequence[Attended],
    year_first: date,
    year_last: date,
    year_label: str,
    on: date,
    policy: TrainingPolicy = TrainingPolicy(),
) -> Compliance:
    """The policy's checks for the academic year `year_first`–`year_last`, as of `on`."""
    held = [a for a in attended if a.held_on <= on]
    by_person: dict[int, list[Attended]] = {}
    for a in held:
        by_person.setdefault(a.person_id, []).append(a)
    current = [p for p in people if p.current_on(on)]

    def in_year(a: Attended) -> bool:
        return year_first <= a.held_on <= year_last

    dts = tuple(
        DtDays(
            p,
            training_days((a.hours for a in by_person.get(p.id, []) if in_year(a)), policy.hours_per_day),
            policy.dt_days,
        )
        for p in current
        if p.is_dt
    )
    staff = tuple(p for p in current if p.counts_as_staff)

    def is_trained(p: Person) -> bool:
        return any(
            a.category is CourseCategory.ATTACHMENT_TRAUMA
            and (policy.trained_means is TrainedMeans.EVER or in_year(a))
            for a in by_person.get(p.id, [])
        )

    dsls = []
    for p in current:
        if not (p.is_dsl or p.is_deputy_dsl):
            continue
        mine = by_person.get(p.id, [])
        formal = max((a.held_on for a in mine if a.category is CourseCategory.DSL_FORMAL), default=None)
        refresher = max((a.held_on for a in mine if a.category is CourseCategory.DSL_REFRESHER), default=None)
        dsls.append(DslCheck(p, formal, refresher, dsl_training_status(formal, refresher, on)))

    expired = []
    for p in current:
        latest: dict[int, Attended] = {}
        for a in by_person.get(p.id, []):
            if a.valid_for_months and (a.course_id not in latest or a.held_on > latest[a.course_id].held_on):
                latest[a.course_id] = a
        for a in latest.values():
            assert a.valid_for_months is not None
            ends = add_months(a.held_on, a.valid_for_months)
            if ends < on:
                expired.append(Expired(p, a.course_id, a.course, a.held_on, ends))

    trained = [is_trained(p) for p in staff]  # (asked once a person: it reads their attendances)
    return Compliance(
        year_label=year_label,
        year_first=year_first,
        year_last=year_last,
        on=on,
        policy=policy,
        dts=dts,
        staff=staff,
        trained=tuple(p for p, yes in zip(staff, trained, strict=True) if yes),
        untrained=tuple(p for p, yes in zip(staff, trained, strict=True) if not yes),
        dsls=tuple(dsls),
        expired=tuple(sorted(expired, key=lambda e: (e.expired_on, e.person.name))),
    )


def training_duties(c: Compliance) -> list[Duty]:
    """What the figures leave owing, as duties for `due` and the Overview."""
    duties: list[Duty] = []
    if not c.dts:
        duties.append(
            Duty(
                DutyKind.DT_TRAINING_SHORT,
                Severity.NOTE,
                "No one on the staff register is marked as the Designated Teacher: mark them to track their training days",
                Act(ActOn.STAFF),
            )
        )
    for dt in c.dts:
        if dt.short > 0:
            duties.append(
                Duty(
                    DutyKind.DT_TRAINING_SHORT,
                    Severity.OVERDUE if c.on > c.year_last else Severity.DUE,
                    f"{dt.person.name} (Designated Teacher) has {round(dt.days, 2):g} of {dt.target:g} training days in "
                    f"{c.year_label}: {round(dt.short, 2):g} more needed",
                    Act(ActOn.STAFF, dt.person.id),
                    due=c.year_last,
                    staff=dt.person.name,
                )
            )
    when = f"in {c.year_label}" if c.policy.trained_means is TrainedMeans.THIS_YEAR else "yet"
    for p in c.untrained:
        duties.append(
            Duty(
                DutyKind.STAFF_UNTRAINED,
                Severity.DUE,
                f"{p.name} has not had attachment-aware and trauma-informed training {when}",
                Act(ActOn.STAFF, p.id),
                due=c.year_last if c.policy.trained_means is TrainedMeans.THIS_YEAR else None,
                staff=p.name,
            )
        )
    soon = c.on + timedelta(days=DSL_DUE_SOON_DAYS)
    for d in c.dsls:
        title = "DSL" if d.person.is_dsl else "deputy DSL"
        s = d.status
        if s.formal_due is None:
            message, due, severity = (
                f"{d.person.name} ({title}) has no formal DSL training on record",
                None,
                Severity.OVERDUE,
            )
        elif s.formal_overdue:
            message, due, severity = (
                f"{d.person.name} ({title}): formal DSL training is over 2 years old (due {format_date(s.formal_due)})",
                s.formal_due,
                Severity.OVERDUE,
            )
        elif s.refresher_overdue:
            assert s.refresher_due is not None
            message, due, severity = (
                f"{d.person.name} ({title}): no DSL refresher within a year (due {format_date(s.refresher_due)})",
                s.refresher_due,
                Severity.OVERDUE,
            )
        else:
            assert s.refresher_due is not None
            first = min(s.formal_due, s.refresher_due)
            if first > soon:
                continue
            what = "formal DSL training" if s.formal_due <= s.refresher_due else "DSL refresher"
            message, due, severity = (
                f"{d.person.name} ({title}): {what} due by {format_date(first)}",
                first,
                Severity.DUE,
            )
        duties.append(
            Duty(
                DutyKind.DSL_TRAINING_DUE,
                severity,
                message,
                Act(ActOn.STAFF, d.person.id),
                due=due,
                staff=d.person.name,
            )
        )
    for e in c.expired:
        duties.append(
            Duty(
                DutyKind.TRAINING_EXPIRED,
                Severity.OVERDUE,
                f"{e.person.name}: {e.course} (last {format_date(e.last)}) expired on {format_date(e.expired_on)}",
                Act(ActOn.STAFF, e.person.id),
                due=e.expired_on,
                staff=e.person.name,
            )
        )
    return duties
