"""The sized demo: thousands of fictitious pupils with years of history, for benchmarks and for
trying the app at a Virtual School's or a trust's scale (`cwsw-desktop demo --size N --years Y`).

Over `years` academic years up to `today`: pupils joining and leaving; status episodes (in care,
adopted or under an SGO, in need, on a protection plan, and ones that ended); a PEP a term for
every child looked after with attendees, targets and actions; PP+; SDQs; suspensions; 300 staff
with their training; and an audit trail to match, whose hash chain verifies. Seeded, so the same
seed gives the same store, and written with bulk inserts in one transaction (`demo_bulk`).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine

from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.pep import AttendeeRole
from cwsw_desktop.services import audit
from cwsw_desktop.services import demo_names as names
from cwsw_desktop.services.demo_bulk import Bulk
from cwsw_desktop.services.demo_governors import add_governors_demo
from cwsw_desktop.services.demo_large_peps import large_peps
from cwsw_desktop.services.demo_large_staff import add_large_training
from cwsw_desktop.services.demo_training import KEY_ADULTS
from cwsw_desktop.store import unit_of_work

CATEGORIES = ["CLA"] * 10 + ["PLA"] * 5 + ["CIN"] * 5 + ["CP"] * 4 + ["Previous"] * 6
STAFF = 300
LEAVERS = 5  # one pupil in LEAVERS has left
REASONS = ("PA", "VA", "DB", "PP", "DM", "VP", "MT")
DAYS = (0.5, 1.0, 1.0, 1.0, 2.0, 3.0, 5.0, 6.0)


def generate_large(
    engine: Engine, size: int = 5000, years: int = 10, seed: int = 7, today: date | None = None
) -> names.DemoSummary:
    """Fill an empty store with `size` fictitious pupils and `years` academic years of history."""
    if size < 1 or years < 1:
        raise ValueError(f"a sized demo needs at least 1 pupil and 1 year, not {size} and {years}")
    rng = random.Random(seed)
    today = today or date.today()
    current = academic_year_of(today)
    first = current - years + 1
    with unit_of_work(engine) as session:
        school = names.demo_school(session, current, range(first, current + 1))
        add_governors_demo(session, current)
        bulk = Bulk(session)
        sessions = add_large_training(session, bulk, rng, STAFF, first, today)
        peps = 0
        for i in range(size):
            category = CATEGORIES[i % len(CATEGORIES)] if i < len(CATEGORIES) else rng.choice(CATEGORIES)
            peps += _pupil(bulk, rng, i, category, first, today, school.dt_name)
        bulk.write()
        audit.record(
            session,
            "import",
            "demo",
            None,
            detail=f"demo data: {size} fictitious pupils, {years} years of history",
        )
    return names.DemoSummary(
        pupils=size, peps=peps, exclusions=bulk.count("exclusion"), training_sessions=sessions
    )


def _pupil(bulk: Bulk, rng: random.Random, i: int, category: str, first: int, today: date, dt: str) -> int:
    """One pupil and everything about them; returns their number of PEPs."""
    current = academic_year_of(today)
    if i % LEAVERS == LEAVERS - 1:  # left in one of the years, at the end of Year 11 or mid-year
        left_year = rng.randrange(first, current + 1)
        group = rng.randrange(0, 12)
        cohort = left_year - group
        joined = max(cohort, first, left_year - rng.randrange(0, 6))
        admitted = date(joined, 9, 3)
        ends = date(left_year + 1, 7, 21) if group == 11 else date(left_year + 1, 2, 10)
        leaving: date | None = max(
            admitted + timedelta(days=30), min(ends, today - timedelta(days=rng.randrange(1, 60)))
        )
        if leaving is not None and leaving > today:
            leaving = None
    else:
        group = rng.randrange(0, 12)
        cohort = current - group
        joined = min(current, max(cohort, first) + rng.choice((0, 0, 0, 1, 2, 3)))
        admitted = min(today, date(joined, 9, 3) + timedelta(days=rng.choice((0, 0, 0, 45, 130))))
        leaving = None
    dob = date(cohort - 5, 9, 1) + timedelta(days=rng.randrange(365))
    forename = names.FORENAMES[(i * 7 + rng.randrange(5)) % len(names.FORENAMES)]
    surname = names.SURNAMES[(i * 5 + rng.randrange(3)) % len(names.SURNAMES)]
    sen = rng.choices(["N", "K", "E"], weights=[5, 3, 2])[0]
    admitted = min(admitted, today)
    on = admitted
    stamp = datetime.combine(on, time(9), tzinfo=UTC)
    pupil_id = bulk.add(
        "pupil",
        {
            "upn": names.make_upn(i + 1, cohort),
            "legal_surname": surname,
            "legal_forename": forename,
            "preferred_forename": names.NICKNAMES.get(forename, "") if rng.random() < 0.6 else "",
            "preferred_surname": "",
            "date_of_birth": dob,
            "gender": rng.choice(["Female", "Male"]),
            "admission_date": admitted,
            "leaving_date": leaving,
            "year_group_override": None,
            "sen_status": sen,
            "ehcp_review_date": today + timedelta(days=rng.randrange(-30, 200)) if sen == "E" else None,
            "ehcp_last_review": None,
            "pp_plus": category in ("CLA", "PLA"),
            "key_adult": rng.choice(KEY_ADULTS),
            "attendance_pct": round(rng.choice([rng.uniform(91, 100)] * 3 + [rng.uniform(45, 90)]), 1),
            "notes": "",
            "created_at": stamp,
            "updated_at": stamp,
        },
        on=on,
    )
    until = leaving or today
    care = _episodes(bulk, rng, pupil_id, category, dob, first, today)
    people = _contacts(bulk, rng, pupil_id, category, dt)
    if care is None:
        if category in ("CIN", "CP", "Previous") and rng.random() < 0.3:
            _suspensions(bulk, rng, pupil_id, (admitted, until, today), cla=False)
        return 0
    people.setdefault(AttendeeRole.VS_ADVISER, "Pat Demo")
    in_care_from, in_care_to = max(care[0], admitted), min(care[1] or until, until)
    for year in range(academic_year_of(in_care_from), academic_year_of(in_care_to) + 1):
        bulk.add(
            "pp_plus_spend",
            {
                "pupil_id": pupil_id,
                "academic_year": year,
                "spent_on": min(today, date(year, 10, 15)),
                "amount_pence": 263_000 if year >= 2025 else 257_000,
                "kind": "received",
                "purpose": "PP+ received via the PEP",
                "impact": "",
            },
        )
    taken = care[0] + timedelta(days=365)
    while taken <= in_care_to and (taken - dob).days < 17 * 365:
        if (taken - dob).days >= 4 * 365:
            row = {"pupil_id": pupil_id, "taken_on": taken, "version": rng.choice(["carer", "teacher"])}
            bulk.add("sdq_result", {**row, "total": rng.randrange(4, 30)}, pupil_id=pupil_id, on=taken)
        taken += timedelta(days=365 + rng.randrange(-20, 20))
    if rng.random() < 0.45:
        _suspensions(bulk, rng, pupil_id, (admitted, until, today), cla=care[1] is None)
    if in_care_from > in_care_to:  # in care before joining the school
        return 0
    return large_peps(bulk, rng, pupil_id, in_care_from, in_care_to, today, people)


def _episodes(
    bulk: Bulk, rng: random.Random, pupil_id: int, category: str, dob: date, first: int, today: date
) -> tuple[date, date | None] | None:
    """The pupil's status history; returns their latest time in care (its first and last day,
    None while still in care), if they have been in care: a CLA; a PLA before the order; some
    who went home from care on a plan that has since ended."""
    earliest = dob + timedelta(days=200)
    window = max(earliest, date(first, 9, 1) - timedelta(days=700))
    span = max(1, (today - timedelta(days=30) - window).days)
    start = window + timedelta(days=rng.randrange(span))

    def episode(kind: str, begun: date, ended: date | None, **extra: str) -> None:
        row: dict[str, Any] = {"responsible_la": "", "placement_type": "", "pla_route": "", **extra}
        row |= {"pupil_id": pupil_id, "category": kind, "start_date": begun, "end_date": ended}
        bulk.add("status_episode", row, pupil_id=pupil_id, on=min(begun, today))

    if category in ("CLA", "CIN", "CP") and start - timedelta(days=400) > earliest and rng.random() < 0.5:
        episode("CIN", start - timedelta(days=400), start - timedelta(days=1))
    if category == "CLA":
        episode(
            "CLA",
            start,
            None,
            responsible_la=rng.choice(names.AUTHORITIES),
            placement_type=rng.choice(names.PLACEMENTS),
        )
        return start, None
    if category in ("CIN", "CP"):
        episode(category, start, None)
    elif category == "PLA":
        cla_start = max(earliest, start - timedelta(days=rng.randrange(200, 900)))
        if cla_start < start:
            extra = {
                "responsible_la": rng.choice(names.AUTHORITIES),
                "placement_type": rng.choice(names.PLACEMENTS),
            }
            episode("CLA", cla_start, start - timedelta(days=1), **extra)
        episode("PLA", start, None, pla_route=rng.choice(names.PLA_ROUTES))
        return (cla_start, start - timedelta(days=1)) if cla_start < start else None
    else:  # previously had a social worker
        ended = min(today - timedelta(days=120), start + timedelta(days=rng.randrange(90, 700)))
        begun = min(start, ended)
        into_care = begun - timedelta(days=rng.randrange(300, 1100))
        if into_care > earliest and rng.random() < 0.5:  # in care first, then home on a plan
            extra = {
                "responsible_la": rng.choice(names.AUTHORITIES),
                "placement_type": rng.choice(names.PLACEMENTS),
            }
            episode("CLA", into_care, begun - timedelta(days=1), **extra)
            episode("CIN", begun, ended)
            return into_care, begun - timedelta(days=1)
        episode(rng.choice(["CIN", "CP"]), begun, ended)
    return None


def _contacts(
    bulk: Bulk, rng: random.Random, pupil_id: int, category: str, dt: str
) -> dict[AttendeeRole, str]:
    """The pupil's contacts; returns who is invited to their PEPs, by role."""
    carer = f"{rng.choice(names.FORENAMES)} {rng.choice(names.SURNAMES)}"
    role = "Carer" if category in ("CLA", "PLA") else "Parent"
    row = {"pupil_id": pupil_id, "role": role, "name": carer, "organisation": "", "email": ""}
    bulk.add("contact", {**row, "phone": f"07700 900{rng.randrange(100, 999)}"})
    people = {AttendeeRole.DT: dt, AttendeeRole.CARER: carer}
    if category in ("CLA", "CIN", "CP"):
        worker = f"{rng.choice(names.FORENAMES)} {rng.choice(names.SURNAMES)}"
        email = worker.lower().replace(" ", ".").replace("'", "") + "@example.org"
        team = rng.choice(["Children in Care Team", "Family Safeguarding"])
        row = {"pupil_id": pupil_id, "role": "Social worker", "name": worker, "organisation": team}
        bulk.add("contact", {**row, "phone": f"01632 960{rng.randrange(100, 999)}", "email": email})
        people[AttendeeRole.SOCIAL_WORKER] = worker
    if category == "CLA":
        row = {"pupil_id": pupil_id, "role": "VS Education Adviser", "name": "Pat Demo", "phone": ""}
        bulk.add("contact", {**row, "organisation": "Virtual School", "email": "virtual.school@example.org"})
        people[AttendeeRole.VS_ADVISER] = "Pat Demo"
    people[AttendeeRole.CHILD] = "The child (for part)"
    return people


