"""The training log's source for "what is due" (registered in services/due.py): the policy's
training checks for the academic year of a date, as of that date (rules/training.py).

The register, the catalogue and who attended what are read as plain rows through a ``Reader``
(four constant statements, no ORM, no SQLAlchemy imported), the sessions in the same order as
the tab's loader (services/training.py), so the duties come out the same.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.duties import Duty
from cwsw_desktop.rules.training import (
    Attended,
    Person,
    TrainedMeans,
    TrainingPolicy,
    compliance,
)
from cwsw_desktop.rules.training import training_duties as duties_from
from cwsw_desktop.rules.training_kinds import CourseCategory, StaffRole
from cwsw_desktop.services.school_read import day, read_settings, saved_years, years_between
from cwsw_desktop.store.reader import reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

_STAFF = (
    "SELECT id, name, role, start_date, leaving_date, is_dt, is_deputy_dt, is_dsl, is_deputy_dsl "
    "FROM staff_member ORDER BY name"
)
_ATTENDANCE = "SELECT session_id, staff_id FROM training_attendance"
_COURSES = "SELECT id, name, category, valid_for_months FROM training_course"
_SESSIONS = "SELECT id, course_id, held_on, hours FROM training_session ORDER BY held_on DESC, id"


def training_duties(source: Source, on: date) -> list[Duty]:
    """The `due` source: the training duties of the academic year of `on`, as of `on`."""
    with reading(source) as r:
        s = read_settings(r)
        (year,) = years_between(saved_years(r), [academic_year_of(on)])
        people = {
            row[0]: Person(
                row[0], row[1], StaffRole(row[2]), day(row[3]), day(row[4]), *(bool(v) for v in row[5:])
            )
            for row in r.rows(_STAFF)
        }
        attendees: dict[int, list[int]] = defaultdict(list)
        for session_id, staff_id in r.rows(_ATTENDANCE):
            attendees[session_id].append(staff_id)
        courses = {c[0]: c for c in r.rows(_COURSES)}
        sessions = r.rows(_SESSIONS)
    # Only what was held by `on` counts (as in `compliance`), and each person's attendances
    # keep the sessions' order; the order of the people at one session (the tab's, by name)
    # plays no part in the checks, so it is not worked out here.
    attended: list[Attended] = []
    for session_id, course_id, held_on, hours in sessions:
        held = date.fromisoformat(held_on)
        if held > on:
            continue
        _, name, category, valid_for_months = courses[course_id]
        kind = CourseCategory(category)
        attended.extend(
            Attended(i, session_id, course_id, name, kind, held, float(hours), valid_for_months)
            for i in attendees[session_id]
        )
    policy = TrainingPolicy(
        s.dt_training_days, s.training_hours_per_day, TrainedMeans(s.training_trained_means)
    )
    c = compliance(tuple(people.values()), attended, year.first_day, year.last_day, year.label, on, policy)
    return duties_from(c)
