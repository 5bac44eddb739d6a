"""Everything the views need to know about each pupil on a date, loaded in a handful of queries.

The register (Pupils tab) and the Overview both read this, so "what is due" is worked out once,
by the rules, the same way everywhere. Everything is *as of* the date asked about: categories,
ages, year groups and who is on roll on that day, not today's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import (
    Contact,
    Exclusion,
    PepMeeting,
    PepTarget,
    Pupil,
    SdqResult,
    StatusEpisode,
)
from cwsw_desktop.models.pupil import SOCIAL_WORKER_ROLE
from cwsw_desktop.rules.attendance import attendance_band
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.ehcp import ehcp_review_owed
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.pep import PepCompliance, PepRecord, PepStatus, pep_compliance
from cwsw_desktop.rules.sdq import sdq_owed
from cwsw_desktop.rules.status import Category, Episode, SenStatus, cohort, current_categories
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.school import SchoolSettings, load_settings, years_around
from cwsw_desktop.store import unit_of_work


@dataclass(frozen=True)
class PupilFacts:
    id: int
    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    preferred_surname: str
    date_of_birth: date
    admission_date: date | None
    year_group: int
    sen_status: str
    ehcp_review_date: date | None  # the next review, as typed or imported
    ehcp_last_review: date | None
    attendance_pct: float | None
    attendance_band: str | None
    leaving_date: date | None
    cohort: Category | None
    categories: tuple[Category, ...]
    episodes: tuple[Episode, ...]
    pep: PepCompliance | None
    sdq_due: bool
    ehcp_review_due: bool
    suspensions_this_year: float
    on_roll: bool  # admitted by the date and not left before it
    last_sdq: date | None
    social_worker: str  # the latest social-worker contact's name, "" when none

    @property
    def display_name(self) -> str:
        return display_name(
            self.legal_forename, self.legal_surname, self.preferred_forename, self.preferred_surname
        )

    @property
    def looked_after_since(self) -> date | None:
        """When the open CLA episode on the snapshot's date began (None: not looked after)."""
        starts = [e.start for e in self.episodes if e.category == Category.CLA and e.end is None]
        return max(starts, default=None)


@dataclass(frozen=True)
class Snapshot:
    today: date
    settings: SchoolSettings
    year: AcademicYearDates
    years: tuple[AcademicYearDates, ...]
    pupils: tuple[PupilFacts, ...]


def load_snapshot(engine: Engine, today: date | None = None) -> Snapshot:
    """Every pupil as of ``today`` (the date asked about; the real today when None)."""
    today = today or date.today()
    settings = load_settings(engine)
    years = tuple(years_around(engine, today))
    current = academic_year_of(today)
    year = next(y for y in years if y.start_year == current)
    with unit_of_work(engine) as session:
        pupils = session.exec(
            select(Pupil).order_by(col(Pupil.legal_surname), col(Pupil.legal_forename))
        ).all()
        episodes: dict[int, list[StatusEpisode]] = defaultdict(list)
        for ep in session.exec(select(StatusEpisode).order_by(col(StatusEpisode.start_date))).all():
            episodes[ep.pupil_id].append(ep)
        targets = set(session.exec(select(PepTarget.pep_id)).all())
        peps: dict[int, list[PepRecord]] = defaultdict(list)
        for pep in session.exec(
            select(PepMeeting).where(
                PepMeeting.meeting_date >= year.first_day, PepMeeting.meeting_date <= year.last_day
            )
        ).all():
            peps[pep.pupil_id].append(
                PepRecord(
                    held_on=pep.meeting_date,
                    status=PepStatus(pep.status),
                    has_targets=pep.targets_elsewhere or pep.id in targets,
                    meeting_id=pep.id,
                )
            )
        sdqs: dict[int, date] = {}
        for sdq in session.exec(select(SdqResult).where(SdqResult.taken_on <= today)).all():
            if sdq.pupil_id not in sdqs or sdq.taken_on > sdqs[sdq.pupil_id]:
                sdqs[sdq.pupil_id] = sdq.taken_on
        suspended: dict[int, float] = defaultdict(float)
        for ex in session.exec(
            select(Exclusion).where(
                Exclusion.start_date >= year.first_day,
                Exclusion.start_date <= year.last_day,
                Exclusion.kind == "suspension",
            )
        ).all():
            suspended[ex.pupil_id] += ex.days
        workers: dict[int, str] = {}
        for pupil_id, name in session.exec(
            select(Contact.pupil_id, Contact.name)
            .where(Contact.role == SOCIAL_WORKER_ROLE)
            .order_by(col(Contact.id))
        ).all():
            workers[pupil_id] = name
        facts = [
            _facts(
                p,
                episodes[p.id or 0],
                peps[p.id or 0],
                sdqs.get(p.id or 0),
                suspended[p.id or 0],
                workers.get(p.id or 0, ""),
                settings,
                year,
                today,
            )
            for p in pupils
        ]
    return Snapshot(today=today, settings=settings, year=year, years=years, pupils=tuple(facts))


def _facts(
    p: Pupil,
    rows: list[StatusEpisode],
    peps: list[PepRecord],
    last_sdq: date | None,
    suspended: float,
    social_worker: str,
    settings: SchoolSettings,
    year: AcademicYearDates,
    today: date,
) -> PupilFacts:
    assert p.id is not None
    # The history as it stood on the date: nothing that starts later, and an end after it is open.
    episodes = tuple(
        Episode(
            e.category, e.start_date, e.end_date if e.end_date is not None and e.end_date < today else None
        )
        for e in rows
        if e.start_date <= today
    )
    categories = current_categories(episodes, today)
    on_roll = (p.admission_date is None or p.admission_date <= today) and (
        p.leaving_date is None or today <= p.leaving_date
    )
    compliance = None
    cla_start = max(
        (e.start for e in episodes if e.category == Category.CLA and e.is_open_on(today)), default=None
    )
    if cla_start is not None and on_roll:
        compliance = pep_compliance(
            peps,
            year,
            today,
            settings.pep_due_soon_days,
            in_care_from=cla_start,
            admitted=p.admission_date,
            first_pep_school_days=settings.first_pep_school_days,
        )
    band = (
        attendance_band(p.attendance_pct, settings.persistent_absence_pct)
        if p.attendance_pct is not None
        else None
    )
    return PupilFacts(
        id=p.id,
        upn=p.upn,
        legal_surname=p.legal_surname,
        legal_forename=p.legal_forename,
        preferred_forename=p.preferred_forename,
        preferred_surname=p.preferred_surname,
        date_of_birth=p.date_of_birth,
        admission_date=p.admission_date,
        year_group=p.year_group_override
        if p.year_group_override is not None
        else year_group(p.date_of_birth, year.start_year),
        sen_status=p.sen_status,
        ehcp_review_date=p.ehcp_review_date,
        ehcp_last_review=p.ehcp_last_review,
        attendance_pct=p.attendance_pct,
        attendance_band=band,
        leaving_date=p.leaving_date,
        cohort=cohort(episodes, today),
        categories=categories,
        episodes=episodes,
        pep=compliance,
        sdq_due=cla_start is not None and sdq_owed(p.date_of_birth, cla_start, last_sdq, today) is not None,
        ehcp_review_due=p.sen_status == SenStatus.EHCP
        and ehcp_review_owed(p.ehcp_last_review, p.ehcp_review_date, today) is not None,
        suspensions_this_year=suspended,
        on_roll=on_roll,
        last_sdq=last_sdq,
        social_worker=social_worker,
    )
