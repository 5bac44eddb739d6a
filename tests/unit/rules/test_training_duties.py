"""The training duties, table-driven: leavers, new starters, "this year / ever", the DSL's edges."""

from __future__ import annotations

from datetime import date

import pytest

from cwsw_desktop.models.training import CourseCategory, StaffRole
from cwsw_desktop.rules.duties import DutyKind, Severity
from cwsw_desktop.rules.training import (
    Attended,
    Person,
    TrainedMeans,
    TrainingPolicy,
    add_months,
    compliance,
    course_key,
    training_duties,
)

D = date
YEAR = (D(2025, 9, 1), D(2026, 8, 31), "2025/26")
AATI, DT, FORMAL, REFRESH, KCSIE = (
    CourseCategory.ATTACHMENT_TRAUMA,
    CourseCategory.DESIGNATED_TEACHER,
    CourseCategory.DSL_FORMAL,
    CourseCategory.DSL_REFRESHER,
    CourseCategory.SAFEGUARDING,
)


def went(
    person: int, category: CourseCategory, on: date, hours: float = 3.0, valid: int | None = None
) -> Attended:
    course_id = list(CourseCategory).index(category) + 1
    return Attended(person, 0, course_id, category.value, category, on, hours, valid)


DEFAULT = TrainingPolicy()


def duties(people, attended, on, policy=DEFAULT):
    c = compliance(people, attended, *YEAR, on, policy)
    return [(d.kind, d.severity, d.staff) for d in training_duties(c)]


def of_kind(result, kind):
    return [r for r in result if r[0] is kind]


ADA = Person(1, "Ada", StaffRole.LEADERSHIP, is_dt=True)
BEN = Person(2, "Ben")
ON = D(2026, 1, 15)


@pytest.mark.parametrize(
    ("people", "attended", "on", "means", "untrained"),
    [
        # trained this year: nobody owes
        (
            [ADA, BEN],
            [went(1, AATI, D(2025, 9, 2)), went(2, AATI, D(2025, 9, 2))],
            ON,
            TrainedMeans.THIS_YEAR,
            [],
        ),
        # last year's course does not count this year ...
        ([BEN], [went(2, AATI, D(2025, 6, 1))], ON, TrainedMeans.THIS_YEAR, ["Ben"]),
        # ... but does when "trained" means ever
        ([BEN], [went(2, AATI, D(2025, 6, 1))], ON, TrainedMeans.EVER, []),
        # another course is not the attachment course
        ([BEN], [went(2, KCSIE, D(2025, 9, 2))], ON, TrainedMeans.EVER, ["Ben"]),
        # training after the date does not count yet
        ([BEN], [went(2, AATI, D(2026, 2, 1))], ON, TrainedMeans.THIS_YEAR, ["Ben"]),
        # a leaver drops out on their leaving date ...
        ([Person(2, "Ben", leaving=ON)], [], ON, TrainedMeans.THIS_YEAR, []),
        # ... and is still owed the day before
        ([Person(2, "Ben", leaving=D(2026, 1, 16))], [], ON, TrainedMeans.THIS_YEAR, ["Ben"]),
        # a new starter counts from their start date, not before
        ([Person(2, "Ben", start=D(2026, 1, 16))], [], ON, TrainedMeans.THIS_YEAR, []),
        ([Person(2, "Ben", start=ON)], [], ON, TrainedMeans.THIS_YEAR, ["Ben"]),
        # governors are not counted as staff
        ([Person(3, "Gil", StaffRole.GOVERNOR)], [], ON, TrainedMeans.THIS_YEAR, []),
    ],
)
def test_staff_untrained(people, attended, on, means, untrained):
    result = duties(people, attended, on, TrainingPolicy(trained_means=means))
    assert sorted(r[2] for r in of_kind(result, DutyKind.STAFF_UNTRAINED)) == untrained


def test_trained_share_counts_current_staff_only():
    people = [
        BEN,
        Person(4, "Cat"),
        Person(5, "Dan", leaving=D(2025, 12, 1)),
        Person(6, "Eve", start=D(2026, 4, 1)),
    ]
    c = compliance(people, [went(2, AATI, D(2025, 10, 1))], *YEAR, ON)
    assert ([p.name for p in c.trained], [p.name for p in c.untrained]) == (["Ben"], ["Cat"])
    assert c.trained_share == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("hours", "per_day", "target", "short"),
    [
        ([6.0, 6.0], 6.0, 2.0, None),
        ([6.0, 3.0], 6.0, 2.0, "due"),
        ([5.0, 5.0], 5.0, 2.0, None),  # a 5-hour training day
        ([], 6.0, 0.0, None),  # no target set
    ],
)
def test_dt_days(hours, per_day, target, short):
    attended = [went(1, DT, D(2025, 10, 1), h) for h in hours] + [
        went(1, DT, D(2025, 6, 1), 12.0)
    ]  # last year
    result = of_kind(duties([ADA], attended, ON, TrainingPolicy(target, per_day)), DutyKind.DT_TRAINING_SHORT)
    assert result == ([] if short is None else [(DutyKind.DT_TRAINING_SHORT, Severity.DUE, "Ada")])


