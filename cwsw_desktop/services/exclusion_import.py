"""Importing exclusions from a CSV or XLSX file: check every line, then all or nothing.

Columns: UPN, Start Date, Type (Suspension | Permanent exclusion | Lunchtime), Days, Reason (up to
3 codes separated by `;`); optional: VSH Consulted, VSH Notified, Parents Told, Social Worker Told,
Governors Told, LA Told. A line matching a record already held (same pupil, start date and type)
updates its dates rather than adding a second one, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from cwsw_desktop.models import Exclusion, ExclusionReason, Pupil
from cwsw_desktop.rules.dates import parse_date
from cwsw_desktop.rules.exclusions import LUNCHTIME_DAYS, MAX_REASONS, ExclusionKind
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.exclusion_records import ExclusionInput, _columns, input_of, problems_with
from cwsw_desktop.services.tabular import Cell, FileError, cell_text, normalise_header, read_records
from cwsw_desktop.store import unit_of_work

REQUIRED = ("upn", "start date", "type", "days", "reason")
OPTIONAL = {
    "vsh consulted": "vsh_consulted",
    "vsh notified": "vsh_notified",
    "parents told": "parents_told",
    "social worker told": "social_worker_told",
    "governors told": "governors_told",
    "la told": "la_told",
}
TYPES = {
    "suspension": ExclusionKind.SUSPENSION,
    "permanent exclusion": ExclusionKind.PERMANENT,
    "permanent": ExclusionKind.PERMANENT,
    "lunchtime": ExclusionKind.LUNCHTIME,
}


@dataclass(frozen=True)
class PlannedLine:
    line: int
    upn: str
    data: ExclusionInput
    existing_id: int | None
    changes: tuple[str, ...]  # the fields an update would change (empty: nothing to do)


@dataclass(frozen=True)
class ExclusionImportPlan:
    source: str
    lines: tuple[PlannedLine, ...]
    problems: tuple[Problem, ...]

    @property
    def new(self) -> int:
        return sum(1 for p in self.lines if p.existing_id is None)

    @property
    def updated(self) -> int:
        return sum(1 for p in self.lines if p.existing_id is not None and p.changes)

    @property
    def unchanged(self) -> int:
        return sum(1 for p in self.lines if p.existing_id is not None and not p.changes)

    def summary(self) -> str:
        return f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"


def _date(value: Cell, label: str, line: int, problems: list[Problem]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_date(cell_text(value))
    except ValueError:
        problems.append(Problem(label, f"{cell_text(value)} is not a date", line))
        return None


def plan_exclusion_import(engine: Engine, path: Path | str) -> ExclusionImportPlan:
    """Read and check a whole file against the store; nothing is saved."""
    path = Path(path)
    problems: list[Problem] = []
    lines: list[PlannedLine] = []
    try:
        records = list(read_records(path))
    except FileError as exc:
        return ExclusionImportPlan(path.name, (), (Problem("", str(exc)),))
    except OSError as exc:
        return ExclusionImportPlan(path.name, (), (Problem("", f"cannot read {path.name}: {exc.strerror}"),))
    if not records:
        return ExclusionImportPlan(path.name, (), (Problem("", "the file is empty"),))
    header = {normalise_header(cell_text(c)): i for i, c in enumerate(records[0][1]) if cell_text(c)}
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        wanted = ", ".join(n.title().replace("Upn", "UPN") for n in missing)
        return ExclusionImportPlan(
            path.name, (), (Problem("", f"missing column(s): {wanted}", records[0][0]),)
        )
    with unit_of_work(engine) as session:
        pupils = {p.upn: p.id or 0 for p in session.exec(select(Pupil)).all()}
        known = {r.code for r in session.exec(select(ExclusionReason)).all()}
        held = {(e.pupil_id, e.start_date, e.kind): e for e in session.exec(select(Exclusion)).all()}
        seen: dict[tuple[int, date, str], int] = {}
        for line, cells, _formats in records[1:]:

            def cell(name: str, cells: list[Cell] = cells) -> Cell:
                i = header.get(name)
                return cells[i] if i is not None and i < len(cells) else None

            if not any(cell_text(c) for c in cells):
                continue
            before = len(problems)
            upn = cell_text(cell("upn")).upper()
            pupil_id = pupils.get(upn)
            if not upn:
                problems.append(Problem("UPN", "is empty", line))
            elif pupil_id is None:
                problems.append(Problem("UPN", f"{upn} is not on the register", line))
            start = _date(cell("start date"), "Start Date", line, problems)
            if cell("start date") in (None, ""):
                problems.append(Problem("Start Date", "is empty", line))
            kind = TYPES.get(cell_text(cell("type")).casefold())
            if kind is None:
                problems.append(
                    Problem(
                        "Type",
                        f"'{cell_text(cell('type'))}' is not Suspension, Permanent exclusion or Lunchtime",
                        line,
                    )
                )
            days_text = cell_text(cell("days"))
            try:
                days = (
                    float(days_text)
                    if days_text
                    else (LUNCHTIME_DAYS if kind is ExclusionKind.LUNCHTIME else 0.0)
                )
            except ValueError:
                problems.append(Problem("Days", f"'{days_text}' is not a number", line))
                days = 0.0
            reasons = tuple(c.strip().upper() for c in cell_text(cell("reason")).split(";") if c.strip())
            if len(reasons) > MAX_REASONS:
                problems.append(Problem("Reason", f"{len(reasons)} codes given, at most {MAX_REASONS}", line))
            dates: dict[str, Any] = {
                attr: _date(
                    cell(name), name.title().replace("Vsh", "VSH").replace("La ", "LA "), line, problems
                )
                for name, attr in OPTIONAL.items()
            }
            if len(problems) > before or pupil_id is None or start is None or kind is None:
                continue
            data = ExclusionInput(pupil_id, kind, start, days, reasons[:MAX_REASONS], **dates)
            problems += [replace(p, line=line, field=p.field) for p in problems_with(data, known)]
            key = (pupil_id, start, kind.value)
            if key in seen:
                problems.append(Problem("", f"the same exclusion as line {seen[key]}", line))
                continue
            seen[key] = line
            existing = held.get(key)
            changes: tuple[str, ...] = ()
            if existing is not None:
                merged = replace(
                    input_of(existing),
                    days=data.days,
                    reasons=data.reasons,
                    **{k: v for k, v in dates.items() if v is not None},
                )
                now = _columns(merged)
                changes = tuple(k for k, v in now.items() if getattr(existing, k) != v)
                data = merged
            lines.append(PlannedLine(line, upn, data, existing.id if existing else None, changes))
    return ExclusionImportPlan(path.name, tuple(lines), tuple(problems))


def apply_exclusion_import(engine: Engine, plan: ExclusionImportPlan) -> str:
    """Save a checked plan in one unit of work (all or nothing); returns the summary."""
    if plan.problems:
        raise ValueError("a plan with problems cannot be applied")
    with unit_of_work(engine) as session:
        for item in plan.lines:
            values = _columns(item.data)
            if item.existing_id is None:
                row = Exclusion.model_validate(values)
                session.add(row)
                session.flush()
                audit.record(
                    session,
                    "create",
                    "exclusion",
                    row.id,
                    pupil_id=item.data.pupil_id,
                    detail=f"import {plan.source} line {item.line}",
                )
                continue
            existing = session.get(Exclusion, item.existing_id)
            if existing is None:
                raise ValueError(
                    f"line {item.line}: the record changed while importing; nothing was imported"
                )
            for name in item.changes:
                audit.record(
                    session,
                    "update",
                    "exclusion",
                    existing.id,
                    pupil_id=existing.pupil_id,
                    field_name=name,
                    old=getattr(existing, name),
                    new=values[name],
                    detail=f"import {plan.source} line {item.line}",
                )
                setattr(existing, name, values[name])
            session.add(existing)
        audit.record(session, "import", "exclusion", detail=f"{plan.source}: {plan.summary()}")
    return plan.summary()
