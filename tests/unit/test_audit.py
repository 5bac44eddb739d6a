"""The audit trail: append-only at the database, a SHA-256 chain that catches tampering behind the
app's back (by row id), the viewer's queries, and `cwsw-desktop audit verify`."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from cwsw_desktop.__main__ import main
from cwsw_desktop.models import AuditEvent
from cwsw_desktop.services import audit
from cwsw_desktop.services.pupils import (
    EpisodeInput,
    PupilInput,
    create_pupil,
    delete_pupil,
    get_pupil,
    update_pupil,
)
from cwsw_desktop.store import unit_of_work

TODAY = date(2026, 11, 23)
AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # noon UTC: still 23/11 in local time from UTC−11 to UTC+11


@pytest.fixture
def clock(monkeypatch):
    """Every audit row is written at AT: the tests never read the real clock."""
    monkeypatch.setattr(audit, "utc_now", lambda: AT)
    return AT


def _pupil(store, upn="B801200005001", surname="Tamperley", forename="Ada"):
    data = PupilInput(upn=upn, legal_surname=surname, legal_forename=forename, date_of_birth=date(2014, 3, 2))
    return create_pupil(store.engine, data, [EpisodeInput("CIN", date(2024, 1, 8))], today=TODAY)


@pytest.fixture
def audited(store, clock):
    """A store with a few dozen audit rows from real service calls."""
    first = _pupil(store)
    second = _pupil(store, _upn(2), "Other", "Bea")
    detail = get_pupil(store.engine, first, TODAY)
    for pct in (91.0, 88.5, 95.0):
        update_pupil(
            store.engine,
            first,
            _with(detail.to_input(), attendance_pct=pct),
            detail.episodes,
            detail.contacts,
            detail.sdq_inputs(),
            today=TODAY,
        )
    delete_pupil(store.engine, second, "Bea Other")
    audit.log_event(store.engine, "print", detail="printed the Pupils tab")
    return store


def _upn(n: int) -> str:
    from cwsw_desktop.rules.upn import check_letter

    body = f"80120000{n:04d}"
    return check_letter(body) + body


def _with(data, **changes):
    from dataclasses import replace

    return replace(data, **changes)


def _raw(store):
    return sqlite3.connect(store.path)


def _untrigger(connection):
    connection.execute("DROP TRIGGER audit_event_no_update")
    connection.execute("DROP TRIGGER audit_event_no_delete")


def _ids(store):
    with Session(store.engine) as session:
        return [e.id for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]


def test_untampered_chain_verifies(audited):
    result = audit.verify_chain(audited.engine)
    assert result.ok and result.rows == len(_ids(audited)) > 8
    assert result.first_bad_id is None
    assert "intact" in result.summary()


def test_empty_trail_verifies(store):
    result = audit.verify_chain(store.engine)
    assert result.ok and result.rows == 0 and result.last_hash == audit.GENESIS


def test_verify_reads_in_batches(audited):
    assert audit.verify_chain(audited.engine, batch=3) == audit.verify_chain(audited.engine)


def test_every_row_carries_the_hash_of_the_one_before(audited):
    with Session(audited.engine) as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert rows[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash
    assert all(r.os_user for r in rows)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET new_value = 'x' WHERE id = 2",
        "DELETE FROM audit_event WHERE id = 2",
        "DELETE FROM audit_event",
    ],
)
def test_database_refuses_to_change_or_delete_audit_rows(audited, statement):
    connection = _raw(audited)
    with pytest.raises(sqlite3.IntegrityError, match="audit events cannot be"):
        connection.execute(statement)
    connection.close()
    assert audit.verify_chain(audited.engine).ok


def test_orm_cannot_change_audit_rows_either(audited):
    with pytest.raises(DBAPIError, match="cannot be changed"), unit_of_work(audited.engine) as session:
        event = session.get(AuditEvent, 1)
        event.detail = "nothing happened"
        session.add(event)


def test_deleting_a_pupil_keeps_their_audit_rows(audited):
    with Session(audited.engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.pupil_id == 2)).all()
    assert next(r.action for r in rows) == "create" and rows[-1].action == "delete"


def test_an_edited_row_is_reported_by_id(audited):
    connection = _raw(audited)
    _untrigger(connection)
    connection.execute("UPDATE audit_event SET new_value = '100.0' WHERE id = 5")
    connection.commit()
    connection.close()
    result = audit.verify_chain(audited.engine)
    assert not result.ok and result.first_bad_id == 5
    assert [p.row_id for p in result.problems] == [5]
    assert "changed" in str(result.problems[0])


def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(audited):
    with Session(audited.engine) as session:
        event = session.get(AuditEvent, 4)
        session.expunge(event)
    event.os_user = "someone-else"
    forged = audit.row_digest(event)
    connection = _raw(audited)
    _untrigger(connection)
    connection.execute(
        "UPDATE audit_event SET os_user = ?, row_hash = ? WHERE id = 4", ("someone-else", forged)
    )
    connection.commit()
    connection.close()
    result = audit.verify_chain(audited.engine)
    assert result.first_bad_id == 5 and "link" in result.problems[0].message


def test_a_removed_row_is_reported(audited):
    connection = _raw(audited)
    _untrigger(connection)
    connection.execute("DELETE FROM audit_event WHERE id = 6")
    connection.commit()
    connection.close()
    result = audit.verify_chain(audited.engine)
    assert result.first_bad_id == 7
    assert "missing" in result.problems[0].message and "6" in result.problems[0].message


def test_an_inserted_row_is_reported(audited):
    last = _ids(audited)[-1]
    connection = _raw(audited)
    _untrigger(connection)
    # make room in the middle: move the last row up one, then slip a forged row into its place
    connection.execute("UPDATE audit_event SET id = ? WHERE id = ?", (last + 1, last))
    connection.execute(
        "INSERT INTO audit_event (id, at, os_user, action, entity, field_name, old_value, new_value,"
        " detail, prev_hash, row_hash) VALUES (?, '2026-11-23 10:00:00.000000', 'x', 'export', '', '',"
        " '', '', 'slipped in', ?, ?)",
        (last, "0" * 64, "f" * 64),
    )
    connection.commit()
    connection.close()
    result = audit.verify_chain(audited.engine)
    assert result.first_bad_id == last
    assert {p.row_id for p in result.problems} == {last, last + 1}


def test_cli_audit_verify_ok_and_tampered(audited, capsys):
    db = str(audited.path)
    assert main(["audit", "verify", "--db", db]) == 0
    assert "intact" in capsys.readouterr().out
    connection = _raw(audited)
    _untrigger(connection)
    connection.execute("UPDATE audit_event SET detail = 'nothing to see' WHERE id = 3")
    connection.commit()
    connection.close()
    assert main(["audit", "verify", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "row 3:" in err and "tampered" in err


def test_log_event_records_actions_with_time_and_user(store, clock):
    for action in ("unlock", "unlock_failed", "lock", "print", "export"):
        audit.log_event(store.engine, action, detail=f"{action} happened")
    rows = audit.list_events(store.engine)
    assert [r.action for r in rows] == ["export", "print", "lock", "unlock_failed", "unlock"]
    assert all(r.at.replace(tzinfo=r.at.tzinfo or UTC) == clock and r.os_user for r in rows)
    assert audit.verify_chain(store.engine).ok


def test_list_events_filters_by_pupil_and_dates(audited):
    everything = audit.list_events(audited.engine)
    assert [r.id for r in everything] == sorted(_ids(audited), reverse=True)
    first = audit.list_events(audited.engine, pupil_ids=[1])
    assert first and all(r.pupil_id == 1 for r in first)
    assert {r.field_name for r in first if r.action == "update"} == {"attendance_pct"}
    today = TODAY  # the clock's date
    assert len(audit.list_events(audited.engine, start=today, end=today)) == len(everything)
    assert audit.list_events(audited.engine, end=today - timedelta(days=1)) == []
    assert audit.list_events(audited.engine, start=today + timedelta(days=1)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1", [1]),
        ("#2", [2]),
        ("tamper", [1]),
        ("ada tamperley", [1]),
        ("B801200005001", [1]),
        ("b801200005001", [1]),
        ("nobody", []),
        ("", []),
    ],
)
def test_pupil_lookup_for_the_viewer(audited, text, expected):
    assert audit.pupil_ids_matching(audited.engine, text) == expected
