"""Categories of children with a social worker, status episodes and the previously-CSW cohort."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cwsw_desktop.rules.dates import add_years, format_date


class Category(StrEnum):
    """What a child counts as on a date. The values are what the store keeps (episodes hold CLA,
    PLA, CIN or CP; "Previous" is worked out, never stored); `ui/` turns them into words."""

    CLA = "CLA"
    PLA = "PLA"
    CIN = "CIN"
    CP = "CP"
    PREVIOUS = "Previous"


class SenStatus(StrEnum):
    """The census SEN codes the store keeps: no SEN, SEN support (K), an EHC plan (E)."""

    NONE = "N"
    SUPPORT = "K"
    EHCP = "E"


class PlaRoute(StrEnum):
    """How a previously looked-after child left care (optional: MIS exports rarely carry it).
    The values are stored; `ui/` shows `PLA_ROUTE_WORDS`."""

    ADOPTION = "Adoption"
    SGO = "SGO"
    CAO = "CAO"
    ADOPTED_OUTSIDE_ENGLAND_WALES = "Adopted outside E&W"


CATEGORIES = (Category.CLA, Category.PLA, Category.CIN, Category.CP)  # the stored episode categories
PLA_ROUTES = tuple(route.value for route in PlaRoute)
PRECEDENCE = (Category.CLA, Category.CP, Category.CIN, Category.PLA)
PREVIOUS = Category.PREVIOUS
PREVIOUS_CSW_YEARS = 6
_SOCIAL_WORKER_CATEGORIES = frozenset({Category.CLA, Category.CIN, Category.CP})
SOCIAL_WORKER_ROLE = "Social worker"  # the contact role that names the child's social worker


def pla_route(text: str) -> PlaRoute | None:
    """The route a typed or imported word names (its value, or its words, in any case); None if
    it names none. Blank is no route."""
    folded = " ".join(text.split()).casefold()
    for route in PlaRoute:
        if folded in (route.value.casefold(), PLA_ROUTE_WORDS[route].casefold()):
            return route
    return None


# The words for each route (the UI shows these; the import accepts them as well as the values).
PLA_ROUTE_WORDS: dict[PlaRoute, str] = {
    PlaRoute.ADOPTION: "Adoption",
    PlaRoute.SGO: "Special guardianship order (SGO)",
    PlaRoute.CAO: "Child arrangements order (CAO) or residence order",
    PlaRoute.ADOPTED_OUTSIDE_ENGLAND_WALES: "Adopted from state care outside England and Wales",
}


@dataclass(frozen=True)
class Episode:
    """A spell in one category, first and last day inclusive; ``end`` is ``None`` while open."""

    category: str
    start: date
    end: date | None = None

    def is_open_on(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


def current_categories(episodes: Sequence[Episode], on: date) -> tuple[Category, ...]:
    """Categories open on ``on``, most important first (CLA, CP, CIN, PLA)."""
    open_now = {e.category for e in episodes if e.start <= on and (e.end is None or on <= e.end)}
    if not open_now:
        return ()
    if len(open_now) == 1:  # the usual case (asked for every pupil): no order to work out
        only = _STORED.get(next(iter(open_now)))
        return () if only is None else (only,)
    return tuple(category for category in PRECEDENCE if category in open_now)


_STORED = {c.value: c for c in PRECEDENCE}  # a stored category to its member


def in_previous_csw_window(end: date, on: date) -> bool:
    """Whether a social-worker episode that ended on ``end`` still counts on ``on``.

    It counts from its end date up to and including the same date 6 years later.
    """
    return end <= on <= add_years(end, PREVIOUS_CSW_YEARS)


def cohort(
    episodes: Sequence[Episode], on: date, current: tuple[Category, ...] | None = None
) -> Category | None:
    """The category the child counts under on ``on``: the most important current one, else
    ``"Previous"`` if a CLA, CIN or CP episode ended in the last 6 years, else ``None``.
    ``current``: the categories on ``on`` when the caller has them already."""
    if current is None:
        current = current_categories(episodes, on)
    if current:
        return current[0]
    for episode in episodes:
        if (
            episode.category in _SOCIAL_WORKER_CATEGORIES
            and episode.end is not None
            and in_previous_csw_window(episode.end, on)
        ):
            return PREVIOUS
    return None


def cohort_exit_date(episodes: Sequence[Episode]) -> date | None:
    """The last end of a CLA, CIN or CP episode plus 6 years: the last day the child counts as
    previously CSW. ``None`` if no such episode, or if one is still open."""
    ends: list[date] = []
    for episode in episodes:
        if episode.category not in _SOCIAL_WORKER_CATEGORIES:
            continue
        if episode.end is None:
            return None
        ends.append(episode.end)
    if not ends:
        return None
    return add_years(max(ends), PREVIOUS_CSW_YEARS)


def _span(episode: Episode) -> str:
    start = format_date(episode.start)
    if episode.end is None:
        return f"{episode.category} episode from {start} (open)"
    return f"{episode.category} episode {start}–{format_date(episode.end)}"


def _overlap(first: Episode, second: Episode) -> bool:
    """Whether two episodes share a day beyond one ending the day the other starts."""
    earlier, later = sorted((first, second), key=lambda episode: episode.start)
    if later.start == earlier.start:
        return True
    return earlier.end is None or later.start < earlier.end


def episode_errors(episodes: Sequence[Episode], dob: date | None = None) -> list[str]:
    """Problems with a child's status history, as messages for the user; empty when fine."""
    errors: list[str] = []
    sound: list[Episode] = []
    for episode in episodes:
        if episode.category not in CATEGORIES:
            errors.append(f"unknown status '{episode.category}' (use CLA, PLA, CIN or CP)")
            continue
        if episode.end is not None and episode.end < episode.start:
            errors.append(
                f"{episode.category} episode ends ({format_date(episode.end)}) "
                f"before it starts ({format_date(episode.start)})"
            )
            continue
        if dob is not None and episode.start < dob:
            errors.append(
                f"{episode.category} episode starts ({format_date(episode.start)}) "
                f"before the date of birth ({format_date(dob)})"
            )
        sound.append(episode)
    if len(sound) < 2:
        return errors  # what follows compares pairs of episodes (a check an import runs per row)
    for category in CATEGORIES:
        same = sorted((e for e in sound if e.category == category), key=lambda e: e.start)
        if sum(1 for e in same if e.end is None) > 1:
            errors.append(f"two open {category} episodes: end the earlier one first")
        for i, first in enumerate(same):
            for second in same[i + 1 :]:
                if (first.end is not None or second.end is not None) and _overlap(first, second):
                    errors.append(f"{_span(first)} overlaps {_span(second)}")
    looked_after = [e for e in sound if e.category == "CLA"]
    previously = [e for e in sound if e.category == "PLA"]
    for cla in looked_after:
        for pla in previously:
            if _overlap(cla, pla):
                errors.append(
                    f"{_span(cla)} overlaps {_span(pla)}: a child cannot be looked after "
                    "and previously looked after at once"
                )
    return errors
