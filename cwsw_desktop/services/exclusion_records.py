"""Recording a suspension or exclusion: validate, create, edit, cancel and delete, all audited.

Nothing is saved half-way: every problem is found first and raised together (ValidationError).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, select

from cwsw_desktop.models import Exclusion, ExclusionReason, Pupil
from cwsw_desktop.rules.exclusions import (
    LUNCHTIME_DAYS,
    MAX_REASONS,
    ExclusionKind,
    GovernorsOutcome,
    TriedFirst,
    valid_days,
)
from cwsw_desktop.services.errors import Problem, refuse_if
from cwsw_desktop.services.records import add_row, delete_row, existing, set_fields
from cwsw_desktop.store import unit_of_work


@dataclass(frozen=True)
class ExclusionInput:
    pupil_id: int
    kind: ExclusionKind
    start_date: date
    days: float
    reasons: tuple[str, ...] = ()
    description: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    vsh_consulted: date | None = None
    vsh_notified: date | None = None
    parents_told: date | None = None
    social_worker_told: date | None = None
    la_told: date | None = None
    governors_told: date | None = None
    tried_options: tuple[TriedFirst, ...] = ()
    tried_first: str = ""
    misses_exam: bool = False
    provision_where: str = ""
    provision_from: date | None = None
    reintegration_date: date | None = None
    reintegration_notes: str = ""
    governors_meeting_on: date | None = None
    governors_outcome: GovernorsOutcome | None = None
    cancelled_on: date | None = None
    cancelled_reason: str = ""

    def columns(self) -> dict[str, object]:
        """The Exclusion columns for this input."""
        return _columns(self)


_DATES = (
    ("decided_on", "Date of the decision"),
    ("vsh_consulted", "Virtual School consulted"),
    ("vsh_notified", "Virtual School Head notified"),
    ("parents_told", "Parents or carers told"),
    ("social_worker_told", "Social worker told"),
    ("la_told", "Local authority told"),
    ("governors_told", "Governors told"),
    ("provision_from", "Full-time provision from"),
    ("reintegration_date", "Reintegration meeting"),
    ("governors_meeting_on", "Governors' meeting held"),
    ("cancelled_on", "Cancelled on"),
)
_AFTER_DECISION = ("vsh_notified", "parents_told", "social_worker_told", "la_told", "governors_told")


def problems_with(data: ExclusionInput, known_reasons: set[str]) -> list[Problem]:
    """Every problem with an exclusion as entered, each naming its field."""
    problems: list[Problem] = []
    if data.kind is ExclusionKind.LUNCHTIME and data.days != LUNCHTIME_DAYS:
        problems.append(Problem("Days", f"a lunchtime exclusion counts as {LUNCHTIME_DAYS:g} of a day"))
    elif data.kind is ExclusionKind.SUSPENSION and (why := valid_days(data.days)):
        problems.append(Problem("Days", why))
    if not data.reasons:
        problems.append(Problem("Reasons", "choose at least one reason code"))
    if len(data.reasons) > MAX_REASONS:
        problems.append(Problem("Reasons", f"at most {MAX_REASONS} reason codes"))
    if len(set(data.reasons)) != len(data.reasons):
        problems.append(Problem("Reasons", "the same reason is chosen twice"))
    for code in data.reasons:
        if code not in known_reasons:
            problems.append(Problem("Reasons", f"'{code}' is not a census reason code"))
    decision = data.decided_on or data.start_date
    if data.decided_on is not None and data.decided_on > data.start_date:
        problems.append(Problem("Date of the decision", "cannot be after the start date"))
    for name in _AFTER_DECISION:
        when = getattr(data, name)
        if when is not None and when < decision:
            label = dict(_DATES)[name]
            problems.append(Problem(label, "is a notice after the decision, so cannot be before it"))
    if data.vsh_consulted is not None and data.vsh_consulted > data.start_date:
        problems.append(
            Problem(
                "Virtual School consulted",
                "is the discussion before the decision: it cannot be after the start",
            )
        )
    if data.provision_from is not None and data.provision_from < data.start_date:
        problems.append(Problem("Full-time provision from", "cannot be before the suspension starts"))
    if data.governors_meeting_on is not None and data.governors_meeting_on < decision:
        problems.append(Problem("Governors' meeting held", "cannot be before the decision"))
    if data.cancelled_on is not None and not data.cancelled_reason.strip():
        problems.append(Problem("Reason for cancelling", "say why it was cancelled"))
    if data.cancelled_on is None and data.cancelled_reason.strip():
        problems.append(Problem("Cancelled on", "give the date it was cancelled"))
    return problems


def _columns(data: ExclusionInput) -> dict[str, object]:
    values: dict[str, object] = {
        f.name: getattr(data, f.name)
        for f in fields(data)
        if f.name not in ("reasons", "tried_options", "kind", "governors_outcome")
    }
    padded = [*data.reasons, None, None, None][:MAX_REASONS]
    values |= {
        "kind": data.kind.value,
        "reason_1": padded[0],
        "reason_2": padded[1],
        "reason_3": padded[2],
        "tried_options": ",".join(t.value for t in data.tried_options),
        "governors_outcome": data.governors_outcome.value if data.governors_outcome else "",
        "days": 0.0 if data.kind is ExclusionKind.PERMANENT else data.days,
    }
    return values


def input_of(ex: Exclusion) -> ExclusionInput:
    """The stored record as the dialog's input."""
    return ExclusionInput(
        pupil_id=ex.pupil_id,
        kind=ExclusionKind(ex.kind),
        start_date=ex.start_date,
        days=ex.days,
        reasons=tuple(c for c in (ex.reason_1, ex.reason_2, ex.reason_3) if c),
        tried_options=tuple(TriedFirst(t) for t in ex.tried_options.split(",") if t),
        governors_outcome=GovernorsOutcome(ex.governors_outcome) if ex.governors_outcome else None,
        **{
            f.name: getattr(ex, f.name)
            for f in fields(ExclusionInput)
            if f.name
            not in ("pupil_id", "kind", "start_date", "days", "reasons", "tried_options", "governors_outcome")
        },
    )


