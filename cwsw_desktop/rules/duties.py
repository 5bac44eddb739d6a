"""The one contract for "what is due": every rule module reports its duties as `Duty` values.

The Overview tab and `cwsw-desktop due` both render the same list. Kinds, severities and the
record to open are closed sets (Enums); they become words only in `ui/` and the reports. A kind's
value is its stable kebab-case name, used by `due --kind` and in `due --json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from cwsw_desktop.rules.duty_kinds import DutyKind as DutyKind  # defined apart: see duty_kinds.py


class Severity(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.OVERDUE: 0, Severity.DUE: 1, Severity.NOTE: 2}


class ActOn(StrEnum):
    """What the DT opens to act on a duty."""

    PUPIL = "pupil"
    PEP = "pep"
    EXCLUSION = "exclusion"
    RISK_ASSESSMENT = "risk-assessment"
    ALTERNATIVE_PROVISION = "alternative-provision"
    STAFF = "staff"
    TRAINING = "training"
    SETTINGS = "settings"
    RETENTION = "retention"


@dataclass(frozen=True)
class Act:
    """The record to open: `on` says which kind of record, `record_id` which one (None: a new
    one, or the list). `pupil_id` lets the window open the pupil when the record has no dialog."""

    on: ActOn
    record_id: int | None = None
    pupil_id: int | None = None


@dataclass(frozen=True)
class Duty:
    kind: DutyKind
    severity: Severity
    message: str
    act: Act
    due: date | None = None
    pupil: str | None = None  # the UPN, where the duty is about a child
    staff: str | None = None  # the person's name, where it is about a member of staff

    def sort_key(self) -> tuple[int, date, str, str]:
        # _RANK and the kind itself (a StrEnum orders as its value) rather than the properties:
        # what is due sorts thousands of duties, and each property read is a Python call.
        return (_RANK[self.severity], self.due or date.max, self.kind, self.pupil or self.staff or "")

    def as_json(self) -> dict[str, Any]:
        """The `due --json` object: dates in ISO, Enums as their values."""
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "due": self.due.isoformat() if self.due else None,
            "pupil": self.pupil,
            "staff": self.staff,
            "message": self.message,
            "act": {"open": self.act.on.value, "id": self.act.record_id},
        }


def sort_duties(duties: list[Duty]) -> list[Duty]:
    """Most urgent first: overdue, then due, then notes; within each, the earliest date first."""
    return sorted(duties, key=Duty.sort_key)
