"""What the steps of a pupil import return: checked rows, the plan, the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.pupil_types import (
    EpisodeInput,
    PupilInput,
)


class ImportCancelled(Exception):
    """The user stopped the import; nothing was saved."""


# --- what the steps return -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SocialWorkerNamed:
    """The social worker a row names (blank: none), given by keyword after the other fields."""

    social_worker: str = ""
    social_worker_email: str = ""


@dataclass(frozen=True)
class ImportRow(SocialWorkerNamed):
    """One checked row. ``values`` holds only the PupilInput fields the row gives."""

    line: int
    upn: str
    values: Mapping[str, Any]
    episode: EpisodeInput | None = None
    # What checking found with the row alone, kept so planning a new pupil need not run the
    # pupil rules again: the merged record (the row over the defaults), the rules' problems and
    # the day they were judged on. None when not checked (planning then runs the rules itself).
    data: PupilInput | None = field(default=None, compare=False, repr=False)
    judged: tuple[Problem, ...] = field(default=(), compare=False, repr=False)
    judged_on: date | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the column's documented name, e.g. "Attendance %"
    old: str
    new: str


@dataclass(frozen=True)
class PlannedPupil(SocialWorkerNamed):
    line: int
    upn: str
    name: str
    data: PupilInput
    episodes: tuple[EpisodeInput, ...]


@dataclass(frozen=True)
class PlannedChange(SocialWorkerNamed):
    line: int
    pupil_id: int
    upn: str
    name: str
    changes: tuple[FieldChange, ...]
    values: Mapping[str, Any] = field(default_factory=dict)  # PupilInput field → new value
    episodes_to_add: tuple[EpisodeInput, ...] = ()
    episodes_to_update: tuple[EpisodeInput, ...] = ()  # with the stored id
    social_worker_id: int | None = None  # the contact to update; None with a name → add one


@dataclass(frozen=True)
class PlannedEpisode:
    line: int
    upn: str
    category: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class ImportPlan:
    """The outcome of parsing (``rows``) and of planning (the rest). ``ok`` when no problems."""

    source: str
    problems: tuple[Problem, ...] = ()
    rows: tuple[ImportRow, ...] = ()
    planned: bool = False
    to_add: tuple[PlannedPupil, ...] = ()
    to_change: tuple[PlannedChange, ...] = ()
    episodes_to_add: tuple[PlannedEpisode, ...] = ()
    episodes_to_update: tuple[PlannedEpisode, ...] = ()
    unchanged: int = 0
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in {self.source}; nothing will be imported."
        if not self.planned:
            return f"{len(self.rows)} pupil row(s) read from {self.source}."
        no_route = self.pla_without_route
        return (
            f"{len(self.to_add)} pupil(s) to add, {len(self.to_change)} to update, "
            f"{self.unchanged} unchanged; {len(self.episodes_to_add)} status episode(s) to add, "
            f"{len(self.episodes_to_update)} to update."
            + (
                f" {no_route} PLA pupil(s) with no route recorded (a note on the Overview)."
                if no_route
                else ""
            )
        )

    @property
    def pla_without_route(self) -> int:
        """Rows with a PLA episode and no route (optional: MIS exports rarely carry it)."""
        return sum(
            1 for r in self.rows if r.episode and r.episode.category == "PLA" and not r.episode.pla_route
        )


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    episodes_added: int
    episodes_updated: int
    contacts_added: int
    contacts_updated: int

    def summary(self) -> str:
        return (
            f"Added {self.added} pupil(s), updated {self.updated}, {self.unchanged} unchanged; "
            f"{self.episodes_added} status episode(s) added, {self.episodes_updated} updated; "
            f"{self.contacts_added} social worker contact(s) added, {self.contacts_updated} updated."
        )
