"""Reading pupils: one pupil in full with their timeline. The register rows for the Pupils tab
are read in `services/register.py` (plain rows, the same rules as the Overview)."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cwsw_desktop.models import (
    AlternativeProvision,
    Contact,
    Exclusion,
    PepMeeting,
    Pupil,
    RiskAssessment,
    SdqResult,
    StatusEpisode,
)
from cwsw_desktop.models.pupil import SOCIAL_WORKER_ROLE
from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.sdq import sdq_band
from cwsw_desktop.rules.status import Episode, cohort, current_categories
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.rules.year_group import year_group_label
from cwsw_desktop.services.contact_log import entries_for
from cwsw_desktop.services.errors import NotFoundError
from cwsw_desktop.services.pupil_types import (
    PUPIL_FIELDS,
    ContactInput,
    EpisodeInput,
    PupilDetail,
    SdqView,
    TimelineEntry,
)
from cwsw_desktop.services.register import register_rows, year_group_of
from cwsw_desktop.store import unit_of_work


def require_pupil(session: Session, pupil_id: int) -> Pupil:
    """The pupil row with this id, or NotFoundError (for every service that reads or edits one)."""
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise NotFoundError(f"There is no pupil with id {pupil_id}.")
    return pupil


# --- reading ---------------------------------------------------------------------------------


def get_pupil(engine: Engine, pupil_id: int, today: date | None = None) -> PupilDetail:
    today = today or date.today()
    with unit_of_work(engine) as session:
        p = require_pupil(session, pupil_id)
        eps = session.exec(
            select(StatusEpisode)
            .where(StatusEpisode.pupil_id == pupil_id)
            .order_by(col(StatusEpisode.start_date))
        ).all()
        contacts = session.exec(
            select(Contact).where(Contact.pupil_id == pupil_id).order_by(col(Contact.id))
        ).all()
        sdqs = session.exec(
            select(SdqResult).where(SdqResult.pupil_id == pupil_id).order_by(col(SdqResult.taken_on))
        ).all()
        peps = session.exec(select(PepMeeting).where(PepMeeting.pupil_id == pupil_id)).all()
        exclusions = session.exec(select(Exclusion).where(Exclusion.pupil_id == pupil_id)).all()
        episodes = tuple(
            EpisodeInput(
                e.category, e.start_date, e.end_date, e.responsible_la, e.placement_type, e.pla_route, e.id
            )
            for e in eps
        )
        plain = [Episode(e.category, e.start_date, e.end_date) for e in eps]
        sdq_views = tuple(
            SdqView(s.id or 0, s.taken_on, s.version, s.total, _band(s.total, s.version)) for s in sdqs
        )
        timeline = _timeline(p, episodes, sdq_views, peps, exclusions)
        contact_log = tuple(entries_for(session, pupil_id))
        timeline = tuple(
            sorted(timeline + _support_timeline(session, pupil_id), key=lambda t: (t.date, t.kind, t.text))
        )
        group = year_group_of(p.year_group_override, p.date_of_birth, academic_year_of(today))
        return PupilDetail(
            id=pupil_id,
            **{name: getattr(p, name) for name in PUPIL_FIELDS},  # every editable field, as stored
            upn_temporary=validate_upn(p.upn).temporary,
            year_group=group,
            year_group_label=year_group_label(group),
            cohort=cohort(plain, today),
            categories=current_categories(plain, today),
            episodes=episodes,
            contacts=tuple(
                ContactInput(c.role, c.name, c.organisation, c.phone, c.email, c.id) for c in contacts
            ),
            sdqs=sdq_views,
            timeline=timeline,
            contact_log=contact_log,
        )


def _band(total: int, version: str) -> str:
    try:
        return sdq_band(total, version)
    except ValueError:
        return ""


def _timeline(
    p: Pupil,
    episodes: Sequence[EpisodeInput],
    sdqs: Sequence[SdqView],
    peps: Sequence[PepMeeting],
    exclusions: Sequence[Exclusion],
) -> tuple[TimelineEntry, ...]:
    entries: list[TimelineEntry] = []
    if p.admission_date:
        entries.append(TimelineEntry(p.admission_date, "School", "Joined the school"))
    if p.leaving_date:
        entries.append(TimelineEntry(p.leaving_date, "School", "Left the school"))
    for e in episodes:
        extra = e.pla_route or e.responsible_la
        entries.append(
            TimelineEntry(e.start_date, "Status", f"{e.category} started" + (f" ({extra})" if extra else ""))
        )
        if e.end_date is not None:
            entries.append(TimelineEntry(e.end_date, "Status", f"{e.category} ended"))
    for pep in peps:
        entries.append(TimelineEntry(pep.meeting_date, "PEP", f"PEP {pep.status}"))
    for ex in exclusions:
        text = (
            "Permanent exclusion"
            if ex.kind == "permanent"
            else f"Suspension, {ex.days:g} day{'s' if ex.days != 1 else ''}"
        )
        entries.append(TimelineEntry(ex.start_date, "Exclusion", text))
    for s in sdqs:
        entries.append(
            TimelineEntry(
                s.taken_on, "SDQ", f"SDQ ({s.version}) {s.total}" + (f" – {s.band}" if s.band else "")
            )
        )
    return tuple(sorted(entries, key=lambda t: (t.date, t.kind, t.text)))


def _support_timeline(session: Session, pupil_id: int) -> tuple[TimelineEntry, ...]:
    """Risk assessments and alternative provision placements (the exclusions area)."""
    entries = [
        TimelineEntry(r.assessed_on, "Risk assessment", r.summary or "Risk assessment")
        for r in session.exec(select(RiskAssessment).where(RiskAssessment.pupil_id == pupil_id)).all()
    ]
    for a in session.exec(
        select(AlternativeProvision).where(AlternativeProvision.pupil_id == pupil_id)
    ).all():
        entries.append(
            TimelineEntry(
                a.start_date, "Alternative provision", f"{a.provider}, {a.hours_per_week:g} hours a week"
            )
        )
        if a.end_date is not None:
            entries.append(TimelineEntry(a.end_date, "Alternative provision", f"{a.provider} ended"))
    return tuple(entries)


def social_workers(engine: Engine) -> dict[int, str]:
    """The social worker's name for each pupil who has one (the latest added), in one query."""
    with unit_of_work(engine) as session:
        rows = session.exec(
            select(Contact.pupil_id, Contact.name)
            .where(Contact.role == SOCIAL_WORKER_ROLE)
            .order_by(col(Contact.id))
        ).all()
    return {pupil_id: name for pupil_id, name in rows}


__all__ = ["get_pupil", "register_rows", "require_pupil", "social_workers"]
