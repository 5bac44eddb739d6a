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
