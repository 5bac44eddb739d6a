"""Booking, holding, postponing and cancelling PEP meetings: validated, all-or-nothing, audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cwsw_desktop.models import PepAction, PepAttendee, PepMeeting, PepTarget, Pupil
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.pep import PepKind, PepStatus
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem, ValidationError, refuse_if
from cwsw_desktop.services.pep_types import (
    AREA_MAX,
    NAME_MAX,
    PLACE_MAX,
    ActionInput,
    AttendeeInput,
    BookingInput,
    HoldInput,
    TargetInput,
)
from cwsw_desktop.services.records import add_row, existing, set_fields
from cwsw_desktop.store import unit_of_work

EARLIEST = date(2000, 1, 1)
BOOK_AHEAD_DAYS = 2 * 366  # a booking further ahead than this is a typing slip


def _attendee_problems(attendees: tuple[AttendeeInput, ...]) -> list[Problem]:
    problems = []
    for i, a in enumerate(attendees, start=1):
        if not a.name.strip():
            problems.append(Problem(f"Attendee {i}", "needs a name"))
        elif len(a.name) > NAME_MAX:
            problems.append(Problem(f"Attendee {i}", f"the name is longer than {NAME_MAX} characters"))
    return problems


def meeting_on_day(session: Session, pupil_id: int, day: date, *statuses: PepStatus) -> PepMeeting | None:
    """The pupil's meeting on `day` (of one of `statuses`, when given), if any."""
    query = select(PepMeeting).where(PepMeeting.pupil_id == pupil_id, PepMeeting.meeting_date == day)
    if statuses:
        query = query.where(col(PepMeeting.status).in_([s.value for s in statuses]))
    return session.exec(query).first()


