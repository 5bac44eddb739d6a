"""Pupils: validate, create, update, archive and delete a pupil with their status history,
contacts and SDQ results; read one pupil in full; build the register for the Pupils tab.

Plain frozen dataclasses go in and come out, so no ORM object outlives its session. Every
change is audited in the same unit of work as the change itself, and nothing is saved when
anything is wrong (``ValidationError`` carries every problem, each naming its field).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from cwsw_desktop.models import (
    Contact,
    Exclusion,
    PepMeeting,
    Pupil,
    SdqResult,
    StatusEpisode,
)
from cwsw_desktop.rules.status import (
    CATEGORIES,
    PLA_ROUTES,
)
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.services import audit
from cwsw_desktop.services.child_sync import ChildTable, sync_children
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.pupil_checks import normalise_name, pupil_warnings, validate_pupil
from cwsw_desktop.services.pupil_types import (
    CONTACT_FIELDS,
    CONTACT_ROLES,
    CONTACTS,
    EMAIL,
    EPISODE_FIELDS,
    FIELD_LABELS,
    MAX_AGE,
    MIN_AGE,
    NAME_MAX,
    PUPIL_FIELDS,
    SDQ,
    SDQ_FIELDS,
    SDQ_VERSIONS,
    SEN_STATUSES,
    SOCIAL_WORKER,
    STATUS_HISTORY,
    ContactInput,
    EpisodeInput,
    PupilDetail,
    PupilInput,
    RegisterRow,
    SdqInput,
    SdqView,
    TimelineEntry,
)
from cwsw_desktop.services.pupil_views import (
    get_pupil,
    register_rows,
    require_pupil,
    social_workers,
)
from cwsw_desktop.store import unit_of_work

# --- writing ---------------------------------------------------------------------------------


def _clean(data: PupilInput) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in PUPIL_FIELDS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    values["upn"] = validate_upn(data.upn).upn
    return values


def _upn_owner(session: Session, upn: str, pupil_id: int | None) -> int | None:
    owner = session.exec(select(Pupil.id).where(Pupil.upn == validate_upn(upn).upn)).first()
    return owner if owner is not None and owner != pupil_id else None


def _raise_if_invalid(
    session: Session,
    pupil_id: int | None,
    data: PupilInput,
    episodes: Sequence[EpisodeInput],
    contacts: Sequence[ContactInput],
    sdqs: Sequence[SdqInput],
    today: date,
) -> None:
    problems = validate_pupil(
        data, episodes, today, _upn_owner(session, data.upn, pupil_id), contacts=contacts, sdqs=sdqs
    )
    if problems:
        raise ValidationError(problems)


_DESCRIBED = ("category", "start_date", "end_date", "role", "taken_on", "version")  # never a person's name
EPISODE_ROWS = ChildTable(StatusEpisode, "status_episode", EPISODE_FIELDS, described=_DESCRIBED)
CONTACT_ROWS = ChildTable(Contact, "contact", CONTACT_FIELDS, described=_DESCRIBED)
SDQ_ROWS = ChildTable(SdqResult, "sdq_result", SDQ_FIELDS, described=_DESCRIBED)


def _save_children(
    session: Session,
    pupil_id: int,
    episodes: Sequence[EpisodeInput],
    contacts: Sequence[ContactInput],
    sdqs: Sequence[SdqInput],
    is_new: bool,
) -> None:
    sync_children(session, EPISODE_ROWS, pupil_id, episodes, is_new=is_new)
    sync_children(session, CONTACT_ROWS, pupil_id, contacts, is_new=is_new)
    sync_children(session, SDQ_ROWS, pupil_id, sdqs, is_new=is_new)


def create_pupil(
    engine: Engine,
    data: PupilInput,
    episodes: Sequence[EpisodeInput] = (),
    contacts: Sequence[ContactInput] = (),
    sdqs: Sequence[SdqInput] = (),
    *,
    today: date | None = None,
) -> int:
    """Save a new pupil with their children rows; returns the new id."""
    today = today or date.today()
    with unit_of_work(engine) as session:
        _raise_if_invalid(session, None, data, episodes, contacts, sdqs, today)
        pupil = Pupil(**_clean(data))
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        audit.record(session, "create", "pupil", pupil.id, pupil_id=pupil.id)
        _save_children(session, pupil.id, episodes, contacts, sdqs, is_new=True)
        return pupil.id


def update_pupil(
    engine: Engine,
    pupil_id: int,
    data: PupilInput,
    episodes: Sequence[EpisodeInput],
    contacts: Sequence[ContactInput],
    sdqs: Sequence[SdqInput],
    *,
    today: date | None = None,
) -> None:
    """Replace a pupil's fields and children lists; one audit event per changed field."""
    today = today or date.today()
    with unit_of_work(engine) as session:
        pupil = require_pupil(session, pupil_id)
        _raise_if_invalid(session, pupil_id, data, episodes, contacts, sdqs, today)
        changed = False
        for name, new in _clean(data).items():
            old = getattr(pupil, name)
            if old != new:
                setattr(pupil, name, new)
                audit.record(
                    session, "update", "pupil", pupil_id, pupil_id=pupil_id, field_name=name, old=old, new=new
                )
                changed = True
        if changed:
            pupil.updated_at = _now()
        session.add(pupil)
        session.flush()
        _save_children(session, pupil_id, episodes, contacts, sdqs, is_new=False)


