"""Attendance bands: persistent absence (10% or more missed) and severe absence (50% or more)."""

from __future__ import annotations

import math

OK, PERSISTENT, SEVERE = "OK", "Persistent absence", "Severe absence"
PERSISTENT_THRESHOLD = 90.0
SEVERE_THRESHOLD = 50.0


def validate_attendance(pct: float) -> str | None:
    """What is wrong with an attendance percentage, or ``None`` if it is fine."""
    if math.isnan(pct) or not 0.0 <= pct <= 100.0:
        return "attendance must be between 0 and 100%"
    return None


def attendance_band(pct: float, persistent_threshold: float = PERSISTENT_THRESHOLD) -> str:
    """``Severe absence`` at 50% attendance or less, ``Persistent absence`` at or below the
    threshold (90% unless the school sets another), else ``OK``."""
    problem = validate_attendance(pct)
    if problem is not None:
        raise ValueError(problem)
    if pct <= SEVERE_THRESHOLD:
        return SEVERE
    if pct <= persistent_threshold:
        return PERSISTENT
    return OK


def attendance_concern(pct: float | None, persistent_threshold: float = PERSISTENT_THRESHOLD) -> str | None:
    """The band of concern (``PERSISTENT`` or ``SEVERE``) for any child on the register, or None
    when attendance is not recorded or is above the threshold."""
    if pct is None:
        return None
    band = attendance_band(pct, persistent_threshold)
    return None if band == OK else band


def whom_to_tell(social_worker: str, looked_after: bool, has_social_worker: bool = False) -> str:
    """Whom a concern goes to: the social worker where there is one (named when recorded; a CLA,
    CIN or CP child ``has_social_worker``), and the Virtual School for a child looked after; the
    family otherwise."""
    people: list[str] = []
    if social_worker.strip():
        people.append(f"the social worker ({social_worker.strip()})")
    elif has_social_worker:
        people.append("the social worker (not recorded: add them as a contact)")
    if looked_after:
        people.append("the Virtual School")
    if not people:
        return "no social worker to tell: follow it up with the family"
    return "tell " + " and ".join(people)
