"""Migration 0012: the PEP duties' meetings, the register's social workers and the exclusion
duties' exclusions each read from one covering index, on a store with data upgraded from 0011
and on a new store; statements with no ORDER BY that SQLite may answer from them give their
rows in the order they gave before."""

from __future__ import annotations

from contextlib import closing

import pytest
from sqlalchemy import create_engine, text

from cwsw_desktop.rules.status import SOCIAL_WORKER_ROLE
from cwsw_desktop.services import exclusion_duties, register, snapshot
from cwsw_desktop.services.pep_duties import _PEPS
from cwsw_desktop.store import open_store
from cwsw_desktop.store.migrate import head_revision, upgrade_to_head

INDEX = "ix_pep_meeting_date_covering"
CONTACTS = "ix_contact_role_pupil"
EXCLUDED = "ix_exclusion_due_covering"
# (pupil, start) in the order saved: ids 1 to 3, the later pupil's first.
EXCLUSIONS = [(1, "2024-11-05"), (2, "2024-10-01"), (1, "2024-10-01")]
# (pupil, role, name) in the order saved: ids 1 to 5; a pupil's second social worker's name
# sorts before the first's.
SOCIAL_WORKERS = [
    (2, SOCIAL_WORKER_ROLE, "Zia Quell"),
    (1, SOCIAL_WORKER_ROLE, "Yves Pardoe"),
    (1, "Carer", "Ann Tolley"),
    (2, SOCIAL_WORKER_ROLE, "Abe Norris"),
    (1, SOCIAL_WORKER_ROLE, "Bea Marsh"),
]
# (pupil, date, time, status) in the order saved: ids 1 to 5. Equal dates and times, with a
# later status or pupil first, so that an index in any other order gives another order.
MEETINGS = [
    (1, "2024-10-01", "10:00:00", "held"),
    (1, "2024-11-05", None, "planned"),
    (1, "2024-11-05", None, "held"),
    (2, "2024-11-05", "09:00:00", "cancelled"),
    (1, "2024-11-05", "09:00:00", "held"),
]


def _plan(store) -> str:
    with store.engine.connect() as c:
        rows = c.exec_driver_sql("EXPLAIN QUERY PLAN " + _PEPS, ("[1]", "2024-09-01")).fetchall()
    return " ".join(str(r[-1]) for r in rows)


def _at_0011(path) -> None:
    """A store at 0011 holding two pupils, the MEETINGS and the SOCIAL_WORKERS (and contacts)."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        upgrade_to_head(c, target="0011")
        for pupil, upn in ((1, "B801200005001"), (2, "C801200005002")):
            c.execute(
                text(
                    "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename,"
                    " preferred_surname, date_of_birth, gender, sen_status, pp_plus, key_adult, notes,"
                    " created_at, updated_at) VALUES (:id, :upn, 'Oakenfold', 'Amara', '', '', '2015-03-04',"
                    " 'Female', 'K', 1, '', 'kept', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
                ),
                {"id": pupil, "upn": upn},
            )
        for pupil, held_on, at, status in MEETINGS:
            c.execute(
                text(
                    "INSERT INTO pep_meeting (pupil_id, meeting_date, start_time, place, kind, status,"
                    " status_reason, targets_elsewhere, child_views, pp_plus_requested_pence,"
                    " pp_plus_agreed_pence, pp_plus_purpose, notes)"
                    " VALUES (:pupil, :held_on, :at, '', 'review', :status, '', 1, '', 0, 0, '', 'kept')"
                ),
                {"pupil": pupil, "held_on": held_on, "at": at, "status": status},
            )
        for pupil, role, name in SOCIAL_WORKERS:
            c.execute(
                text(
                    "INSERT INTO contact (pupil_id, role, name, organisation, phone, email)"
                    " VALUES (:pupil, :role, :name, '', '', '')"
                ),
                {"pupil": pupil, "role": role, "name": name},
            )
        for pupil, start in EXCLUSIONS:
            c.execute(
                text(
                    "INSERT INTO exclusion (pupil_id, kind, start_date, days, tried_first, reintegration_notes)"
                    " VALUES (:pupil, 'suspension', :start, 1, '', '')"
                ),
                {"pupil": pupil, "start": start},
            )
    engine.dispose()


@pytest.fixture
def upgraded(tmp_path):
    _at_0011(tmp_path / "at-0011.db")
    with closing(open_store(tmp_path / "at-0011.db")) as store:
        yield store


def test_a_store_with_data_at_0011_upgrades_and_keeps_its_rows(upgraded):
    assert upgraded.revision == head_revision()
    with upgraded.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM pupil WHERE notes = 'kept'")).scalar() == 2
        assert c.execute(text("SELECT count(*) FROM pep_meeting WHERE notes = 'kept'")).scalar() == 5


def test_the_pep_duties_read_their_meetings_from_the_index_alone(upgraded):
    plan = _plan(upgraded)
    assert f"COVERING INDEX {INDEX}" in plan  # no row of the table read
    with upgraded.engine.connect() as c:  # and the same row as the table gives
        found = c.exec_driver_sql(_PEPS, ("[1]", "2024-09-01")).fetchall()
        assert c.exec_driver_sql(_PEPS, ("[3]", "2024-09-01")).fetchall() == []
        assert c.exec_driver_sql(_PEPS, ("[1]", "2024-11-06")).fetchall() == []
    assert found == [
        (1, "2024-10-01", "held", 1, 1),
        (1, "2024-11-05", "planned", 1, 2),
        (1, "2024-11-05", "held", 1, 3),
        (1, "2024-11-05", "held", 1, 5),
    ]


@pytest.mark.parametrize(
    ("sql", "id_at"), [(register._PEPS, 0), (snapshot._PEPS.format(only=""), 4)], ids=["register", "snapshot"]
)
def test_a_year_of_peps_read_with_no_order_comes_by_date_time_and_id_as_before(upgraded, sql, id_at):
    """The register's and the snapshot's PEPs of a year (no ORDER BY) now come from the index:
    in the order of 0011's date-and-time index, whose columns it begins with, then by id."""
    with upgraded.engine.connect() as c:
        year = ("2024-09-01", "2025-08-31")
        plan = " ".join(str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, year))
        found = [row[id_at] for row in c.exec_driver_sql(sql, year)]
    assert INDEX in plan
    assert found == [1, 2, 3, 4, 5]  # no time before 09:00:00, equal ones by id, whoever's they are


