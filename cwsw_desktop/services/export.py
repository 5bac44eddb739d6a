"""Exports: the register as CSV for Excel, one child's whole record as JSON (a subject access
request), and the whole store as JSON. Every export is audited.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with ``'`` so that names and notes are shown, never executed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select

from cwsw_desktop import __version__
from cwsw_desktop.models import (
    AcademicYear,
    AlternativeProvision,
    AuditEvent,
    Contact,
    Exclusion,
    ExclusionReason,
    PepAction,
    PepAttendee,
    PepMeeting,
    PepTarget,
    PpPlusSpend,
    Pupil,
    RiskAssessment,
    School,
    SdqResult,
    StaffMember,
    StatusEpisode,
    TrainingAttendance,
    TrainingSession,
)
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.reports.words import TERM_WORDS
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.pep import TermStatus
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import NotFoundError
from cwsw_desktop.services.pupils import RegisterRow, register_rows
from cwsw_desktop.store import unit_of_work

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMAT = "cwsw-desktop export"
FORMAT_VERSION = 1

# One array per record type, in this order; the keys are the names a reader of the file sees.
PUPIL_TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("pupils", Pupil),
    ("status_episodes", StatusEpisode),
    ("contacts", Contact),
    ("sdq_results", SdqResult),
    ("pep_meetings", PepMeeting),
    ("pep_targets", PepTarget),
    ("pep_actions", PepAction),
    ("pep_attendees", PepAttendee),
    ("exclusions", Exclusion),
    ("risk_assessments", RiskAssessment),
    ("alternative_provisions", AlternativeProvision),
    ("pp_plus_spend", PpPlusSpend),
    ("audit_events", AuditEvent),
)
SCHOOL_TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("school", School),
    ("academic_years", AcademicYear),
    ("staff", StaffMember),
    ("training_sessions", TrainingSession),
    ("training_attendance", TrainingAttendance),
    ("exclusion_reasons", ExclusionReason),
)

REGISTER_COLUMNS = (
    "UPN",
    "Temporary UPN",
    "Legal Surname",
    "Legal Forename",
    "Preferred Forename",
    "Date of Birth",
    "Year Group",
    "Category",
    "Current Categories",
    "SEN",
    "Social Worker",
    "PEP This Term",
    "SDQ Due",
    "EHCP Review Due",
    "Attendance %",
    "Attendance Band",
    "Leaver",
    "Leaving Date",
)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _yes(flag: bool) -> str:
    return "Yes" if flag else ""


def _register_cells(row: RegisterRow) -> list[str]:
    return [
        row.upn,
        _yes(row.upn_temporary),
        row.legal_surname,
        row.legal_forename,
        row.preferred_forename,
        format_date(row.date_of_birth),
        row.year_group_label,
        row.cohort,
        " ".join(row.categories),
        row.sen_status,
        row.social_worker,
        TERM_WORDS[TermStatus(row.pep_status)] if row.pep_status else "",  # words, never the code
        _yes(row.sdq_due),
        _yes(row.ehcp_review_due),
        "" if row.attendance_pct is None else f"{row.attendance_pct:.1f}",
        row.attendance_band,
        _yes(row.leaver),
        format_date(row.leaving_date),
    ]


def export_path(out_path: Path | str, encrypted: bool) -> Path:
    """Where an export is written: an encrypted export is a .zip (``register.csv`` becomes
    ``register.csv.zip``; a name already ending in .zip is kept)."""
    path = Path(out_path)
    if encrypted and path.suffix.lower() != ".zip":
        return path.with_name(path.name + ".zip")
    return path


def export_event(
    session: Session,
    entity: str,
    entity_id: int | None,
    what: str,
    out_path: Path | str,
    passphrase: str | None,
    counts: dict[str, int],
) -> None:
    """Audit one export: what, encrypted or plain, where to and how many rows of each kind."""
    target = export_path(out_path, passphrase is not None).resolve()
    how = "encrypted (AES-256 ZIP)" if passphrase is not None else "plain (not encrypted)"
    rows = ", ".join(f"{key} {n}" for key, n in counts.items() if n) or "no rows"
    audit.record(
        session,
        AuditAction.EXPORT,
        entity,
        entity_id,
        pupil_id=entity_id if entity == "pupil" else None,
        detail=f"{what}; {how}; to {target}; rows: {rows}",
    )


def _write_atomically(
    out_path: Path,
    write: Any,
    encoding: str,
    newline: str | None = None,
    *,
    passphrase: str | None = None,
    inner_suffix: str = "",
) -> Path:
    """Write to a temporary file beside the target and move it into place, so a failed export
    never leaves half a file behind. With a passphrase the file is an AES-256 encrypted ZIP
    (readable with 7-Zip and the passphrase): nothing readable about a child reaches the disk,
    not even the temporary file. Returns the path written."""
    target = export_path(out_path, passphrase is not None)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    try:
        if passphrase is None:
            with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
                write(stream)
        else:
            os.close(handle)
            buffer = io.StringIO(newline=newline)
            write(buffer)
            inner = target.name[: -len(".zip")]
            if not Path(inner).suffix:
                inner += inner_suffix
            _write_encrypted_zip(Path(temp), inner, buffer.getvalue().encode(encoding), passphrase)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _write_encrypted_zip(path: Path, inner_name: str, data: bytes, passphrase: str) -> None:
    import pyzipper  # type: ignore[import-untyped]  # pyzipper ships no type hints

    with pyzipper.AESZipFile(
        path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(inner_name, data)


def write_document(out_path: Path | str, data: bytes, *, passphrase: str | None = None) -> Path:
    """Write a finished document (a PDF, an .ics) atomically and readable by its owner only (0600).

    With a passphrase it is an AES-256 encrypted ZIP holding the file, as other exports of an
    encrypted database are. Returns the path written (``pack.pdf`` becomes ``pack.pdf.zip``)."""
    target = export_path(out_path, passphrase is not None)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    try:
        if passphrase is None:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        else:
            os.close(handle)
            _write_encrypted_zip(Path(temp), target.name[: -len(".zip")], data, passphrase)
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def export_register_csv(
    engine: Engine, out_path: Path | str, today: date | None = None, *, passphrase: str | None = None
) -> int:
    """The register as CSV (UTF-8 with BOM, dates dd/mm/yyyy); returns the number of pupils.
    With a passphrase, written inside an AES-256 ZIP at ``export_path(out_path, True)``."""
    rows = register_rows(engine, today)

    def write(stream: Any) -> None:
        writer = csv.writer(stream)
        writer.writerow(REGISTER_COLUMNS)
        for row in rows:
            writer.writerow([neutralise(cell) for cell in _register_cells(row)])

    with unit_of_work(engine) as session:  # the audit event is saved only if the file was written
        export_event(session, "register", None, "register CSV", out_path, passphrase, {"pupils": len(rows)})
        _write_atomically(
            Path(out_path), write, "utf-8-sig", newline="", passphrase=passphrase, inner_suffix=".csv"
        )
    return len(rows)


# --- JSON ------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=UTC)
        return at.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _record(row: SQLModel) -> dict[str, Any]:
    return {name: _json_value(getattr(row, name)) for name in type(row).model_fields}


def _records(rows: Iterable[SQLModel]) -> list[dict[str, Any]]:
    return [_record(row) for row in rows]


def _header(kind: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "kind": kind,
        "exported_at": datetime.now(UTC).isoformat(),
    }


def _dump(out_path: Path | str, payload: dict[str, Any], passphrase: str | None) -> None:
    _write_atomically(
        Path(out_path),
        lambda s: json.dump(payload, s, ensure_ascii=False, indent=2),
        "utf-8",
        passphrase=passphrase,
        inner_suffix=".json",
    )


def _ordered(model: type[SQLModel]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]  # SQLModel declares __table__ only on table=True classes
    return select(model).order_by(*table.primary_key.columns)


def pupil_record(session: Session, pupil_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row held about one pupil, one array per record type."""
    pep_ids = list(session.exec(select(PepMeeting.id).where(PepMeeting.pupil_id == pupil_id)).all())
    data: dict[str, list[dict[str, Any]]] = {}
    for key, model in PUPIL_TABLES:
        if model is Pupil:
            condition = Pupil.id == pupil_id
        elif model in (PepTarget, PepAction, PepAttendee):
            condition = model.pep_id.in_(pep_ids)  # type: ignore[attr-defined]  # the three PEP child tables all have pep_id
        else:
            condition = model.pupil_id == pupil_id  # type: ignore[attr-defined]  # every other table in PUPIL_TABLES has pupil_id
        data[key] = _records(session.exec(_ordered(model).where(condition)).all())
    return data


