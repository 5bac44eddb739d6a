"""When and why a child's record comes up for retention review (services/retention.py lists and
deletes them; "what is due" shows each as a duty). No SQLAlchemy here: ``due`` imports it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.retention import retention_review_date
from cwsw_desktop.rules.status import Episode, cohort_exit_date

KEPT_TO_25 = frozenset({"CP", "CLA"})


def review_reason(dob: date, episodes: Sequence[Episode], today: date) -> tuple[date, str] | None:
    """When and why a child's record is due for review, or ``None`` if it is not due yet."""
    categories = {e.category for e in episodes}
    if categories & KEPT_TO_25:
        review = retention_review_date(dob)
        if today >= review:
            kinds = " and ".join(sorted(categories & KEPT_TO_25))
            return review, f"{kinds} record: kept until the 25th birthday ({format_date(review)})"
        return None
    exit_date = cohort_exit_date(episodes)
    if exit_date is not None and today > exit_date:
        return exit_date, (
            f"social-worker involvement ended over 6 years ago; no longer previously "
            f"CSW after {format_date(exit_date)}"
        )
    return None
