"""What goes into and comes out of the PEP services: plain frozen dataclasses, Enums not words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from cwsw_desktop.rules.pep import (
    AttendeeRole,
    FirstPep,
    PepKind,
    PepStatus,
    TargetRating,
    TermPep,
)

PLACE_MAX = 200
NAME_MAX = 120
AREA_MAX = 60


@dataclass(frozen=True)
class AttendeeInput:
    role: AttendeeRole
    name: str
    attended: bool = False


@dataclass(frozen=True)
class TargetInput:
    """A SMART target; ``id`` is the stored row's id (None for a new one)."""

    description: str
    area: str = ""
    baseline: str = ""
    rating: TargetRating = TargetRating.NOT_STARTED
    id: int | None = None


@dataclass(frozen=True)
class ActionInput:
    action: str
    owner: str = ""
    due: date | None = None
    done: bool = False
    id: int | None = None


@dataclass(frozen=True)
class BookingInput:
    """A meeting to book (or a booking to change)."""

    pupil_id: int
    meeting_date: date
    start_time: time | None = None
    place: str = ""
    kind: PepKind = PepKind.REVIEW
    attendees: tuple[AttendeeInput, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class HoldInput:
    """What happened at the meeting.

    ``ratings`` rate the previous PEP's targets (by id); ``actions_done`` are the previous PEP's
    actions now done. ``book_next`` books the next meeting on ``next_meeting``.
    """

    held_on: date
    attendees: tuple[AttendeeInput, ...] = ()
    child_views: str = ""
    ratings: dict[int, TargetRating] = field(default_factory=dict)
    actions_done: frozenset[int] = frozenset()
    targets: tuple[TargetInput, ...] = ()
    actions: tuple[ActionInput, ...] = ()
    pp_plus_requested_pence: int = 0
    pp_plus_agreed_pence: int = 0
    pp_plus_purpose: str = ""
    next_meeting: date | None = None
    book_next: bool = False
    notes: str = ""
    start_time: time | None = None
    place: str = ""


@dataclass(frozen=True)
class PepDetail:
    """One meeting in full."""

    id: int
    pupil_id: int
    pupil: str  # display name
    upn: str
    meeting_date: date
    start_time: time | None
    place: str
    kind: PepKind
    status: PepStatus
    status_reason: str
    targets_elsewhere: bool
    attendees: tuple[AttendeeInput, ...]
    child_views: str
    targets: tuple[TargetInput, ...]
    actions: tuple[ActionInput, ...]
    pp_plus_requested_pence: int
    pp_plus_agreed_pence: int
    pp_plus_purpose: str
    next_meeting: date | None
    notes: str

    def booking(self) -> BookingInput:
        return BookingInput(
            self.pupil_id,
            self.meeting_date,
            self.start_time,
            self.place,
            self.kind,
            self.attendees,
            self.notes,
        )


@dataclass(frozen=True)
class PreviousPep:
    """The last PEP held before a meeting: its targets to rate and its open actions."""

    id: int
    meeting_date: date
    targets: tuple[TargetInput, ...]
    open_actions: tuple[ActionInput, ...]


@dataclass(frozen=True)
class MeetingRow:
    id: int
    pupil_id: int
    pupil: str
    initials: str
    upn: str
    meeting_date: date
    start_time: time | None
    place: str
    kind: PepKind
    status: PepStatus
    status_reason: str
    targets: int
    complete: bool  # held with targets (here or in the ePEP)
    pp_plus_agreed_pence: int
    next_meeting: date | None


@dataclass(frozen=True)
class GridRow:
    """One looked-after child across the terms of a year."""

    pupil_id: int
    pupil: str
    upn: str
    year_group: int
    terms: tuple[TermPep, ...]
    held: int  # terms with a complete PEP
    owed: int
    meets_three_a_year: bool
    first: FirstPep | None


@dataclass(frozen=True)
class PupilChoice:
    """A looked-after child who can have a PEP booked."""

    id: int
    name: str
    upn: str
