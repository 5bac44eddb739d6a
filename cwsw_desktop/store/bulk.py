"""Bulk writes at DB-API speed with the values Core would send.

``session.execute(insert(table), rows)`` builds and converts the parameters row by row in Python:
for a 5,000-pupil import that was most of the time spent saving. Here the SQL is written once and
run with one ``executemany`` on the caller's connection (so in the caller's transaction, with its
statement hooks), and each value goes through its column's own bind processor, exactly as Core
would convert it: dates and times are stored as the same text, booleans as the same integers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Table

Row = Sequence[Any]


def converter(connection: Connection, column: Column[Any]) -> Callable[[Any], Any] | None:
    """The function Core passes a value of `column` through before the driver (None: as it is)."""
    dialect = connection.dialect
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _converted(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Row]
) -> list[Row]:
    """`rows` with each value converted as Core would, a column at a time. A bind processor is a
    function of the value alone, so it runs once per distinct value of a column (a batch's one
    timestamp is formatted once, not once a row; a file's repeated dates once each)."""
    if not rows:
        return []
    values: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, name in enumerate(columns):
        convert = converter(connection, table.c[name])
        if convert is not None:
            values[i] = _each(convert, values[i])
    return list(zip(*values, strict=True))


# Types whose equal values look alike to every bind processor. Not float (0.0 == -0.0), datetime
# (equal instants in other time zones) nor Decimal (1.0 == 1.00): those are told apart by object.
_EQUAL_IS_SAME = frozenset({str, int, bool, date})


def _each(convert: Callable[[Any], Any], column: Sequence[Any]) -> list[Any]:
    """`convert` of every value, run once per distinct one: values of one plain type (and None)
    by equality; anything else by object (a batch's one timestamp is one object)."""
    kinds = set(map(type, column))
    kinds.discard(type(None))
    if len(kinds) <= 1 and kinds <= _EQUAL_IS_SAME:
        done = {value: convert(value) for value in set(column)}
        return list(map(done.__getitem__, column))
    by_object = {id(value): convert(value) for value in {id(v): v for v in column}.values()}
    return [by_object[id(value)] for value in column]


def insert_rows(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """INSERT `rows` (values in `columns` order) with one executemany. Unlike Core, nothing fills
    in a column's Python-side default: name every column the row needs."""
    if not rows:
        return
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    connection.exec_driver_sql(sql, _converted(connection, table, columns, rows))


def update_rows(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Set `columns` on each row with one executemany: a row is its new values in `columns`
    order, then the id of the row to change."""
    if not rows:
        return
    sql = f"UPDATE {table.name} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?"
    connection.exec_driver_sql(sql, _converted(connection, table, (*columns, "id"), rows))


def insert_new(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> range:
    """INSERT rows that get new ids (`columns` without "id") and return their ids, in order.

    SQLite gives a new row the highest id plus one (these tables have no AUTOINCREMENT), and one
    executemany holds the write lock throughout, so the rows get consecutive ids ending at the
    connection's last insert rowid: the ids RETURNING would give, without a statement per row
    (RETURNING's order is not guaranteed for a multi-row insert). Checked after the insert."""
    if not rows:
        return range(0)
    insert_rows(connection, table, columns, rows)
    last = int(connection.exec_driver_sql("SELECT last_insert_rowid()").scalar_one())
    ids = range(last - len(rows) + 1, last + 1)
    found = connection.exec_driver_sql(
        f"SELECT count(*) FROM {table.name} WHERE id BETWEEN ? AND ?", (ids.start, last)
    ).scalar_one()
    if found != len(rows):  # never seen: SQLite picks ids at random only once an id reaches 2**63
        raise RuntimeError(f"{table.name}: {len(rows)} rows inserted, not under ids {ids.start}-{last}")
    return ids
