"""PEP calendar: the meetings, each looked-after child's compliance term by term, and the PEP
duties for "what is due". Booking and holding are in `pep_booking.py`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cwsw_desktop.models import PepAction, PepAttendee, PepMeeting, PepTarget, Pupil, StatusEpisode
from cwsw_desktop.rules import names
from cwsw_desktop.rules.pep import (
    AttendeeRole,
    PepKind,
    PepRecord,
    PepStatus,
    TargetRating,
)
from cwsw_desktop.services.errors import NotFoundError
from cwsw_desktop.services.pep_types import (
    ActionInput,
    AttendeeInput,
    PepDetail,
    PreviousPep,
    PupilChoice,
    TargetInput,
)
from cwsw_desktop.services.pep_views import care_spell as care_spell
from cwsw_desktop.services.pep_views import compliance_for as compliance_for
from cwsw_desktop.services.pep_views import meetings as meetings
from cwsw_desktop.services.pep_views import on_roll as on_roll
from cwsw_desktop.services.pep_views import pep_grid as pep_grid
from cwsw_desktop.services.school import load_settings
from cwsw_desktop.store import unit_of_work


def display_name(p: Pupil) -> str:
    """The child's name as shown everywhere (rules.names.display_name)."""
    return names.display_name(p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname)


def pep_records(session: Session, pupil_ids: Sequence[int]) -> dict[int, list[PepRecord]]:
    with_targets = set(session.exec(select(PepTarget.pep_id).distinct()).all())
    records: dict[int, list[PepRecord]] = defaultdict(list)
    for pep in session.exec(select(PepMeeting).where(col(PepMeeting.pupil_id).in_(pupil_ids))).all():
        records[pep.pupil_id].append(
            PepRecord(
                pep.meeting_date,
                PepStatus(pep.status),
                pep.targets_elsewhere or pep.id in with_targets,
                pep.id,
            )
        )
    return records


def cla_episodes(session: Session) -> dict[int, list[StatusEpisode]]:
    episodes: dict[int, list[StatusEpisode]] = defaultdict(list)
    for e in session.exec(select(StatusEpisode).where(StatusEpisode.category == "CLA")).all():
        episodes[e.pupil_id].append(e)
    return episodes


def _targets(session: Session, pep_id: int) -> tuple[TargetInput, ...]:
    rows = session.exec(select(PepTarget).where(PepTarget.pep_id == pep_id).order_by(col(PepTarget.id))).all()
    return tuple(TargetInput(t.description, t.area, t.baseline, TargetRating(t.rating), t.id) for t in rows)


def _actions(session: Session, pep_id: int) -> tuple[ActionInput, ...]:
    rows = session.exec(select(PepAction).where(PepAction.pep_id == pep_id).order_by(col(PepAction.id))).all()
    return tuple(ActionInput(a.action, a.owner, a.due, a.done, a.id) for a in rows)


def get_pep(engine: Engine, pep_id: int) -> PepDetail:
    with unit_of_work(engine) as session:
        pep = session.get(PepMeeting, pep_id)
        if pep is None:
            raise NotFoundError(f"No PEP meeting with id {pep_id}")
        pupil = session.get(Pupil, pep.pupil_id)
        assert pupil is not None
        attendees = session.exec(
            select(PepAttendee).where(PepAttendee.pep_id == pep_id).order_by(col(PepAttendee.id))
        ).all()
        return PepDetail(
            id=pep_id,
            pupil_id=pep.pupil_id,
            pupil=display_name(pupil),
            upn=pupil.upn,
            meeting_date=pep.meeting_date,
            start_time=pep.start_time,
            place=pep.place,
            kind=PepKind(pep.kind),
            status=PepStatus(pep.status),
            status_reason=pep.status_reason,
            targets_elsewhere=pep.targets_elsewhere,
            attendees=tuple(AttendeeInput(AttendeeRole(a.role), a.name, a.attended) for a in attendees),
            child_views=pep.child_views,
            targets=_targets(session, pep_id),
            actions=_actions(session, pep_id),
            pp_plus_requested_pence=pep.pp_plus_requested_pence,
            pp_plus_agreed_pence=pep.pp_plus_agreed_pence,
            pp_plus_purpose=pep.pp_plus_purpose,
            next_meeting=pep.next_meeting,
            notes=pep.notes,
        )


