"""What is due on a date: every area's duties in one sorted list (the Overview and `due` share it).

Each area contributes one source, `(engine, on) -> list[Duty]`, registered in `DUTY_SOURCES`.
A source reads the records *as of* `on` (categories, ages and year groups on that date) in one
short unit of work, and calls pure rules from `rules/` to decide what is owed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import Engine

from cwsw_desktop.rules.duties import Duty, DutyKind, sort_duties
from cwsw_desktop.services.exclusions import exclusion_duties
from cwsw_desktop.services.pep_duties import pep_duties
from cwsw_desktop.services.register_duties import register_duties
from cwsw_desktop.services.training import training_duties

DutySource = Callable[[Engine, date], list[Duty]]

# Each area appends its source here (register, PEPs, exclusions, training).
DUTY_SOURCES: list[DutySource] = [register_duties, pep_duties, exclusion_duties, training_duties]


def what_is_due(engine: Engine, on: date, kinds: Iterable[DutyKind] | None = None) -> list[Duty]:
    """Every duty on `on`, most urgent first; only the given kinds when `kinds` is given."""
    wanted = set(kinds) if kinds is not None else None
    duties: list[Duty] = []
    for source in DUTY_SOURCES:
        duties.extend(d for d in source(engine, on) if wanted is None or d.kind in wanted)
    return sort_duties(duties)
