"""Personal Education Plan meetings with their targets and actions, and PP+ spending."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class PepMeeting(SQLModel, table=True):
    __tablename__ = "pep_meeting"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'held', 'cancelled')", name="pep_status"),
        CheckConstraint("pp_plus_requested >= 0 AND pp_plus_agreed >= 0", name="pp_plus_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(
        sa_column=Column(Integer, ForeignKey("pupil.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    meeting_date: date = Field(index=True)
    status: str = Field(default="planned", max_length=10)
    attendees: str = ""
    child_views: str = ""
    pp_plus_requested: float = 0.0
    pp_plus_agreed: float = 0.0
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
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("pupil.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    academic_year: int = Field(index=True)
    spent_on: date
    amount: float
    purpose: str = ""
    impact: str = ""
