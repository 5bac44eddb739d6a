"""Alternative provision below full time, and risk assessments due for review (pure rules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.rules.exclusions import ExclusionPolicy, Owed

RISK_REVIEW_SOON_DAYS = 14  # a risk assessment's review shows as due this many days ahead


def _d(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Placement:
    id: int
    provider: str
    start: date
    end: date | None
    hours_per_week: float


def ap_owed(placements: Sequence[Placement], on: date, policy: ExclusionPolicy) -> list[Owed]:
    """Current alternative provision below full time."""
    return [
        Owed(
            DutyKind.AP_NOT_FULL_TIME,
            f"Alternative provision at {p.provider} is {_d(p.hours_per_week)} hours a week, below "
            f"full time ({_d(policy.ap_full_time_hours)} hours): arrange the rest of the week",
            None,
            record_id=p.id,
        )
        for p in placements
        if p.start <= on and (p.end is None or p.end >= on) and p.hours_per_week < policy.ap_full_time_hours
    ]


@dataclass(frozen=True)
class Assessment:
    id: int
    assessed_on: date
    review_on: date | None


def risk_review_owed(assessments: Sequence[Assessment], on: date) -> list[Owed]:
    """The latest risk assessment's review, from `RISK_REVIEW_SOON_DAYS` before it is due."""
    done = [a for a in assessments if a.assessed_on <= on]
    if not done:
        return []
    latest = max(done, key=lambda a: (a.assessed_on, a.id))
    if latest.review_on is None or (latest.review_on - on).days > RISK_REVIEW_SOON_DAYS:
        return []
    return [
        Owed(
            DutyKind.RISK_ASSESSMENT_REVIEW,
            f"Review the risk assessment of {format_date(latest.assessed_on)}",
            latest.review_on,
            record_id=latest.id,
        )
    ]