def test_the_register_reads_the_social_workers_from_the_index_alone(upgraded):
    sql = snapshot._WORKERS.format(only=snapshot._AMONG.format(column="pupil_id"))
    with upgraded.engine.connect() as c:
        plan = " ".join(
            str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, (SOCIAL_WORKER_ROLE, "[1, 2]"))
        )
        found = c.exec_driver_sql(sql, (SOCIAL_WORKER_ROLE, "[2, 1]")).fetchall()
    assert f"COVERING INDEX {CONTACTS}" in plan
    assert found == [(2, "Zia Quell"), (1, "Yves Pardoe"), (2, "Abe Norris"), (1, "Bea Marsh")]  # by id


def test_some_pupils_social_workers_read_with_no_order_come_by_pupil_and_id_as_before(upgraded):
    """As the pupil import reads them (services/pupil_import_plan.py): each pupil's in the order
    of their ids, whichever index SQLite takes."""
    sql = "SELECT id, pupil_id, name, email FROM contact WHERE pupil_id IN (2, 1) AND role = ?"
    with upgraded.engine.connect() as c:
        found = [row[0] for row in c.exec_driver_sql(sql, (SOCIAL_WORKER_ROLE,))]
        plan = " ".join(
            str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, (SOCIAL_WORKER_ROLE,))
        )
    assert found == [2, 5, 1, 4], plan


def test_the_exclusion_duties_read_their_exclusions_from_the_index_alone(upgraded):
    span = {"since": "2024-09-01", "on": "2024-12-31", "soon": "2025-01-14"}
    with upgraded.engine.connect() as c:
        for sql in (exclusion_duties._EXCLUSIONS, exclusion_duties._ASSESSMENTS):
            plan = " ".join(str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, span))
            assert f"COVERING INDEX {EXCLUDED}" in plan
        found = [row[0] for row in c.exec_driver_sql(exclusion_duties._EXCLUSIONS, span)]
    assert found == [2, 3, 1]


def test_exclusions_of_some_dates_read_with_no_order_come_by_date_and_id_as_before(upgraded):
    """Through the date index or this one, whichever SQLite takes for columns it does not hold."""
    sql = "SELECT id, tried_first FROM exclusion WHERE start_date BETWEEN '2024-09-01' AND '2024-12-31'"
    with upgraded.engine.connect() as c:
        assert [row[0] for row in c.exec_driver_sql(sql)] == [2, 3, 1]


def test_a_new_store_has_the_indexes_too(tmp_path):
    store = open_store(tmp_path / "new.db")
    try:
        assert f"COVERING INDEX {INDEX}" in _plan(store)
        with store.engine.connect() as c:
            names = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {CONTACTS, EXCLUDED} <= names
    finally:
        store.close()
