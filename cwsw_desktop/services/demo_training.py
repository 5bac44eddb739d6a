"""Demo staff (25 fictitious people) and their training, for `generate_demo`.

Chosen so that every training check has something to show on the demo's "today": the DT is
half a day short of 2 days; only a handful of staff have had the attachment-aware and
trauma-informed course this year (last year's whole-staff INSET counts only if "trained" means
"ever"); the deputy DSL's formal training is over 2 years old; two people's KCSIE update has
expired; one person has left and one starts next term.
"""

from __future__ import annotations

import random
from datetime import date

from sqlmodel import Session, select

from cwsw_desktop.models import StaffMember, StaffRole, TrainingAttendance, TrainingCourse, TrainingSession
from cwsw_desktop.rules.calendar import academic_year_of

T, TA, LEAD, OFFICE, GOV = (
    StaffRole.TEACHER,
    StaffRole.TEACHING_ASSISTANT,
    StaffRole.LEADERSHIP,
    StaffRole.OFFICE,
    StaffRole.GOVERNOR,
)
# (name, role, job title); the first six after the DT and DSL are the demo pupils' key adults.
STAFF: list[tuple[str, StaffRole, str]] = [
    ("Ms Ada Quennell", LEAD, "Designated Teacher"),
    ("Mr Bryn Tallis", LEAD, "Designated Safeguarding Lead"),
    ("Mrs Cora Venn", LEAD, "SENCO"),
    ("Mr Dev Okonedo", T, "Head of Year 9"),
    ("Miss Elin Marsh", T, "Class teacher"),
    ("Mr Felix Rooke", TA, "Teaching assistant"),
    ("Ms Gwen Astley", LEAD, "Pastoral lead"),
    ("Mr Hal Pemberton", T, "Class teacher"),
    ("Mrs Ines Darrow", T, "Class teacher"),
    ("Mr Jago Whitlock", T, "Head of maths"),
    ("Ms Kezia Brand", T, "Class teacher"),
    ("Mr Lorcan Pryde", T, "Class teacher"),
    ("Mrs Mair Holloway", TA, "Teaching assistant"),
    ("Mr Nnamdi Ashby", TA, "Higher level teaching assistant"),
    ("Miss Orla Fennimore", TA, "Teaching assistant"),
    ("Mrs Priya Castell", T, "Class teacher"),
    ("Mr Quentin Loy", T, "Head of English"),
    ("Ms Rhiannon Tey", TA, "Teaching assistant"),
    ("Mrs Saoirse Buckland", OFFICE, "School business manager"),
    ("Mr Tomasz Wren", OFFICE, "Attendance officer"),
    ("Ms Uma Greaves", T, "Class teacher"),
    ("Mr Vaughan Ellery", T, "Class teacher"),
    ("Mrs Wren Achebe", TA, "Teaching assistant"),
    ("Mr Xavier Colborne", T, "Class teacher"),
    ("Dr Iris Fenwick", GOV, "Designated governor"),
]
KEY_ADULTS = [name for name, _, _ in STAFF[2:8]]


def add_demo_training(session: Session, today: date, seed: int = 7) -> int:
    """Add the demo staff and their training; returns the number of sessions."""
    rng = random.Random(seed)  # its own generator: the pupils' demo data is unchanged by this
    current = academic_year_of(today)
    staff = []
    for i, (name, role, title) in enumerate(STAFF):
        member = StaffMember(
            name=name,
            role=role,
            job_title=title,
            start_date=date(current - 1 - i % 6, 9, 1),
            is_dt=i == 0,
            is_deputy_dt=i == 2,
            is_dsl=i == 1,
            is_deputy_dsl=i == 6,
        )
        staff.append(member)
    staff[21].leaving_date = min(today, date(current, 10, 24))  # left at half term
    staff[23].start_date = date(current + 1, 1, 5)  # starts next term
    session.add_all(staff)
    session.flush()
    course = {c.name: c.id or 0 for c in session.exec(select(TrainingCourse)).all()}
    aati = course["An introduction to Attachment-Aware and Trauma-Informed Practice"]
    employees = [s for s in staff if s.role != GOV.value]

    def on(d: date) -> date:
        return min(d, today)

    last_year = [s for s in employees if s.start_date and s.start_date <= date(current - 1, 9, 1)]
    sessions = [
        (aati, date(current - 1, 9, 1), 3.0, "Virtual School", "Whole-staff INSET", True, last_year),
        (
            course["Keeping Children Safe in Education update"],
            date(current - 1, 9, 1),
            1.5,
            "Safeguarding partnership",
            "",
            True,
            last_year,
        ),
        (
            course["Keeping Children Safe in Education update"],
            on(date(current, 9, 1)),
            1.5,
            "Safeguarding partnership",
            "",
            True,
            [
                s
                for s in employees
                if s.name not in ("Mr Lorcan Pryde", "Mrs Wren Achebe", "Mr Xavier Colborne")
            ],
        ),
        (
            aati,
            on(date(current, 10, 8)),
            2.0,
            "Educational Psychology Service",
            "Twilight for new staff",
            False,
            [staff[i] for i in (4, 8, 10, 12, 15, 20)],
        ),
        (
            course["Designated Teacher training"],
            on(date(current, 10, 1)),
            3.0,
            "Virtual School",
            "DT network meeting",
            False,
            [staff[0]],
        ),
        (
            course["Designated Teacher training"],
            on(date(current, 11, 3)),
            6.0,
            "Virtual School",
            "DT annual conference",
            False,
            [staff[0]],
        ),
        (
            course["Designated Safeguarding Lead training"],
            date(current - 1, 3, 10),
            12.0,
            "Safeguarding partnership",
            "",
            False,
            [staff[1]],
        ),
        (
            course["Designated Safeguarding Lead refresher"],
            date(current - 2, 3, 12),
            3.0,
            "Safeguarding partnership",
            "",
            False,
            [staff[1]],
        ),
        (
            course["Designated Safeguarding Lead training"],
            date(current - 3, 6, 20),
            12.0,
            "Safeguarding partnership",
            "",
            False,
            [staff[6]],
        ),
        (
            course["Prevent"],
            date(current - 1, 10, 5),
            1.0,
            "Home Office e-learning",
            "",
            False,
            rng.sample(employees[:20], 8),
        ),
        (
            course["De-escalation and restorative practice"],
            date(current - 1, 1, 6),
            6.0,
            "Local behaviour team",
            "",
            False,
            [s for s in employees if s.role == TA.value],
        ),
    ]
    count = 0
    for course_id, held_on, hours, provider, notes, whole, people in sessions:
        row = TrainingSession(
            course_id=course_id,
            held_on=held_on,
            hours=hours,
            provider=provider,
            notes=notes,
            whole_staff=whole,
        )
        session.add(row)
        session.flush()
        session.add_all(TrainingAttendance(session_id=row.id or 0, staff_id=p.id or 0) for p in people)
        count += 1
    session.flush()
    return count


__all__ = ["KEY_ADULTS", "STAFF", "add_demo_training"]
