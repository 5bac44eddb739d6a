"""Planning a pupil import against the store: pupils to add, fields to change, episodes to add or end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, bindparam
from sqlmodel import Session, col, select

from cwsw_desktop.models import Contact, Pupil, StatusEpisode
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.gc_pause import no_cycle_collection
from cwsw_desktop.services.pupil_import_check import as_input, column_for
from cwsw_desktop.services.pupil_import_columns import PUPIL_COLUMN
from cwsw_desktop.services.pupil_import_types import (
    FieldChange,
    ImportPlan,
    ImportRow,
    PlannedChange,
    PlannedEpisode,
    PlannedPupil,
)
from cwsw_desktop.services.pupil_types import (
    EPISODE_FIELDS,
    PUPIL_FIELDS,
    SOCIAL_WORKER,
    EpisodeInput,
    PupilInput,
)
from cwsw_desktop.services.pupils import validate_pupil
from cwsw_desktop.store import unit_of_work

# --- planning against the store --------------------------------------------------------------


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _columns(model: Any, names: Sequence[str]) -> list[Any]:
    return [model.__table__.c[n] for n in names]


def _stored(
    session: Session, upns: Sequence[str]
) -> tuple[dict[str, Any], dict[int, list[Any]], dict[int, list[Any]]]:
    """The stored pupils the rows name (by UPN), their status episodes and their social workers,
    as plain rows: three queries, however many rows. The lists are bound as one expanding
    parameter each, so the statements are built (and compiled) once, not a literal per UPN."""
    existing = {
        p.upn: p
        for p in session.execute(
            select(*_columns(Pupil, ("id", *PUPIL_FIELDS))).where(col(Pupil.upn).in_(_many("upns"))),
            {"upns": list(upns)},
        )
    }
    ids = [p.id for p in existing.values()]
    episodes: dict[int, list[Any]] = {i: [] for i in ids}
    workers: dict[int, list[Any]] = {i: [] for i in ids}
    if ids:
        for ep in session.execute(
            select(*_columns(StatusEpisode, ("id", "pupil_id", *EPISODE_FIELDS))).where(
                col(StatusEpisode.pupil_id).in_(_many("ids"))
            ),
            {"ids": ids},
        ):
            episodes[ep.pupil_id].append(ep)
        for c in session.execute(
            select(*_columns(Contact, ("id", "pupil_id", "name", "email"))).where(
                col(Contact.pupil_id).in_(_many("ids")), Contact.role == SOCIAL_WORKER
            ),
            {"ids": ids},
        ):
            workers[c.pupil_id].append(c)
    return existing, episodes, workers


def _many(name: str) -> Any:
    """A parameter holding a list, expanded into IN (?, ?, ...) when the statement runs."""
    return bindparam(name, expanding=True)


def _judged(row: ImportRow, today: date) -> tuple[PupilInput, tuple[Problem, ...]]:
    """A new pupil's record and the pupil rules' problems with it (from checking, when it was
    judged on the same day)."""
    if row.data is not None and row.judged_on == today:
        return row.data, row.judged
    data = as_input(row.upn, row.values)
    return data, tuple(validate_pupil(data, [row.episode] if row.episode else [], today))


def plan_rows(session: Session, source: str, rows: Sequence[ImportRow], today: date) -> ImportPlan:
    existing, episodes, workers = _stored(session, [row.upn for row in rows])
    problems: list[Problem] = []
    adds: list[PlannedPupil] = []
    changes: list[PlannedChange] = []
    new_eps: list[PlannedEpisode] = []
    end_eps: list[PlannedEpisode] = []
    unchanged = 0
    for row in rows:
        pupil = existing.get(row.upn)
        name = f"{row.values.get('legal_forename', '')} {row.values.get('legal_surname', '')}".strip()
        if pupil is None:
            data, judged = _judged(row, today)
            eps = (row.episode,) if row.episode else ()
            if judged:
                problems += [Problem(column_for(p), p.message, row.line) for p in judged]
            adds.append(
                PlannedPupil(
                    row.line,
                    row.upn,
                    name,
                    data,
                    eps,
                    social_worker=row.social_worker,
                    social_worker_email=row.social_worker_email,
                )
            )
            if eps:
                new_eps += [
                    PlannedEpisode(row.line, row.upn, e.category, e.start_date, e.end_date) for e in eps
                ]
            continue
        current = PupilInput(*pupil[1:])  # the row is id, then PUPIL_FIELDS in order
        values = {attr: new for attr, new in row.values.items() if getattr(current, attr) != new}
        merged = replace(current, **values) if values else current
        field_changes = [
            FieldChange(column, _display(getattr(current, attr)), _display(values[attr]))
            for column, attr in PUPIL_COLUMN.items()
            if attr in values
        ]
        stored = [
            EpisodeInput(
                e.category, e.start_date, e.end_date, e.responsible_la, e.placement_type, e.pla_route, e.id
            )
            for e in episodes[pupil.id]
        ]
        add_eps, upd_eps = _episode_changes(row.episode, stored)
        after = [e for e in stored if e.id not in {u.id for u in upd_eps}] + upd_eps + add_eps
        problems += [
            Problem(column_for(p), p.message, row.line) for p in validate_pupil(merged, after, today)
        ]
        for e in upd_eps:
            old = next(s for s in stored if s.id == e.id)
            field_changes.append(
                FieldChange(
                    "Category End",
                    f"{e.category}: {_display(old.end_date)}",
                    f"{e.category}: {_display(e.end_date)}",
                )
            )
        worker_id, worker_changes = _worker_change(row, workers[pupil.id])
        field_changes += worker_changes
        new_eps += [PlannedEpisode(row.line, row.upn, e.category, e.start_date, e.end_date) for e in add_eps]
        end_eps += [PlannedEpisode(row.line, row.upn, e.category, e.start_date, e.end_date) for e in upd_eps]
        if not field_changes and not add_eps:
            unchanged += 1
            continue
        changes.append(
            PlannedChange(
                row.line,
                pupil.id,
                pupil.upn,
                f"{merged.legal_forename} {merged.legal_surname}",
                tuple(field_changes),
                values,
                tuple(add_eps),
                tuple(upd_eps),
                worker_id,
                social_worker=row.social_worker if worker_changes else "",
                social_worker_email=row.social_worker_email if worker_changes else "",
            )
        )
    return ImportPlan(
        source=source,
        problems=tuple(sorted(problems, key=lambda p: p.line or 0)),
        rows=tuple(rows),
        planned=True,
        to_add=tuple(adds),
        to_change=tuple(changes),
        episodes_to_add=tuple(new_eps),
        episodes_to_update=tuple(end_eps),
        unchanged=unchanged,
    )


def _episode_changes(
    new: EpisodeInput | None, stored: list[EpisodeInput]
) -> tuple[list[EpisodeInput], list[EpisodeInput]]:
    """An episode with the same category and start is the same episode: a new end date (or LA)
    updates it; otherwise the episode is added."""
    if new is None:
        return [], []
    same = next((e for e in stored if e.category == new.category and e.start_date == new.start_date), None)
    if same is None:
        return [new], []
    updated = same
    if new.end_date is not None and new.end_date != same.end_date:
        updated = replace(updated, end_date=new.end_date)
    for attr in ("responsible_la", "placement_type", "pla_route"):
        if getattr(new, attr) and getattr(new, attr) != getattr(same, attr):
            updated = replace(updated, **{attr: getattr(new, attr)})
    return [], ([updated] if updated != same else [])


def _worker_change(row: ImportRow, contacts: list[Any]) -> tuple[int | None, list[FieldChange]]:
    """The social worker named in the row: the same person (by name) keeps their contact; if the
    pupil has exactly one social worker on file, a new name replaces it; else one is added."""
    if not row.social_worker:
        return None, []
    key = " ".join(row.social_worker.split()).casefold()
    same = next((c for c in contacts if " ".join(c.name.split()).casefold() == key), None)
    if same is not None:
        if row.social_worker_email and row.social_worker_email != same.email:
            return same.id, [FieldChange("Social Worker Email", same.email, row.social_worker_email)]
        return None, []
    if len(contacts) == 1:
        old = contacts[0]
        changes = [FieldChange("Social Worker", old.name, row.social_worker)]
        if row.social_worker_email != old.email:
            changes.append(FieldChange("Social Worker Email", old.email, row.social_worker_email))
        return old.id, changes
    return None, [FieldChange("Social Worker", "", row.social_worker)]


@no_cycle_collection()
def plan_import(
    engine: Engine, rows: Sequence[ImportRow], today: date | None = None, source: str = ""
) -> ImportPlan:
    """What importing ``rows`` would do to the store, for a preview; saves nothing."""
    with unit_of_work(engine) as session:
        plan = plan_rows(session, source, rows, today or date.today())
        session.rollback()
    return plan
