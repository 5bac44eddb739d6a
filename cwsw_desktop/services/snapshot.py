"""Everything the views need to know about each pupil today, loaded in a handful of queries.

The register (Pupils tab) and the Overview both read this, so "what is due" is worked out once,
by the rules, the same way everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import Exclusion, PepMeeting, PepTarget, Pupil, SdqResult, StatusEpisode
from cwsw_desktop.rules.attendance import attendance_band
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.pep import PepCompliance, PepRecord, PepStatus, pep_compliance
from cwsw_desktop.rules.sdq import sdq_due
from cwsw_desktop.rules.status import Episode, cohort, current_categories
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.school import SchoolSettings, load_settings, years_around
from cwsw_desktop.store import unit_of_work

EHCP_REVIEW_WARNING_DAYS = 30


@dataclass(frozen=True)
class PupilFacts:
    id: int
    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    date_of_birth: date
    year_group: int
    sen_status: str
    ehcp_review_date: date | None
    attendance_pct: float | None
    attendance_band: str | None
    leaving_date: date | None
    cohort: str | None
    categories: tuple[str, ...]
    episodes: tuple[Episode, ...]
    pep: PepCompliance | None
    sdq_due: bool
    ehcp_review_due: bool
    suspensions_this_year: float

    @property
    def display_name(self) -> str:
        first = self.preferred_forename or self.legal_forename
        return f"{first} {self.legal_surname}"

    @property
    def on_roll(self) -> bool:
        return self.leaving_date is None


@dataclass(frozen=True)
class Snapshot:
    today: date
    settings: SchoolSettings
    year: AcademicYearDates
    years: tuple[AcademicYearDates, ...]
    pupils: tuple[PupilFacts, ...]


def load_snapshot(engine: Engine, today: date | None = None) -> Snapshot:
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
        for sdq in session.exec(select(SdqResult)).all():
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
        facts = [
            _facts(
                p,
                episodes[p.id or 0],
                peps[p.id or 0],
                sdqs.get(p.id or 0),
                suspended[p.id or 0],
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
    settings: SchoolSettings,
    year: AcademicYearDates,
    today: date,
) -> PupilFacts:
    assert p.id is not None
    episodes = tuple(Episode(e.category, e.start_date, e.end_date) for e in rows)
    categories = current_categories(episodes, today)
    is_cla = "CLA" in categories
    compliance = None
    if is_cla and p.leaving_date is None:
        cla_start = max(e.start for e in episodes if e.category == "CLA" and e.is_open_on(today))
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
        date_of_birth=p.date_of_birth,
        year_group=p.year_group_override
        if p.year_group_override is not None
        else year_group(p.date_of_birth, year.start_year),
        sen_status=p.sen_status,
        ehcp_review_date=p.ehcp_review_date,
        attendance_pct=p.attendance_pct,
        attendance_band=band,
        leaving_date=p.leaving_date,
        cohort=cohort(episodes, today),
        categories=categories,
        episodes=episodes,
        pep=compliance,
        sdq_due=is_cla and sdq_due(last_sdq, today),
        ehcp_review_due=p.sen_status == "E"
        and (
            p.ehcp_review_date is None
            or p.ehcp_review_date <= today + timedelta(days=EHCP_REVIEW_WARNING_DAYS)
        ),
        suspensions_this_year=suspended,
    )
