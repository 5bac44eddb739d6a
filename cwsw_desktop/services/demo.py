"""A seeded generator of clearly fictitious data, for `--demo`, tests and benchmarks.

Every name is made up and every school detail is marked as demo. Dates are placed around
`today` so that each tab shows a realistic mix of done, due and overdue.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from cwsw_desktop.models import (
    AlternativeProvision,
    Contact,
    Exclusion,
    PpPlusKind,
    PpPlusSpend,
    Pupil,
    RiskAssessment,
    SdqResult,
    StatusEpisode,
)
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of, default_terms
from cwsw_desktop.services import audit
from cwsw_desktop.services.demo_governors import add_governors_demo
from cwsw_desktop.services.demo_names import (
    AUTHORITIES,
    DEMO_SCHOOL,
    FORENAMES,
    NICKNAMES,
    PLA_ROUTES,
    PLACEMENTS,
    SURNAMES,
    DemoSummary,
    demo_school,
    make_upn,
)
from cwsw_desktop.services.demo_pep import demo_peps
from cwsw_desktop.services.demo_training import KEY_ADULTS, add_demo_training
from cwsw_desktop.store import unit_of_work

__all__ = ["DEMO_SCHOOL", "DemoRefusedError", "DemoSummary", "fill_empty_store", "generate_demo", "make_upn"]


def _dob_for_year_group(rng: random.Random, group: int, start_year: int) -> date:
    birth_year = start_year - group - 4
    # Sep–Dec births belong to the cohort born the previous calendar year.
    start = date(birth_year - 1, 9, 1)
    return start + timedelta(days=rng.randrange(365))


def generate_demo(engine: Engine, size: int = 30, seed: int = 7, today: date | None = None) -> DemoSummary:
    """Fill an empty store with `size` fictitious pupils and a year of records around `today`."""
    rng = random.Random(seed)
    today = today or date.today()
    current = academic_year_of(today)
    years = {y: default_terms(y) for y in (current - 1, current)}
    peps = exclusions = 0
    with unit_of_work(engine) as session:
        school = demo_school(session, current, range(current - 1, current + 1))

        training = add_demo_training(session, today, seed)

        categories = ["CLA"] * 10 + ["PLA"] * 5 + ["CIN"] * 5 + ["CP"] * 4 + ["Previous"] * 6
        for i in range(size):
            category = categories[i % len(categories)] if i < len(categories) else rng.choice(categories)
            pupil = _pupil(rng, i, current, today, category)
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            new_to_care = category == "CLA" and i == 9
            episodes = _episodes(rng, pupil, category, today, new_to_care)
            session.add_all(episodes)
            session.add_all(_contacts(rng, pupil.id, category))
            if category == "CLA":
                session.add_all(_sdqs(rng, pupil.id, today))
                if not new_to_care:
                    peps += demo_peps(session, rng, pupil.id, years, today, i, school.dt_name)
                session.add(
                    PpPlusSpend(
                        pupil_id=pupil.id,
                        academic_year=current,
                        amount_pence=263_000,
                        kind=PpPlusKind.RECEIVED,
                        spent_on=date(current, 10, 15),
                        purpose="PP+ received via the PEP",
                        impact="",
                    )
                )
            if category in ("CLA", "CIN", "CP") and rng.random() < 0.45:
                exclusions += _exclusions(session, rng, pupil.id, category == "CLA", years[current], today)
        add_governors_demo(session, current)
        audit.record(session, "import", "demo", None, detail=f"demo data: {size} fictitious pupils")
    return DemoSummary(pupils=size, peps=peps, exclusions=exclusions, training_sessions=training)


def _pupil(rng: random.Random, i: int, current: int, today: date, category: str) -> Pupil:
    group = rng.randrange(0, 12)
    dob = _dob_for_year_group(rng, group, current)
    forename = FORENAMES[(i * 7 + rng.randrange(5)) % len(FORENAMES)]
    surname = SURNAMES[(i * 5 + rng.randrange(3)) % len(SURNAMES)]
    admitted = min(today, max(date(current - min(group, 3), 9, 3), dob + timedelta(days=4 * 365 + 200)))
    sen = rng.choices(["N", "K", "E"], weights=[5, 3, 2])[0]
    left = i % 17 == 16
    return Pupil(
        upn=make_upn(i + 1, current - group),
        legal_surname=surname,
        legal_forename=forename,
        preferred_forename=NICKNAMES.get(forename, "") if rng.random() < 0.6 else "",
        date_of_birth=dob,
        gender=rng.choice(["Female", "Male"]),
        admission_date=admitted,
        leaving_date=min(today, max(admitted, today - timedelta(days=rng.randrange(10, 60))))
        if left
        else None,
        sen_status=sen,
        ehcp_review_date=today + timedelta(days=rng.randrange(-30, 200)) if sen == "E" else None,
        pp_plus=category in ("CLA", "PLA"),
        key_adult=rng.choice(KEY_ADULTS),
        attendance_pct=round(rng.choice([rng.uniform(91, 100)] * 3 + [rng.uniform(45, 90)]), 1),
        notes="",
    )


def _episodes(
    rng: random.Random, pupil: Pupil, category: str, today: date, new_to_care: bool = False
) -> list[StatusEpisode]:
    assert pupil.id is not None
    earliest = pupil.date_of_birth + timedelta(days=200)
    start = max(earliest, today - timedelta(days=rng.randrange(60, 1400)))
    if category == "CLA":  # in care since before last year's PEPs (the demo writes two years of them)
        start = max(earliest, min(start, date(academic_year_of(today) - 1, 8, 1)))
    if new_to_care:  # came into care in an emergency three weeks ago: first PEP overdue
        start = today - timedelta(days=21)
    if category in ("CLA", "CIN", "CP"):
        cla = category == "CLA"
        episodes = [
            StatusEpisode(
                pupil_id=pupil.id,
                category=category,
                start_date=start,
                responsible_la=rng.choice(AUTHORITIES) if cla else "",
                placement_type=rng.choice(PLACEMENTS) if cla else "",
            )
        ]
        if category == "CP" and start - timedelta(days=400) > earliest:
            episodes.append(
                StatusEpisode(
                    pupil_id=pupil.id,
                    category="CIN",
                    start_date=start - timedelta(days=400),
                    end_date=start - timedelta(days=1),
                )
            )
        return episodes
    if category == "PLA":
        start = max(start, earliest + timedelta(days=1))  # in care for a day at least before leaving it
        cla_start = max(earliest, start - timedelta(days=rng.randrange(200, 900)))
        return [
            StatusEpisode(
                pupil_id=pupil.id,
                category="CLA",
                start_date=cla_start,
                end_date=start - timedelta(days=1),
                responsible_la=rng.choice(AUTHORITIES),
                placement_type=rng.choice(PLACEMENTS),
            ),
            StatusEpisode(
                pupil_id=pupil.id, category="PLA", start_date=start, pla_route=rng.choice(PLA_ROUTES)
            ),
        ]
    ended = today - timedelta(days=rng.randrange(120, 5 * 365))
    begun = max(earliest, ended - timedelta(days=rng.randrange(90, 700)))
    return [
        StatusEpisode(
            pupil_id=pupil.id,
            category=rng.choice(["CIN", "CP"]),
            start_date=begun,
            end_date=max(begun, ended),
        )
    ]


def _contacts(rng: random.Random, pupil_id: int, category: str) -> list[Contact]:
    contacts = [
        Contact(
            pupil_id=pupil_id,
            role="Carer" if category in ("CLA", "PLA") else "Parent",
            name=f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}",
            phone=f"07700 900{rng.randrange(100, 999)}",
        )
    ]
    if category in ("CLA", "CIN", "CP"):
        worker = f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"
        contacts.append(
            Contact(
                pupil_id=pupil_id,
                role="Social worker",
                name=worker,
                organisation=rng.choice(["Children in Care Team", "Family Safeguarding"]),
                phone=f"01632 960{rng.randrange(100, 999)}",
                email=worker.lower().replace(" ", ".").replace("'", "") + "@example.org",
            )
        )
    if category == "CLA":
        contacts.append(
            Contact(
                pupil_id=pupil_id,
                role="VS Education Adviser",
                name="Pat Demo",
                organisation="Virtual School",
                email="virtual.school@example.org",
            )
        )
    return contacts


def _sdqs(rng: random.Random, pupil_id: int, today: date) -> list[SdqResult]:
    taken = today - timedelta(days=rng.randrange(30, 500))
    return [
        SdqResult(
            pupil_id=pupil_id,
            taken_on=taken,
            version=rng.choice(["carer", "teacher"]),
            total=rng.randrange(4, 30),
        )
    ]


def _exclusions(
    session: Session, rng: random.Random, pupil_id: int, cla: bool, year: AcademicYearDates, today: date
) -> int:
    n = rng.choice([1, 1, 2, 3])
    start_year = year.start_year
    first = max(date(start_year, 9, 8), today - timedelta(days=150))
    count = 0
    for _k in range(n):
        day = first + timedelta(days=rng.randrange(0, max(1, (today - first).days)))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        days = rng.choice([0.5, 1.0, 1.0, 2.0, 3.0, 6.0])
        contacted = day - timedelta(days=1) if cla and rng.random() < 0.7 else None
        session.add(
            Exclusion(
                pupil_id=pupil_id,
                kind="suspension",
                start_date=day,
                days=days,
                reason_1=rng.choice(["PA", "VA", "DB", "PP", "DM"]),
                reason_2=rng.choice([None, None, "VP", "MT"]),
                parents_told=day,
                social_worker_told=day,
                la_told=day + timedelta(days=1),
                governors_told=day + timedelta(days=1),
                vsh_consulted=contacted,
                vsh_notified=day if cla else None,
                tried_first="Key adult check-ins; reduced timetable considered",
                reintegration_date=day + timedelta(days=int(days) + 1),
            )
        )
        count += 1
    if n >= 2:
        session.add(
            RiskAssessment(
                pupil_id=pupil_id,
                assessed_on=today - timedelta(days=40),
                review_on=today + timedelta(days=20),
                summary="Triggers: unstructured time. Plan: key adult at lunch.",
            )
        )
    if n == 3:
        session.add(
            AlternativeProvision(
                pupil_id=pupil_id,
                provider="Demo Learning Centre",
                start_date=today - timedelta(days=30),
                hours_per_week=10.0,
            )
        )
    return count


class DemoRefusedError(ValueError):
    """Demo data was not added (a size under 1, or a store that already has pupils)."""


def fill_empty_store(
    engine: Engine, size: int = 30, seed: int = 7, today: date | None = None, years: int | None = None
) -> DemoSummary:
    """Add demo data to a store with no pupils; refuse (DemoRefusedError) anything else, so
    fictitious children are never mixed with real ones. With `years`, the sized demo
    (`demo_large`): that many academic years of history, written in bulk."""
    from sqlmodel import func, select

    if size < 1:
        raise DemoRefusedError(f"the number of demo pupils must be at least 1, not {size}")
    with Session(engine) as session:
        if session.exec(select(func.count()).select_from(Pupil)).one():
            raise DemoRefusedError("the database already has pupils; demo data goes only into an empty one")
    if years is not None:
        from cwsw_desktop.services.demo_large import generate_large

        if years < 1:
            raise DemoRefusedError(f"the years of demo history must be at least 1, not {years}")
        return generate_large(engine, size=size, years=years, seed=seed, today=today)
    return generate_demo(engine, size=size, seed=seed, today=today)
