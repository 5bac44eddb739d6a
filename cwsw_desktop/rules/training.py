"""Training: the DT's days a year and the DSL's formal and refresher training."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cwsw_desktop.rules.dates import add_years

HOURS_PER_DAY = 6.0
DT_DAYS_PER_YEAR = 2.0
DSL_FORMAL_EVERY_YEARS = 2
DSL_REFRESH_EVERY_YEARS = 1


def training_days(hours: Iterable[float], hours_per_day: float = HOURS_PER_DAY) -> float:
    """Hours of training expressed in training days."""
    if hours_per_day <= 0:
        raise ValueError("a training day must be more than 0 hours")
    return sum(hours) / hours_per_day


def dt_training_shortfall(hours_this_year: Iterable[float], required_days: float = DT_DAYS_PER_YEAR) -> float:
    """Training days the Designated Teacher still needs this year (never below 0)."""
    return max(0.0, required_days - training_days(hours_this_year))


@dataclass(frozen=True)
class DslTraining:
    """When the DSL's training is next due, and whether it is overdue."""

    formal_due: date | None
    refresher_due: date | None
    formal_overdue: bool
    refresher_overdue: bool


def dsl_training_status(last_formal: date | None, last_refresher: date | None, today: date) -> DslTraining:
    """Formal DSL training every 2 years, refreshed at least a year after the latest training.

    Training due on a date is overdue from the next day; no training on record is overdue.
    """
    formal_due = None if last_formal is None else add_years(last_formal, DSL_FORMAL_EVERY_YEARS)
    latest = max((d for d in (last_formal, last_refresher) if d is not None), default=None)
    refresher_due = None if latest is None else add_years(latest, DSL_REFRESH_EVERY_YEARS)
    return DslTraining(
        formal_due=formal_due,
        refresher_due=refresher_due,
        formal_overdue=formal_due is None or today > formal_due,
        refresher_overdue=refresher_due is None or today > refresher_due,
    )
