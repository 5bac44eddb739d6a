"""What is due on a date: every area's duties in one sorted list (the Overview and `due` share it).

Each area contributes one source, `(source, on) -> list[Duty]`, registered in `DUTY_SOURCES`.
A source reads the records *as of* `on` (categories, ages and year groups on that date) as plain
rows through a ``Reader`` (store/reader.py), and calls pure rules from `rules/` to decide what is
owed. ``what_is_due`` opens ONE reader, so every source reads the same snapshot of the store.

Nothing on this path imports SQLAlchemy: ``cwsw-desktop due`` reads a current store through a
bare connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from cwsw_desktop.rules.duties import Duty, DutyKind, sort_duties
from cwsw_desktop.services.exclusion_duties import exclusion_duties
from cwsw_desktop.services.gc_pause import no_cycle_collection
from cwsw_desktop.services.pep_duties import pep_duties
from cwsw_desktop.services.register_duties import register_duties
from cwsw_desktop.services.training_duties import training_duties
from cwsw_desktop.store.reader import reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

DutySource = Callable[["Source", date], list[Duty]]

# Each area appends its source here (register, PEPs, exclusions, training).
DUTY_SOURCES: list[DutySource] = [register_duties, pep_duties, exclusion_duties, training_duties]


def what_is_due(source: Source, on: date, kinds: Iterable[DutyKind] | None = None) -> list[Duty]:
    """Every duty on `on`, most urgent first; only the given kinds when `kinds` is given.
    `source` is the store's engine or a reader already open."""
    wanted = set(kinds) if kinds is not None else None
    duties: list[Duty] = []
    with reading(source) as r, no_cycle_collection():
        for read in DUTY_SOURCES:
            duties.extend(d for d in read(r, on) if wanted is None or d.kind in wanted)
    return sort_duties(duties)
