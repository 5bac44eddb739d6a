"""Make a parent's child rows match a list, audited row by row: the one helper for every child
table (a pupil's status episodes, contacts and SDQ results today; a PEP's targets, actions and
attendees next).

Rows are matched by id first, then by identical content; matched rows are updated in place (one
audit event per changed field), the rest of the wanted items are added and the rest of the rows
deleted. The audit never names a person: only the fields a table declares safe are described.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import Session, SQLModel, select

from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit

Row = TypeVar("Row", bound=SQLModel)


def tidy(name: str, value: Any) -> Any:
    """Text as stored: surrounding spaces dropped (and SDQ versions in lower case)."""
    if isinstance(value, str):
        value = value.strip()
        if name == "version":
            value = value.lower()
    return value


@dataclass(frozen=True)
class ChildTable(Generic[Row]):
    """How one child table is kept in step with its parent."""

    model: type[Row]
    entity: str  # the name the audit trail uses
    fields: tuple[str, ...]  # compared, copied and audited
    parent_field: str = "pupil_id"
    described: tuple[str, ...] = ()  # fields safe to name in the audit detail (no people's names)
    normalise: Callable[[str, Any], Any] = tidy


@dataclass(frozen=True)
class SyncCounts:
    added: int = 0
    updated: int = 0
    deleted: int = 0


def describe(table: ChildTable[Any], row: SQLModel) -> str:
    return ", ".join(f"{n}={audit.text(getattr(row, n))}" for n in table.described if n in table.fields)


def sync_children(
    session: Session,
    table: ChildTable[Row],
    parent_id: int,
    wanted: Sequence[Any],
    *,
    pupil_id: int | None = None,
    is_new: bool = False,
) -> SyncCounts:
    """Make the rows of `table` under `parent_id` match `wanted` (items with the table's fields
    and an ``id``, None for a new one), in the caller's unit of work. `pupil_id` is the child the
    audit events belong to (the parent's id when the parent is the pupil)."""
    model, names, value = table.model, table.fields, table.normalise
    owner = pupil_id if pupil_id is not None else (parent_id if table.parent_field == "pupil_id" else None)
    parent_column = getattr(model, table.parent_field)
    existing: list[Row] = (
        [] if is_new else list(session.exec(select(model).where(parent_column == parent_id)).all())
    )
    by_id: dict[Any, Row] = {getattr(row, "id", None): row for row in existing}
    matched: dict[Any, Any] = {}
    unmatched: list[Any] = []
    for item in wanted:
        if item.id is not None and item.id in by_id and item.id not in matched:
            matched[item.id] = item
        else:
            unmatched.append(item)
    spare = [row for row in existing if getattr(row, "id", None) not in matched]
    for item in list(unmatched):
        twin = next(
            (row for row in spare if all(getattr(row, n) == value(n, getattr(item, n)) for n in names)), None
        )
        if twin is not None and getattr(twin, "id", None) is not None:
            matched[getattr(twin, "id", None)] = item
            spare.remove(twin)
            unmatched.remove(item)
    for row in spare:
        _audit_row(session, AuditAction.DELETE, table, row, owner)
        session.delete(row)
    updated = 0
    for row_id, item in matched.items():
        row = by_id[row_id]
        changed = False
        for n in names:
            old, new = getattr(row, n), value(n, getattr(item, n))
            if old != new:
                setattr(row, n, new)
                changed = True
                audit.record(
                    session,
                    AuditAction.UPDATE,
                    table.entity,
                    row_id,
                    pupil_id=owner,
                    field_name=n,
                    old=old,
                    new=new,
                )
        updated += changed
        session.add(row)
    added = [
        model(**{table.parent_field: parent_id}, **{n: value(n, getattr(item, n)) for n in names})
        for item in unmatched
    ]
    session.add_all(added)
    session.flush()  # one flush gives every new row its id
    for row in added:
        _audit_row(session, AuditAction.CREATE, table, row, owner)
    session.flush()
    return SyncCounts(added=len(unmatched), updated=updated, deleted=len(spare))


def _audit_row(
    session: Session, action: AuditAction, table: ChildTable[Any], row: SQLModel, owner: int | None
) -> None:
    """A row added or deleted, described by its safe fields."""
    audit.record(
        session, action, table.entity, getattr(row, "id", None), pupil_id=owner, detail=describe(table, row)
    )
