"""PEPs for the sized demo: one a term (three a year) for each child looked after, for every
term they were in care and on roll; each held one with its attendees, three SMART targets
(rated at the next review) and two actions (done or not by then); this term's booked ahead; now
and then a term missed, so the calendar shows overdue as well as done."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from functools import cache
from typing import Any

from cwsw_desktop.rules.calendar import TermDates, default_terms
from cwsw_desktop.rules.pep import AttendeeRole, PepKind, PepStatus, TargetRating
from cwsw_desktop.services.demo_bulk import Bulk
from cwsw_desktop.services.demo_pep import ACTIONS, PURPOSES, ROOMS, TARGETS

RATED = (TargetRating.SOME, TargetRating.GOOD, TargetRating.ACHIEVED, TargetRating.SOME)
MISSED = 0.04  # the share of owed terms without a PEP


def large_peps(
    bulk: Bulk,
    rng: random.Random,
    pupil_id: int,
    owed_from: date,
    owed_to: date,
    today: date,
    people: dict[AttendeeRole, str],
) -> int:
    """PEPs for one child in care (and on roll) from `owed_from` to `owed_to`; returns how many."""
    count = 0
    targets: list[dict[str, Any]] = []  # the last held PEP's rows, rated at the next
    actions: list[dict[str, Any]] = []
    for year in range(owed_from.year - 1, owed_to.year + 1):
        for term in _terms(year):
            if term.end < owed_from or term.start > owed_to or term.start > today:
                continue
            if term.end < today and rng.random() < MISSED:
                continue
            earliest = max(term.start, owed_from) + timedelta(days=10)
            day = min(term.end, earliest + timedelta(days=rng.randrange(0, 30)))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            held = day <= today
            agreed = rng.choice((30_000, 45_000, 60_000)) if held else 0
            pep_id = bulk.add(
                "pep_meeting",
                {
                    "pupil_id": pupil_id,
                    "meeting_date": day,
                    "start_time": time(rng.choice((9, 10, 13, 14)), rng.choice((0, 30))),
                    "place": rng.choice(ROOMS),
                    "kind": (PepKind.REVIEW if count else PepKind.INITIAL).value,
                    "status": (PepStatus.HELD if held else PepStatus.PLANNED).value,
                    "status_reason": "",
                    "targets_elsewhere": False,
                    "child_views": "Likes art and football; finds lunchtimes hard." if held else "",
                    "pp_plus_requested_pence": agreed,
                    "pp_plus_agreed_pence": agreed,
                    "pp_plus_purpose": rng.choice(PURPOSES) if held else "",
                    "next_meeting": day + timedelta(days=91) if held else None,
                    "notes": "",
                },
                pupil_id=pupil_id,
                on=min(day, today),
            )
            count += 1
            for role, name in people.items():
                attended = held and (role is not AttendeeRole.VS_ADVISER or rng.random() < 0.7)
                bulk.add(
                    "pep_attendee", {"pep_id": pep_id, "role": role.value, "name": name, "attended": attended}
                )
            if not held:
                continue
            for target in targets:  # the last PEP's targets are rated, its actions ticked off or not
                target["rating"] = rng.choice(RATED).value
            for action in actions:
                action["done"] = rng.random() < 0.7
            targets, actions = [], []
            for area, text, baseline in rng.sample(TARGETS, 3):
                row = {
                    "pep_id": pep_id,
                    "area": area,
                    "description": text,
                    "baseline": baseline,
                    "rating": TargetRating.NOT_STARTED.value,
                }
                bulk.add("pep_target", row)
                targets.append(row)
            for what, who in rng.sample(ACTIONS, 2):
                row = {
                    "pep_id": pep_id,
                    "action": what,
                    "owner": who,
                    "due": day + timedelta(days=21),
                    "done": False,
                }
                bulk.add("pep_action", row)
                actions.append(row)
    return count


@cache
def _terms(year: int) -> tuple[TermDates, ...]:
    return default_terms(year).terms
