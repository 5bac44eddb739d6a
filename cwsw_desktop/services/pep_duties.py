"""The PEP duties for "what is due": overdue terms (this year's, and last year's lately ended),
the first PEP after coming into care, PEPs held without targets, and this term's PEP not booked.
Each resolves the moment the meeting that settles it is saved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import Pupil, StatusEpisode
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.rules.pep import INITIAL_PEP_LOOKBACK_DAYS, PepRecord, TermStatus, first_pep
from cwsw_desktop.services.peps import care_spell, cla_episodes, compliance_for, on_roll, pep_records
from cwsw_desktop.services.school import SchoolSettings, load_settings, years_around
from cwsw_desktop.store import unit_of_work


def pep_duties(engine: Engine, on: date) -> list[Duty]:
    """The PEP duties on ``on`` for every child looked after and on roll that day."""
    settings = load_settings(engine)
    years = years_around(engine, on)
    current = academic_year_of(on)
    year = next(y for y in years if y.start_year == current)
    last_year = next((y for y in years if y.start_year == current - 1), None)
    duties: list[Duty] = []
    with unit_of_work(engine) as session:
        episodes = cla_episodes(session)
        pupils = session.exec(select(Pupil).where(col(Pupil.id).in_(list(episodes)))).all()
        records = pep_records(session, [p.id or 0 for p in pupils])
        for p in pupils:
            spell = care_spell(episodes[p.id or 0], on, on)
            if spell is None or not on_roll(p, on, on) or (p.admission_date or on) > on:
                continue
            mine = records[p.id or 0]
            duties += _pupil_duties(p, spell, mine, year, on, settings, years)
            if last_year is not None:  # a term of last year that ended lately without a PEP
                duties += [
                    d
                    for d in _pupil_duties(p, spell, mine, last_year, on, settings, years, terms_only=True)
                    if d.due is not None and d.due >= on - timedelta(days=INITIAL_PEP_LOOKBACK_DAYS)
                ]
    return duties


def _pupil_duties(
    p: Pupil,
    spell: StatusEpisode,
    records: Sequence[PepRecord],
    year: AcademicYearDates,
    on: date,
    settings: SchoolSettings,
    years: Sequence[AcademicYearDates],
    terms_only: bool = False,
) -> list[Duty]:
    pupil_act = Act(ActOn.PEP, None, p.id)
    duties: list[Duty] = []
    first = first_pep(spell.start_date, records, on, years, settings.first_pep_school_days)
    if not terms_only and first is not None and first.held_on is None:
        duties.append(
            Duty(
                DutyKind.INITIAL_PEP_DUE,
                Severity.OVERDUE if first.is_overdue(on) else Severity.DUE,
                f"First PEP after coming into care on {format_date(first.entered_care)}: due by "
                f"{format_date(first.due)}, ready for the care-plan review on {format_date(first.care_review)}",
                pupil_act,
                first.due,
                p.upn,
            )
        )
    compliance = compliance_for(p, spell, records, year, on, settings, years)
    for t in compliance.terms:
        label = f"{t.term.name} term {year.label}"
        if t.status is TermStatus.OVERDUE:
            duties.append(
                Duty(
                    DutyKind.PEP_OVERDUE,
                    Severity.OVERDUE,
                    f"No PEP held for the {label} (its window ended {format_date(t.window_end)})",
                    pupil_act,
                    t.window_end,
                    p.upn,
                )
            )
        elif t.status is TermStatus.INCOMPLETE:
            duties.append(
                Duty(
                    DutyKind.PEP_INCOMPLETE,
                    Severity.DUE,
                    f"PEP held on {format_date(t.pep_date)} for the {label} has no targets: record them",
                    Act(ActOn.PEP, t.meeting_id, p.id),
                    t.window_end,
                    p.upn,
                )
            )
    if terms_only:
        return duties
    current = compliance.current
    owes_first = first is not None and first.held_on is None
    if current.status in (TermStatus.DUE, TermStatus.DUE_SOON) and not owes_first:
        soon = current.status is TermStatus.DUE_SOON
        duties.append(
            Duty(
                DutyKind.PEP_DUE,
                Severity.DUE if soon else Severity.NOTE,
                f"PEP for the {current.term.name} term {year.label} not yet booked: due by "
                f"{format_date(current.term.end)}",
                pupil_act,
                current.term.end,
                p.upn,
            )
        )
    return duties
