"""Importing past and planned PEP meetings from a tracker (CSV or XLSX).

Columns: UPN, Date, Status (Held, Planned, Cancelled or Postponed); optional Notes, Time, Place and
Targets Set (yes/no). All or nothing: every bad line is listed and nothing is saved. Idempotent:
a pupil and date already on record is updated, not duplicated. A held PEP from a tracker counts
as complete (its targets live in the Virtual School's ePEP) unless Targets Set says no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from cwsw_desktop.models import PepMeeting, Pupil
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.rules.dates import parse_date
from cwsw_desktop.rules.pep import PepKind, PepStatus
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.pep_booking import meeting_on_day
from cwsw_desktop.services.pep_types import PLACE_MAX
from cwsw_desktop.services.tabular import FileError, cell_text, normalise_header, read_records
from cwsw_desktop.store import unit_of_work

REQUIRED = ("upn", "date", "status")
OPTIONAL = ("notes", "time", "place", "targets set")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class PepImportRow:
    line: int
    upn: str
    meeting_date: date
    status: PepStatus
    notes: str = ""
    start_time: time | None = None
    place: str = ""
    targets_set: bool | None = None


@dataclass(frozen=True)
class PepImportPlan:
    source: str
    rows: tuple[PepImportRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    to_add: int = 0
    to_update: int = 0
    unchanged: int = 0
    ignored_columns: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        return (
            f"{self.source}: {len(self.rows)} meetings: {self.to_add} to add, {self.to_update} to update, "
            f"{self.unchanged} unchanged"
        )


def parse_peps(path: Path | str) -> tuple[list[PepImportRow], list[Problem], list[str]]:
    """Read and check every line; returns the rows, the problems and the columns not imported."""
    path = Path(path)
    rows: list[PepImportRow] = []
    problems: list[Problem] = []
    try:
        records = list(read_records(path))
    except (FileError, OSError) as exc:
        return [], [Problem("File", str(exc))], []
    if not records:
        return [], [Problem("File", "the file is empty")], []
    header_line, header, _ = records[0]
    names = [normalise_header(cell_text(h)) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        wanted = ", ".join(c.upper() if c == "upn" else c.title() for c in missing)
        return [], [Problem("Columns", f"missing {wanted} (needed: UPN, Date, Status)", header_line)], []
    ignored = [cell_text(h) for h, n in zip(header, names, strict=True) if n and n not in REQUIRED + OPTIONAL]
    seen: dict[tuple[str, date], int] = {}
    for line, cells, _ in records[1:]:
        values = {n: cell_text(cells[i]) if i < len(cells) else "" for i, n in enumerate(names)}
        raw_date = cells[names.index("date")] if names.index("date") < len(cells) else None
        if not any(values.values()):
            continue
        before = len(problems)
        upn = values["upn"].upper()
        if len(upn) != 13:
            problems.append(Problem("UPN", f"'{values['upn']}' is not a 13-character UPN", line))
        meeting_date: date | None = raw_date if isinstance(raw_date, date) else None
        if meeting_date is None:
            try:
                meeting_date = parse_date(values["date"])
            except ValueError:
                problems.append(Problem("Date", f"{values['date'] or '(blank)'} is not a date", line))
        try:
            status = PepStatus(values["status"].casefold())
        except ValueError:
            problems.append(
                Problem("Status", f"'{values['status']}' should be Held, Planned or Cancelled", line)
            )
            status = PepStatus.PLANNED
        start: time | None = None
        if values.get("time"):
            match = _TIME.match(values["time"])
            if match is None or int(match[1]) > 23 or int(match[2]) > 59:
                problems.append(Problem("Time", f"'{values['time']}' is not a time like 14:30", line))
            else:
                start = time(int(match[1]), int(match[2]))
        if len(values.get("place", "")) > PLACE_MAX:
            problems.append(Problem("Place", f"is longer than {PLACE_MAX} characters", line))
        targets: bool | None = None
        flag = values.get("targets set", "").casefold()
        if flag in _YES:
            targets = True
        elif flag in _NO:
            targets = False
        elif flag:
            problems.append(Problem("Targets Set", f"'{values['targets set']}' should be yes or no", line))
        if len(problems) > before or meeting_date is None:
            continue
        key = (upn, meeting_date)
        if key in seen:
            problems.append(Problem("Date", f"the same pupil and date as line {seen[key]}", line))
            continue
        seen[key] = line
        rows.append(
            PepImportRow(
                line,
                upn,
                meeting_date,
                status,
                values.get("notes", ""),
                start,
                values.get("place", ""),
                targets,
            )
        )
    return rows, problems, ignored


def _apply_row(meeting: PepMeeting, row: PepImportRow) -> dict[str, tuple[object, object]]:
    new = {
        "status": row.status,
        "targets_elsewhere": row.status is PepStatus.HELD and row.targets_set is not False,
    }
    if row.notes:
        new["notes" if row.status not in (PepStatus.CANCELLED, PepStatus.POSTPONED) else "status_reason"] = (
            row.notes
        )
    if row.start_time is not None:
        new["start_time"] = row.start_time
    if row.place:
        new["place"] = row.place
    changes = {k: (getattr(meeting, k), v) for k, v in new.items() if getattr(meeting, k) != v}
    for name, (_, value) in changes.items():
        setattr(meeting, name, value)
    return changes


def _audit_import(session: Session, meeting: PepMeeting, **what: Any) -> None:
    """One 'import' event on a meeting (a new one, or one field of one changed)."""
    audit.record(session, AuditAction.IMPORT, "pep_meeting", meeting.id, pupil_id=meeting.pupil_id, **what)


def import_peps(engine: Engine, path: Path | str, dry_run: bool = False) -> PepImportPlan:
    """Check the whole file, then (unless ``dry_run``) apply it in one unit of work.

    Raises ValidationError listing every problem; nothing is saved then."""
    source = Path(path).name
    rows, problems, ignored = parse_peps(path)
    with unit_of_work(engine) as session:
        pupils = {p.upn: p.id for p in session.exec(select(Pupil)).all()}
        for row in rows:
            if row.upn not in pupils:
                problems.append(
                    Problem("UPN", f"{row.upn} is not on the register: import the pupil first", row.line)
                )
        if problems:
            raise ValidationError(sorted(problems, key=lambda p: p.line or 0))
        added = updated = unchanged = 0
        for row in rows:
            pupil_id = pupils[row.upn]
            assert pupil_id is not None
            meeting = meeting_on_day(session, pupil_id, row.meeting_date)
            if meeting is None:
                added += 1
                meeting = PepMeeting(pupil_id=pupil_id, meeting_date=row.meeting_date, kind=PepKind.REVIEW)
                _apply_row(meeting, row)
                session.add(meeting)
                session.flush()
                _audit_import(session, meeting, detail=f"{source} line {row.line}: {row.status.value}")
                continue
            changes = _apply_row(meeting, row)
            if not changes:
                unchanged += 1
                continue
            updated += 1
            session.add(meeting)
            for name, (old, new) in changes.items():
                _audit_import(
                    session, meeting, field_name=name, old=old, new=new, detail=f"{source} line {row.line}"
                )
        plan = PepImportPlan(source, tuple(rows), (), added, updated, unchanged, tuple(ignored))
        if dry_run:
            session.rollback()
        return plan
