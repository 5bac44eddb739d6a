"""Python values from the plain SQL columns a ``Reader`` returns (store/reader.py).

SQLAlchemy stores a ``Date`` as ``2026-11-23``, a ``Time`` as ``10:30:00.000000`` and a
``Boolean`` as 0/1; a bare DB-API connection hands those back as they are stored."""

from __future__ import annotations

from datetime import date, time


def day(value: str | None) -> date | None:
    """A stored date (None stays None)."""
    return None if value is None else date.fromisoformat(value)


def clock(value: str | None) -> time | None:
    """A stored time of day (None stays None)."""
    return None if value is None else time.fromisoformat(value)


def iso(value: date | None) -> str | None:
    """A date as a parameter to compare with stored dates (they sort as text)."""
    return None if value is None else value.isoformat()
