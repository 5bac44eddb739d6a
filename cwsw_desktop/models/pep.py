"""Personal Education Plan meetings with their attendees, targets and actions, and PP+ spending.

Closed sets (status, kind, rating, role) are the Enums of `rules/pep.py`, stored as their values
in String columns with a CHECK constraint; read them back with `PepStatus(row.status)` and so on.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import one_of, parent_key, pupil_key
from cwsw_desktop.rules.pep import AttendeeRole, PepKind, PepStatus, TargetRating

__all__ = [
    "AttendeeRole",
    "PepAction",
    "PepAttendee",
    "PepKind",
    "PepMeeting",
    "PepStatus",
    "PepTarget",
    "PpPlusKind",
    "PpPlusSpend",
    "TargetRating",
]


class PpPlusKind(StrEnum):
    """A line of the PP+ account is money in or money out: the two never add up together."""

    RECEIVED = "received"
    SPENT = "spent"


class PepMeeting(SQLModel, table=True):
    __tablename__ = "pep_meeting"
    __table_args__ = (
        one_of("status", PepStatus, "pep_status"),
        one_of("kind", PepKind, "pep_kind"),
        CheckConstraint(
            "pp_plus_requested_pence >= 0 AND pp_plus_agreed_pence >= 0", name="pp_plus_positive"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    meeting_date: date = Field(index=True)
    start_time: time | None = None
    place: str = Field(default="", max_length=200)
    kind: PepKind = Field(default=PepKind.REVIEW, sa_type=String(10))
    status: PepStatus = Field(default=PepStatus.PLANNED, sa_type=String(10))
    status_reason: str = ""  # why a meeting was postponed or cancelled
    # Held PEPs imported from a tracker keep their targets in the Virtual School's ePEP: they
    # count as complete without target rows here.
    targets_elsewhere: bool = False
    child_views: str = ""
    pp_plus_requested_pence: int = 0  # money is whole pence, never float
    pp_plus_agreed_pence: int = 0
    pp_plus_purpose: str = ""
    next_meeting: date | None = None
    notes: str = ""


class PepAttendee(SQLModel, table=True):
    """Someone invited to a PEP meeting, and whether they came."""

    __tablename__ = "pep_attendee"
    __table_args__ = (one_of("role", AttendeeRole, "attendee_role"),)

    id: int | None = Field(default=None, primary_key=True)
    pep_id: int = parent_key("pep_meeting.id")
    role: AttendeeRole = Field(default=AttendeeRole.OTHER, sa_type=String(20))
    name: str = Field(default="", max_length=120)
    attended: bool = False


class PepTarget(SQLModel, table=True):
    """A SMART target set at a PEP; its rating is given at the next review."""

    __tablename__ = "pep_target"
    __table_args__ = (one_of("rating", TargetRating, "target_rating"),)

    id: int | None = Field(default=None, primary_key=True)
    pep_id: int = parent_key("pep_meeting.id")
    area: str = Field(default="", max_length=60)
    description: str
    baseline: str = ""
    rating: TargetRating = Field(default=TargetRating.NOT_STARTED, sa_type=String(12))


class PepAction(SQLModel, table=True):
    __tablename__ = "pep_action"

    id: int | None = Field(default=None, primary_key=True)
    pep_id: int = parent_key("pep_meeting.id")
    action: str
    owner: str = Field(default="", max_length=120)
    due: date | None = None
    done: bool = False


class PpPlusSpend(SQLModel, table=True):
    """PP+ received or spent: one line of the account the governors see."""

    __tablename__ = "pp_plus_spend"
    __table_args__ = (
        CheckConstraint("amount_pence >= 0", name="amount_positive"),
        one_of("kind", PpPlusKind, "pp_plus_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int | None = parent_key("pupil.id", ondelete="SET NULL", nullable=True)
    academic_year: int = Field(index=True)
    spent_on: date
    amount_pence: int
    # A closed set is stored as its value (String, not SQLAlchemy's Enum, which stores the name);
    # read it back with PpPlusKind(row.kind).
    kind: PpPlusKind = Field(default=PpPlusKind.SPENT, sa_type=String(10))
    purpose: str = ""
    impact: str = ""
