"""Audit trail: who changed what, when. Append-only; each row chains the previous row's hash."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC), index=True)
    os_user: str = Field(default="", max_length=80)
    action: str = Field(max_length=20, index=True)
    entity: str = Field(default="", max_length=40)
    entity_id: int | None = None
    pupil_id: int | None = Field(default=None, index=True)
    field_name: str = Field(default="", max_length=60)
    old_value: str = ""
    new_value: str = ""
    detail: str = ""
    prev_hash: str = Field(default="", max_length=64)
    row_hash: str = Field(default="", max_length=64)


class AuditAction(StrEnum):
    """Every kind of audit event, one name each (the value is what the row stores)."""

    UNLOCK = "unlock"
    UNLOCK_FAILED = "unlock_failed"
    LOCK = "lock"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    IMPORT = "import"
    EXPORT = "export"
    PRINT = "print"
    BACKUP = "backup"
    RESTORE = "restore"
    RETENTION = "retention"
    REPAIR = "repair"  # the app put back something found broken on open (the append-only triggers)
