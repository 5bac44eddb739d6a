"""The contact log: record that the school spoke to someone about a child, and about which duty.

An entry about a duty's kind settles that duty for that child (see rules.settling). Every entry
added or deleted is audited; the audit keeps the pupil's id and the kind, never the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cwsw_desktop.models import Contact, ContactLogEntry, ContactMethod, Pupil
from cwsw_desktop.models.contact_log import ABOUT_OTHER
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.services.errors import NotFoundError, Problem, refuse_if
from cwsw_desktop.services.records import add_row, delete_row, existing
from cwsw_desktop.store import unit_of_work

NAME_MAX, ROLE_MAX, NOTE_MAX = 120, 60, 4000


@dataclass(frozen=True)
class ContactLogInput:
    """A new entry: ``contact_id`` (one of the child's contacts) or ``with_name`` and
    ``with_role``; ``about`` a duty kind, or None for something else."""

    logged_on: date | None
    method: ContactMethod | None
    about: DutyKind | None = None
    contact_id: int | None = None
    with_name: str = ""
    with_role: str = ""
    note: str = ""


@dataclass(frozen=True)
class ContactLogView:
    id: int
    pupil_id: int
    logged_on: date
    whom: str  # "Sam Jones (Social worker)"
    method: ContactMethod
    about: DutyKind | None
    note: str


def entry_problems(entry: ContactLogInput, today: date) -> list[Problem]:
    """Every problem with a new entry, each naming its field."""
    problems: list[Problem] = []
    if entry.logged_on is None:
        problems.append(Problem("Date", "is required"))
    elif entry.logged_on > today:
        problems.append(Problem("Date", f"{format_date(entry.logged_on)} is in the future"))
    if entry.method is None:
        problems.append(Problem("How", "choose phone, e-mail, meeting or letter"))
    if entry.contact_id is None and not entry.with_name.strip():
        problems.append(Problem("With whom", "choose one of the child's contacts or type a name"))
    if len(entry.with_name.strip()) > NAME_MAX:
        problems.append(Problem("With whom", f"a name is at most {NAME_MAX} characters"))
    if len(entry.with_role.strip()) > ROLE_MAX:
        problems.append(Problem("Role", f"at most {ROLE_MAX} characters"))
    if len(entry.note) > NOTE_MAX:
        problems.append(Problem("Note", f"at most {NOTE_MAX} characters"))
    return problems


def add_entry(engine: Engine, pupil_id: int, entry: ContactLogInput, today: date | None = None) -> int:
    """Save one entry (audited) and return its id; raises ValidationError saving nothing."""
    problems = entry_problems(entry, today or date.today())
    with unit_of_work(engine) as session:
        if session.get(Pupil, pupil_id) is None:
            raise NotFoundError(f"There is no pupil with id {pupil_id}.")
        name, role = entry.with_name.strip(), entry.with_role.strip()
        if entry.contact_id is not None:
            contact = session.get(Contact, entry.contact_id)
            if contact is None or contact.pupil_id != pupil_id:
                problems.append(Problem("With whom", "that contact is not one of this child's"))
            else:  # kept on the entry too, so the log still says whom if the contact is deleted
                name, role = contact.name, contact.role
        refuse_if(problems)
        assert entry.logged_on is not None and entry.method is not None
        row = ContactLogEntry(
            pupil_id=pupil_id,
            logged_on=entry.logged_on,
            contact_id=entry.contact_id,
            with_name=name,
            with_role=role,
            method=entry.method.value,
            about=entry.about.value if entry.about is not None else ABOUT_OTHER,
            note=entry.note.strip(),
        )
        detail = f"contact by {row.method} on {row.logged_on.isoformat()} about {row.about}"
        return add_row(session, "contact_log", row, pupil_id=pupil_id, detail=detail)


def delete_entry(engine: Engine, entry_id: int) -> None:
    """Delete one entry (audited)."""
    with unit_of_work(engine) as session:
        row = existing(
            session, ContactLogEntry, entry_id, f"There is no contact-log entry with id {entry_id}."
        )
        detail = f"contact on {row.logged_on.isoformat()} about {row.about}"
        delete_row(session, "contact_log", row, pupil_id=row.pupil_id, detail=detail)


def _about(value: str) -> DutyKind | None:
    try:
        return DutyKind(value)
    except ValueError:
        return None


def entries_for(session: Session, pupil_id: int) -> list[ContactLogView]:
    """A child's entries, oldest first, in the caller's unit of work."""
    rows = session.exec(
        select(ContactLogEntry, Contact)
        .join(Contact, col(Contact.id) == col(ContactLogEntry.contact_id), isouter=True)
        .where(ContactLogEntry.pupil_id == pupil_id)
        .order_by(col(ContactLogEntry.logged_on), col(ContactLogEntry.id))
    ).all()
    views: list[ContactLogView] = []
    for entry, contact in rows:
        name, role = (
            (contact.name, contact.role) if contact is not None else (entry.with_name, entry.with_role)
        )
        views.append(
            ContactLogView(
                id=entry.id or 0,
                pupil_id=pupil_id,
                logged_on=entry.logged_on,
                whom=f"{name} ({role})" if role else name or "(contact deleted)",
                method=ContactMethod(entry.method),
                about=_about(entry.about),
                note=entry.note,
            )
        )
    return views


def list_entries(engine: Engine, pupil_id: int) -> list[ContactLogView]:
    with unit_of_work(engine) as session:
        return entries_for(session, pupil_id)
