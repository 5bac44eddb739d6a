"""Saving a planned pupil import in bulk: a few multi-row statements per batch of pupils, never one
INSERT or SELECT per pupil, with the same audit trail as saving them one by one (one event per
record created and per field changed, chained in the same order).

The caller owns the transaction (all or nothing) and plans inside it first, so every id here is
one the plan read from the store as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlmodel import Session, SQLModel

from cwsw_desktop.models import Contact, Pupil, StatusEpisode
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.services.pupil_import_types import PlannedChange, PlannedPupil
from cwsw_desktop.services.pupil_types import EPISODE_FIELDS, PUPIL_FIELDS, SOCIAL_WORKER, EpisodeInput
from cwsw_desktop.store.audit_chain import append_many

PUPIL: Table = SQLModel.metadata.tables[Pupil.__tablename__]
EPISODE: Table = SQLModel.metadata.tables[StatusEpisode.__tablename__]
CONTACT: Table = SQLModel.metadata.tables[Contact.__tablename__]
# What tells apart the rows one batch inserts: a UPN is unique; a new episode never has the
# category and start of one the pupil has (that one is updated instead); a pupil gets at most one
# new social worker an import.
UPN_KEY = ("upn",)
EPISODE_KEY = ("pupil_id", "category", "start_date")
WORKER_KEY = ("pupil_id",)
EPISODE_CHANGES = ("end_date", "responsible_la", "placement_type", "pla_route")
Event = dict[str, Any]


def _create(entity: str, entity_id: int, pupil_id: int, detail: str) -> Event:
    return {
        "action": AuditAction.CREATE,
        "entity": entity,
        "entity_id": entity_id,
        "pupil_id": pupil_id,
        "detail": detail,
    }


def _changed(entity: str, entity_id: int, pupil_id: int, name: str, old: Any, new: Any) -> Event:
    return {
        "action": AuditAction.UPDATE,
        "entity": entity,
        "entity_id": entity_id,
        "pupil_id": pupil_id,
        "field_name": name,
        "old_value": audit.text(old),
        "new_value": audit.text(new),
        "detail": "import",
    }


def _episode_created(episode_id: int, pupil_id: int, ep: EpisodeInput) -> Event:
    detail = f"category={ep.category}, start_date={ep.start_date.isoformat()}, import"
    return _create("status_episode", episode_id, pupil_id, detail)


def _worker_created(contact_id: int, pupil_id: int) -> Event:
    return _create("contact", contact_id, pupil_id, "role=Social worker, import")


class BulkSaver:
    """Saves batches of planned pupils in the caller's session, counting the contacts."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.contacts_added = 0
        self.contacts_updated = 0

    def _insert(self, table: Table, rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[int]:
        """Insert rows with multi-row statements; their new ids in the order given, matched back
        by `key` (columns unique among these rows: RETURNING's order is not guaranteed, and
        asking SQLAlchemy to sort it makes it insert one row at a time on SQLite)."""
        if not rows:
            return []
        statement = insert(table).returning(table.c.id, *(table.c[k] for k in key))
        found = {tuple(r[1:]): int(r[0]) for r in self.session.execute(statement, rows)}
        if len(found) != len(rows):
            raise RuntimeError(f"{table.name}: {len(rows)} rows inserted, {len(found)} told apart")
        return [found[tuple(row[k] for k in key)] for row in rows]

    def _set(self, table: Table, names: Sequence[str], rows: list[dict[str, Any]]) -> None:
        """Set `names` on each row (``_id`` says which) with one executemany."""
        if not rows:
            return
        statement = (
            update(table).where(table.c.id == bindparam("_id")).values({n: bindparam(n) for n in names})
        )
        self.session.connection().execute(statement, rows)

    def _read(self, table: Table, names: Sequence[str], ids: Iterable[int]) -> dict[int, Any]:
        query = select(*(table.c[n] for n in ("id", *names))).where(table.c.id.in_(list(ids)))
        return {row.id: row for row in self.session.execute(query)}

    def _audit(self, events: list[Event]) -> None:
        append_many(self.session, events, audit.os_user(), audit.utc_now())

    def add(self, adds: Sequence[PlannedPupil]) -> None:
        now = datetime.now(UTC)
        pupils = [
            {
                **{n: (v.strip() if isinstance(v, str) else v) for n, v in vars(a.data).items()},
                "created_at": now,
                "updated_at": now,
            }
            for a in adds
        ]
        ids = self._insert(PUPIL, pupils, UPN_KEY)
        episodes = [(pid, ep) for pid, a in zip(ids, adds, strict=True) for ep in a.episodes]
        episode_ids = iter(
            self._insert(EPISODE, [_episode_row(pid, ep) for pid, ep in episodes], EPISODE_KEY)
        )
        workers = [(pid, a) for pid, a in zip(ids, adds, strict=True) if a.social_worker]
        worker_ids = iter(
            self._insert(
                CONTACT,
                [_worker_row(pid, a.social_worker, a.social_worker_email) for pid, a in workers],
                WORKER_KEY,
            )
        )
        self.contacts_added += len(workers)
        events: list[Event] = []
        for pid, a in zip(ids, adds, strict=True):
            events.append(_create("pupil", pid, pid, "import"))
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
        episode_ids = iter(self._insert(EPISODE, [_episode_row(pid, ep) for pid, ep in new_eps], EPISODE_KEY))
        new_workers = [c for c in changes if c.social_worker_id is None and c.social_worker]
        worker_ids = iter(
            self._insert(
                CONTACT,
                [_worker_row(c.pupil_id, c.social_worker, c.social_worker_email) for c in new_workers],
                WORKER_KEY,
            )
        )
        self.contacts_added += len(new_workers)
        events: list[Event] = []
        pupil_rows: list[dict[str, Any]] = []
        episode_rows: list[dict[str, Any]] = []
        contact_rows: list[dict[str, Any]] = []
        for c in changes:
            if c.values:
                old = pupils[c.pupil_id]
                events += [
                    _changed("pupil", c.pupil_id, c.pupil_id, n, getattr(old, n), new)
                    for n, new in c.values.items()
                ]
                pupil_rows.append({**_fields(old), **c.values, "_id": c.pupil_id, "updated_at": now})
            events += [_episode_created(next(episode_ids), c.pupil_id, ep) for ep in c.episodes_to_add]
            for ep in c.episodes_to_update:
                assert ep.id is not None
                row = stored_eps[ep.id]
                events += [
                    _changed("status_episode", ep.id, c.pupil_id, n, getattr(row, n), getattr(ep, n))
                    for n in EPISODE_CHANGES
                    if getattr(row, n) != getattr(ep, n)
                ]
                episode_rows.append({"_id": ep.id, **{n: getattr(ep, n) for n in EPISODE_CHANGES}})
            if c.social_worker_id is not None:
                row = contacts[c.social_worker_id]
                wanted = {"name": c.social_worker or row.name, "email": c.social_worker_email or row.email}
                events += [
                    _changed("contact", c.social_worker_id, c.pupil_id, n, getattr(row, n), wanted[n])
                    for n in ("name", "email")
                    if getattr(row, n) != wanted[n]
                ]
                contact_rows.append({"_id": c.social_worker_id, **wanted})
                self.contacts_updated += 1
            elif c.social_worker:
                events.append(_worker_created(next(worker_ids), c.pupil_id))
        self._set(PUPIL, (*PUPIL_FIELDS, "updated_at"), pupil_rows)
        self._set(EPISODE, EPISODE_CHANGES, episode_rows)
        self._set(CONTACT, ("name", "email"), contact_rows)
        self._audit(events)


def _fields(row: Any) -> dict[str, Any]:
    """A stored pupil's editable fields (the row read without its id)."""
    return {n: getattr(row, n) for n in PUPIL_FIELDS}


def _episode_row(pupil_id: int, ep: EpisodeInput) -> dict[str, Any]:
    return {"pupil_id": pupil_id, **{n: getattr(ep, n) for n in EPISODE_FIELDS}}


def _worker_row(pupil_id: int, name: str, email: str) -> dict[str, Any]:
    return {
        "pupil_id": pupil_id,
        "role": SOCIAL_WORKER,
        "name": name,
        "email": email,
        "organisation": "",
        "phone": "",
    }
