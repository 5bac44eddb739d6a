"""Words for the exclusions area's closed sets and duties (the core keeps Enums)."""

from __future__ import annotations

from datetime import date

from cwsw_desktop.reports.words import TRIED_WORDS
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.exclusions import ExclusionKind, GovernorsOutcome, Owed

__all__ = ["KIND_WORDS", "OUTCOME_WORDS", "TRIED_WORDS", "owed_line", "owed_tone", "when_words"]

KIND_WORDS = {
    ExclusionKind.SUSPENSION: "Suspension",
    ExclusionKind.LUNCHTIME: "Lunchtime",
    ExclusionKind.PERMANENT: "Permanent exclusion",
}
OUTCOME_WORDS = {
    GovernorsOutcome.UPHELD: "Upheld",
    GovernorsOutcome.REINSTATED: "Reinstated",
    GovernorsOutcome.NOT_REQUIRED: "Not required (no representations)",
}


def when_words(due: date | None, today: date) -> str:
    """'by Mon 13/10/2025 (in 3 days)', 'was due 06/10/2025 (2 days ago)'."""
    if due is None:
        return ""
    gap = (due - today).days
    when = due.strftime("%a ") + format_date(due)
    if gap < 0:
        return f"was due {when} ({-gap} day{'s' if gap != -1 else ''} ago)"
    if gap == 0:
        return f"due today, {when}"
    return f"by {when} (in {gap} day{'s' if gap != 1 else ''})"


def owed_line(o: Owed, today: date) -> str:
    words = when_words(o.due, today)
    return f"{o.message}, {words}" if words else o.message


def owed_tone(owed: tuple[Owed, ...] | list[Owed], today: date) -> str | None:
    if not owed:
        return None
    return "bad" if any(o.due is not None and o.due < today for o in owed) else "warn"
