"""The register (the Pupils tab): every pupil with what needs attention, as of a date.

Read as plain rows through a ``Reader`` (store/reader.py): one snapshot, the settings and terms,
then five selects whatever the number of pupils (pupils, their status episodes, this year's PEPs
with whether each has targets, the last SDQ of each, social workers); no ORM object and no
SQLAlchemy row per row. The values stay as stored (dates as ISO text, which sorts and compares as
the dates do) until a pupil's line has to be worked out: then the same rules the Overview applies
(`rules/`) run, and only where they can matter (the PEP and SDQ rules for a child in care on roll,
the EHCP rule for an EHCP). A refresh after a commit elsewhere (an audit event, say) re-reads
the rows but works out again only the lines whose rows changed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from cwsw_desktop.rules.attendance import attendance_band
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.ehcp import ehcp_review_owed
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.pep import PepRecord, PepStatus, pep_compliance
from cwsw_desktop.rules.sdq import sdq_owed
from cwsw_desktop.rules.settings import SchoolSettings
from cwsw_desktop.rules.status import (
    SOCIAL_WORKER_ROLE,
    Category,
    Episode,
    SenStatus,
    cohort,
    current_categories,
)
from cwsw_desktop.rules.upn import CHECK_LETTERS, UPN_LENGTH
from cwsw_desktop.rules.year_group import year_group, year_group_label
from cwsw_desktop.services.pupil_types import RegisterRow
from cwsw_desktop.services.school_read import day, read_settings, read_years_around
from cwsw_desktop.store.reader import reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

# id, UPN, surname, forename first: the register sorts on (2, 3, 0)
_PUPILS = (
    "SELECT id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname, "
    "date_of_birth, admission_date, leaving_date, year_group_override, sen_status, "
    "ehcp_review_date, ehcp_last_review, attendance_pct FROM pupil"
)
_EPISODES = (
    "SELECT pupil_id, category, start_date, end_date FROM status_episode "
    "WHERE start_date <= ? ORDER BY start_date"
)
_PEPS = (
    "SELECT m.id, m.pupil_id, m.meeting_date, m.status, m.targets_elsewhere, "
    "EXISTS (SELECT 1 FROM pep_target t WHERE t.pep_id = m.id) "
    "FROM pep_meeting m WHERE m.meeting_date >= ? AND m.meeting_date <= ?"
)
_LAST_SDQ = "SELECT pupil_id, max(taken_on) FROM sdq_result WHERE taken_on <= ? GROUP BY pupil_id"
_WORKERS = "SELECT pupil_id, name FROM contact WHERE role = ? ORDER BY id"


class _Pupil(NamedTuple):
    """One pupil's row with its dates as dates (made only for a line worked out again)."""

    id: int
    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    preferred_surname: str
    date_of_birth: date
    admission_date: date | None
    leaving_date: date | None
    year_group_override: int | None
    sen_status: str
    ehcp_review_date: date | None
    ehcp_last_review: date | None
    attendance_pct: float | None

    @classmethod
    def stored(cls, row: tuple[Any, ...]) -> _Pupil:
        i, upn, ls, lf, pf, ps, born, admitted, left, override, sen, review, reviewed, pct = row
        return cls(
            i, upn, ls, lf, pf, ps, date.fromisoformat(born), day(admitted), day(left), override, sen,
            day(review), day(reviewed), pct,
        )  # fmt: skip


def register_rows(source: Source, today: date | None = None) -> list[RegisterRow]:
    """The register: every pupil (leavers flagged), with what needs attention on `today`."""
    today = today or date.today()
    on = today.isoformat()
    current = academic_year_of(today)
    with reading(source) as r:
        settings = read_settings(r)
        year = next(y for y in read_years_around(r, today) if y.start_year == current)
        # sorted here, not by SQL: a plain scan is several times faster than walking the index
        pupils = sorted(r.rows(_PUPILS), key=itemgetter(2, 3, 0))
        # Child rows as plain tuples (cheap to compare); rule objects are made only for a pupil
        # whose line has to be worked out again.
        episodes: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for pupil_id, category, start, end in r.rows(_EPISODES, (on,)):
            # the history as it stood on the date: an end after it is still open
            episodes[pupil_id].append((category, start, end if end is not None and end < on else None))
        peps: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        span = (year.first_day.isoformat(), year.last_day.isoformat())
        for meeting_id, pupil_id, held_on, status, elsewhere, targets in r.rows(_PEPS, span):
            peps[pupil_id].append((held_on, status, bool(elsewhere or targets), meeting_id))
        last_sdq: dict[int, str] = dict(r.rows(_LAST_SDQ, (on,)))
        workers: dict[int, str] = dict(r.rows(_WORKERS, (SOCIAL_WORKER_ROLE,)))
    known = _known_rows(settings, year, today)
    rows = []
    for p in pupils:
        pupil_id = p[0]
        facts = (
            p,
            tuple(episodes.get(pupil_id, ())),
            tuple(peps.get(pupil_id, ())),
            last_sdq.get(pupil_id),
            workers.get(pupil_id, ""),
        )
        row = known.get(facts)
        if row is None:
            row = known[facts] = _row(_Pupil.stored(p), *facts[1:], settings, year, today)
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
    p: _Pupil,
    episode_rows: tuple[tuple[Any, ...], ...],
    pep_rows: tuple[tuple[Any, ...], ...],
    last_sdq: str | None,
    social_worker: str,
    settings: SchoolSettings,
    year: AcademicYearDates,
    today: date,
) -> RegisterRow:
    """One pupil's register line, from their rows as stored and the rules."""
    episodes = [
        Episode(category, date.fromisoformat(start), day(end)) for category, start, end in episode_rows
    ]
    peps = [
        PepRecord(date.fromisoformat(held_on), PepStatus(status), targets, meeting)
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
        and sdq_owed(p.date_of_birth, in_care_from, day(last_sdq), today) is not None,
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