def booking_problems(
    session: Session, b: BookingInput, today: date, pep_id: int | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    pupil = session.get(Pupil, b.pupil_id)
    if pupil is None:
        return [Problem("Pupil", "choose the pupil the PEP is for")]
    if b.meeting_date < EARLIEST:
        problems.append(Problem("Date", f"{format_date(b.meeting_date)} is too long ago"))
    elif b.meeting_date > today + timedelta(days=BOOK_AHEAD_DAYS):
        problems.append(Problem("Date", f"{format_date(b.meeting_date)} is more than two years ahead"))
    if pupil.leaving_date is not None and b.meeting_date > pupil.leaving_date:
        problems.append(Problem("Date", f"the pupil left on {format_date(pupil.leaving_date)}"))
    if len(b.place) > PLACE_MAX:
        problems.append(Problem("Place", f"is longer than {PLACE_MAX} characters"))
    problems += _attendee_problems(b.attendees)
    clash = meeting_on_day(session, b.pupil_id, b.meeting_date, PepStatus.PLANNED, PepStatus.HELD)
    if clash is not None and clash.id != pep_id:
        problems.append(
            Problem("Date", f"a PEP is already on record for this pupil on {format_date(b.meeting_date)}")
        )
    return problems


def _set_attendees(session: Session, pep_id: int, attendees: tuple[AttendeeInput, ...]) -> None:
    for old in session.exec(select(PepAttendee).where(PepAttendee.pep_id == pep_id)).all():
        session.delete(old)
    for a in attendees:
        session.add(PepAttendee(pep_id=pep_id, role=a.role, name=a.name.strip(), attended=a.attended))


def book_pep(engine: Engine, b: BookingInput, today: date) -> int:
    """Book a meeting; returns its id. Raises ValidationError and saves nothing on bad input."""
    with unit_of_work(engine) as session:
        refuse_if(booking_problems(session, b, today))
        pep = PepMeeting(
            pupil_id=b.pupil_id,
            meeting_date=b.meeting_date,
            start_time=b.start_time,
            place=b.place.strip(),
            kind=b.kind,
            notes=b.notes.strip(),
        )
        detail = f"PEP booked for {format_date(b.meeting_date)} ({b.kind.value}), {len(b.attendees)} invited"
        return _add_planned(session, pep, b.attendees, detail)


def _add_planned(session: Session, pep: PepMeeting, attendees: tuple[AttendeeInput, ...], detail: str) -> int:
    """Save a new planned meeting with its invitees (audited); returns its id."""
    pep.status = PepStatus.PLANNED
    pep_id = add_row(session, "pep_meeting", pep, pupil_id=pep.pupil_id, detail=detail)
    _set_attendees(session, pep_id, attendees)
    return pep_id


def _audit_meeting(session: Session, pep: PepMeeting, **what: Any) -> None:
    """One 'update' event on a meeting (its field, old and new value, or a detail)."""
    audit.record(session, AuditAction.UPDATE, "pep_meeting", pep.id, pupil_id=pep.pupil_id, **what)


def _meeting(session: Session, pep_id: int) -> PepMeeting:
    return existing(session, PepMeeting, pep_id, f"No PEP meeting with id {pep_id}")


def update_booking(engine: Engine, pep_id: int, b: BookingInput, today: date) -> None:
    """Change a meeting's date, time, place, kind, invitees or notes."""
    with unit_of_work(engine) as session:
        pep = _meeting(session, pep_id)
        refuse_if(booking_problems(session, b, today, pep_id))
        _set_attendees(session, pep_id, b.attendees)
        values = {
            "pupil_id": b.pupil_id,
            "meeting_date": b.meeting_date,
            "start_time": b.start_time,
            "place": b.place.strip(),
            "kind": b.kind,
            "notes": b.notes.strip(),
        }
        set_fields(session, "pep_meeting", pep, values, pupil_id=b.pupil_id)
        _audit_meeting(session, pep, field_name="attendees", new=", ".join(a.role.value for a in b.attendees))


def hold_problems(h: HoldInput, today: date, booked_on: date) -> list[Problem]:
    problems: list[Problem] = []
    if h.held_on > today:
        problems.append(
            Problem("Held on", f"{format_date(h.held_on)} is in the future: a PEP is held on or before today")
        )
    if h.held_on < EARLIEST:
        problems.append(Problem("Held on", f"{format_date(h.held_on)} is too long ago"))
    problems += _attendee_problems(h.attendees)
    for i, t in enumerate(h.targets, start=1):
        if not t.description.strip():
            problems.append(Problem(f"Target {i}", "needs the target itself"))
        if len(t.area) > AREA_MAX:
            problems.append(Problem(f"Target {i}", f"the area is longer than {AREA_MAX} characters"))
    for i, a in enumerate(h.actions, start=1):
        if not a.action.strip():
            problems.append(Problem(f"Action {i}", "needs what is to be done"))
        if len(a.owner) > NAME_MAX:
            problems.append(Problem(f"Action {i}", f"who is longer than {NAME_MAX} characters"))
    if h.pp_plus_requested_pence < 0 or h.pp_plus_agreed_pence < 0:
        problems.append(Problem("PP+", "amounts cannot be negative"))
    if h.pp_plus_agreed_pence and not h.pp_plus_purpose.strip():
        problems.append(Problem("PP+ purpose", "say what the agreed PP+ is for"))
    if h.next_meeting is not None and h.next_meeting <= h.held_on:
        problems.append(Problem("Next meeting", "must be after the meeting itself"))
    if h.book_next and h.next_meeting is None:
        problems.append(Problem("Next meeting", "give the date to book"))
    return problems


def hold_pep(engine: Engine, pep_id: int, h: HoldInput, today: date) -> int | None:
    """Record the outcome of a meeting: it becomes held. Rates the previous PEP's targets and ticks
    off its actions; replaces this meeting's targets and actions; books the next meeting when asked.
    Returns the id of the meeting booked next, if any."""
    with unit_of_work(engine) as session:
        pep = _meeting(session, pep_id)
        refuse_if(hold_problems(h, today, pep.meeting_date))
        values = {
            "meeting_date": h.held_on,
            "status": PepStatus.HELD,
            "child_views": h.child_views.strip(),
            "pp_plus_requested_pence": h.pp_plus_requested_pence,
            "pp_plus_agreed_pence": h.pp_plus_agreed_pence,
            "pp_plus_purpose": h.pp_plus_purpose.strip(),
            "next_meeting": h.next_meeting,
            "notes": h.notes.strip(),
            "start_time": h.start_time or pep.start_time,
            "place": h.place.strip() or pep.place,
            "status_reason": "",
        }
        _set_attendees(session, pep_id, h.attendees)
        _rate_previous(session, pep, h)
        _replace_children(session, PepTarget, pep_id, h.targets, _target_values)
        _replace_children(session, PepAction, pep_id, h.actions, _action_values)
        set_fields(session, "pep_meeting", pep, values, pupil_id=pep.pupil_id)
        _audit_meeting(
            session,
            pep,
            detail=f"PEP held: {len(h.targets)} targets, {len(h.actions)} actions, {len(h.ratings)} rated",
        )
        if not h.book_next or h.next_meeting is None:
            return None
        exists = meeting_on_day(session, pep.pupil_id, h.next_meeting)
        if exists is not None:
            return exists.id
        nxt = PepMeeting(
            pupil_id=pep.pupil_id,
            meeting_date=h.next_meeting,
            start_time=pep.start_time,
            place=pep.place,
            kind=PepKind.REVIEW,
        )
        invited = tuple(AttendeeInput(a.role, a.name) for a in h.attendees)
        return _add_planned(session, nxt, invited, f"next PEP booked for {format_date(h.next_meeting)}")


def _rate_previous(session: Session, pep: PepMeeting, h: HoldInput) -> None:
    """Ratings and done actions belong to earlier PEPs of the same pupil: anything else is refused."""
    earlier = set(
        session.exec(
            select(PepMeeting.id).where(PepMeeting.pupil_id == pep.pupil_id, PepMeeting.id != pep.id)
        ).all()
    )
    for target_id, rating in h.ratings.items():
        target = session.get(PepTarget, target_id)
        if target is None or target.pep_id not in earlier:
            raise ValidationError([Problem("Previous targets", "a target rated is not one of this pupil's")])
        set_fields(session, "pep_target", target, {"rating": rating}, pupil_id=pep.pupil_id)
    for action_id in h.actions_done:
        action = session.get(PepAction, action_id)
        if action is None or action.pep_id not in earlier:
            raise ValidationError([Problem("Open actions", "an action ticked is not one of this pupil's")])
        set_fields(session, "pep_action", action, {"done": True}, pupil_id=pep.pupil_id)


Child = TypeVar("Child", PepTarget, PepAction)


def _replace_children(
    session: Session,
    model: type[Child],
    pep_id: int,
    items: Sequence[TargetInput] | Sequence[ActionInput],
    values: Callable[[Any], dict[str, Any]],
) -> None:
    """Make a meeting's targets (or actions) the `items`: rows whose id is not kept go, kept rows
    take the new `values`, items without a stored row of this meeting become new rows."""
    kept = {item.id for item in items if item.id is not None}
    for old in session.exec(select(model).where(model.pep_id == pep_id)).all():
        if old.id not in kept:
            session.delete(old)
    for item in items:
        row = session.get(model, item.id) if item.id is not None else None
        if row is None or row.pep_id != pep_id:
            session.add(model(pep_id=pep_id, **values(item)))
        else:
            session.add(row.sqlmodel_update(values(item)))


def _target_values(t: TargetInput) -> dict[str, Any]:
    return {
        "area": t.area.strip(),
        "description": t.description.strip(),
        "baseline": t.baseline.strip(),
        "rating": t.rating,
    }


def _action_values(a: ActionInput) -> dict[str, Any]:
    return {"action": a.action.strip(), "owner": a.owner.strip(), "due": a.due, "done": a.done}


def call_off(
    engine: Engine, pep_id: int, status: PepStatus, reason: str, today: date, new_date: date | None = None
) -> int | None:
    """Postpone or cancel a planned meeting, with a reason. A postponement with a new date books
    the meeting again on that date; returns the new meeting's id."""
    problems: list[Problem] = []
    if status not in (PepStatus.POSTPONED, PepStatus.CANCELLED):
        problems.append(Problem("Status", "a meeting is called off as postponed or cancelled"))
    if not reason.strip():
        problems.append(Problem("Reason", "say why the meeting is not going ahead"))
    if new_date is not None and status is not PepStatus.POSTPONED:
        problems.append(Problem("New date", "only a postponed meeting is booked again"))
    with unit_of_work(engine) as session:
        pep = _meeting(session, pep_id)
        if PepStatus(pep.status) is PepStatus.HELD:
            problems.append(Problem("Status", "this PEP has been held: it cannot be called off"))
        refuse_if(problems)
        old = pep.status
        pep.status, pep.status_reason = status, reason.strip()
        session.add(pep)
        _audit_meeting(session, pep, field_name="status", old=old, new=status.value, detail=reason.strip())
        attendees = tuple(
            AttendeeInput(a.role, a.name)
            for a in session.exec(select(PepAttendee).where(PepAttendee.pep_id == pep_id)).all()
        )
        booking = BookingInput(
            pep.pupil_id,
            new_date or pep.meeting_date,
            pep.start_time,
            pep.place,
            PepKind(pep.kind),
            attendees,
            pep.notes,
        )
    if new_date is None:
        return None
    return book_pep(engine, booking, today)
