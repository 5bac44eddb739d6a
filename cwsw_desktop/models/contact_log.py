"""The contact log: who the school spoke to about a child, how, and about which duty."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import one_of, parent_key, pupil_key

# What an entry is about: a duty kind's value (rules.duties.DutyKind) or this.
ABOUT_OTHER = "other"


class ContactMethod(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    MEETING = "meeting"
    LETTER = "letter"


class ContactLogEntry(SQLModel, table=True):
    """One contact about a child. ``contact_id`` names a stored contact; otherwise ``with_name``
    and ``with_role`` say whom. ``about`` is a duty kind's value, or "other"."""

    __tablename__ = "contact_log"
    __table_args__ = (
        one_of("method", ContactMethod, "contact_method"),
        CheckConstraint("contact_id IS NOT NULL OR length(with_name) > 0", name="contact_log_whom"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    logged_on: date
    contact_id: int | None = parent_key("contact.id", ondelete="SET NULL", nullable=True, index=False)
    with_name: str = Field(default="", max_length=120)
    with_role: str = Field(default="", max_length=60)
    method: str = Field(sa_type=String(10))  # a ContactMethod value
    about: str = Field(default=ABOUT_OTHER, max_length=40, index=True)
    note: str = ""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
