"""Import pupils from a school MIS export (CSV or XLSX).

Three steps, so the window can show a preview before anything is saved:

1. :func:`parse_file` reads and checks the *whole* file; every bad row is reported with its line
   and column, and nothing else happens.
2. :func:`plan_import` compares the rows with the store: pupils to add, pupils to change (field by
   field, old → new), status episodes to add or to end.
3. :func:`apply_import` saves the plan in one transaction (planning again inside it, so it acts on
   the store as it is then) and audits one "import" event with counts.

Pupils are matched by UPN, so importing the same file twice changes nothing the second time. A
blank cell leaves the stored value as it is; a column the file does not have is not touched.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from cwsw_desktop.models import Contact, Pupil, StatusEpisode
from cwsw_desktop.rules.dates import format_date, parse_date
from cwsw_desktop.rules.status import PREVIOUS, pla_route
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.pupil_types import (
    EMAIL,
    FIELD_LABELS,
    PUPIL_FIELDS,
    SOCIAL_WORKER,
    STATUS_HISTORY,
    EpisodeInput,
    PupilInput,
)
from cwsw_desktop.services.pupils import validate_pupil
from cwsw_desktop.services.tabular import (
    Cell,
    FileError,
    normalise_header,
    read_records,
)
from cwsw_desktop.store import unit_of_work

log = logging.getLogger(__name__)

# Documented columns, each with the header names it is also known by in MIS exports.
COLUMNS: dict[str, tuple[str, ...]] = {
    "UPN": ("upn", "unique pupil number", "pupil upn"),
    "Legal Surname": ("legal surname", "surname", "last name", "family name", "legal last name"),
    "Legal Forename": ("legal forename", "forename", "first name", "legal first name", "given name"),
    "Preferred Forename": ("preferred forename", "preferred first name", "preferred name", "known as"),
    "Date of Birth": ("date of birth", "dob", "d.o.b.", "birth date"),
    "Gender": ("gender", "sex"),
    "Category": ("category", "csw category", "status"),
    "Category Start": ("category start", "category start date", "start date", "status start"),
    "Category End": ("category end", "category end date", "end date", "status end"),
    "Responsible LA": ("responsible la", "responsible local authority", "la", "local authority"),
    "Placement Type": ("placement type", "placement"),
    "PLA Route": ("pla route", "route"),
    "Social Worker": ("social worker", "social worker name", "sw", "sw name"),
    "Social Worker Email": ("social worker email", "social worker e-mail", "sw email", "sw e-mail"),
    "SEN": ("sen", "sen status", "sen provision"),
    "EHCP Review Date": ("ehcp review date", "ehcp review", "ehcp annual review", "ehcp annual review date"),
    "Attendance %": ("attendance %", "attendance", "attendance (%)", "attendance percent", "attendance pct"),
}
REQUIRED = ("UPN", "Legal Surname", "Legal Forename", "Date of Birth")
_SYNONYMS = {name: canonical for canonical, names in COLUMNS.items() for name in names}
# PupilInput field each column sets (the others feed the status episode or the social worker).
_PUPIL_COLUMN = {
    "Legal Surname": "legal_surname",
    "Legal Forename": "legal_forename",
    "Preferred Forename": "preferred_forename",
    "Date of Birth": "date_of_birth",
    "Gender": "gender",
    "SEN": "sen_status",
    "EHCP Review Date": "ehcp_review_date",
    "Attendance %": "attendance_pct",
}
_COLUMN_OF_LABEL = {FIELD_LABELS[attr]: column for column, attr in _PUPIL_COLUMN.items()}
_COLUMN_OF_LABEL[FIELD_LABELS["upn"]] = "UPN"
_CATEGORY_WORDS = {
    "cla": "CLA",
    "lac": "CLA",
    "pla": "PLA",
    "cin": "CIN",
    "cp": "CP",
    "cpp": "CP",
    "previous": PREVIOUS,
    "previously csw": PREVIOUS,
}
_SEN_WORDS = {"n": "N", "none": "N", "no": "N", "k": "K", "sen support": "K", "e": "E", "ehcp": "E"}
_GENDER_WORDS = {"m": "Male", "f": "Female"}


# --- what the steps return -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """One checked row. ``values`` holds only the PupilInput fields the row gives."""

    line: int
    upn: str
    values: Mapping[str, Any]
    episode: EpisodeInput | None = None
    social_worker: str = ""
    social_worker_email: str = ""


@dataclass(frozen=True)
class FieldChange:
    field: str  # the column's documented name, e.g. "Attendance %"
    old: str
    new: str


@dataclass(frozen=True)
class PlannedPupil:
    line: int
    upn: str
    name: str
    data: PupilInput
    episodes: tuple[EpisodeInput, ...]
    social_worker: str = ""
    social_worker_email: str = ""


@dataclass(frozen=True)
class PlannedChange:
    line: int
    pupil_id: int
    upn: str
    name: str
    changes: tuple[FieldChange, ...]
    values: Mapping[str, Any] = field(default_factory=dict)  # PupilInput field → new value
    episodes_to_add: tuple[EpisodeInput, ...] = ()
    episodes_to_update: tuple[EpisodeInput, ...] = ()  # with the stored id
    social_worker_id: int | None = None  # the contact to update; None with a name → add one
    social_worker: str = ""
    social_worker_email: str = ""


@dataclass(frozen=True)
class PlannedEpisode:
    line: int
    upn: str
    category: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class ImportPlan:
    """The outcome of parsing (``rows``) and of planning (the rest). ``ok`` when no problems."""

    source: str
    problems: tuple[Problem, ...] = ()
    rows: tuple[ImportRow, ...] = ()
    planned: bool = False
    to_add: tuple[PlannedPupil, ...] = ()
    to_change: tuple[PlannedChange, ...] = ()
    episodes_to_add: tuple[PlannedEpisode, ...] = ()
    episodes_to_update: tuple[PlannedEpisode, ...] = ()
    unchanged: int = 0
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in {self.source}; nothing will be imported."
        if not self.planned:
            return f"{len(self.rows)} pupil row(s) read from {self.source}."
        no_route = self.pla_without_route
        return (
            f"{len(self.to_add)} pupil(s) to add, {len(self.to_change)} to update, "
            f"{self.unchanged} unchanged; {len(self.episodes_to_add)} status episode(s) to add, "
            f"{len(self.episodes_to_update)} to update."
            + (
                f" {no_route} PLA pupil(s) with no route recorded (a note on the Overview)."
                if no_route
                else ""
            )
        )

    @property
    def pla_without_route(self) -> int:
        """Rows with a PLA episode and no route (optional: MIS exports rarely carry it)."""
        return sum(
            1 for r in self.rows if r.episode and r.episode.category == "PLA" and not r.episode.pla_route
        )


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    episodes_added: int
    episodes_updated: int
    contacts_added: int
    contacts_updated: int

    def summary(self) -> str:
        return (
            f"Added {self.added} pupil(s), updated {self.updated}, {self.unchanged} unchanged; "
            f"{self.episodes_added} status episode(s) added, {self.episodes_updated} updated; "
            f"{self.contacts_added} social worker contact(s) added, {self.contacts_updated} updated."
        )


# --- checking rows ---------------------------------------------------------------------------


class _RowReader:
    """Typed access to one row's cells by documented column, collecting problems."""

    def __init__(
        self,
        line: int,
        cells: list[Cell],
        formats: list[str],
        columns: Mapping[str, int],
        headers: Mapping[str, str],
    ) -> None:
        self.line, self.cells, self.formats = line, cells, formats
        self.columns, self.headers = columns, headers
        self.problems: list[Problem] = []

    def _raw(self, column: str) -> Cell:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def has(self, column: str) -> bool:
        return column in self.columns

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.headers.get(column, column), message, self.line))

    def text(self, column: str) -> str:
        raw = self._raw(column)
        if raw is None:
            return ""
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        if "\x00" in text:
            self.problem(column, "contains a NUL character (the file may be damaged)")
            text = text.replace("\x00", "")
        return text.strip()

    def date(self, column: str) -> date | None:
        raw = self._raw(column)
        if isinstance(raw, date):
            return raw
        if isinstance(raw, int | float):
            self.problem(column, f"{raw} is not a date (format the cells as dates, or use dd/mm/yyyy)")
            return None
        text = self.text(column)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.problem(column, str(exc))
            return None

    def percent(self, column: str) -> float | None:
        raw = self._raw(column)
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            index = self.columns[column]
            is_pct = index < len(self.formats) and "%" in self.formats[index]
            return float(raw) * 100 if is_pct else float(raw)
        text = self.text(column).rstrip("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            self.problem(column, f"'{self.text(column)}' is not a percentage")
            return None

    def word(self, column: str, words: Mapping[str, str], what: str) -> str:
        text = self.text(column)
        if not text:
            return ""
        found = words.get(" ".join(text.split()).casefold())
        if found is None:
            self.problem(column, f"'{text}' is not {what}")
            return ""
        return found


def _map_headers(cells: list[Cell]) -> tuple[dict[str, int], dict[str, str], list[str], list[Problem]]:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        header = "" if cell is None else str(cell).replace("\ufeff", "").strip()
        if not header:
            continue
        canonical = _SYNONYMS.get(normalise_header(header))
        if canonical is None:
            ignored.append(header)
        elif canonical in columns:
            problems.append(
                Problem(header, f"is the same column as '{headers[canonical]}': keep only one", 1)
            )
        else:
            columns[canonical], headers[canonical] = index, header
    for column in REQUIRED:
        if column not in columns:
            problems.append(Problem(column, "required column is missing", 1))
    if "Category" in columns and "Category Start" not in columns:
        problems.append(Problem("Category Start", "column is needed with the Category column", 1))
    return columns, headers, ignored, problems


def _check_row(r: _RowReader, today: date) -> ImportRow:
    upn = validate_upn(r.text("UPN")).upn
    values: dict[str, Any] = {}
    for column in ("Legal Surname", "Legal Forename"):
        text = r.text(column)
        if not text:
            r.problem(column, "is required")
        values[_PUPIL_COLUMN[column]] = text
    dob = r.date("Date of Birth")
    if dob is None and not any(p.field == r.headers["Date of Birth"] for p in r.problems):
        r.problem("Date of Birth", "is required")
    values["date_of_birth"] = dob
    for column in ("Preferred Forename", "Gender"):
        text = r.text(column)
        if text:
            values[_PUPIL_COLUMN[column]] = (
                _GENDER_WORDS.get(text.casefold(), text) if column == "Gender" else text
            )
    sen = r.word("SEN", _SEN_WORDS, "N (none), K (SEN support) or E (EHCP)")
    if sen:
        values["sen_status"] = sen
    review = r.date("EHCP Review Date")
    if review is not None:
        values["ehcp_review_date"] = review
    attendance = r.percent("Attendance %")
    if attendance is not None:
        values["attendance_pct"] = attendance
    episode = _episode(r)
    email = r.text("Social Worker Email")
    if email and not EMAIL.match(email):
        r.problem("Social Worker Email", f"'{email}' is not an e-mail address")
    row = ImportRow(
        line=r.line,
        upn=upn,
        values=values,
        episode=episode,
        social_worker=r.text("Social Worker"),
        social_worker_email=email,
    )
    _check_as_pupil(r, row, today)
    return row


def _episode(r: _RowReader) -> EpisodeInput | None:
    category = r.word("Category", _CATEGORY_WORDS, "a category (use CLA, PLA, CIN, CP or Previous)")
    start, end = r.date("Category Start"), r.date("Category End")
    if not category:
        if (start or end) and r.has("Category") and not r.text("Category"):
            r.problem("Category", "is required when a category start or end date is given")
        return None
    if start is None:
        if not r.text("Category Start"):
            r.problem("Category Start", f"is required for {category}")
        return None
    if category == PREVIOUS:
        if end is None:
            if not r.text("Category End"):
                r.problem("Category End", "is required for Previous (a CIN episode that has ended)")
            return None
        category = "CIN"
    return EpisodeInput(
        category=category,
        start_date=start,
        end_date=end,
        responsible_la=r.text("Responsible LA") if category == "CLA" else "",
        placement_type=r.text("Placement Type") if category == "CLA" else "",
        pla_route=_route(r.text("PLA Route")) if category == "PLA" else "",
    )


def _route(text: str) -> str:
    """The stored route for a cell (blank stays blank: the route is optional); anything else is
    kept as typed, so the pupil rules name it as not a route."""
    route = pla_route(text)
    return route.value if route is not None else text


def _column_for(problem: Problem, r: _RowReader | None = None) -> str:
    if problem.field == STATUS_HISTORY:
        column = "PLA Route" if problem.message.startswith("PLA episode") else "Category"
    else:
        column = _COLUMN_OF_LABEL.get(problem.field, problem.field)
    return r.headers.get(column, column) if r is not None else column


def _check_as_pupil(r: _RowReader, row: ImportRow, today: date) -> None:
    """The pupil rules on what the row alone says (the store is compared later, in planning)."""
    data = _as_input(row.upn, row.values)
    episodes = [row.episode] if row.episode else []
    already = {p.field for p in r.problems}
    for problem in validate_pupil(data, episodes, today):
        if problem.field == FIELD_LABELS["ehcp_review_date"] and "sen_status" not in row.values:
            continue  # the stored SEN status may be E; checked when planning
        header = _column_for(problem, r)
        if header not in already:
            r.problems.append(Problem(header, problem.message, r.line))


def _as_input(upn: str, values: Mapping[str, Any], base: PupilInput | None = None) -> PupilInput:
    if base is None:
        base = PupilInput(upn=upn, legal_surname="", legal_forename="", date_of_birth=None)
    return replace(base, upn=upn, **values)


def parse_file(path: Path | str, today: date | None = None) -> ImportPlan:
    """Read and check the whole file: every problem with its line (the header is line 1) and
    column, or the rows ready for :func:`plan_import`."""
    path = Path(path)
    today = today or date.today()
    source = path.name
    try:
        records = list(read_records(path))
    except FileError as exc:
        return ImportPlan(source=source, problems=(Problem("", str(exc)),))
    except OSError as exc:
        return ImportPlan(source=source, problems=(Problem("", f"cannot read the file ({exc.strerror})"),))
    records = [
        (n, cells, fmts) for n, cells, fmts in records if any(c is not None and str(c).strip() for c in cells)
    ]
    if not records:
        return ImportPlan(source=source, problems=(Problem("", "the file is empty"),))
    header_line, header_cells, _ = records[0]
    columns, headers, ignored, problems = _map_headers(header_cells)
    if header_line != 1:
        problems = [replace(p, line=header_line) for p in problems]
    if problems:
        return ImportPlan(source=source, problems=tuple(problems), ignored_columns=tuple(ignored))
    if len(records) == 1:
        return ImportPlan(source=source, problems=(Problem("", "the file has a header row but no pupils"),))
    rows: list[ImportRow] = []
    first_line: dict[str, int] = {}
    for line, cells, formats in records[1:]:
        reader = _RowReader(line, cells, formats, columns, headers)
        row = _check_row(reader, today)
        if row.upn and row.upn in first_line:
            reader.problem("UPN", f"{row.upn} is also on line {first_line[row.upn]}")
        first_line.setdefault(row.upn, line)
        problems.extend(reader.problems)
        rows.append(row)
    log.info("read %d rows from an import file, %d problems", len(rows), len(problems))
    return ImportPlan(
        source=source, problems=tuple(problems), rows=tuple(rows), ignored_columns=tuple(ignored)
    )


# --- planning against the store --------------------------------------------------------------


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _plan(session: Session, source: str, rows: Sequence[ImportRow], today: date) -> ImportPlan:
    upns = [row.upn for row in rows]
    existing = {p.upn: p for p in session.exec(select(Pupil).where(Pupil.upn.in_(upns))).all()}  # type: ignore[attr-defined]
    ids = [p.id for p in existing.values()]
    episodes: dict[int, list[StatusEpisode]] = {i: [] for i in ids if i is not None}
    for ep in session.exec(select(StatusEpisode).where(StatusEpisode.pupil_id.in_(ids))).all():  # type: ignore[attr-defined]
        episodes[ep.pupil_id].append(ep)
    workers: dict[int, list[Contact]] = {i: [] for i in ids if i is not None}
    for c in session.exec(
        select(Contact).where(
            Contact.pupil_id.in_(ids),  # type: ignore[attr-defined]
            Contact.role == SOCIAL_WORKER,
        )
    ).all():
        workers[c.pupil_id].append(c)
    problems: list[Problem] = []
    adds: list[PlannedPupil] = []
    changes: list[PlannedChange] = []
    new_eps: list[PlannedEpisode] = []
    end_eps: list[PlannedEpisode] = []
    unchanged = 0
    for row in rows:
        pupil = existing.get(row.upn)
        name = f"{row.values.get('legal_forename', '')} {row.values.get('legal_surname', '')}".strip()
        if pupil is None:
            data = _as_input(row.upn, row.values)
            eps = (row.episode,) if row.episode else ()
            problems += [
                Problem(_column_for(p), p.message, row.line) for p in validate_pupil(data, eps, today)
            ]
            adds.append(
                PlannedPupil(row.line, row.upn, name, data, eps, row.social_worker, row.social_worker_email)
            )
            new_eps += [PlannedEpisode(row.line, row.upn, e.category, e.start_date, e.end_date) for e in eps]
            continue
        assert pupil.id is not None
        current = PupilInput(**{n: getattr(pupil, n) for n in PUPIL_FIELDS})
        merged = _as_input(pupil.upn, row.values, current)
        field_changes = [
            FieldChange(column, _display(getattr(current, attr)), _display(row.values[attr]))
            for column, attr in _PUPIL_COLUMN.items()
            if attr in row.values and getattr(current, attr) != row.values[attr]
        ]
        values = {attr: row.values[attr] for attr in row.values if getattr(current, attr) != row.values[attr]}
        stored = [
            EpisodeInput(
                e.category, e.start_date, e.end_date, e.responsible_la, e.placement_type, e.pla_route, e.id
            )
            for e in episodes[pupil.id]
        ]
        add_eps, upd_eps = _episode_changes(row.episode, stored)
        after = [e for e in stored if e.id not in {u.id for u in upd_eps}] + upd_eps + add_eps
        problems += [
            Problem(_column_for(p), p.message, row.line) for p in validate_pupil(merged, after, today)
        ]
        for e in upd_eps:
            old = next(s for s in stored if s.id == e.id)
            field_changes.append(
                FieldChange(
                    "Category End",
                    f"{e.category}: {_display(old.end_date)}",
                    f"{e.category}: {_display(e.end_date)}",
                )
            )
        worker_id, worker_changes = _worker_change(row, workers[pupil.id])
        field_changes += worker_changes
        new_eps += [PlannedEpisode(row.line, row.upn, e.category, e.start_date, e.end_date) for e in add_eps]
        end_eps += [PlannedEpisode(row.line, row.upn, e.category, e.start_date, e.end_date) for e in upd_eps]
        if not field_changes and not add_eps:
            unchanged += 1
            continue
        changes.append(
            PlannedChange(
                row.line,
                pupil.id,
                pupil.upn,
                f"{merged.legal_forename} {merged.legal_surname}",
                tuple(field_changes),
                values,
                tuple(add_eps),
                tuple(upd_eps),
                worker_id,
                row.social_worker if worker_changes else "",
                row.social_worker_email if worker_changes else "",
            )
        )
    return ImportPlan(
        source=source,
        problems=tuple(sorted(problems, key=lambda p: p.line or 0)),
        rows=tuple(rows),
        planned=True,
        to_add=tuple(adds),
        to_change=tuple(changes),
        episodes_to_add=tuple(new_eps),
        episodes_to_update=tuple(end_eps),
        unchanged=unchanged,
    )


def _episode_changes(
    new: EpisodeInput | None, stored: list[EpisodeInput]
) -> tuple[list[EpisodeInput], list[EpisodeInput]]:
    """An episode with the same category and start is the same episode: a new end date (or LA)
    updates it; otherwise the episode is added."""
    if new is None:
        return [], []
    same = next((e for e in stored if e.category == new.category and e.start_date == new.start_date), None)
    if same is None:
        return [new], []
    updated = same
    if new.end_date is not None and new.end_date != same.end_date:
        updated = replace(updated, end_date=new.end_date)
    for attr in ("responsible_la", "placement_type", "pla_route"):
        if getattr(new, attr) and getattr(new, attr) != getattr(same, attr):
            updated = replace(updated, **{attr: getattr(new, attr)})
    return [], ([updated] if updated != same else [])


def _worker_change(row: ImportRow, contacts: list[Contact]) -> tuple[int | None, list[FieldChange]]:
    """The social worker named in the row: the same person (by name) keeps their contact; if the
    pupil has exactly one social worker on file, a new name replaces it; else one is added."""
    if not row.social_worker:
        return None, []
    key = " ".join(row.social_worker.split()).casefold()
    same = next((c for c in contacts if " ".join(c.name.split()).casefold() == key), None)
    if same is not None:
        if row.social_worker_email and row.social_worker_email != same.email:
            return same.id, [FieldChange("Social Worker Email", same.email, row.social_worker_email)]
        return None, []
    if len(contacts) == 1:
        old = contacts[0]
        changes = [FieldChange("Social Worker", old.name, row.social_worker)]
        if row.social_worker_email != old.email:
            changes.append(FieldChange("Social Worker Email", old.email, row.social_worker_email))
        return old.id, changes
    return None, [FieldChange("Social Worker", "", row.social_worker)]


def plan_import(
    engine: Engine, rows: Sequence[ImportRow], today: date | None = None, source: str = ""
) -> ImportPlan:
    """What importing ``rows`` would do to the store, for a preview; saves nothing."""
    with unit_of_work(engine) as session:
        plan = _plan(session, source, rows, today or date.today())
        session.rollback()
    return plan


def apply_import(engine: Engine, plan: ImportPlan, today: date | None = None) -> ImportResult:
    """Save the import in one transaction; raises ``ValidationError`` (saving nothing) if the file
    or the merged records have problems."""
    if plan.problems:
        raise ValidationError(list(plan.problems))
    with unit_of_work(engine) as session:
        fresh = _plan(session, plan.source, plan.rows, today or date.today())
        if fresh.problems:
            raise ValidationError(list(fresh.problems))
        contacts_added = contacts_updated = 0
        for add in fresh.to_add:
            values: dict[str, Any] = {
                n: (v.strip() if isinstance(v, str) else v) for n, v in vars(add.data).items()
            }
            created = Pupil(**values)
            session.add(created)
            session.flush()
            assert created.id is not None
            audit.record(session, "create", "pupil", created.id, pupil_id=created.id, detail="import")
            for ep in add.episodes:
                _add_episode(session, created.id, ep)
            if add.social_worker:
                _add_worker(session, created.id, add.social_worker, add.social_worker_email)
                contacts_added += 1
        for change in fresh.to_change:
            pupil = session.get(Pupil, change.pupil_id)
            assert pupil is not None
            for attr, new in change.values.items():
                audit.record(
                    session,
                    "update",
                    "pupil",
                    change.pupil_id,
                    pupil_id=change.pupil_id,
                    field_name=attr,
                    old=getattr(pupil, attr),
                    new=new,
                    detail="import",
                )
                setattr(pupil, attr, new)
            if change.values:
                pupil.updated_at = datetime.now(UTC)
                session.add(pupil)
            for ep in change.episodes_to_add:
                _add_episode(session, change.pupil_id, ep)
            for ep in change.episodes_to_update:
                _update_episode(session, change.pupil_id, ep)
            if change.social_worker_id is not None:
                contact = session.get(Contact, change.social_worker_id)
                assert contact is not None
                for attr, new in (("name", change.social_worker), ("email", change.social_worker_email)):
                    if new and getattr(contact, attr) != new:
                        audit.record(
                            session,
                            "update",
                            "contact",
                            contact.id,
                            pupil_id=change.pupil_id,
                            field_name=attr,
                            old=getattr(contact, attr),
                            new=new,
                            detail="import",
                        )
                        setattr(contact, attr, new)
                session.add(contact)
                contacts_updated += 1
            elif change.social_worker:
                _add_worker(session, change.pupil_id, change.social_worker, change.social_worker_email)
                contacts_added += 1
        result = ImportResult(
            added=len(fresh.to_add),
            updated=len(fresh.to_change),
            unchanged=fresh.unchanged,
            episodes_added=len(fresh.episodes_to_add),
            episodes_updated=len(fresh.episodes_to_update),
            contacts_added=contacts_added,
            contacts_updated=contacts_updated,
        )
        audit.record(
            session,
            "import",
            "pupil",
            None,
            detail=f"{len(plan.rows)} rows: {result.added} added, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.episodes_added} episodes added, "
            f"{result.episodes_updated} episodes updated, {contacts_added} contacts added, "
            f"{contacts_updated} contacts updated",
        )
    log.info("import saved: %s", result.summary())
    return result


def _add_episode(session: Session, pupil_id: int, ep: EpisodeInput) -> None:
    row = StatusEpisode(
        pupil_id=pupil_id,
        category=ep.category,
        start_date=ep.start_date,
        end_date=ep.end_date,
        responsible_la=ep.responsible_la,
        placement_type=ep.placement_type,
        pla_route=ep.pla_route,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "create",
        "status_episode",
        row.id,
        pupil_id=pupil_id,
        detail=f"category={ep.category}, start_date={ep.start_date.isoformat()}, import",
    )


def _update_episode(session: Session, pupil_id: int, ep: EpisodeInput) -> None:
    row = session.get(StatusEpisode, ep.id)
    assert row is not None
    for attr in ("end_date", "responsible_la", "placement_type", "pla_route"):
        new = getattr(ep, attr)
        if getattr(row, attr) != new:
            audit.record(
                session,
                "update",
                "status_episode",
                row.id,
                pupil_id=pupil_id,
                field_name=attr,
                old=getattr(row, attr),
                new=new,
                detail="import",
            )
            setattr(row, attr, new)
    session.add(row)


def _add_worker(session: Session, pupil_id: int, name: str, email: str) -> None:
    contact = Contact(pupil_id=pupil_id, role=SOCIAL_WORKER, name=name, email=email)
    session.add(contact)
    session.flush()
    audit.record(
        session, "create", "contact", contact.id, pupil_id=pupil_id, detail="role=Social worker, import"
    )


def import_file(engine: Engine, path: Path | str, today: date | None = None) -> ImportResult:
    """Parse, plan and apply in one go (the CLI's path); raises ``ValidationError`` on any problem."""
    parsed = parse_file(path, today)
    if parsed.problems:
        raise ValidationError(list(parsed.problems))
    return apply_import(engine, parsed, today)
