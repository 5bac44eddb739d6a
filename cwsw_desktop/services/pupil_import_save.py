"""Saving a planned pupil import in bulk: one executemany per table and batch of pupils (plain SQL
with Core's own value conversion, ``store.bulk``), never one INSERT or SELECT per pupil, with the
same audit trail as saving them one by one (one event per record created and per field changed,
chained in the same order).

The caller owns the transaction (all or nothing) and plans inside it first, so every id here is
one the plan read from the store as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import attrgetter
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session, SQLModel

from cwsw_desktop.models import Contact, Pupil, StatusEpisode
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.services.pupil_import_types import PlannedChange, PlannedPupil
from cwsw_desktop.services.pupil_types import (
    EPISODE_FIELDS,
    PUPIL_FIELDS,
    SOCIAL_WORKER,
    EpisodeInput,
)
from cwsw_desktop.store.audit_chain import NewEvent, append_many
from cwsw_desktop.store.bulk import insert_new, update_rows

PUPIL: Table = SQLModel.metadata.tables[Pupil.__tablename__]
EPISODE: Table = SQLModel.metadata.tables[StatusEpisode.__tablename__]
CONTACT: Table = SQLModel.metadata.tables[Contact.__tablename__]
PUPIL_COLUMNS = (*PUPIL_FIELDS, "created_at", "updated_at")
EPISODE_COLUMNS = ("pupil_id", *EPISODE_FIELDS)
WORKER_COLUMNS = ("pupil_id", "role", "name", "email", "organisation", "phone")
_PICK = attrgetter(*PUPIL_FIELDS)
_EPISODE_PICK = attrgetter(*EPISODE_FIELDS)
EPISODE_CHANGES = ("end_date", "responsible_la", "placement_type", "pla_route")
IMPORT = "import"  # the detail of a changed field's event


def _create(entity: str, entity_id: int, pupil_id: int, detail: str) -> NewEvent:
    return NewEvent(AuditAction.CREATE, entity, entity_id, pupil_id, detail=detail)


def _changed(entity: str, entity_id: int, pupil_id: int, name: str, old: Any, new: Any) -> NewEvent:
    return NewEvent(
        AuditAction.UPDATE, entity, entity_id, pupil_id, name, audit.text(old), audit.text(new), IMPORT
    )


def _episode_created(episode_id: int, pupil_id: int, ep: EpisodeInput) -> NewEvent:
    detail = f"category={ep.category}, start_date={ep.start_date.isoformat()}, import"
    return _create("status_episode", episode_id, pupil_id, detail)


def _worker_created(contact_id: int, pupil_id: int) -> NewEvent:
    return _create("contact", contact_id, pupil_id, "role=Social worker, import")


class BulkSaver:
    """Saves batches of planned pupils in the caller's session, counting the contacts."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.connection = session.connection()
        self.contacts_added = 0
        self.contacts_updated = 0

    def _insert(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert rows (their values in `columns` order) with one executemany; their new ids in
        the order given."""
        return list(insert_new(self.connection, table, columns, rows))

    def _read(self, table: Table, names: Sequence[str], ids: Iterable[int]) -> dict[int, Any]:
        query = select(*(table.c[n] for n in ("id", *names))).where(table.c.id.in_(list(ids)))
        return {row.id: row for row in self.session.execute(query)}

    def _audit(self, events: list[NewEvent]) -> None:
        append_many(self.session, events, audit.os_user(), audit.utc_now())

    def add(self, adds: Sequence[PlannedPupil]) -> None:
        now = datetime.now(UTC)
        ids = self._insert(PUPIL, PUPIL_COLUMNS, _pupil_rows(adds, now))
        episodes = [(pid, ep) for pid, a in zip(ids, adds, strict=True) for ep in a.episodes]
        episode_ids = iter(
            self._insert(EPISODE, EPISODE_COLUMNS, [_episode_row(pid, ep) for pid, ep in episodes])
        )
        workers = [(pid, a) for pid, a in zip(ids, adds, strict=True) if a.social_worker]
        worker_ids = iter(
            self._insert(
                CONTACT,
                WORKER_COLUMNS,
                [_worker_row(pid, a.social_worker, a.social_worker_email) for pid, a in workers],
            )
        )
        self.contacts_added += len(workers)
        events: list[NewEvent] = []
        for pid, a in zip(ids, adds, strict=True):
            events.append(_create("pupil", pid, pid, IMPORT))
            events += [_episode_created(next(episode_ids), pid, ep) for ep in a.episodes]
            if a.social_worker:
                events.append(_worker_created(next(worker_ids), pid))
        self._audit(events)

    def change(self, changes: Sequence[PlannedChange]) -> None:
        now = datetime.now(UTC)
        pupils = self._read(PUPIL, PUPIL_FIELDS, (c.pupil_id for c in changes if c.values))
        stored_eps = self._read(
            EPISODE,
            EPISODE_CHANGES,
            (e.id for c in changes for e in c.episodes_to_update if e.id is not None),
        )
        contacts = self._read(
            CONTACT,
            ("name", "email"),
            (c.social_worker_id for c in changes if c.social_worker_id is not None),
        )
        new_eps = [(c.pupil_id, ep) for c in changes for ep in c.episodes_to_add]
        episode_ids = iter(
            self._insert(EPISODE, EPISODE_COLUMNS, [_episode_row(pid, ep) for pid, ep in new_eps])
        )
        new_workers = [c for c in changes if c.social_worker_id is None and c.social_worker]
        worker_ids = iter(
            self._insert(
                CONTACT,
                WORKER_COLUMNS,
                [_worker_row(c.pupil_id, c.social_worker, c.social_worker_email) for c in new_workers],
            )
        )
        self.contacts_added += len(new_workers)
        events: list[NewEvent] = []
        pupil_rows: list[tuple[Any, ...]] = []
        episode_rows: list[tuple[Any, ...]] = []
        contact_rows: list[tuple[Any, ...]] = []
        for c in changes:
            if c.values:
                old = pupils[c.pupil_id]
                events += [
                    _changed("pupil", c.pupil_id, c.pupil_id, n, getattr(old, n), new)
                    for n, new in c.values.items()
                ]
                merged = {**_fields(old), **c.values}
                pupil_rows.append((*(merged[n] for n in PUPIL_FIELDS), now, c.pupil_id))
            events += [_episode_created(next(episode_ids), c.pupil_id, ep) for ep in c.episodes_to_add]
            for ep in c.episodes_to_update:
                assert ep.id is not None
                row = stored_eps[ep.id]
                events += [
                    _changed("status_episode", ep.id, c.pupil_id, n, getattr(row, n), getattr(ep, n))
                    for n in EPISODE_CHANGES
                    if getattr(row, n) != getattr(ep, n)
                ]
                episode_rows.append((*(getattr(ep, n) for n in EPISODE_CHANGES), ep.id))
            if c.social_worker_id is not None:
                row = contacts[c.social_worker_id]
                wanted = {"name": c.social_worker or row.name, "email": c.social_worker_email or row.email}
                events += [
                    _changed("contact", c.social_worker_id, c.pupil_id, n, getattr(row, n), wanted[n])
                    for n in ("name", "email")
                    if getattr(row, n) != wanted[n]
                ]
                contact_rows.append((wanted["name"], wanted["email"], c.social_worker_id))
                self.contacts_updated += 1
            elif c.social_worker:
                events.append(_worker_created(next(worker_ids), c.pupil_id))
        update_rows(self.connection, PUPIL, (*PUPIL_FIELDS, "updated_at"), pupil_rows)
        update_rows(self.connection, EPISODE, EPISODE_CHANGES, episode_rows)
        update_rows(self.connection, CONTACT, ("name", "email"), contact_rows)
        self._audit(events)


def _fields(row: Any) -> dict[str, Any]:
    """A stored pupil's editable fields (the row read without its id)."""
    return {n: getattr(row, n) for n in PUPIL_FIELDS}


def _pupil_rows(adds: Sequence[PlannedPupil], now: datetime) -> list[tuple[Any, ...]]:
    """New pupils' values in ``PUPIL_FIELDS`` order, text trimmed, then the times they were made."""
    fields = zip(*map(_PICK, (a.data for a in adds)), strict=True)  # a column at a time
    trimmed = [[v.strip() if isinstance(v, str) else v for v in column] for column in fields]
    return list(zip(*trimmed, repeat(now), repeat(now)))


def _episode_row(pupil_id: int, ep: EpisodeInput) -> tuple[Any, ...]:
    return (pupil_id, *_EPISODE_PICK(ep))


def _worker_row(pupil_id: int, name: str, email: str) -> tuple[Any, ...]:
    return (pupil_id, SOCIAL_WORKER, name, email, "", "")