def export_pupil_json(
    engine: Engine, upn: str, out_path: Path | str, *, passphrase: str | None = None
) -> None:
    """Everything held about the child with this UPN, as JSON (fields named as in the models,
    dates ISO). Raises ``NotFoundError`` if no pupil has the UPN."""
    wanted = validate_upn(upn).upn
    with unit_of_work(engine) as session:
        pupil_id = session.exec(select(Pupil.id).where(Pupil.upn == wanted)).first()
        if pupil_id is None:
            raise NotFoundError(f"No pupil has the UPN {wanted}.")
        payload = _header("pupil") | pupil_record(session, pupil_id)
        counts = {key: len(rows) for key, rows in payload.items() if isinstance(rows, list)}
        export_event(session, "pupil", pupil_id, "one pupil's record as JSON", out_path, passphrase, counts)
        _dump(out_path, payload, passphrase)


def _other_tables(known: Sequence[type[SQLModel]]) -> list[Table]:
    """Tables registered by models this module does not list yet, so "all" stays all."""
    names = {model.__tablename__ for model in known}
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in names]


def export_all_json(engine: Engine, out_path: Path | str, *, passphrase: str | None = None) -> dict[str, int]:
    """The whole store as JSON; returns the number of rows of each record type."""
    tables = SCHOOL_TABLES + PUPIL_TABLES
    with unit_of_work(engine) as session:
        data: dict[str, list[dict[str, Any]]] = {
            key: _records(session.exec(_ordered(model)).all()) for key, model in tables
        }
        for table in _other_tables([model for _, model in tables]):
            result = session.connection().execute(sa_select(table))
            data[table.name] = [{k: _json_value(v) for k, v in row._mapping.items()} for row in result]
        counts = {key: len(rows) for key, rows in data.items()}
        export_event(session, "store", None, "whole store as JSON", out_path, passphrase, counts)
        _dump(out_path, _header("all") | data, passphrase)
    return counts
