"""PEP calendar: each looked-after child's PEP status term by term, and the meetings themselves."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import col, func, select

from cwsw_desktop.models import PepMeeting, PepTarget
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.services.snapshot import Snapshot, load_snapshot
from cwsw_desktop.store import unit_of_work


@dataclass(frozen=True)
class PepCalendarRow:
    pupil_id: int
    pupil: str
    year_group: int
    autumn: str
    spring: str
    summer: str
    held_this_year: int
    current_status: str
    next_due: date | None


@dataclass(frozen=True)
class PepMeetingRow:
    id: int
    pupil_id: int
    pupil: str
    meeting_date: date
    status: str
    targets: int
    pp_plus_agreed_pence: int
    next_meeting: date | None


def pep_calendar(
    engine: Engine, today: date | None = None, snapshot: Snapshot | None = None
) -> list[PepCalendarRow]:
    snap = snapshot or load_snapshot(engine, today)
    rows = []
    for p in snap.pupils:
        if p.pep is None:
            continue
        by_term = {t.term.name: t for t in p.pep.terms}

        def cell(name: str) -> str:
            t = by_term.get(name)  # noqa: B023  (called within the same iteration)
            if t is None:
                return ""
            return f"{t.status} ({t.pep_date:%d/%m})" if t.pep_date else t.status

        rows.append(
            PepCalendarRow(
                p.id,
                p.display_name,
                p.year_group,
                cell("Autumn"),
                cell("Spring"),
                cell("Summer"),
                p.pep.held_this_year,
                p.pep.current_status,
                p.pep.next_due,
            )
        )
    return rows


def pep_meetings(engine: Engine, since: date | None = None) -> list[PepMeetingRow]:
    from cwsw_desktop.models import Pupil

    with unit_of_work(engine) as session:
        counts: dict[int, int] = defaultdict(int)
        for pep_id, n in session.exec(
            select(PepTarget.pep_id, func.count()).group_by(col(PepTarget.pep_id))
        ).all():
            counts[pep_id] = n
        query = select(PepMeeting, Pupil).join(Pupil, col(Pupil.id) == col(PepMeeting.pupil_id))
        if since is not None:
            query = query.where(PepMeeting.meeting_date >= since)
        rows = []
        for pep, pupil in session.exec(query.order_by(col(PepMeeting.meeting_date).desc())).all():
            name = display_name(
                pupil.legal_forename, pupil.legal_surname, pupil.preferred_forename, pupil.preferred_surname
            )
            rows.append(
                PepMeetingRow(
                    pep.id or 0,
                    pupil.id or 0,
                    name,
                    pep.meeting_date,
                    pep.status,
                    counts[pep.id or 0],
                    pep.pp_plus_agreed_pence,
                    pep.next_meeting,
                )
            )
        return rows
