"""Append-only audit trail. Each row carries the SHA-256 of the previous row, chaining them.

Rows are written only by :func:`record` (inside the caller's unit of work) or :func:`log_event`
(its own). Triggers in the schema (migration 0003) refuse UPDATE and DELETE; the hash chain,
checked by :func:`verify_chain`, catches a row edited, inserted or removed by someone who went
round the app (dropped the triggers with a SQLite tool).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, or_
from sqlmodel import Session, col, select

from cwsw_desktop.models import AuditEvent, Pupil
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.audit_chain import (
    GENESIS,
    append,
    failed_unlocks_path,
    note_failed_unlock,
    os_user,
    row_digest,
    text,
)

__all__ = [
    "GENESIS",
    "AuditAction",
    "failed_unlocks_path",
    "note_failed_unlock",
    "os_user",
    "row_digest",
    "text",
    "utc_now",
]


def utc_now() -> datetime:
    """The audit trail's clock (tests replace it to fix an event's time)."""
    return datetime.now(UTC)


def record(
    session: Session,
    action: AuditAction | str,
    entity: str = "",
    entity_id: int | None = None,
    *,
    pupil_id: int | None = None,
    field_name: str = "",
    old: Any = None,
    new: Any = None,
    detail: str = "",
) -> AuditEvent:
    """Append one event in the caller's unit of work. `action` is an ``AuditAction`` (a string
    is accepted only if it is one's value: ValueError otherwise, so no second name creeps in)."""
    return append(
        session,
        action,
        os_user(),
        at=utc_now(),
        entity=entity,
        entity_id=entity_id,
        pupil_id=pupil_id,
        field_name=field_name,
        old_value=text(old),
        new_value=text(new),
        detail=detail,
    )


ACTIONS = tuple(AuditAction)


def log_event(
    engine: Engine,
    action: AuditAction | str,
    entity: str = "",
    entity_id: int | None = None,
    *,
    pupil_id: int | None = None,
    detail: str = "",
) -> None:
    """Append one event in its own unit of work: for things that change no record (unlock,
    lock, print, backup, restore)."""
    with unit_of_work(engine) as session:
        record(session, action, entity, entity_id, pupil_id=pupil_id, detail=detail)


def record_unlock(engine: Engine, failed_at: Sequence[datetime], how: str) -> None:
    """An unlock, preceded by the failed attempts before it. A failed attempt cannot be written
    while the store is locked (the key is wrong), so each is recorded here, with its time."""
    with unit_of_work(engine) as session:
        for when in failed_at:
            local = when.astimezone() if when.tzinfo else when
            record(
                session,
                AuditAction.UNLOCK_FAILED,
                "store",
                detail=f"wrong passphrase at {local:%d/%m/%Y %H:%M:%S}",
            )
        record(session, AuditAction.UNLOCK, "store", detail=how)


# --- wrong passphrases on the command line --------------------------------------------------------
# ``note_failed_unlock`` (store/audit_chain.py) notes the time beside the database; the next
# successful open moves the notes into the trail (``audit_chain.record_pending_failures``).


