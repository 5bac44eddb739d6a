"""Fictitious PEP meetings for the demo: invitees as rows, SMART targets rated at the next review,
actions, PP+, a booked meeting ahead, one postponed and one cancelled with reasons, and one held
without targets, so every state of the PEP calendar shows on demo data."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from cwsw_desktop.models import Contact, PepAction, PepAttendee, PepMeeting, PepTarget
from cwsw_desktop.rules.calendar import AcademicYearDates
from cwsw_desktop.rules.pep import AttendeeRole, PepKind, PepStatus, TargetRating

TARGETS = [
    (
        "Reading",
        "Read a chapter book independently for 15 minutes each day",
        "Reads for 5 minutes with an adult",
    ),
    (
        "Regulation",
        "Use the calm corner before anger escalates, with the key adult's prompt",
        "3 walk-outs a week",
    ),
    ("Maths", "Know number bonds to 20 fluently", "Secure to 10"),
    ("Homework", "Hand in homework on time for 4 weeks running", "Half handed in on time"),
    ("Belonging", "Join one after-school club this term", "No clubs"),
    ("Writing", "Write a paragraph with accurate full stops and capitals", "Full stops in 1 of 3 sentences"),
    ("Maths", "Attend every maths intervention session", "Attended 6 of 10"),
    ("Attendance", "Reach 95% attendance this half term", "91% last half term"),
]
ACTIONS = [
    ("Book reading tuition sessions", "DT"),
    ("Share the calm-corner plan with all staff who teach the child", "Key adult"),
    ("Send the carer the homework timetable", "Form tutor"),
    ("Ask the Virtual School for a PP+ top-up for tuition", "DT"),
    ("Arrange a visit to the after-school club", "Carer"),
]
PURPOSES = [
    "1:1 reading tuition",
    "Maths intervention (small group)",
    "Music lessons",
    "Mentoring with the key adult",
]
ROOMS = ["Meeting room 2", "DT's office", "Library", "Online (Teams)"]
_RATINGS = [TargetRating.SOME, TargetRating.GOOD, TargetRating.ACHIEVED, TargetRating.NOT_STARTED]


def _names(session: Session, pupil_id: int) -> dict[AttendeeRole, str]:
    roles = {
        "Social worker": AttendeeRole.SOCIAL_WORKER,
        "Carer": AttendeeRole.CARER,
        "VS Education Adviser": AttendeeRole.VS_ADVISER,
    }
    session.flush()
    found = {
        AttendeeRole.SOCIAL_WORKER: "Social worker",
        AttendeeRole.CARER: "Carer",
        AttendeeRole.VS_ADVISER: "Pat Demo",
    }
    for c in session.exec(select(Contact).where(Contact.pupil_id == pupil_id)).all():
        if c.role in roles:
            found[roles[c.role]] = c.name
    return found


def _invite(
    session: Session, pep_id: int, names: dict[AttendeeRole, str], dt: str, held: bool, rng: random.Random
) -> None:
    people = [(AttendeeRole.DT, dt), *names.items(), (AttendeeRole.CHILD, "The child (for part)")]
    for role, name in people:
        attended = held and (role is not AttendeeRole.VS_ADVISER or rng.random() < 0.7)
        session.add(PepAttendee(pep_id=pep_id, role=role, name=name, attended=attended))


def demo_peps(
    session: Session,
    rng: random.Random,
    pupil_id: int,
    years: dict[int, AcademicYearDates],
    today: date,
    i: int,
    dt_name: str,
) -> int:
    """Two years of PEPs for one child looked after; returns how many meetings were written.

    ``rng`` (the demo's own) is drawn from exactly as the first demo did (a day per term, two
    targets and their progress per held PEP), so every pupil generated after this one keeps the
    same fictitious name; the details added since come from a generator of their own."""
    own = random.Random(f"pep-{pupil_id}-{i}")
    names = _names(session, pupil_id)
    count = 0
    previous: list[PepTarget] = []
    for year in years.values():
        for term in year.terms:
            if term.start > today:
                continue
            ended = term.end < today
            missed = ended and i % 5 == 3 and term.end > today - timedelta(days=200)
            if missed:  # a term that ended without a PEP: red in the grid
                continue
            if not ended and i % 3 == 0:  # this term's PEP is still to book, or booked ahead
                if i % 2:
                    continue
                day, status = today + timedelta(days=7 + i), PepStatus.PLANNED
            else:
                day = term.start + timedelta(days=rng.randrange(10, 40))
                status = PepStatus.HELD if day <= today else PepStatus.PLANNED
                if status is PepStatus.HELD and not (i % 7 == 5 and not ended):
                    (
                        rng.sample(TARGETS, 2),
                        rng.choice(range(3)),
                        rng.choice(range(3)),
                    )  # the first demo's draws
            while day.weekday() >= 5:
                day += timedelta(days=1)
            held = status is PepStatus.HELD
            agreed = own.choice([30_000, 45_000, 60_000]) if held else 0
            pep = PepMeeting(
                pupil_id=pupil_id,
                meeting_date=day,
                start_time=time(own.choice([9, 10, 13, 14]), own.choice([0, 30])),
                place=own.choice(ROOMS),
                kind=PepKind.REVIEW,
                status=status,
                child_views="Likes art and football; finds lunchtimes hard." if held else "",
                pp_plus_requested_pence=agreed + (10_000 if held and i % 2 else 0),
                pp_plus_agreed_pence=agreed,
                pp_plus_purpose=own.choice(PURPOSES) if held else "",
                next_meeting=day + timedelta(days=91) if held else None,
            )
            session.add(pep)
            session.flush()
            assert pep.id is not None
            count += 1
            _invite(session, pep.id, names, dt_name, held, own)
            if not held:
                continue
            for target in previous:  # rated at this review
                target.rating = own.choice(_RATINGS)
                session.add(target)
            for action in session.exec(
                select(PepAction).where(col(PepAction.pep_id).in_([t.pep_id for t in previous]))
            ).all():
                action.done = own.random() < 0.6
                session.add(action)
            if i % 7 == 5 and not ended:  # held this term, targets still to be written up
                previous = []
                continue
            previous = []
            for area, text, baseline in own.sample(TARGETS, 3):
                target = PepTarget(pep_id=pep.id, area=area, description=text, baseline=baseline)
                session.add(target)
                previous.append(target)
            for what, who in own.sample(ACTIONS, 2):
                session.add(PepAction(pep_id=pep.id, action=what, owner=who, due=day + timedelta(days=21)))
    count += _called_off(session, pupil_id, today, i)
    return count


def _called_off(session: Session, pupil_id: int, today: date, i: int) -> int:
    """A postponed and a cancelled meeting on two of the children: they settle nothing."""
    reasons = {
        1: (PepStatus.POSTPONED, "Social worker off sick; rebooked"),
        4: (PepStatus.CANCELLED, "Placement move that week"),
    }
    if i not in reasons:
        return 0
    status, reason = reasons[i]
    session.add(
        PepMeeting(
            pupil_id=pupil_id,
            meeting_date=today - timedelta(days=30 + i),
            status=status,
            status_reason=reason,
            kind=PepKind.REVIEW,
            place="Meeting room 2",
        )
    )
    return 1
