"""Migration 0011: the indexes for the order the views read in, added to a store with data."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from cwsw_desktop.store import open_store
from cwsw_desktop.store.migrate import head_revision, upgrade_to_head

ORDERS = {
    "ix_pupil_surname_forename": "SELECT * FROM pupil ORDER BY legal_surname, legal_forename",
    "ix_status_episode_start_date": "SELECT * FROM status_episode ORDER BY start_date",
    "ix_pep_meeting_date_time": "SELECT * FROM pep_meeting WHERE meeting_date >= '2024-09-01' "
    "ORDER BY meeting_date, start_time, id",
}


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "at-0010.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        upgrade_to_head(c, target="0010")
        c.execute(
            text(
                "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname,"
                " date_of_birth, gender, sen_status, pp_plus, key_adult, notes, created_at, updated_at)"
                " VALUES (1, 'B801200005001', 'Oakenfold', 'Amara', '', '', '2015-03-04', 'Female', 'K', 1, '',"
                " 'kept', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        )
        c.execute(
            text(
                "INSERT INTO status_episode (pupil_id, category, start_date, responsible_la,"
                " placement_type, pla_route) VALUES (1, 'CLA', '2023-05-01', 'Essex', '', '')"
            )
        )
        c.execute(
            text(
                "INSERT INTO pep_meeting (pupil_id, meeting_date, start_time, place, kind, status,"
                " status_reason, targets_elsewhere, child_views, pp_plus_requested_pence,"
                " pp_plus_agreed_pence, pp_plus_purpose, notes)"
                " VALUES (1, '2024-10-01', '10:00:00', '', 'review', 'held', '', 0, '', 0, 0, '', '')"
            )
        )
    engine.dispose()
    store = open_store(path)
    yield store
    store.close()


def test_a_store_with_data_at_0010_upgrades_and_keeps_its_rows(upgraded):
    assert upgraded.revision == head_revision()
    with upgraded.engine.connect() as c:
        assert c.execute(text("SELECT notes FROM pupil")).scalar() == "kept"
        assert c.execute(text("SELECT responsible_la FROM status_episode")).scalar() == "Essex"
        assert c.execute(text("SELECT count(*) FROM pep_meeting")).scalar() == 1


@pytest.mark.parametrize("index", sorted(ORDERS))
def test_each_index_exists_and_takes_the_sort_out_of_its_view_query(upgraded, index):
    with upgraded.engine.connect() as c:
        names = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
        assert index in names
        plan = " ".join(str(r[-1]) for r in c.execute(text("EXPLAIN QUERY PLAN " + ORDERS[index])))
    assert index in plan
    assert "TEMP B-TREE" not in plan  # no sort left for SQLite to do


def test_a_new_store_has_the_indexes_too(tmp_path):
    store = open_store(tmp_path / "new.db")
    try:
        with store.engine.connect() as c:
            names = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
        assert set(ORDERS) <= names
    finally:
        store.close()
