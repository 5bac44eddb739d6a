"""EHCP annual review: 12 months after the last review, "due" from 8 weeks before, overdue after.

The school records the date of the last review. An import may instead carry a typed date for the
next review: that is accepted on its own, and also when it falls after the last review and before
the statutory date (a review booked early).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cwsw_desktop.rules.dates import add_years
from cwsw_desktop.rules.settling import current_opening

EHCP_REVIEW_YEARS = 1  # the next review is due 12 months after the last
EHCP_NOTICE = timedelta(weeks=8)  # and "due" from 8 weeks before


def next_ehcp_review(last: date | None, typed_next: date | None) -> date | None:
    """The date the next annual review is due, or None when neither date is recorded."""
    if last is None:
        return typed_next
    statutory = add_years(last, EHCP_REVIEW_YEARS)
    if typed_next is not None and last < typed_next < statutory:
        return typed_next
    return statutory


@dataclass(frozen=True)
class EhcpReviewOwed:
    due: date | None  # None: no review date recorded at all
    opens: date  # when this occurrence opened (a contact-log entry from then settles it)


def ehcp_review_owed(last: date | None, typed_next: date | None, on: date) -> EhcpReviewOwed | None:
    """The review owed on ``on`` by a child with an EHCP, or None when it is not yet 8 weeks off."""
    due = next_ehcp_review(last, typed_next)
    if due is None:
        return EhcpReviewOwed(due=None, opens=date.min)
    if on < due - EHCP_NOTICE:
        return None
    return EhcpReviewOwed(due=due, opens=current_opening(due, on, EHCP_NOTICE, EHCP_REVIEW_YEARS))
