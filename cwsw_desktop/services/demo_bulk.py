"""Rows for the sized demo (`services.demo_large`), gathered in memory and written in bulk.

Each table's rows are plain dicts with their ids given here, so children can point at parents
before anything is written; `write` then inserts table by table with SQLAlchemy Core (one
`executemany` per table, inside the caller's transaction), and appends an audit trail whose
SHA-256 chain (`store.audit_chain`) verifies: one "create" event per record, in time order.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from operator import itemgetter
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlmodel import Session, SQLModel

from cwsw_desktop.models import AuditEvent
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.store.audit_chain import GENESIS, row_digest

DEMO_USER = "demo"  # the audit trail's os_user for generated history
CHUNK = 20_000  # rows per executemany: bounded memory in the driver

# Parents before children, so that foreign keys hold at every step.
ORDER = (
    "staff_member",
    "training_session",
    "training_attendance",
    "pupil",
    "status_episode",
    "contact",
    "sdq_result",
    "pp_plus_spend",
    "pep_meeting",
    "pep_attendee",
    "pep_target",
    "pep_action",
    "exclusion",
    "risk_assessment",
    "alternative_provision",
)


def table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


class Bulk:
    """Rows to insert, by table, with the next free id of each table and the audit events."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._next: dict[str, int] = {}
        self.events: list[tuple[datetime, int, dict[str, Any]]] = []

    def add(
        self, name: str, row: dict[str, Any], *, pupil_id: int | None = None, on: date | None = None
    ) -> int:
        """Queue one row of table `name` (its id given here unless the table has none) and,
        with `on`, its "create" event dated that day. Returns the row's id."""
        if name not in self._next:  # the first of its table: ids follow any already there
            has_id = "id" in table(name).c
            last = self.session.execute(select(func.max(table(name).c.id))).scalar() if has_id else None
            self._next[name] = int(last or 0) + 1 if has_id else 0
        row_id = self._next[name]
        if row_id:
            self._next[name] += 1
            row["id"] = row_id
        self.rows[name].append(row)
        if on is not None:
            self.event(on, "create", name, row_id, pupil_id)
        return row_id

    def event(self, on: date, action: str, entity: str, entity_id: int | None, pupil_id: int | None) -> None:
        at = datetime.combine(on, time(8 + len(self.events) % 9, len(self.events) % 60), tzinfo=UTC)
        values = {
            "at": at,
            "os_user": DEMO_USER,
            "action": AuditAction(action).value,
            "entity": entity,
            "entity_id": entity_id,
            "pupil_id": pupil_id,
            "field_name": "",
            "old_value": "",
            "new_value": "",
            "detail": "demo data",
        }
        self.events.append((at, len(self.events), values))

    def count(self, name: str) -> int:
        return len(self.rows.get(name, ()))

    def write(self) -> int:
        """Insert every queued row, then the audit trail chained to the newest event already
        in the store; returns the number of rows written."""
        self.session.flush()  # whatever the ORM added first (the school, the demo staff)
        written = 0
        for name in ORDER + tuple(n for n in self.rows if n not in ORDER):
            rows = self.rows.get(name)
            if rows:
                self._insert(name, rows)
                written += len(rows)
        return written + self._write_audit()

    def _insert(self, name: str, rows: list[dict[str, Any]]) -> None:
        """`executemany` of Core's INSERT, compiled once for the store's dialect, with each
        column's own bind processor applied here: the same SQL and values as
        ``session.execute(insert(table), rows)``, without building the parameters per row."""
        connection = self.session.connection()
        dialect = connection.dialect
        columns = list(rows[0])  # every row of a table has the same keys
        compiled = insert(table(name)).compile(dialect=dialect, column_keys=columns)
        keys = list(compiled.positiontup or ()) if dialect.positional else columns
        types = [table(name).c[key].type.dialect_impl(dialect) for key in keys]
        converters = [(i, f) for i, t in enumerate(types) if (f := t.bind_processor(dialect)) is not None]
        pick = itemgetter(*keys)
        for start in range(0, len(rows), CHUNK):
            values = []
            for row in rows[start : start + CHUNK]:
                value = list(pick(row)) if len(keys) > 1 else [row[keys[0]]]
                for i, convert in converters:  # each handles None itself
                    value[i] = convert(value[i])
                values.append(tuple(value))
            if dialect.positional:
                connection.exec_driver_sql(str(compiled), values)
            else:
                connection.exec_driver_sql(str(compiled), [dict(zip(keys, v, strict=True)) for v in values])

    def _write_audit(self) -> int:
        events = self.session.execute(
            select(table("audit_event").c.row_hash).order_by(table("audit_event").c.id.desc()).limit(1)
        ).scalar()
        previous = events or GENESIS
        chained = []
        for _at, _n, values in sorted(self.events, key=lambda e: (e[0], e[1])):
            values["prev_hash"] = previous
            # row_digest reads the chained fields by name: a namespace holding them will do.
            values["row_hash"] = previous = row_digest(cast(AuditEvent, SimpleNamespace(**values)))
            chained.append(values)
        if chained:
            self._insert("audit_event", chained)
        return len(chained)
