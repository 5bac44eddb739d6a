"""The Exclusions tab's reading: each excluded child's records as plain values, in one snapshot.

A constant handful of statements whatever the number of pupils, tuples rather than ORM objects
(store/reader.py). Each child's records come back as one frozen, hashable ``ChildRecords``, so
`services/exclusions.exclusion_rows` can remember a child's rows by exactly what they are
computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from cwsw_desktop.rules.exclusion_support import Assessment, Placement
from cwsw_desktop.rules.status import Episode
from cwsw_desktop.services.row_values import Raw, day, grouped, iso
from cwsw_desktop.store.reader import Reader


class ExclusionLine(NamedTuple):
    """An exclusion's columns that the rules and the tab read, named as on ``Exclusion``."""

    id: int
    pupil_id: int
    kind: str
    start_date: date
    days: float
    reason_1: str | None
    reason_2: str | None
    reason_3: str | None
    parents_told: date | None
    social_worker_told: date | None
    governors_told: date | None
    la_told: date | None
    decided_on: date | None
    vsh_consulted: date | None
    vsh_notified: date | None
    misses_exam: bool
    provision_from: date | None
    governors_meeting_on: date | None
    governors_outcome: str
    cancelled_on: date | None


_DATES = (3, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19)  # positions of ExclusionLine's dates
_BOOLS = (15,)


@dataclass(frozen=True)
class ChildRecords:
    """One child's exclusions (by start date), status episodes, risk assessments and placements,
    as stored: hashable and cheap to compare, turned into values only when a row is worked out."""

    pupil_id: int
    names: tuple[str, str, str, str]  # legal forename and surname, preferred forename and surname
    upn: str
    exclusion_rows: tuple[Raw, ...]
    episode_rows: tuple[Raw, ...]
    assessment_rows: tuple[Raw, ...]
    placement_rows: tuple[Raw, ...]

    def exclusions(self) -> list[ExclusionLine]:
        lines = []
        for raw in self.exclusion_rows:
            values = list(raw)
            for i in _DATES:
                values[i] = day(values[i])
            for i in _BOOLS:
                values[i] = bool(values[i])
            lines.append(ExclusionLine(*values))
        return lines

    def episodes(self) -> list[Episode]:
        return [Episode(category, _on(start), day(end)) for category, start, end in self.episode_rows]

    def assessments(self) -> list[Assessment]:
        return [Assessment(i, _on(assessed), day(review)) for i, assessed, review in self.assessment_rows]

    def placements(self) -> list[Placement]:
        return [
            Placement(i, provider, _on(start), day(end), hours)
            for i, provider, start, end, hours in self.placement_rows
        ]


def _on(value: str) -> date:
    return date.fromisoformat(value)


def reason_words(reader: Reader) -> dict[str, str]:
    """Each census reason code's description."""
    return {code: words for code, words in reader.rows("SELECT code, description FROM exclusion_reason")}


def excluded_children(reader: Reader, since: date | None = None) -> list[ChildRecords]:
    """Every child with an exclusion starting on or after `since` (every one without), by id."""
    where, params = ("", []) if since is None else (" WHERE start_date >= ?", [iso(since)])
    scope = f"pupil_id IN (SELECT pupil_id FROM exclusion{where})"
    fields = ", ".join(ExclusionLine._fields)
    exclusions = grouped(
        reader.rows(f"SELECT pupil_id, {fields} FROM exclusion{where} ORDER BY start_date, id", params)
    )
    episodes = grouped(
        reader.rows(
            f"SELECT pupil_id, category, start_date, end_date FROM status_episode WHERE {scope} ORDER BY id",
            params,
        )
    )
    assessments = grouped(
        reader.rows(
            f"SELECT pupil_id, id, assessed_on, review_on FROM risk_assessment WHERE {scope} ORDER BY id",
            params,
        )
    )
    placements = grouped(
        reader.rows(
            "SELECT pupil_id, id, provider, start_date, end_date, hours_per_week "
            f"FROM alternative_provision WHERE {scope} ORDER BY id",
            params,
        )
    )
    return [
        ChildRecords(
            pupil_id,
            (legal_forename, legal_surname, preferred_forename, preferred_surname),
            upn,
            tuple(exclusions[pupil_id]),
            tuple(episodes[pupil_id]),
            tuple(assessments[pupil_id]),
            tuple(placements[pupil_id]),
        )
        for pupil_id, legal_forename, legal_surname, preferred_forename, preferred_surname, upn in reader.rows(
            "SELECT id, legal_forename, legal_surname, preferred_forename, preferred_surname, upn "
            f"FROM pupil WHERE id IN (SELECT pupil_id FROM exclusion{where}) ORDER BY id",
            params,
        )
    ]