def test_no_dt_on_the_register_is_a_note():
    result = of_kind(duties([BEN], [], ON), DutyKind.DT_TRAINING_SHORT)
    assert result == [(DutyKind.DT_TRAINING_SHORT, Severity.NOTE, None)]


def test_a_dt_who_has_left_is_not_the_dt():
    gone = Person(1, "Ada", is_dt=True, leaving=D(2025, 12, 31))
    assert of_kind(duties([gone], [], ON), DutyKind.DT_TRAINING_SHORT)[0][1] is Severity.NOTE


DSL = Person(7, "Dee", StaffRole.LEADERSHIP, is_dsl=True)
DEPUTY = Person(8, "Del", is_deputy_dsl=True)


@pytest.mark.parametrize(
    ("attended", "on", "expected"),
    [
        ([], ON, Severity.OVERDUE),  # nothing on record
        # formal exactly 2 years ago today, refreshed within a year: not yet overdue (due today)
        ([went(7, FORMAL, D(2024, 1, 15)), went(7, REFRESH, D(2025, 3, 1))], ON, Severity.DUE),
        # formal 2 years and a day ago: overdue
        ([went(7, FORMAL, D(2024, 1, 14)), went(7, REFRESH, D(2025, 3, 1))], ON, Severity.OVERDUE),
        # refresher exactly a year ago: due today, not overdue
        ([went(7, FORMAL, D(2025, 1, 1)), went(7, REFRESH, D(2025, 1, 15))], ON, Severity.DUE),
        # last training a year and a day ago: overdue
        ([went(7, FORMAL, D(2024, 6, 1)), went(7, REFRESH, D(2025, 1, 14))], ON, Severity.OVERDUE),
        # formal training counts as the year's refresher
        ([went(7, FORMAL, D(2025, 6, 1))], ON, None),
        # everything current and not due within 30 days
        ([went(7, FORMAL, D(2025, 6, 1)), went(7, REFRESH, D(2025, 10, 1))], ON, None),
        # due within 30 days
        ([went(7, FORMAL, D(2024, 2, 10)), went(7, REFRESH, D(2025, 10, 1))], ON, Severity.DUE),
    ],
)
def test_dsl_training(attended, on, expected):
    result = of_kind(duties([DSL], attended, on), DutyKind.DSL_TRAINING_DUE)
    assert result == ([] if expected is None else [(DutyKind.DSL_TRAINING_DUE, expected, "Dee")])


def test_deputy_dsl_is_checked_and_a_leaver_is_not():
    result = of_kind(
        duties([DEPUTY, Person(9, "Old", is_dsl=True, leaving=D(2025, 12, 1))], [], ON),
        DutyKind.DSL_TRAINING_DUE,
    )
    assert [r[2] for r in result] == ["Del"]


@pytest.mark.parametrize(
    ("held", "valid", "on", "expired"),
    [
        (D(2025, 1, 15), 12, D(2026, 1, 15), False),  # expires at the end of the day a year on
        (D(2025, 1, 15), 12, D(2026, 1, 16), True),
        (D(2025, 1, 15), None, D(2030, 1, 1), False),  # no valid-for period: never expires
        (D(2023, 8, 31), 24, D(2025, 9, 1), True),
    ],
)
def test_training_expired(held, valid, on, expired):
    result = of_kind(duties([BEN], [went(2, KCSIE, held, valid=valid)], on), DutyKind.TRAINING_EXPIRED)
    assert bool(result) is expired


def test_only_the_latest_attendance_of_a_course_can_expire():
    attended = [went(2, KCSIE, D(2024, 9, 1), valid=12), went(2, KCSIE, D(2025, 9, 1), valid=12)]
    assert of_kind(duties([BEN], attended, ON), DutyKind.TRAINING_EXPIRED) == []


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
    ],
)
def test_add_months(d, months, expected):
    assert add_months(d, months) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "An introduction to Attachment-Aware and Trauma-Informed Practice",
            "an introduction to attachment aware and trauma informed practice",
        ),
        ("Trauma-informed practice (2024)", "TRAUMA INFORMED PRACTICE"),
        ("Attachment & trauma awareness", "Attachment and trauma awareness"),
        ("AATI [twilight]", "aati"),
        ("  K.C.S.I.E.  update ", "k c s i e update"),
    ],
)
def test_course_key_ignores_case_punctuation_and_a_bracketed_suffix(a, b):
    assert course_key(a) == course_key(b)


@pytest.mark.parametrize(("a", "b"), [("Prevent", "Prevent duty"), ("AATI (part 1) extra", "AATI extra")])
def test_course_key_keeps_what_differs(a, b):
    assert course_key(a) != course_key(b)