def _suspensions(
    bulk: Bulk, rng: random.Random, pupil_id: int, dates: tuple[date, date, date], cla: bool
) -> None:
    """A few suspensions over the pupil's time on roll (`dates`: admitted, on roll until, and
    today), told to everyone the next school day."""
    admitted, until, today = dates
    span = (until - admitted).days
    if span < 14:
        return
    days_told = []
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        day = admitted + timedelta(days=rng.randrange(span))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        days = rng.choice(DAYS)
        row = {
            "pupil_id": pupil_id,
            "kind": "suspension",
            "start_date": day,
            "days": days,
            "reason_1": rng.choice(REASONS),
            "reason_2": rng.choice((None, None, "VP", "MT")),
            "reason_3": None,
            "parents_told": day,
            "social_worker_told": day,
            "la_told": day + timedelta(days=1),
            "governors_told": day + timedelta(days=1),
            "tried_first": "Key adult check-ins; reduced timetable considered",
            "reintegration_date": day + timedelta(days=int(days) + 1),
            "reintegration_notes": "",
            "description": "",
            "decided_by": "Headteacher",
            "decided_on": day,
            "vsh_consulted": day - timedelta(days=1) if cla and rng.random() < 0.7 else None,
            "vsh_notified": day if cla else None,
            "tried_options": "",
            "misses_exam": False,
            "provision_where": "",
            "provision_from": day + timedelta(days=6) if days > 5 else None,
            "governors_meeting_on": None,
            "governors_outcome": "",
            "cancelled_on": None,
            "cancelled_reason": "",
        }
        bulk.add("exclusion", row, pupil_id=pupil_id, on=day)
        days_told.append(day)
    if len(days_told) >= 2:
        last = max(days_told)
        review = last + timedelta(days=60)
        row = {"pupil_id": pupil_id, "assessed_on": min(until, last + timedelta(days=3)), "review_on": review}
        bulk.add(
            "risk_assessment", {**row, "summary": "Triggers: unstructured time. Plan: key adult at lunch."}
        )
        if review < today - timedelta(days=30):  # reviewed long since: the plan closed
            row = {"pupil_id": pupil_id, "assessed_on": review, "review_on": None}
            bulk.add("risk_assessment", {**row, "summary": "Reviewed: no incidents since; plan closed."})
