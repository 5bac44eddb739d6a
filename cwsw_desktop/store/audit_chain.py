"""The audit trail's integrity at the storage level: the SHA-256 chain of its rows, and the
append-only triggers that refuse UPDATE and DELETE.

``append`` is the one way a row is written (``services.audit.record`` calls it), so the store can
record what it repairs on open without importing the services above it. ``ensure_append_only``
runs on every open: if someone dropped the triggers with an SQLite tool, they are put back and
the repair itself is audited.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection

from cwsw_desktop.store.bulk import insert_rows
from cwsw_desktop.store.files import FILE_MODE

if TYPE_CHECKING:  # imported where an event is written: opening a store then loads no model
    # module, nor sqlmodel (and pydantic): ~0.3 s before the window's first data
    from sqlmodel import Session

    from cwsw_desktop.models.audit import AuditAction, AuditEvent

log = logging.getLogger(__name__)

GENESIS = "0" * 64
CHAINED = (
    "at",
    "os_user",
    "action",
    "entity",
    "entity_id",
    "pupil_id",
    "field_name",
    "old_value",
    "new_value",
    "detail",
    "prev_hash",
)
TRIGGERS = {
    "audit_event_no_update": "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END",
    "audit_event_no_delete": "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END",
}
TRIGGERS_WARNING = (
    "The audit trail's protection (its append-only triggers) had been removed from the database "
    "outside the app. It has been put back and the repair recorded; run Help → Audit log → "
    "Check, or `cwsw-desktop audit verify`, to see whether any history was changed."
)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services, containers)
        return "unknown"


def text(value: Any) -> str:
    """A value as the chain hashes it."""
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


# The text hashed is json.dumps(payload, sort_keys=True) of the chained fields as strings. It is
# written here from a template (keys in sorted order, the default ", " and ": " separators) and
# each value quoted by the function JSONEncoder itself uses for a str with ensure_ascii: the same
# text, without an encoder walking a dict per row (a bulk import hashes thousands of events).
_SORTED = tuple(sorted(CHAINED))
_TEMPLATE = "{" + ", ".join(f'"{name}": %s' for name in _SORTED) + "}"
_quote = encode_basestring_ascii


def row_digest(event: AuditEvent) -> str:
    """The hash of one row's content, including the previous row's hash."""
    return values_digest({name: getattr(event, name) for name in CHAINED})


def values_digest(values: Mapping[str, Any]) -> str:
    """The hash of one row given as its column values (``row_digest`` of an unsaved row)."""
    quoted: dict[str, str] = {}
    for name in CHAINED:
        value = values.get(name)
        quoted[name] = _quote(value if type(value) is str else text(value))
    quoted["at"] = _quote(_at_text(values.get("at")))
    return _hash(tuple(quoted[name] for name in _SORTED))


def _hash(quoted: tuple[str, ...]) -> str:
    """SHA-256 of the payload whose JSON-quoted values, in ``_SORTED`` order, are `quoted`."""
    return hashlib.sha256((_TEMPLATE % quoted).encode("ascii")).hexdigest()


def _at_text(at: Any) -> str:
    """An event's time as the chain hashes it: UTC (a naive time is taken as UTC)."""
    if isinstance(at, datetime):
        aware = at if at.tzinfo else at.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return text(at)


_HEAD = "cwsw_audit_head"  # session.info key: (the transaction, the hash of its newest event)


