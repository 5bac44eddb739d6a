"""The training log as CSV: one line for each person at each session, in the import's columns
(so a file exported here imports back unchanged), plus the notes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import Engine

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.services import audit
from cwsw_desktop.services.export import neutralise, write_document
from cwsw_desktop.services.training import SessionView, load_facts
from cwsw_desktop.services.training_import import ROLE_WORDS
from cwsw_desktop.store import unit_of_work

CSV_COLUMNS = ("Staff Name", "Role", "Course", "Date", "Hours", "Provider", "Notes")
_ROLE_WORD = {role: word for word, role in reversed(list(ROLE_WORDS.items()))}


def training_csv(engine: Engine, sessions: list[SessionView] | None = None) -> tuple[bytes, int]:
    """The CSV (UTF-8 with a BOM, for Excel) of `sessions` (default: every session), oldest
    first, and the number of lines."""
    facts = load_facts(engine)
    people = {p.id: p for p in facts.people}
    chosen = facts.sessions if sessions is None else sessions
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    lines = 0
    for s in sorted(chosen, key=lambda s: (s.held_on, s.course, s.id)):
        for person_id in s.attendee_ids:
            p = people[person_id]
            cells = [
                p.name,
                _ROLE_WORD[p.role],
                s.course,
                format_date(s.held_on),
                f"{s.hours:g}",
                s.provider,
                s.notes,
            ]
            writer.writerow([neutralise(c) for c in cells])
            lines += 1
    return stream.getvalue().encode("utf-8-sig"), lines


def export_training_csv(
    engine: Engine,
    out_path: Path | str,
    sessions: list[SessionView] | None = None,
    *,
    passphrase: str | None = None,
) -> tuple[Path, int]:
    """Write the CSV (an AES-256 ZIP with a passphrase); returns where and how many lines."""
    data, lines = training_csv(engine, sessions)
    with unit_of_work(engine) as session:  # audited only if the file was written
        audit.record(session, "export", "training_session", None, detail=f"training log CSV, {lines} line(s)")
        where = write_document(out_path, data, passphrase=passphrase)
    return where, lines