def previous_pep(
    engine: Engine, pupil_id: int, before: date, exclude: int | None = None
) -> PreviousPep | None:
    """The last PEP held for the pupil before ``before`` (not ``exclude``), with its targets and
    its actions not yet done."""
    with unit_of_work(engine) as session:
        query = select(PepMeeting).where(
            PepMeeting.pupil_id == pupil_id,
            PepMeeting.status == PepStatus.HELD.value,
            PepMeeting.meeting_date <= before,
        )
        if exclude is not None:
            query = query.where(PepMeeting.id != exclude)
        pep = session.exec(
            query.order_by(col(PepMeeting.meeting_date).desc(), col(PepMeeting.id).desc())
        ).first()
        if pep is None or pep.id is None:
            return None
        return PreviousPep(
            pep.id,
            pep.meeting_date,
            _targets(session, pep.id),
            tuple(a for a in _actions(session, pep.id) if not a.done),
        )


def next_planned(engine: Engine, pupil_id: int, on: date) -> int | None:
    """The pupil's next planned meeting on or after ``on``."""
    with unit_of_work(engine) as session:
        return session.exec(
            select(PepMeeting.id)
            .where(
                PepMeeting.pupil_id == pupil_id,
                PepMeeting.status == PepStatus.PLANNED.value,
                PepMeeting.meeting_date >= on,
            )
            .order_by(col(PepMeeting.meeting_date))
        ).first()


def meeting_on(engine: Engine, pupil_id: int, on: date) -> int | None:
    """The pupil's meeting on that date (not cancelled), if any."""
    with unit_of_work(engine) as session:
        return session.exec(
            select(PepMeeting.id).where(PepMeeting.pupil_id == pupil_id, PepMeeting.meeting_date == on)
        ).first()


def pupil_by_upn(engine: Engine, upn: str) -> int:
    with unit_of_work(engine) as session:
        found = session.exec(select(Pupil.id).where(Pupil.upn == upn.strip().upper())).first()
        if found is None:
            raise NotFoundError(f"No pupil with UPN {upn.strip().upper()}")
        return found


def looked_after_pupils(engine: Engine, on: date) -> list[PupilChoice]:
    """Children looked after and on roll on ``on``, by name: who can have a PEP booked."""
    with unit_of_work(engine) as session:
        episodes = cla_episodes(session)
        pupils = session.exec(select(Pupil).where(col(Pupil.id).in_(list(episodes)))).all()
        choices = [
            PupilChoice(p.id or 0, display_name(p), p.upn)
            for p in pupils
            if care_spell(episodes[p.id or 0], on, on) is not None and on_roll(p, on, on)
        ]
    return sorted(choices, key=lambda c: c.name.casefold())


_CONTACT_ROLES = {
    "Social worker": AttendeeRole.SOCIAL_WORKER,
    "Carer": AttendeeRole.CARER,
    "VS Education Adviser": AttendeeRole.VS_ADVISER,
    "Parent": AttendeeRole.PARENT,
}


def default_invitees(engine: Engine, pupil_ids: Sequence[int]) -> dict[int, tuple[AttendeeInput, ...]]:
    """Who to invite by default: the DT, the child's social worker, carer and Virtual School
    adviser (from their contacts), and the child."""
    from cwsw_desktop.models import Contact

    dt = load_settings(engine).dt_name or "Designated Teacher"
    out: dict[int, list[AttendeeInput]] = {i: [AttendeeInput(AttendeeRole.DT, dt)] for i in pupil_ids}
    with unit_of_work(engine) as session:
        for c in session.exec(select(Contact).where(col(Contact.pupil_id).in_(list(pupil_ids)))).all():
            role = _CONTACT_ROLES.get(c.role)
            if role is not None:
                out[c.pupil_id].append(AttendeeInput(role, c.name))
    return {i: (*people, AttendeeInput(AttendeeRole.CHILD, "The child")) for i, people in out.items()}