def archive_pupil(engine: Engine, pupil_id: int, leaving_date: date) -> None:
    """Mark a pupil as having left on ``leaving_date``; the record is kept."""
    with unit_of_work(engine) as session:
        pupil = require_pupil(session, pupil_id)
        problems: list[Problem] = []
        if pupil.admission_date is not None and leaving_date < pupil.admission_date:
            problems.append(Problem(FIELD_LABELS["leaving_date"], "must be on or after the admission date"))
        if leaving_date <= pupil.date_of_birth:
            problems.append(Problem(FIELD_LABELS["leaving_date"], "must be after the date of birth"))
        if problems:
            raise ValidationError(problems)
        if pupil.leaving_date == leaving_date:
            return
        audit.record(
            session,
            "archive",
            "pupil",
            pupil_id,
            pupil_id=pupil_id,
            field_name="leaving_date",
            old=pupil.leaving_date,
            new=leaving_date,
        )
        pupil.leaving_date = leaving_date
        pupil.updated_at = _now()
        session.add(pupil)


def delete_pupil(engine: Engine, pupil_id: int, confirm_name: str) -> None:
    """Delete a pupil and everything held about them, only if ``confirm_name`` is their full
    legal name (forename then surname; case and extra spaces do not matter)."""
    with unit_of_work(engine) as session:
        pupil = require_pupil(session, pupil_id)
        legal = f"{pupil.legal_forename} {pupil.legal_surname}"
        if normalise_name(confirm_name) != normalise_name(legal):
            raise ValidationError(
                [
                    Problem(
                        "Confirm name",
                        "type the pupil's full legal name (forename and surname) to delete the record",
                    )
                ]
            )
        counts = {
            model.__tablename__: len(session.exec(select(model.id).where(model.pupil_id == pupil_id)).all())
            for model in (StatusEpisode, Contact, SdqResult, PepMeeting, Exclusion)
        }
        audit.record(
            session,
            "delete",
            "pupil",
            pupil_id,
            pupil_id=pupil_id,
            detail="deleted with " + ", ".join(f"{n} {k}" for k, n in counts.items()),
        )
        session.exec(delete(Pupil).where(Pupil.id == pupil_id))  # type: ignore[arg-type]
        session.expunge_all()


def _now() -> datetime:
    return datetime.now(UTC)


__all__ = [
    "CATEGORIES",
    "CONTACTS",
    "CONTACT_ROLES",
    "EMAIL",
    "FIELD_LABELS",
    "MAX_AGE",
    "MIN_AGE",
    "NAME_MAX",
    "PLA_ROUTES",
    "PUPIL_FIELDS",
    "SDQ",
    "SDQ_VERSIONS",
    "SEN_STATUSES",
    "SOCIAL_WORKER",
    "STATUS_HISTORY",
    "ContactInput",
    "EpisodeInput",
    "PupilDetail",
    "PupilInput",
    "RegisterRow",
    "SdqInput",
    "SdqView",
    "TimelineEntry",
    "archive_pupil",
    "create_pupil",
    "delete_pupil",
    "get_pupil",
    "normalise_name",
    "pupil_warnings",
    "register_rows",
    "social_workers",
    "update_pupil",
    "validate_pupil",
]