def _check(session: Session, data: ExclusionInput, exclusion_id: int | None = None) -> None:
    known = {r.code for r in session.exec(select(ExclusionReason)).all()}
    problems = problems_with(data, known)
    same = session.exec(
        select(Exclusion).where(
            Exclusion.pupil_id == data.pupil_id,
            Exclusion.start_date == data.start_date,
            Exclusion.kind == data.kind.value,
        )
    ).all()
    if any(row.id != exclusion_id for row in same):
        problems.append(Problem("Start date", "this child already has one of this type starting that day"))
    if session.get(Pupil, data.pupil_id) is None:
        problems.insert(0, Problem("Pupil", "choose a pupil on the register"))
    refuse_if(problems)


def _gone(exclusion_id: int) -> str:
    return f"exclusion {exclusion_id} is no longer on record"


def save_exclusion(engine: Engine, data: ExclusionInput, exclusion_id: int | None = None) -> int:
    """Create (no id) or update an exclusion; returns its id. Every changed field is audited."""
    with unit_of_work(engine) as session:
        _check(session, data, exclusion_id)
        values = _columns(data)
        if exclusion_id is None:
            new = Exclusion.model_validate(values)
            return add_row(session, "exclusion", new, pupil_id=data.pupil_id, detail=data.kind.value)
        row = existing(session, Exclusion, exclusion_id, _gone(exclusion_id))
        set_fields(session, "exclusion", row, values, pupil_id=data.pupil_id)
        return exclusion_id


def load_exclusion(engine: Engine, exclusion_id: int) -> ExclusionInput:
    with unit_of_work(engine) as session:
        return input_of(existing(session, Exclusion, exclusion_id, _gone(exclusion_id)))


def delete_exclusion(engine: Engine, exclusion_id: int) -> None:
    """Remove a record entered in error (a real cancellation is kept: see `cancelled_on`)."""
    with unit_of_work(engine) as session:
        row = existing(session, Exclusion, exclusion_id, _gone(exclusion_id))
        detail = f"{row.kind} from {row.start_date.isoformat()}"
        delete_row(session, "exclusion", row, pupil_id=row.pupil_id, detail=detail)


def reason_choices(engine: Engine) -> list[tuple[str, str]]:
    """The active census reason codes with their descriptions."""
    with unit_of_work(engine) as session:
        rows = session.exec(select(ExclusionReason).where(ExclusionReason.active == True)).all()  # noqa: E712  # SQL comparison
        return sorted((r.code, r.description) for r in rows)


def pupil_choices(engine: Engine) -> list[tuple[int, str]]:
    """Pupils to choose from, by surname (leavers too: a record may be for a child who has left)."""
    with unit_of_work(engine) as session:
        pupils = session.exec(select(Pupil)).all()
        named = [
            (
                p.id or 0,
                f"{p.preferred_surname or p.legal_surname}, {p.preferred_forename or p.legal_forename} ({p.upn})",
            )
            for p in pupils
        ]
    return sorted(named, key=lambda t: t[1].casefold())
