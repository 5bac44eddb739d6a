"""PEP calendar: the meetings, each looked-after child's compliance term by term, and the PEP
duties for "what is due". Booking and holding are in `pep_booking.py`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from cwsw_desktop.models import PepAction, PepAttendee, PepMeeting, PepTarget, Pupil, StatusEpisode
from cwsw_desktop.rules import names
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.pep import (
    AttendeeRole,
    PepCompliance,
    PepKind,
    PepRecord,
    PepStatus,
    TargetRating,
    first_pep,
    pep_compliance,
)
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.errors import NotFoundError
from cwsw_desktop.services.pep_types import (
    ActionInput,
    AttendeeInput,
    GridRow,
    MeetingRow,
    PepDetail,
    PreviousPep,
    PupilChoice,
    TargetInput,
)
from cwsw_desktop.services.school import SchoolSettings, load_settings, year_dates, years_around
from cwsw_desktop.store import unit_of_work


def display_name(p: Pupil) -> str:
    """The child's name as shown everywhere (rules.names.display_name)."""
    return names.display_name(p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname)


def initials(p: Pupil) -> str:
    """Initials only (calendars get shared): "A.O."."""
    first = (p.preferred_forename or p.legal_forename)[:1]
    last = (p.preferred_surname or p.legal_surname)[:1]
    return f"{first.upper()}.{last.upper()}."


def on_roll(p: Pupil, start: date, end: date) -> bool:
    """On roll at some point from ``start`` to ``end``."""
    return (p.admission_date is None or p.admission_date <= end) and (
        p.leaving_date is None or p.leaving_date >= start
    )


def care_spell(episodes: Sequence[StatusEpisode], start: date, end: date) -> StatusEpisode | None:
    """The latest CLA episode overlapping ``start``–``end``."""
    spells = [
        e
        for e in episodes
        if e.category == "CLA" and e.start_date <= end and (e.end_date is None or e.end_date >= start)
    ]
    return max(spells, key=lambda e: e.start_date) if spells else None


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


def compliance_for(
    p: Pupil,
    spell: StatusEpisode,
    records: Sequence[PepRecord],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
) -> PepCompliance:
    return pep_compliance(
        records,
        year,
        on,
        settings.pep_due_soon_days,
        in_care_from=spell.start_date,
        in_care_until=spell.end_date,
        admitted=p.admission_date,
        left=p.leaving_date,
        first_pep_school_days=settings.first_pep_school_days,
        years=years,
    )


def pep_grid(engine: Engine, on: date, start_year: int | None = None) -> list[GridRow]:
    """Every child looked after and on roll during the chosen year (default: ``on``'s), term by term."""
    settings = load_settings(engine)
    years = years_around(engine, on)
    year = next((y for y in years if y.start_year == start_year), None) if start_year else None
    year = year or (year_dates(engine, start_year) if start_year else None)
    year = year or next(y for y in years if y.start_year == academic_year_of(on))
    rows: list[GridRow] = []
    with unit_of_work(engine) as session:
        episodes = cla_episodes(session)
        pupils = session.exec(select(Pupil).where(col(Pupil.id).in_(list(episodes)))).all()
        records = pep_records(session, [p.id or 0 for p in pupils])
        for p in pupils:
            spell = care_spell(episodes[p.id or 0], year.first_day, year.last_day)
            if spell is None or not on_roll(p, year.first_day, year.last_day):
                continue
            mine = records[p.id or 0]
            compliance = compliance_for(p, spell, mine, year, on, settings, years)
            rows.append(
                GridRow(
                    pupil_id=p.id or 0,
                    pupil=display_name(p),
                    upn=p.upn,
                    year_group=p.year_group_override
                    if p.year_group_override is not None
                    else year_group(p.date_of_birth, year.start_year),
                    terms=compliance.terms,
                    held=compliance.held_this_year,
                    owed=compliance.owed_terms,
                    meets_three_a_year=compliance.meets_three_a_year,
                    first=first_pep(spell.start_date, mine, on, years, settings.first_pep_school_days),
                )
            )
    return sorted(rows, key=lambda r: r.pupil.casefold())


# --- meetings ------------------------------------------------------------------------------


def meetings(engine: Engine, start: date | None = None, end: date | None = None) -> list[MeetingRow]:
    """Meetings from ``start`` to ``end`` (inclusive, either open), earliest first."""
    with unit_of_work(engine) as session:
        counts = dict(
            session.exec(select(PepTarget.pep_id, func.count()).group_by(col(PepTarget.pep_id))).all()
        )
        query = select(PepMeeting, Pupil).join(Pupil, col(Pupil.id) == col(PepMeeting.pupil_id))
        if start is not None:
            query = query.where(PepMeeting.meeting_date >= start)
        if end is not None:
            query = query.where(PepMeeting.meeting_date <= end)
        query = query.order_by(col(PepMeeting.meeting_date), col(PepMeeting.start_time), col(PepMeeting.id))
        rows: list[MeetingRow] = []
        for pep, pupil in session.exec(query).all():
            n = counts.get(pep.id or 0, 0)
            status = PepStatus(pep.status)
            rows.append(
                MeetingRow(
                    id=pep.id or 0,
                    pupil_id=pupil.id or 0,
                    pupil=display_name(pupil),
                    initials=initials(pupil),
                    upn=pupil.upn,
                    meeting_date=pep.meeting_date,
                    start_time=pep.start_time,
                    place=pep.place,
                    kind=PepKind(pep.kind),
                    status=status,
                    status_reason=pep.status_reason,
                    targets=n,
                    complete=status is PepStatus.HELD and (n > 0 or pep.targets_elsewhere),
                    pp_plus_agreed_pence=pep.pp_plus_agreed_pence,
                    next_meeting=pep.next_meeting,
                )
            )
        return rows


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
