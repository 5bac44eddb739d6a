"""The Overview names each child in its list as the store does (rules.names.display_name of the
pupil's row), whether the name was read by the register's snapshot through the same reader
(services.snapshot.names_read) or looked up for the children only another area owes."""

from __future__ import annotations

from support import DEMO_TODAY

from cwsw_desktop.rules.names import display_name
from cwsw_desktop.services.demo import fill_empty_store
from cwsw_desktop.services.overview import _build
from cwsw_desktop.services.snapshot import names_read
from cwsw_desktop.store import open_store
from cwsw_desktop.store.reader import open_reader


def test_every_child_in_the_list_has_their_own_name_and_record(tmp_path):
    path = tmp_path / "school.db"
    store = open_store(path)
    try:
        fill_empty_store(store.engine, size=400, seed=11, today=DEMO_TODAY, years=2)
        with store.engine.begin() as c:  # preferred names on some, both parts on a few
            c.exec_driver_sql("UPDATE pupil SET preferred_forename = 'Pref' || id WHERE id % 3 = 0")
            c.exec_driver_sql("UPDATE pupil SET preferred_surname = 'Known-As' || id WHERE id % 5 = 0")
    finally:
        store.close()
    reader = open_reader(path, None)
    assert reader is not None
    try:
        rows = _build(reader, DEMO_TODAY).rows
        expected = {
            upn: (display_name(forename, surname, preferred_forename, preferred_surname), pid)
            for upn, pid, forename, surname, preferred_forename, preferred_surname in reader.rows(
                "SELECT upn, id, legal_forename, legal_surname, preferred_forename, preferred_surname FROM pupil"
            )
        }
        named = {row.duty.pupil: (row.pupil_name, row.pupil_id) for row in rows if row.duty.pupil}
        assert named == {upn: expected[upn] for upn in named}
        read = names_read(reader)
        # Both ways are taken: names the register's snapshot read, and names looked up.
        assert set(named) & set(read) and set(named) - set(read)
        assert any(name.startswith("Pref") for name, _pid in named.values())
    finally:
        reader.close()
