"""store.bulk: rows written with one plain executemany are stored exactly as Core's INSERT and
UPDATE store them (the same text for dates and times, the same numbers), whatever mix of values."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from sqlalchemy import insert, update
from sqlmodel import SQLModel

from cwsw_desktop.models import Pupil
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.bulk import insert_new, insert_rows, update_rows

PUPIL = SQLModel.metadata.tables[Pupil.__tablename__]
NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
COLUMNS = (
    "upn",
    "legal_surname",
    "legal_forename",
    "date_of_birth",
    "pp_plus",
    "attendance_pct",
    "created_at",
)
# Python-side defaults are Core's to fill in: a bulk INSERT names every column it needs.
DEFAULTS = {
    "preferred_forename": "",
    "preferred_surname": "",
    "gender": "",
    "sen_status": "N",
    "key_adult": "",
    "notes": "",
}


def _rows(offset: int) -> list[tuple[object, ...]]:
    """Values that test the per-distinct-value conversion: repeats, None, True beside 1, 95 beside 95.0."""
    return [
        (f"A{offset + n:012d}", f"Surname{n % 3}", "Ada", date(2014, 1 + n % 2, 1), flag, pct, NOW)
        for n, (flag, pct) in enumerate([(True, 95.5), (1, 95), (False, 95.0), (0, None), (True, 100)])
    ]


def _stored(store, ids) -> list[tuple[object, ...]]:
    with sqlite3.connect(store.path) as connection:
        marks = ", ".join("?" * len(ids))
        return connection.execute(
            f"SELECT {', '.join(COLUMNS)}, updated_at FROM pupil WHERE id IN ({marks}) ORDER BY id", ids
        ).fetchall()


def test_insert_and_update_store_what_core_stores(store):
    with unit_of_work(store.engine) as session:
        connection = session.connection()
        core = [dict(zip(COLUMNS, row, strict=True)) | {"updated_at": NOW} for row in _rows(0)]
        connection.execute(insert(PUPIL), core)
        ids = list(
            insert_new(
                connection,
                PUPIL,
                (*COLUMNS, "updated_at", *DEFAULTS),
                [(*r, NOW, *DEFAULTS.values()) for r in _rows(100)],
            )
        )
    assert ids == [6, 7, 8, 9, 10]  # what SQLite gives after ids 1-5
    core_rows, bulk_rows = _stored(store, [1, 2, 3, 4, 5]), _stored(store, ids)
    assert [r[1:] for r in bulk_rows] == [r[1:] for r in core_rows]

    later = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    with unit_of_work(store.engine) as session:
        connection = session.connection()
        for i in (1, 2):
            connection.execute(
                update(PUPIL)
                .where(PUPIL.c.id == i)
                .values(date_of_birth=date(2015, 5, 5), pp_plus=i == 1, updated_at=later)
            )
        update_rows(
            connection,
            PUPIL,
            ("date_of_birth", "pp_plus", "updated_at"),
            [(date(2015, 5, 5), True, later, 6), (date(2015, 5, 5), False, later, 7)],
        )
    core_rows, bulk_rows = _stored(store, [1, 2]), _stored(store, [6, 7])
    assert [r[1:] for r in bulk_rows] == [r[1:] for r in core_rows]
    assert bulk_rows[0][3] == "2015-05-05" and bulk_rows[0][-1] == "2027-01-02 03:04:05.000000"


def test_new_ids_are_read_back_in_order(store):
    with unit_of_work(store.engine) as session:
        connection = session.connection()
        first = insert_new(
            connection,
            PUPIL,
            (*COLUMNS, "updated_at", *DEFAULTS),
            [(*r, NOW, *DEFAULTS.values()) for r in _rows(0)],
        )
        connection.exec_driver_sql("DELETE FROM pupil WHERE id = 5")  # the highest: SQLite gives 5 again
        second = insert_new(
            connection,
            PUPIL,
            (*COLUMNS, "updated_at", *DEFAULTS),
            [(*r, NOW, *DEFAULTS.values()) for r in _rows(200)],
        )
    assert list(first) == [1, 2, 3, 4, 5] and list(second) == [5, 6, 7, 8, 9]
    with sqlite3.connect(store.path) as connection:
        upns = dict(connection.execute("SELECT id, upn FROM pupil").fetchall())
    assert [upns[i] for i in second] == [r[0] for r in _rows(200)]


def test_nothing_to_write_is_no_statement(store):
    with unit_of_work(store.engine) as session:
        connection = session.connection()
        insert_rows(connection, PUPIL, COLUMNS, [])
        update_rows(connection, PUPIL, COLUMNS, [])
        assert list(insert_new(connection, PUPIL, COLUMNS, [])) == []


def test_a_value_is_converted_once_and_equal_values_that_differ_are_kept_apart():
    from datetime import timedelta, timezone

    from cwsw_desktop.store.bulk import _each

    calls: list[object] = []

    def convert(value: object) -> str:
        calls.append(value)
        return repr(value)

    day = date(2016, 2, 3)
    assert _each(convert, [day, None, date(2016, 2, 3), day, None]) == [
        repr(day),
        "None",
        repr(day),
        repr(day),
        "None",
    ]
    assert len(calls) == 2  # one date, one None
    assert _each(convert, [0.0, -0.0, 0.0]) == ["0.0", "-0.0", "0.0"]
    same_instant = NOW.astimezone(timezone(timedelta(hours=1)))  # equal to NOW, other fields
    assert same_instant == NOW
    assert _each(convert, [NOW, same_instant, NOW]) == [repr(NOW), repr(same_instant), repr(NOW)]
    assert _each(convert, [True, 1, False, 0]) == ["True", "1", "False", "0"]
