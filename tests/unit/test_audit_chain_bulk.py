"""The audit chain's hashing and its bulk append: the same text hashed as json.dumps(sort_keys=True)
of the chained fields, and ``append_many`` storing the very rows ``append`` would, one by one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.audit_chain import (
    CHAINED,
    GENESIS,
    NewEvent,
    append,
    append_many,
    text,
    values_digest,
)

AT = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
AWKWARD = [
    "",
    "plain",
    'quote " and \\ backslash',
    "line\nbreak\ttab\x01",
    "ś ł ŵ é",
    "emoji 😀",
    "</script>",
]


def _reference(values: dict[str, object]) -> str:
    """The chain's definition: SHA-256 of json.dumps of the chained fields as text, keys sorted."""
    payload = {name: text(values.get(name)) for name in CHAINED}
    at = values["at"]
    assert isinstance(at, datetime)
    payload["at"] = at.astimezone(UTC).isoformat()
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


@pytest.mark.parametrize("value", AWKWARD)
@pytest.mark.parametrize("field", ["detail", "old_value", "new_value", "field_name", "entity", "os_user"])
def test_digest_is_json_dumps_sorted(field, value):
    values: dict[str, object] = {
        "at": AT,
        "os_user": "dt",
        "action": "update",
        "entity": "pupil",
        "entity_id": 7,
        "pupil_id": None,
        "prev_hash": "ab" * 32,
        field: value,
    }
    assert values_digest(values) == _reference(values)


@pytest.mark.parametrize("at", [AT, AT.replace(microsecond=0), datetime(2026, 1, 2, 3, 4, 5)])
def test_digest_of_times_and_numbers(at):
    values: dict[str, object] = {
        "at": at,
        "action": "create",
        "entity_id": 12345,
        "pupil_id": 0,
        "detail": date(2026, 1, 2),
    }
    expected = _reference({**values, "at": at if at.tzinfo else at.replace(tzinfo=UTC)})
    assert values_digest(values) == expected


def _stored(store) -> list[tuple[object, ...]]:
    with sqlite3.connect(store.path) as connection:
        return connection.execute("SELECT * FROM audit_event ORDER BY id").fetchall()


def _events() -> list[NewEvent]:
    return [
        NewEvent(AuditAction.CREATE, "pupil", 1, 1, detail="import"),
        NewEvent(
            AuditAction.CREATE, "status_episode", 4, 1, detail="category=CLA, start_date=2024-09-01, import"
        ),
        *(
            NewEvent(AuditAction.UPDATE, "pupil", 2, 2, "legal_surname", old, "New", "import")
            for old in AWKWARD
        ),
        NewEvent(AuditAction.UPDATE, "contact", 9, None, "email", "", "a@b.uk", "import"),
    ]


def test_append_many_stores_what_append_would(tmp_path):
    from cwsw_desktop.store import open_store

    one_by_one, bulk = open_store(tmp_path / "one.db"), open_store(tmp_path / "bulk.db")
    try:
        for target in (one_by_one, bulk):
            with unit_of_work(target.engine) as session:
                append(session, AuditAction.UNLOCK, "dt", at=AT, entity="store", detail="first")
        with unit_of_work(one_by_one.engine) as session:
            for event in _events():
                fields = event._asdict()
                append(session, fields.pop("action"), "dt", at=AT, **fields)
        with unit_of_work(bulk.engine) as session:
            append_many(session, _events(), "dt", AT)
        assert _stored(bulk) == _stored(one_by_one)
        assert audit.verify_chain(bulk.engine).ok
    finally:
        one_by_one.close()
        bulk.close()


def test_append_many_chains_after_rows_appended_in_the_same_transaction(store):
    with Session(store.engine) as session:
        first = append(session, AuditAction.UNLOCK, "dt", at=AT, entity="store")
        append_many(session, _events()[:2], "dt", AT)
        first_hash = first.row_hash
        session.commit()
    rows = _stored(store)
    assert rows[0][-2] == GENESIS and rows[1][-2] == first_hash
    assert audit.verify_chain(store.engine).ok


def test_append_many_refuses_an_unknown_action(store):
    with Session(store.engine) as session, pytest.raises(ValueError):
        append_many(session, [NewEvent("frobnicate")], "dt", AT)  # type: ignore[arg-type]  # the point of the test
