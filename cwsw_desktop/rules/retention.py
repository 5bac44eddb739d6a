"""Retention: child-protection and looked-after records are reviewed at the child's 25th birthday."""

from __future__ import annotations

from datetime import date

from cwsw_desktop.rules.dates import add_years

RETENTION_YEARS = 25


def retention_review_date(dob: date) -> date:
    """Date of birth + 25 years (a 29 February birthday gives 28 February)."""
    return add_years(dob, RETENTION_YEARS)


def is_due_for_review(dob: date, today: date) -> bool:
    """Whether the records should be reviewed (from the review date on); never deleted silently."""
    return today >= retention_review_date(dob)
