"""Suspensions and permanent exclusions, census reason codes, risk assessments, alternative provision."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import one_of, pupil_key


class ExclusionReason(SQLModel, table=True):
    """A census reason code. Kept as data because the DfE list changes."""

    __tablename__ = "exclusion_reason"

    code: str = Field(primary_key=True, max_length=4)
    description: str
    active: bool = True


def _reason_column() -> str | None:
    return Field(  # type: ignore[no-any-return]  # sqlmodel's Field is typed Any
        default=None,
        sa_column=Column(String(4), ForeignKey("exclusion_reason.code"), nullable=True),
    )


class Exclusion(SQLModel, table=True):
    """One suspension, lunchtime exclusion or permanent exclusion (`kind`: rules.exclusions.ExclusionKind).

    A lunchtime exclusion counts as half a day. A cancelled one is kept (and still notified).
    """

    __tablename__ = "exclusion"
    __table_args__ = (
        one_of("kind", ("suspension", "permanent", "lunchtime"), "exclusion_kind"),
        CheckConstraint(
            "kind = 'permanent' OR (days > 0 AND days <= 45 AND days * 2 = CAST(days * 2 AS INTEGER))",
            name="suspension_days_half_days",
        ),
        CheckConstraint("kind != 'lunchtime' OR days = 0.5", name="lunchtime_half_day"),
        CheckConstraint(
            "governors_outcome IN ('', 'upheld', 'reinstated', 'not-required')", name="governors_outcome"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    kind: str = Field(default="suspension", sa_type=String(10))
    start_date: date = Field(index=True)
    days: float = 1.0
    reason_1: str | None = _reason_column()
    reason_2: str | None = _reason_column()
    reason_3: str | None = _reason_column()
    parents_told: date | None = None
    social_worker_told: date | None = None
    la_told: date | None = None
    governors_told: date | None = None
    tried_first: str = ""  # free text, beside the checklist
    reintegration_date: date | None = None
    reintegration_notes: str = ""
    # Added by migration 0008 (the statutory record).
    description: str = ""
    decided_by: str = Field(default="", max_length=120)
    decided_on: date | None = None
    vsh_consulted: date | None = None  # the policy's discussion with the Virtual School, before the decision
    vsh_notified: date | None = None  # the statutory notice to the Virtual School Head, after it
    tried_options: str = ""  # TriedFirst values, comma-separated
    misses_exam: bool = False
    provision_where: str = Field(default="", max_length=200)
    provision_from: date | None = None
    governors_meeting_on: date | None = None
    governors_outcome: str = Field(default="", sa_type=String(14))
    cancelled_on: date | None = None
    cancelled_reason: str = ""


class RiskAssessment(SQLModel, table=True):
    __tablename__ = "risk_assessment"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    assessed_on: date
    review_on: date | None = None
    summary: str = ""


class AlternativeProvision(SQLModel, table=True):
    __tablename__ = "alternative_provision"
    __table_args__ = (
        CheckConstraint("hours_per_week > 0 AND hours_per_week <= 60", name="ap_hours_range"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ap_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    provider: str
    start_date: date
    end_date: date | None = None
    hours_per_week: float
