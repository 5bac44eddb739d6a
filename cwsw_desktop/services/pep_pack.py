"""The data of a PEP meeting pack: the meeting, the pupil's profile and the last PEP, as plain values
for `reports/pep_pack.py`. Printing is audited by the caller (`print_pack`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import select

from cwsw_desktop.models import Exclusion
from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.services import audit
from cwsw_desktop.services.pep_types import PepDetail, PreviousPep
from cwsw_desktop.services.peps import get_pep, previous_pep
from cwsw_desktop.services.pupil_types import ContactInput, EpisodeInput, SdqView
from cwsw_desktop.services.pupil_views import get_pupil
from cwsw_desktop.services.school import load_settings, year_dates
from cwsw_desktop.store import unit_of_work


@dataclass(frozen=True)
class PupilProfile:
    name: str
    legal_name: str
    upn: str
    date_of_birth: date
    year_group: str
    categories: tuple[str, ...]
    episodes: tuple[EpisodeInput, ...]
    contacts: tuple[ContactInput, ...]
    sen_status: str  # N, K or E
    ehcp_review_date: date | None
    attendance_pct: float | None
    key_adult: str
    suspensions: int  # this academic year
    suspension_days: float
    permanent_exclusions: int
    latest_sdq: SdqView | None


@dataclass(frozen=True)
class PackData:
    school: str
    dt_name: str
    vs_adviser: str
    printed_on: date
    year_label: str
    meeting: PepDetail
    profile: PupilProfile
    previous: PreviousPep | None


def pack_data(engine: Engine, pep_id: int, today: date) -> PackData:
    meeting = get_pep(engine, pep_id)
    pupil = get_pupil(engine, meeting.pupil_id, today)
    settings = load_settings(engine)
    year = year_dates(engine, academic_year_of(meeting.meeting_date))
    with unit_of_work(engine) as session:
        exclusions = session.exec(
            select(Exclusion).where(
                Exclusion.pupil_id == meeting.pupil_id,
                Exclusion.start_date >= year.first_day,
                Exclusion.start_date <= year.last_day,
            )
        ).all()
        suspensions = [e for e in exclusions if e.kind == "suspension"]
        profile = PupilProfile(
            name=pupil.display_name,
            legal_name=pupil.legal_name,
            upn=pupil.upn,
            date_of_birth=pupil.date_of_birth,
            year_group=pupil.year_group_label,
            categories=pupil.categories,
            episodes=pupil.episodes,
            contacts=pupil.contacts,
            sen_status=pupil.sen_status,
            ehcp_review_date=pupil.ehcp_review_date,
            attendance_pct=pupil.attendance_pct,
            key_adult=pupil.key_adult,
            suspensions=len(suspensions),
            suspension_days=sum(e.days for e in suspensions),
            permanent_exclusions=sum(1 for e in exclusions if e.kind == "permanent"),
            latest_sdq=max(pupil.sdqs, key=lambda s: s.taken_on) if pupil.sdqs else None,
        )
    return PackData(
        school=settings.name,
        dt_name=settings.dt_name,
        vs_adviser=settings.vs_adviser,
        printed_on=today,
        year_label=year.label,
        meeting=meeting,
        profile=profile,
        previous=previous_pep(engine, meeting.pupil_id, meeting.meeting_date, exclude=pep_id),
    )


def record_print(engine: Engine, pep_id: int, pupil_id: int, where: str) -> None:
    """Audit that a meeting pack was printed or saved (``where``: the printer or the file)."""
    audit.log_event(
        engine, "print", "pep_meeting", pep_id, pupil_id=pupil_id, detail=f"PEP meeting pack: {where}"
    )
