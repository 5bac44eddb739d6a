"""Risk assessments and alternative provision placements: validate, save, delete, audited."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import SQLModel

from cwsw_desktop.models import AlternativeProvision, Pupil, RiskAssessment
from cwsw_desktop.services.errors import Problem, ValidationError, refuse_if
from cwsw_desktop.services.records import add_row, existing, set_fields
from cwsw_desktop.store import unit_of_work

MAX_AP_HOURS = 60.0  # the store's upper bound on hours a week


@dataclass(frozen=True)
class RiskAssessmentInput:
    pupil_id: int
    assessed_on: date
    review_on: date | None = None
    summary: str = ""


@dataclass(frozen=True)
class ProvisionInput:
    pupil_id: int
    provider: str
    start_date: date
    hours_per_week: float
    end_date: date | None = None


def risk_problems(data: RiskAssessmentInput) -> list[Problem]:
    problems = []
    if data.review_on is not None and data.review_on <= data.assessed_on:
        problems.append(Problem("Review by", "must be after the date of the assessment"))
    if not data.summary.strip():
        problems.append(Problem("Summary", "say what the risks are and what is in place"))
    return problems


def provision_problems(data: ProvisionInput) -> list[Problem]:
    problems = []
    if not data.provider.strip():
        problems.append(Problem("Provider", "is required"))
    if math.isnan(data.hours_per_week) or not 0 < data.hours_per_week <= MAX_AP_HOURS:
        problems.append(Problem("Hours a week", f"must be more than 0 and at most {MAX_AP_HOURS:g}"))
    if data.end_date is not None and data.end_date < data.start_date:
        problems.append(Problem("End date", "cannot be before the start date"))
    return problems


def _save(
    engine: Engine, entity: str, model: type[SQLModel], values: dict[str, object], record_id: int | None
) -> int:
    with unit_of_work(engine) as session:
        pupil_id = values["pupil_id"]
        if session.get(Pupil, pupil_id) is None:
            raise ValidationError([Problem("Pupil", "choose a pupil on the register")])
        if record_id is None:
            return add_row(session, entity, model(**values), pupil_id=int(str(pupil_id)))
        row = existing(session, model, record_id, _gone(entity, record_id))
        set_fields(session, entity, row, values, pupil_id=int(str(pupil_id)))
        return record_id


def _gone(entity: str, record_id: int) -> str:
    return f"{entity.replace('_', ' ')} {record_id} is no longer on record"


def save_risk_assessment(engine: Engine, data: RiskAssessmentInput, record_id: int | None = None) -> int:
    refuse_if(risk_problems(data))
    return _save(engine, "risk_assessment", RiskAssessment, dict(data.__dict__), record_id)


def save_provision(engine: Engine, data: ProvisionInput, record_id: int | None = None) -> int:
    refuse_if(provision_problems(data))
    values = dict(data.__dict__) | {"provider": data.provider.strip()}
    return _save(engine, "alternative_provision", AlternativeProvision, values, record_id)


def load_risk_assessment(engine: Engine, record_id: int) -> RiskAssessmentInput:
    with unit_of_work(engine) as session:
        row = existing(session, RiskAssessment, record_id, _gone("risk_assessment", record_id))
        return RiskAssessmentInput(row.pupil_id, row.assessed_on, row.review_on, row.summary)


def load_provision(engine: Engine, record_id: int) -> ProvisionInput:
    with unit_of_work(engine) as session:
        row = existing(session, AlternativeProvision, record_id, _gone("alternative_provision", record_id))
        return ProvisionInput(row.pupil_id, row.provider, row.start_date, row.hours_per_week, row.end_date)
