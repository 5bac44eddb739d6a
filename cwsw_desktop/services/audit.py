"""Append-only audit trail. Each row carries the SHA-256 of the previous row, chaining them."""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from cwsw_desktop.models import AuditEvent

GENESIS = "0" * 64
_CHAINED = ("at", "os_user", "action", "entity", "entity_id", "pupil_id",
            "field_name", "old_value", "new_value", "detail", "prev_hash")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services, containers)
        return "unknown"


def row_digest(event: AuditEvent) -> str:
    """The hash of one row's content, including the previous row's hash."""
    payload = {name: _text(getattr(event, name)) for name in _CHAINED}
    if isinstance(event.at, datetime):
        at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
        payload["at"] = at.astimezone(UTC).isoformat()
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def record(
    session: Session,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    *,
    pupil_id: int | None = None,
    field_name: str = "",
    old: Any = None,
    new: Any = None,
    detail: str = "",
) -> AuditEvent:
    """Append one event in the caller's unit of work."""
    last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    event = AuditEvent(
        at=datetime.now(UTC),
        os_user=os_user(),
        action=action,
        entity=entity,
        entity_id=entity_id,
        pupil_id=pupil_id,
        field_name=field_name,
        old_value=_text(old),
        new_value=_text(new),
        detail=detail,
        prev_hash=last.row_hash if last else GENESIS,
    )
    event.row_hash = row_digest(event)
    session.add(event)
    session.flush()
    return event
