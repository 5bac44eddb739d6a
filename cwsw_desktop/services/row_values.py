"""Python values from the plain SQL columns a ``Reader`` returns (store/reader.py).

SQLAlchemy stores a ``Date`` as ``2026-11-23``, a ``Time`` as ``10:30:00.000000`` and a
``Boolean`` as 0/1; a bare DB-API connection hands those back as they are stored."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, time
from typing import Any, Generic, TypeVar

Raw = tuple[Any, ...]  # a row as stored: dates as ISO text, booleans as 0/1
K = TypeVar("K")
V = TypeVar("V")


def day(value: str | None) -> date | None:
    """A stored date (None stays None)."""
    return None if value is None else date.fromisoformat(value)


def clock(value: str | None) -> time | None:
    """A stored time of day (None stays None)."""
    return None if value is None else time.fromisoformat(value)


def iso(value: date | None) -> str | None:
    """A date as a parameter to compare with stored dates (they sort as text)."""
    return None if value is None else value.isoformat()


def grouped(rows: Iterable[Sequence[Any]]) -> defaultdict[Any, list[Raw]]:
    """Rows by their first column (a pupil's id, say), the rest of each row in the order read."""
    found: defaultdict[Any, list[Raw]] = defaultdict(list)
    for first, *rest in rows:
        found[first].append(tuple(rest))
    return found


class Recent(Generic[K, V]):
    """Answers worked out from stored values, remembered for the last few contexts (the date, the
    settings, the calendar: whatever else the answers depend on), each answer by the stored
    values it came from. A view's refresh then works out only what changed since the last one."""

    def __init__(self, contexts: int = 4) -> None:
        self._contexts = contexts
        self._kept: dict[Any, dict[K, V]] = {}
        self._lock = threading.Lock()  # loaders run in worker threads, sometimes two at once

    def answers(self, context: Any) -> dict[K, V]:
        """The answers kept for `context` (empty when there are none)."""
        with self._lock:
            return self._kept.get(context, {})

    def keep(self, context: Any, answers: dict[K, V]) -> None:
        """Keep `answers` for `context` in place of the last ones, forgetting the oldest context."""
        with self._lock:
            self._kept.pop(context, None)
            while len(self._kept) >= self._contexts:
                del self._kept[next(iter(self._kept))]
            self._kept[context] = answers
