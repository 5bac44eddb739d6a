"""Exclusions: the suspensions and permanent exclusions on record, with what each one requires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import Exclusion, Pupil, StatusEpisode
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.status import Episode, current_categories
from cwsw_desktop.store import unit_of_work


@dataclass(frozen=True)
class ExclusionRow:
    id: int
    pupil_id: int
    pupil: str
    category: str
    kind: str
    start_date: date
    days: float
    reasons: str
    vsh_contacted: date | None
    vsh_before: bool | None
    reintegration_date: date | None


def exclusion_rows(engine: Engine, since: date | None = None) -> list[ExclusionRow]:
    with unit_of_work(engine) as session:
        episodes: dict[int, list[Episode]] = {}
        for ep in session.exec(select(StatusEpisode)).all():
            episodes.setdefault(ep.pupil_id, []).append(Episode(ep.category, ep.start_date, ep.end_date))
        query = select(Exclusion, Pupil).join(Pupil, col(Pupil.id) == col(Exclusion.pupil_id))
        if since is not None:
            query = query.where(Exclusion.start_date >= since)
        rows = []
        for ex, pupil in session.exec(query.order_by(col(Exclusion.start_date).desc())).all():
            cats = current_categories(episodes.get(pupil.id or 0, []), ex.start_date)
            cla = "CLA" in cats
            rows.append(
                ExclusionRow(
                    id=ex.id or 0,
                    pupil_id=pupil.id or 0,
                    pupil=display_name(
                        pupil.legal_forename,
                        pupil.legal_surname,
                        pupil.preferred_forename,
                        pupil.preferred_surname,
                    ),
                    category=cats[0] if cats else "",
                    kind="Permanent" if ex.kind == "permanent" else "Suspension",
                    start_date=ex.start_date,
                    days=ex.days,
                    reasons=", ".join(r for r in (ex.reason_1, ex.reason_2, ex.reason_3) if r),
                    vsh_contacted=ex.vsh_contacted,
                    vsh_before=(ex.vsh_contacted is not None and ex.vsh_contacted <= ex.start_date)
                    if cla
                    else None,
                    reintegration_date=ex.reintegration_date,
                )
            )
        return rows
