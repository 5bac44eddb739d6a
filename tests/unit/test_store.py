"""The store on a real file: pragmas, migrations from the first schema, refusals that touch nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cwsw_desktop.store import StoreError, StoreTooNewError, open_store
from cwsw_desktop.store.migrate import head_revision, upgrade_to_head


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_created_at_the_head_schema_with_wal_and_foreign_keys(tmp_path):
    store = open_store(tmp_path / "sub" / "new.db")
    assert store.revision == head_revision()
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("SELECT count(*) FROM exclusion_reason")).scalar() == 15
    store.close()


def test_database_from_the_first_schema_upgrades_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        upgrade_to_head(c, target="0001")
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
        c.commit()
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    engine.dispose()

    store = open_store(path)
    assert store.revision == head_revision() != "0001"
    with store.engine.connect() as c:
        row = c.execute(text("SELECT upn, legal_surname, date_of_birth, notes FROM pupil")).one()
        assert tuple(row) == ("B801200005001", "Oakenfold", "2015-03-04", "kept")
        assert c.execute(text("SELECT responsible_la FROM status_episode")).scalar() == "Essex"
    store.close()


def test_database_from_a_newer_app_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    c.close()
    before = _digest(path)
    with pytest.raises(StoreTooNewError, match="newer version of CWSW Desktop"):
        open_store(path)
    assert _digest(path) == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is a spreadsheet, honestly" * 10, "not a database this app can read"),
        (None, "not a CWSW Desktop database"),
    ],
)
def test_files_that_are_not_ours_are_refused_untouched(tmp_path, content, message):
    path = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(path) as c:
            c.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        c.close()
    else:
        path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(StoreError, match=message):
        open_store(path)
    assert _digest(path) == before


def test_a_missing_file_is_not_created_when_creation_is_not_allowed(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_constraints_reject_impossible_data(store):
    from sqlalchemy.exc import IntegrityError

    from cwsw_desktop.models import Pupil, StatusEpisode
    from cwsw_desktop.store import unit_of_work

    with pytest.raises(IntegrityError), unit_of_work(store.engine) as s:
        s.add(
            Pupil(
                upn="B801200005001",
                legal_surname="A",
                legal_forename="B",
                date_of_birth=date(2015, 1, 1),
                attendance_pct=140.0,
            )
        )
    with pytest.raises(IntegrityError), unit_of_work(store.engine) as s:
        s.add(StatusEpisode(pupil_id=999, category="CLA", start_date=date(2020, 1, 1)))


def test_pp_plus_amounts_in_pounds_become_whole_pence_on_upgrade(tmp_path):
    path = tmp_path / "money.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        upgrade_to_head(c, target="0004")
        c.execute(
            text(
                "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname,"
                " date_of_birth, gender, sen_status, pp_plus, key_adult, notes, created_at, updated_at)"
                " VALUES (1, 'B801200005001', 'Oakenfold', 'Amara', '', '', '2015-03-04', 'Female', 'K', 1, '',"
                " '', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        )
        c.execute(
            text(
                "INSERT INTO pep_meeting (pupil_id, meeting_date, status, attendees, child_views,"
                " pp_plus_requested, pp_plus_agreed, pp_plus_purpose, notes)"
                " VALUES (1, '2024-10-01', 'held', '', '', 600.5, 0.1 + 0.2, 'tuition', '')"
            )
        )
        c.execute(
            text(
                "INSERT INTO pp_plus_spend (pupil_id, academic_year, spent_on, amount, purpose, impact)"
                " VALUES (1, 2024, '2024-10-15', 2630.0, 'reading', '')"
            )
        )
        upgrade_to_head(c)
        pep = c.execute(text("SELECT pp_plus_requested_pence, pp_plus_agreed_pence FROM pep_meeting")).one()
        assert tuple(pep) == (60_050, 30)
        spend = c.execute(text("SELECT amount_pence, kind FROM pp_plus_spend")).one()
        assert tuple(spend) == (263_000, "spent")
        with pytest.raises(Exception, match="CHECK constraint failed"):
            c.execute(text("UPDATE pp_plus_spend SET kind = 'gift'"))
    engine.dispose()


def test_0006_adds_the_contact_log_and_last_ehcp_review_keeping_pupils(tmp_path):
    path = tmp_path / "v5.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        upgrade_to_head(c, target="0005")
        c.execute(
            text(
                "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname,"
                " date_of_birth, gender, sen_status, ehcp_review_date, pp_plus, key_adult, notes, created_at,"
                " updated_at) VALUES (1, 'B801200005001', 'Oakenfold', 'Amara', '', '', '2015-03-04', 'Female',"
                " 'E', '2026-01-15', 1, '', 'kept', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        )
        c.commit()
    engine.dispose()

    store = open_store(path)
    assert store.revision == head_revision()
    with store.engine.connect() as c:
        row = c.execute(text("SELECT upn, ehcp_review_date, ehcp_last_review, notes FROM pupil")).one()
        assert tuple(row) == ("B801200005001", "2026-01-15", None, "kept")
        c.execute(
            text(
                "INSERT INTO contact_log (pupil_id, logged_on, with_name, with_role, method, about, note,"
                " created_at) VALUES (1, '2026-01-02', 'Pat', 'Carer', 'phone', 'sdq-due', '', '2026-01-02')"
            )
        )
        with pytest.raises(Exception, match="CHECK"):
            c.execute(
                text(
                    "INSERT INTO contact_log (pupil_id, logged_on, with_name, method, about, note, created_at)"
                    " VALUES (1, '2026-01-02', 'Pat', 'pigeon', 'other', '', '2026-01-02')"
                )
            )
    store.close()


def test_upgrading_keeps_every_child_row_of_a_rebuilt_table(tmp_path):
    """Rebuilding pep_meeting (migration 0005) must not cascade-delete its targets and actions."""
    path = tmp_path / "children.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        upgrade_to_head(c, target="0004")
        c.execute(
            text(
                "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname,"
                " date_of_birth, gender, sen_status, pp_plus, key_adult, notes, created_at, updated_at)"
                " VALUES (1, 'B801200005001', 'Oakenfold', 'Amara', '', '', '2015-03-04', 'Female', 'K', 1, '',"
                " '', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        )
        c.execute(
            text(
                "INSERT INTO pep_meeting (id, pupil_id, meeting_date, status, attendees, child_views,"
                " pp_plus_requested, pp_plus_agreed, pp_plus_purpose, notes)"
                " VALUES (1, 1, '2024-10-01', 'held', '', '', 0, 0, '', '')"
            )
        )
        c.execute(
            text("INSERT INTO pep_target (pep_id, description, progress) VALUES (1, 'Read daily', 'Some')")
        )
        c.execute(
            text("INSERT INTO pep_action (pep_id, action, owner, done) VALUES (1, 'Book tutor', 'DT', 0)")
        )
    engine.dispose()
    store = open_store(path)
    try:
        with store.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM pep_target")).scalar() == 1
            assert c.execute(text("SELECT count(*) FROM pep_action")).scalar() == 1
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again after the upgrade
    finally:
        store.close()


def test_head_from_script_names_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from cwsw_desktop.store.migrate import alembic_config, script_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert list(script_revisions()) == sorted(r.revision for r in script.walk_revisions())


def test_opening_a_current_store_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "current.db"
    open_store(path).close()  # created and migrated to the head
    code = (
        "import sys; from cwsw_desktop.store import open_store; "
        f"s = open_store({str(path)!r}); print(s.revision, 'alembic' in sys.modules); s.close()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [head_revision(), "False"]
