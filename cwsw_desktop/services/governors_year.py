"""The figures and narrative the DT types in for each year's Report to Governors: load, check, save."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import Engine
from sqlmodel import select

from cwsw_desktop.models import GovernorsYear
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.models.governors import YearFigures as YearFigures
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.reader import Reader, reading

NARRATIVE_LIMIT = 4000


FIELDS = [f.name for f in fields(YearFigures) if f.name != "start_year"]
_LABELS = {
    "school_attendance_pct": "Whole-school attendance",
    "school_persistent_absence_pct": "Whole-school persistent absence",
    "school_suspensions": "Whole-school suspensions",
    "school_permanent_exclusions": "Whole-school permanent exclusions",
    "pp_plus_received_pence": "PP+ received",
    "pp_plus_rate_pence": "PP+ rate per pupil",
    "pp_plus_eligible": "Pupils eligible for PP+",
}


_FIGURES = "SELECT " + ", ".join(FIELDS) + " FROM governors_year WHERE start_year = ?"


def load_year_figures(engine: Engine, start_year: int) -> YearFigures:
    with reading(engine) as r:
        return read_year_figures(r, start_year)


def read_year_figures(r: Reader, start_year: int) -> YearFigures:
    """The year's figures as plain SQL reads them (the report reads them in its one snapshot; an
    ORM session of its own cost more than the rest of the read), blank when none are saved."""
    found = r.rows(_FIGURES, (start_year,))
    return (
        YearFigures(start_year, **dict(zip(FIELDS, found[0], strict=True)))
        if found
        else YearFigures(start_year)
    )


def year_figures_problems(figures: YearFigures) -> list[Problem]:
    problems: list[Problem] = []
    for name in ("school_attendance_pct", "school_persistent_absence_pct"):
        value = getattr(figures, name)
        if value is not None and not 0 <= value <= 100:
            problems.append(Problem(_LABELS[name], f"{value:g}% must be between 0 and 100%"))
    for name in (
        "school_suspensions",
        "school_permanent_exclusions",
        "pp_plus_received_pence",
        "pp_plus_rate_pence",
        "pp_plus_eligible",
    ):
        value = getattr(figures, name)
        if value is not None and value < 0:
            problems.append(Problem(_LABELS[name], "cannot be negative"))
    for name in FIELDS:
        value = getattr(figures, name)
        if isinstance(value, str) and len(value) > NARRATIVE_LIMIT:
            problems.append(
                Problem(name.replace("_", " ").capitalize(), f"is over {NARRATIVE_LIMIT} characters")
            )
    if len(figures.designated_governor) > 120:
        problems.append(Problem("Designated governor", "is over 120 characters"))
    return problems


def save_year_figures(engine: Engine, figures: YearFigures) -> None:
    """Save the year's figures (all or nothing), auditing each field that changed."""
    wanted = {name: getattr(figures, name) for name in FIELDS}
    if problems := year_figures_problems(figures):
        raise ValidationError(problems)
    with unit_of_work(engine) as session:
        stored = session.exec(
            select(GovernorsYear).where(GovernorsYear.start_year == figures.start_year)
        ).first()
        before = stored.model_dump(include=set(FIELDS)) if stored is not None else dict.fromkeys(FIELDS)
        action = AuditAction.UPDATE if stored is not None else AuditAction.CREATE
        row = stored or GovernorsYear(start_year=figures.start_year)
        row.sqlmodel_update(wanted)
        session.add(row)
        session.flush()
        for name, new in wanted.items():
            old = before[name]
            if old != new and not (old in (None, "") and new in (None, "")):
                audit.record(session, action, "governors_year", row.id, field_name=name, old=old, new=new)
