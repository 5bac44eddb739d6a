"""Personal Education Plan meetings with their targets and actions, and PP+ spending."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel


class PpPlusKind(StrEnum):
    """A line of the PP+ account is money in or money out: the two never add up together."""

    RECEIVED = "received"
    SPENT = "spent"


class PepMeeting(SQLModel, table=True):
    __tablename__ = "pep_meeting"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'held', 'cancelled')", name="pep_status"),
        CheckConstraint(
            "pp_plus_requested_pence >= 0 AND pp_plus_agreed_pence >= 0", name="pp_plus_positive"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(
        sa_column=Column(Integer, ForeignKey("pupil.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    meeting_date: date = Field(index=True)
    status: str = Field(default="planned", max_length=10)
    attendees: str = ""
    child_views: str = ""
    pp_plus_requested_pence: int = 0  # money is whole pence, never float
    pp_plus_agreed_pence: int = 0
    pp_plus_purpose: str = ""
    next_meeting: date | None = None
    notes: str = ""


class PepTarget(SQLModel, table=True):
    __tablename__ = "pep_target"

    id: int | None = Field(default=None, primary_key=True)
    pep_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("pep_meeting.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    description: str
    progress: str = Field(default="Not started", max_length=40)


class PepAction(SQLModel, table=True):
    __tablename__ = "pep_action"

    id: int | None = Field(default=None, primary_key=True)
    pep_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("pep_meeting.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    action: str
    owner: str = Field(default="", max_length=120)
    due: date | None = None
    done: bool = False


class PpPlusSpend(SQLModel, table=True):
    """PP+ received or spent: one line of the account the governors see."""

    __tablename__ = "pp_plus_spend"
    __table_args__ = (
        CheckConstraint("amount_pence >= 0", name="amount_positive"),
        CheckConstraint("kind IN ('received', 'spent')", name="pp_plus_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("pupil.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    academic_year: int = Field(index=True)
    spent_on: date
    amount_pence: int
    # A closed set is stored as its value (String, not SQLAlchemy's Enum, which stores the name);
    # read it back with PpPlusKind(row.kind).
    kind: PpPlusKind = Field(default=PpPlusKind.SPENT, sa_type=String(10))
    purpose: str = ""
    impact: str = ""