def _last_hash(session: Session) -> str:
    """The newest event's hash: remembered within one transaction (this writer's own events are
    the newest once it has written; SQLite lets one writer at a time), otherwise read."""
    from sqlmodel import col, select

    from cwsw_desktop.models.audit import AuditEvent

    cached = session.info.get(_HEAD)
    if cached is not None and cached[0] is session.get_transaction():
        return str(cached[1])
    last = session.exec(select(AuditEvent.row_hash).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    return last if last is not None else GENESIS


def append(
    session: Session, action: AuditAction | str, os_user: str, *, at: datetime | None = None, **values: Any
) -> AuditEvent:
    """Append one row, chained to the newest, in the caller's transaction (inserted at the next
    flush, in order). `action` must be an ``AuditAction`` (or its value): one name per action,
    an unknown one is a ValueError."""
    from cwsw_desktop.models.audit import AuditAction, AuditEvent

    event = AuditEvent(
        at=at or datetime.now(UTC),
        os_user=os_user,
        action=AuditAction(action).value,
        prev_hash=_last_hash(session),
        **values,
    )
    event.row_hash = row_digest(event)
    session.add(event)
    session.info[_HEAD] = (session.get_transaction(), event.row_hash)
    return event


class NewEvent(NamedTuple):
    """One event of a bulk append (:func:`append_many`): what ``append`` takes by keyword."""

    action: AuditAction
    entity: str = ""
    entity_id: int | None = None
    pupil_id: int | None = None
    field_name: str = ""
    old_value: str = ""
    new_value: str = ""
    detail: str = ""


_STORED = ("at", "os_user", *NewEvent._fields, "prev_hash", "row_hash")  # what append_many inserts
# _TEMPLATE between its values. In sorted order the fields are: action at detail entity entity_id |
# field_name new_value old_value os_user prev_hash | pupil_id; within one bulk append the first
# four and the middle four repeat from event to event, so each distinct run is written once.
_PIECES = _TEMPLATE.split("%s")
if _SORTED != (
    "action", "at", "detail", "entity", "entity_id", "field_name",
    "new_value", "old_value", "os_user", "prev_hash", "pupil_id",
):  # fmt: skip
    raise AssertionError("append_many writes the chained fields in this order: update it")


def _between(first: int, values: Sequence[str]) -> str:
    """_TEMPLATE's text from before value `first` to just before the value after `values`."""
    return (
        "".join(piece + value for piece, value in zip(_PIECES[first:], values, strict=False))
        + _PIECES[first + len(values)]
    )


def append_many(session: Session, events: Sequence[NewEvent], os_user: str, at: datetime) -> None:
    """Append many events at once, chained in order after the newest, with one executemany (a
    bulk import's per-record events): the same rows and hashes as ``append`` one by one at the
    time `at`. An unknown action is a ValueError, as in ``append``; the text fields must be str
    (quoting anything else is a TypeError, never a different hash)."""
    from sqlmodel import SQLModel

    from cwsw_desktop.models.audit import AuditAction, AuditEvent

    if not events:
        return
    session.flush()  # rows the caller appended one by one come first in the chain
    previous = _last_hash(session)
    q = _quote
    at_q, user_q = q(_at_text(at)), q(os_user)  # the batch's one time and user: quoted once
    runs: dict[tuple[str, ...], tuple[str, str, str]] = {}
    rows = []
    for kind, entity, entity_id, pupil_id, field_name, old, new, detail in events:
        key = (kind, entity, field_name, old, new, detail)
        run = runs.get(key)
        if run is None:
            action = AuditAction(kind).value
            run = runs[key] = (
                action,
                _between(0, (q(action), at_q, q(detail), q(entity))),
                _between(5, (q(field_name), q(new), q(old), user_q)),
            )
        action, head, middle = run
        # An id's text is its digits, which JSON quotes as they are.
        eid = f'"{entity_id}"' if type(entity_id) is int else q(text(entity_id))
        pid = f'"{pupil_id}"' if type(pupil_id) is int else q(text(pupil_id))
        payload = f"{head}{eid}{middle}{q(previous)}{_PIECES[10]}{pid}{_PIECES[11]}"
        digest = hashlib.sha256(payload.encode("ascii")).hexdigest()
        rows.append(
            (at, os_user, action, entity, entity_id, pupil_id, field_name, old, new, detail, previous, digest)
        )
        previous = digest
    connection = session.connection()
    insert_rows(connection, SQLModel.metadata.tables[AuditEvent.__tablename__], _STORED, rows)
    session.info[_HEAD] = (session.get_transaction(), previous)


def missing_triggers(connection: Connection) -> list[str]:
    present = {
        str(r[0])
        for r in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
    }
    return [name for name in TRIGGERS if name not in present]


def ensure_append_only(connection: Connection, os_user: str) -> list[str]:
    """Put back any missing append-only trigger and audit the repair, in one transaction on
    `connection` (the caller commits). Returns the names put back ([] when all were there)."""
    if connection.dialect.name != "sqlite":
        return []
    missing = missing_triggers(connection)
    if not missing:
        return []
    from sqlmodel import Session

    from cwsw_desktop.models.audit import AuditAction  # only now: opening loads no model module

    for name in missing:
        connection.exec_driver_sql(TRIGGERS[name])
    with Session(bind=connection) as session:
        append(
            session,
            AuditAction.REPAIR,
            os_user,
            entity="audit_event",
            detail="append-only triggers were missing on open and were re-created: " + ", ".join(missing),
        )
        session.commit()  # commits only if the session began the transaction; else the caller does
    log.warning("audit triggers were missing and have been re-created: %s", ", ".join(missing))
    return missing


# --- wrong passphrases that could not be written -------------------------------------------------
# A wrong passphrase cannot be written into the store it failed to open, so the command line notes
# the time in a small file beside the database (0600; times only, nothing about a child), and the
# next successful open, command line or window, moves the notes into the trail and deletes the file.


def failed_unlocks_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".failed-unlocks")


def note_failed_unlock(db_path: Path, when: datetime | None = None, how: str = "command line") -> None:
    when = when or datetime.now(UTC)
    line = json.dumps({"at": when.astimezone(UTC).isoformat(), "how": how}) + "\n"
    fd = os.open(failed_unlocks_path(db_path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def pending_failures(db_path: Path) -> list[tuple[datetime, str]]:
    path = failed_unlocks_path(db_path)
    found: list[tuple[datetime, str]] = []
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
            found.append((datetime.fromisoformat(item["at"]), str(item.get("how", ""))))
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash: the others still count
    return found


def record_pending_failures(connection: Connection, db_path: Path, os_user: str) -> int:
    """Audit the wrong passphrases noted since the last successful open, in the caller's
    transaction on `connection`; the notes file is deleted by ``forget_pending_failures`` once
    the caller has committed. Returns how many were recorded."""
    pending = pending_failures(db_path)
    if pending:
        from sqlmodel import Session

        from cwsw_desktop.models.audit import AuditAction  # only now: opening loads no model module

        with Session(bind=connection) as session:
            for when, how in pending:
                append(
                    session,
                    AuditAction.UNLOCK_FAILED,
                    os_user,
                    entity="store",
                    detail=f"wrong passphrase at {when.astimezone():%d/%m/%Y %H:%M:%S} ({how})",
                )
            session.commit()  # commits only if the session began the transaction; else the caller does
    return len(pending)


def forget_pending_failures(db_path: Path) -> None:
    failed_unlocks_path(db_path).unlink(missing_ok=True)
