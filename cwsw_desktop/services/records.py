"""Audited edits of one stored row, in the caller's unit of work: the one home for "fetch it or
say it is gone", "change these fields, one audit event per field that changed" and "delete it,
audited", which every record service (exclusions, their support records, the contact log, the
training log, the school's settings) shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import NotFoundError

Row = TypeVar("Row", bound=SQLModel)


def existing(session: Session, model: type[Row], row_id: Any, missing: str) -> Row:
    """The row of `model` with id `row_id`; NotFoundError(`missing`) when there is none."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(missing)
    return row


def add_row(
    session: Session, entity: str, row: SQLModel, *, pupil_id: int | None = None, detail: str = ""
) -> int:
    """Insert a new `row`, recording a 'create' event; returns its id."""
    session.add(row)
    session.flush()
    row_id = getattr(row, "id", None)
    assert isinstance(row_id, int), f"{entity} has no id after insert"
    audit.record(session, AuditAction.CREATE, entity, row_id, pupil_id=pupil_id, detail=detail)
    return row_id


def set_fields(
    session: Session,
    entity: str,
    row: SQLModel,
    values: Mapping[str, Any],
    *,
    pupil_id: int | None = None,
) -> list[str]:
    """Set `values` on a stored `row`, recording an 'update' event (old and new value) for each
    field that changes; returns the names of the fields changed."""
    changed = []
    for name, new in values.items():
        old = getattr(row, name)
        if old != new:
            setattr(row, name, new)
            changed.append(name)
            audit.record(
                session,
                AuditAction.UPDATE,
                entity,
                getattr(row, "id", None),
                pupil_id=pupil_id,
                field_name=name,
                old=old,
                new=new,
            )
    session.add(row)
    return changed


def delete_row(
    session: Session, entity: str, row: SQLModel, *, pupil_id: int | None = None, detail: str = ""
) -> None:
    """Delete `row`, recording a 'delete' event (the detail never names a person's note)."""
    audit.record(
        session, AuditAction.DELETE, entity, getattr(row, "id", None), pupil_id=pupil_id, detail=detail
    )
    session.delete(row)
