"""The register (the Pupils tab): every pupil with what needs attention, as of a date.

Read as plain rows: five Core selects whatever the number of pupils (pupils, their status
episodes, this year's PEPs with whether each has targets, the last SDQ of each, social workers),
no ORM object per row, then the same rules the Overview applies (`rules/`), run only where they
can matter (the PEP and SDQ rules for a child in care on roll, the EHCP rule for an EHCP).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, exists, func, select
from sqlmodel import col

from cwsw_desktop.models import Contact, PepMeeting, PepTarget, Pupil, SdqResult, StatusEpisode
from cwsw_desktop.models.pupil import SOCIAL_WORKER_ROLE
from cwsw_desktop.rules.attendance import attendance_band
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.ehcp import ehcp_review_owed
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.pep import PepRecord, PepStatus, pep_compliance
from cwsw_desktop.rules.sdq import sdq_owed
from cwsw_desktop.rules.status import Category, Episode, SenStatus, cohort, current_categories
from cwsw_desktop.rules.upn import CHECK_LETTERS, UPN_LENGTH
from cwsw_desktop.rules.year_group import year_group, year_group_label
from cwsw_desktop.services.pupil_types import RegisterRow
from cwsw_desktop.services.school import SchoolSettings, load_settings, years_around

_PUPIL_COLUMNS = (  # id, UPN, surname, forename first: the register sorts on (2, 3, 0)
    col(Pupil.id),
    col(Pupil.upn),
    col(Pupil.legal_surname),
    col(Pupil.legal_forename),
    col(Pupil.preferred_forename),
    col(Pupil.preferred_surname),
    col(Pupil.date_of_birth),
    col(Pupil.admission_date),
    col(Pupil.leaving_date),
    col(Pupil.year_group_override),
    col(Pupil.sen_status),
    col(Pupil.ehcp_review_date),
    col(Pupil.ehcp_last_review),
    col(Pupil.attendance_pct),
)


def register_rows(engine: Engine, today: date | None = None) -> list[RegisterRow]:
    """The register: every pupil (leavers flagged), with what needs attention on `today`."""
    today = today or date.today()
    settings = load_settings(engine)
    current = academic_year_of(today)
    year = next(y for y in years_around(engine, today) if y.start_year == current)
    with engine.connect() as conn:
        # sorted here, not by SQL: a plain scan is several times faster than walking the index
        pupils = sorted(conn.execute(select(*_PUPIL_COLUMNS)).all(), key=itemgetter(2, 3, 0))
        # Child rows as plain tuples (cheap to compare); rule objects are made only for a pupil
        # whose line has to be worked out again.
        episodes: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for pupil_id, category, start, end in conn.execute(
            select(
                col(StatusEpisode.pupil_id),
                col(StatusEpisode.category),
                col(StatusEpisode.start_date),
                col(StatusEpisode.end_date),
            )
            .where(col(StatusEpisode.start_date) <= today)
            .order_by(col(StatusEpisode.start_date))
        ).all():
            # the history as it stood on the date: an end after it is still open
            episodes[pupil_id].append((category, start, end if end is not None and end < today else None))
        has_targets = exists().where(col(PepTarget.pep_id) == col(PepMeeting.id))
        peps: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for meeting_id, pupil_id, held_on, status, elsewhere, targets in conn.execute(
            select(
                col(PepMeeting.id),
                col(PepMeeting.pupil_id),
                col(PepMeeting.meeting_date),
                col(PepMeeting.status),
                col(PepMeeting.targets_elsewhere),
                has_targets,
            ).where(
                col(PepMeeting.meeting_date) >= year.first_day, col(PepMeeting.meeting_date) <= year.last_day
            )
        ).all():
            peps[pupil_id].append((held_on, status, bool(elsewhere or targets), meeting_id))
        last_sdq: dict[int, date] = dict(
            conn.execute(
                select(col(SdqResult.pupil_id), func.max(col(SdqResult.taken_on)))
                .where(col(SdqResult.taken_on) <= today)
                .group_by(col(SdqResult.pupil_id))
            ).all()
        )
        workers: dict[int, str] = dict(
            conn.execute(
                select(col(Contact.pupil_id), col(Contact.name))
                .where(col(Contact.role) == SOCIAL_WORKER_ROLE)
                .order_by(col(Contact.id))
            ).all()
        )
    known = _known_rows(settings, year, today)
    rows = []
    for p in pupils:
        facts = (
            tuple(p),
            tuple(episodes.get(p.id, ())),
            tuple(peps.get(p.id, ())),
            last_sdq.get(p.id),
            workers.get(p.id, ""),
        )
        row = known.get(facts)
        if row is None:
            row = known[facts] = _row(p, *facts[1:], settings, year, today)
        rows.append(row)
    return rows


@lru_cache(maxsize=4)
def _known_rows(
    settings: SchoolSettings, year: AcademicYearDates, today: date
) -> dict[tuple[Any, ...], RegisterRow]:
    """The register lines already worked out on this date under these settings, by everything
    each was worked out from (its pupil's row and child rows): a pupil whose records did not change
    since the last refresh is not put through the rules again, and keeps the same line object, so
    the tab sees at once that nothing changed. Any change to any input is a new key."""
    return {}


def _row(
    p: Any,
    episode_rows: tuple[tuple[Any, ...], ...],
    pep_rows: tuple[tuple[Any, ...], ...],
    last_sdq: date | None,
    social_worker: str,
    settings: SchoolSettings,
    year: AcademicYearDates,
    today: date,
) -> RegisterRow:
    """One pupil's register line, from their plain rows and the rules."""
    episodes = [Episode(*e) for e in episode_rows]
    peps = [
        PepRecord(held_on, PepStatus(status), targets, meeting)
        for held_on, status, targets, meeting in pep_rows
    ]
    on_roll = (p.admission_date is None or p.admission_date <= today) and (
        p.leaving_date is None or today <= p.leaving_date
    )
    in_care_from = max(
        (e.start for e in episodes if e.category == Category.CLA and e.is_open_on(today)), default=None
    )
    pep_status = ""
    if in_care_from is not None and on_roll:
        pep_status = pep_compliance(
            peps,
            year,
            today,
            settings.pep_due_soon_days,
            in_care_from=in_care_from,
            admitted=p.admission_date,
            first_pep_school_days=settings.first_pep_school_days,
        ).current_status
    group = year_group_of(p.year_group_override, p.date_of_birth, year.start_year)
    upn: str = p.upn
    return RegisterRow(
        id=p.id,
        upn=upn,
        upn_temporary=len(upn) == UPN_LENGTH and upn[-1] in CHECK_LETTERS,
        display_name=display_name(
            p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname
        ),
        legal_surname=p.legal_surname,
        legal_forename=p.legal_forename,
        preferred_forename=p.preferred_forename,
        date_of_birth=p.date_of_birth,
        year_group=group,
        year_group_label=year_group_label(group),
        cohort=cohort(episodes, today) or "",
        categories=current_categories(episodes, today),
        sen_status=p.sen_status,
        leaver=not on_roll,
        leaving_date=p.leaving_date,
        social_worker=social_worker,
        pep_status=pep_status,
        sdq_due=in_care_from is not None
        and sdq_owed(p.date_of_birth, in_care_from, last_sdq, today) is not None,
        ehcp_review_due=p.sen_status == SenStatus.EHCP
        and ehcp_review_owed(p.ehcp_last_review, p.ehcp_review_date, today) is not None,
        attendance_pct=p.attendance_pct,
        attendance_band=attendance_band(p.attendance_pct, settings.persistent_absence_pct)
        if p.attendance_pct is not None
        else "",
    )


def year_group_of(override: int | None, dob: date, start_year: int) -> int:
    """A pupil's year group in the academic year starting in `start_year`: the one set by hand
    (a child out of their age group), else the one their date of birth gives."""
    return override if override is not None else year_group(dob, start_year)