# --- checking the chain ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    row_id: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row_id}: {self.message}"


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of :func:`verify_chain`; ``ok`` when every row checks."""

    rows: int
    problems: tuple[ChainProblem, ...] = ()
    last_hash: str = GENESIS
    last_id: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_id(self) -> int | None:
        return self.problems[0].row_id if self.problems else None

    def summary(self) -> str:
        if self.ok:
            return f"The audit trail is intact: {self.rows} event(s), every link checks."
        return (
            f"The audit trail has been tampered with: {len(self.problems)} problem(s) in "
            f"{self.rows} event(s), the first at row {self.first_bad_id}."
        )


def verify_chain(engine: Engine, batch: int = 5000) -> VerifyResult:
    """Walk the whole trail in id order and check each row's hash and its link to the row before.

    A row edited behind the app's back no longer matches its own hash; a row removed leaves a
    gap in the ids and a broken link in the row after it; a row inserted breaks a link (and its
    own hash, unless whoever inserted it recomputed every hash after it). Every problem names
    the row's id. Removing the *last* rows, or rewriting the chain whole, cannot be seen from
    the chain alone: ``services.audit_anchor`` compares it with the backups' audit heads.
    """
    problems: list[ChainProblem] = []
    previous_hash, previous_id, count = GENESIS, 0, 0
    with Session(engine) as session:
        after = 0
        while True:
            rows = session.exec(
                select(AuditEvent).where(col(AuditEvent.id) > after).order_by(col(AuditEvent.id)).limit(batch)
            ).all()
            if not rows:
                break
            for event in rows:
                assert event.id is not None
                count += 1
                problems.extend(_check_row(event, previous_id, previous_hash))
                previous_hash, previous_id = event.row_hash, event.id
            after = previous_id
            session.expunge_all()
    return VerifyResult(rows=count, problems=tuple(problems), last_hash=previous_hash, last_id=previous_id)


def _check_row(event: AuditEvent, previous_id: int, previous_hash: str) -> Iterable[ChainProblem]:
    assert event.id is not None
    if event.id != previous_id + 1:
        missing = event.id - previous_id - 1
        if missing > 0:
            yield ChainProblem(
                event.id, f"{missing} row(s) before it are missing (ids {previous_id + 1}–{event.id - 1})"
            )
    if event.prev_hash != previous_hash:
        yield ChainProblem(
            event.id,
            "its link to the row before does not match (a row was removed, inserted or changed before it)",
        )
    if row_digest(event) != event.row_hash:
        yield ChainProblem(event.id, "its content was changed after it was written")


# --- reading for the viewer ---------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    os_user: str
    action: str
    entity: str
    entity_id: int | None
    pupil_id: int | None
    field_name: str
    old_value: str
    new_value: str
    detail: str


def pupil_ids_matching(engine: Engine, text: str) -> list[int]:
    """Pupils a viewer filter names: an id (``42`` or ``#42``), a UPN, or part of a name."""
    text = text.strip()
    if not text:
        return []
    number = text.lstrip("#")
    if number.isdigit():
        return [int(number)]
    like = f"%{text}%"
    with Session(engine) as session:
        ids = session.exec(
            select(Pupil.id).where(
                or_(
                    col(Pupil.upn) == text.upper(),
                    col(Pupil.legal_surname).ilike(like),
                    col(Pupil.legal_forename).ilike(like),
                    col(Pupil.preferred_forename).ilike(like),
                    col(Pupil.preferred_surname).ilike(like),
                    (col(Pupil.legal_forename) + " " + col(Pupil.legal_surname)).ilike(like),
                    (col(Pupil.preferred_forename) + " " + col(Pupil.legal_surname)).ilike(like),
                )
            )
        ).all()
    return [i for i in ids if i is not None]


def list_events(
    engine: Engine,
    *,
    pupil_ids: Iterable[int] | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 20000,
) -> list[AuditRow]:
    """Events newest first, optionally for some pupils and between two dates (inclusive; the
    days are local days, the stored times UTC)."""
    query = select(AuditEvent)
    if pupil_ids is not None:
        query = query.where(col(AuditEvent.pupil_id).in_(list(pupil_ids)))
    if start is not None:
        query = query.where(col(AuditEvent.at) >= datetime.combine(start, time.min).astimezone(UTC))
    if end is not None:
        next_day = datetime.combine(end + timedelta(days=1), time.min).astimezone(UTC)
        query = query.where(col(AuditEvent.at) < next_day)
    query = query.order_by(col(AuditEvent.id).desc()).limit(limit)
    with Session(engine) as session:
        return [
            AuditRow(
                id=e.id or 0,
                at=e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC),
                os_user=e.os_user,
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                pupil_id=e.pupil_id,
                field_name=e.field_name,
                old_value=e.old_value,
                new_value=e.new_value,
                detail=e.detail,
            )
            for e in session.exec(query).all()
        ]
