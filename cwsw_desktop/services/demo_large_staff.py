"""Staff and training for the sized demo: the everyday demo's 25 people (`demo_training`), then
more fictitious staff coming and going over the years, each year's whole-staff INSET (the
attachment-aware and trauma-informed course and the KCSIE update) for everyone on roll that day,
and the DT's and DSL's own courses."""

from __future__ import annotations

import random
from datetime import date

from sqlmodel import Session, col, select

from cwsw_desktop.models import StaffMember, StaffRole, TrainingCourse, TrainingSession
from cwsw_desktop.services.demo_bulk import Bulk
from cwsw_desktop.services.demo_names import FORENAMES, SURNAMES
from cwsw_desktop.services.demo_training import add_demo_training

AATI = "An introduction to Attachment-Aware and Trauma-Informed Practice"
KCSIE = "Keeping Children Safe in Education update"
TITLES = {
    StaffRole.TEACHER: ("Class teacher", "Head of science", "Head of humanities", "Class teacher"),
    StaffRole.TEACHING_ASSISTANT: ("Teaching assistant", "Higher level teaching assistant"),
    StaffRole.LEADERSHIP: ("Assistant head", "Head of year"),
    StaffRole.OFFICE: ("Administrator", "Exams officer"),
}
ROLES = (
    [StaffRole.TEACHER] * 5 + [StaffRole.TEACHING_ASSISTANT] * 3 + [StaffRole.LEADERSHIP, StaffRole.OFFICE]
)
HONORIFICS = ("Mr", "Ms", "Mrs", "Miss", "Mx", "Dr")


def add_large_training(
    session: Session, bulk: Bulk, rng: random.Random, staff: int, first: int, today: date
) -> int:
    """`staff` people in all (at least the demo's 25) and `first`..today of training; returns
    the number of training sessions."""
    sessions = add_demo_training(session, today)
    session.flush()
    people: list[tuple[int, date | None, date | None]] = []
    for m in session.exec(select(StaffMember).order_by(col(StaffMember.id))).all():
        bulk.event(min(m.start_date or today, today), "create", "staff_member", m.id, None)
        if m.role != StaffRole.GOVERNOR.value:
            people.append((m.id or 0, m.start_date, m.leaving_date))
    for held in session.exec(select(TrainingSession)).all():
        bulk.event(held.held_on, "create", "training_session", held.id, None)
    demo_staff = len(people)
    current = today.year if today.month >= 9 else today.year - 1
    for n in range(max(0, staff - demo_staff - 1)):
        role = rng.choice(ROLES)
        start = date(rng.randrange(first - 5, current + 1), 9, 1)
        start = min(start, today)
        left = None
        if n % 6 == 5:  # about one in six has moved on
            left = min(today, date(rng.randrange(start.year + 1, current + 2), 7, 21))
            left = left if left > start else None
        name = f"{rng.choice(HONORIFICS)} {rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"
        staff_id = bulk.add(
            "staff_member",
            {
                "name": name,
                "role": role.value,
                "job_title": rng.choice(TITLES[role]),
                "start_date": start,
                "leaving_date": left,
                "is_dt": False,
                "is_deputy_dt": False,
                "is_dsl": False,
                "is_deputy_dsl": False,
            },
            on=start,
        )
        people.append((staff_id, start, left))
    course = {c.name: c.id or 0 for c in session.exec(select(TrainingCourse)).all()}

    def on_roll(day: date) -> list[int]:
        return [
            i for i, start, left in people if (start is None or start <= day) and (left is None or left > day)
        ]

    # The demo's own whole-staff sessions (last year and this) gain the staff added here.
    for row in session.exec(select(TrainingSession).where(col(TrainingSession.whole_staff))).all():
        for staff_id, since, gone in people[demo_staff:]:
            if (since is None or since <= row.held_on) and (gone is None or gone > row.held_on):
                bulk.add("training_attendance", {"session_id": row.id, "staff_id": staff_id})
    for year in range(first, current - 1):  # the years before the everyday demo's two
        for name, day, hours, provider in (
            (KCSIE, date(year, 9, 1), 1.5, "Safeguarding partnership"),
            (AATI, date(year, 9, 2), 3.0, "Virtual School"),
        ):
            sessions += _session(bulk, course[name], day, hours, provider, True, on_roll(day))
        dt, dsl = people[0][0], people[1][0]
        sessions += _session(
            bulk, course["Designated Teacher training"], date(year, 11, 4), 6.0, "Virtual School", False, [dt]
        )
        sessions += _session(
            bulk,
            course["Designated Teacher training"],
            date(year + 1, 3, 3),
            6.0,
            "Virtual School",
            False,
            [dt],
        )
        refresher = course["Designated Safeguarding Lead refresher"]
        sessions += _session(
            bulk, refresher, date(year + 1, 2, 8), 3.0, "Safeguarding partnership", False, [dsl]
        )
    return sessions


def _session(
    bulk: Bulk, course_id: int, day: date, hours: float, provider: str, whole: bool, people: list[int]
) -> int:
    session_id = bulk.add(
        "training_session",
        {
            "course_id": course_id,
            "held_on": day,
            "hours": hours,
            "provider": provider,
            "notes": "Whole-staff INSET" if whole else "",
            "whole_staff": whole,
        },
        on=day,
    )
    for staff_id in people:
        bulk.add("training_attendance", {"session_id": session_id, "staff_id": staff_id})
    return 1
