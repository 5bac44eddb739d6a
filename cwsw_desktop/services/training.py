"""Training log: sessions with their attendees, and the DT's days this year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import StaffMember, TrainingAttendance, TrainingSession
from cwsw_desktop.rules.calendar import academic_year_of, default_terms
from cwsw_desktop.rules.training import training_days
from cwsw_desktop.store import unit_of_work

TOPICS = {
    "attachment": "Attachment-aware",
    "trauma": "Trauma-informed",
    "designated_teacher": "Designated Teacher",
    "dsl_formal": "DSL formal",
    "dsl_refresher": "DSL refresher",
    "other": "Other",
}


@dataclass(frozen=True)
class TrainingRow:
    id: int
    course: str
    held_on: date
    hours: float
    provider: str
    topic: str
    whole_staff: bool
    attendees: int
    attendee_names: str


@dataclass(frozen=True)
class TrainingSummary:
    year_label: str
    dt_days: float
    dt_required: float
    staff: int
    staff_attachment: int
    staff_trauma: int


def training_rows(engine: Engine) -> list[TrainingRow]:
    with unit_of_work(engine) as session:
        names: dict[int, list[str]] = defaultdict(list)
        for link, member in session.exec(
            select(TrainingAttendance, StaffMember).join(
                StaffMember, col(StaffMember.id) == col(TrainingAttendance.staff_id)
            )
        ).all():
            names[link.session_id].append(member.name)
        return [
            TrainingRow(
                s.id or 0,
                s.course,
                s.held_on,
                s.hours,
                s.provider,
                TOPICS.get(s.topic, s.topic),
                s.whole_staff,
                len(names[s.id or 0]),
                ", ".join(sorted(names[s.id or 0])),
            )
            for s in session.exec(select(TrainingSession).order_by(col(TrainingSession.held_on).desc())).all()
        ]


def training_summary(engine: Engine, today: date, dt_required: float) -> TrainingSummary:
    year = default_terms(academic_year_of(today))
    with unit_of_work(engine) as session:
        staff = session.exec(select(StaffMember).where(col(StaffMember.active).is_(True))).all()
        topics: dict[int, set[str]] = defaultdict(set)
        dt_hours: list[float] = []
        for link, sess in session.exec(
            select(TrainingAttendance, TrainingSession).join(
                TrainingSession, col(TrainingSession.id) == col(TrainingAttendance.session_id)
            )
        ).all():
            topics[link.staff_id].add(sess.topic)
            member = next((m for m in staff if m.id == link.staff_id), None)
            if member and member.is_dt and year.first_day <= sess.held_on <= year.last_day:
                dt_hours.append(sess.hours)
        return TrainingSummary(
            year_label=year.label,
            dt_days=training_days(dt_hours),
            dt_required=dt_required,
            staff=len(staff),
            staff_attachment=sum(1 for m in staff if "attachment" in topics[m.id or 0]),
            staff_trauma=sum(1 for m in staff if "trauma" in topics[m.id or 0]),
        )
