"""Retention review: who is due and why (table-driven), and a delete that leaves nothing in the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cwsw_desktop.rules.status import Episode
from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services import audit, retention
from cwsw_desktop.services.errors import NotFoundError, ValidationError
from cwsw_desktop.services.pupils import EpisodeInput, PupilInput, create_pupil

TODAY = date(2026, 11, 23)
SURNAME = "Quixlebrandt"  # appears nowhere else: if it is in the file, the child's data is


def _upn(n: int) -> str:
    body = f"80120000{n:04d}"
    return check_letter(body) + body


@pytest.mark.parametrize(
    "dob, episodes, due",
    [
        # CP / CLA records: kept until the 25th birthday, whatever else happened
        (date(2001, 11, 23), [Episode("CP", date(2010, 1, 1), date(2011, 1, 1))], date(2026, 11, 23)),
        (date(2001, 11, 24), [Episode("CP", date(2010, 1, 1), date(2011, 1, 1))], None),
        (date(1999, 5, 5), [Episode("CLA", date(2005, 1, 1), date(2015, 1, 1))], date(2024, 5, 5)),
        (date(2004, 2, 29), [Episode("CLA", date(2010, 1, 1), date(2011, 1, 1))], None),
        (date(2000, 2, 29), [Episode("CLA", date(2010, 1, 1), None)], date(2025, 2, 28)),
        (
            date(2010, 1, 1),
            [
                Episode("CIN", date(2011, 1, 1), date(2012, 1, 1)),
                Episode("CP", date(2012, 1, 2), date(2013, 1, 1)),
            ],
            None,
        ),
        # CIN only: due once they leave the previously-CSW cohort (6 years after the last end)
        (date(2010, 1, 1), [Episode("CIN", date(2012, 1, 1), date(2020, 11, 22))], date(2026, 11, 22)),
        (date(2010, 1, 1), [Episode("CIN", date(2012, 1, 1), date(2020, 11, 23))], None),
        (
            date(2010, 1, 1),
            [Episode("CIN", date(2012, 1, 1), date(2013, 1, 1)), Episode("CIN", date(2015, 1, 1), None)],
            None,
        ),  # still open
        (date(2010, 1, 1), [Episode("PLA", date(2012, 1, 1))], None),  # PLA: not a social-worker episode
        (date(2010, 1, 1), [], None),
    ],
)
def test_review_reason(dob, episodes, due):
    found = retention.review_reason(dob, episodes, TODAY)
    assert (found[0] if found else None) == due
    if found:
        assert found[1]


def _make(store, n, surname, dob, episodes):
    return create_pupil(
        store.engine,
        PupilInput(upn=_upn(n), legal_surname=surname, legal_forename="Robin", date_of_birth=dob),
        episodes,
        today=TODAY,
    )


@pytest.fixture
def reviewed(store):
    ids = {
        "cin_old": _make(
            store, 1, SURNAME, date(2005, 6, 1), [EpisodeInput("CIN", date(2009, 1, 1), date(2012, 1, 1))]
        ),
        "cp_young": _make(
            store, 2, "Young", date(2005, 6, 1), [EpisodeInput("CP", date(2009, 1, 1), date(2012, 1, 1))]
        ),
        "cin_now": _make(store, 3, "Current", date(2014, 6, 1), [EpisodeInput("CIN", date(2024, 1, 1))]),
        "cla_25": _make(
            store, 4, "Grown", date(2001, 6, 1), [EpisodeInput("CLA", date(2005, 1, 1), date(2019, 6, 1))]
        ),
    }
    return store, ids


def test_due_for_review_lists_only_records_past_their_date(reviewed):
    store, ids = reviewed
    items = retention.due_for_review(store.engine, TODAY)
    assert [i.pupil_id for i in items] == [ids["cin_old"], ids["cla_25"]]
    assert items[0].review_date == date(2018, 1, 1) and "6 years" in items[0].reason
    assert items[1].review_date == date(2026, 6, 1) and "CLA" in items[1].reason
    assert items[0].legal_name == f"Robin {SURNAME}"


def test_delete_needs_the_childs_name_and_a_due_record(reviewed):
    store, ids = reviewed
    with pytest.raises(ValidationError, match="full legal name"):
        retention.delete_after_review(store, ids["cin_old"], "Robin Young", TODAY)
    with pytest.raises(ValidationError, match="not due"):
        retention.delete_after_review(store, ids["cp_young"], "Robin Young", TODAY)
    with pytest.raises(NotFoundError):
        retention.delete_after_review(store, 999, "Robin Young", TODAY)
    assert len(retention.due_for_review(store.engine, TODAY)) == 2


def _in_files(path: Path, text: str) -> list[str]:
    found = []
    for candidate in path.parent.glob(path.name + "*"):
        if text.encode() in candidate.read_bytes():
            found.append(candidate.name)
    return found


def test_deleted_child_is_really_gone_from_the_file(reviewed):
    store, ids = reviewed
    audit.log_event(store.engine, "unlock")  # some unrelated traffic around it
    assert _in_files(store.path, SURNAME)  # before: the name is on disk (file or WAL)
    retention.delete_after_review(store, ids["cin_old"], f"  robin   {SURNAME.upper()} ", TODAY)
    assert _in_files(store.path, SURNAME) == []
    assert [i.pupil_id for i in retention.due_for_review(store.engine, TODAY)] == [ids["cla_25"]]
    events = audit.list_events(store.engine, pupil_ids=[ids["cin_old"]])
    assert [e.action for e in events[:2]] == ["retention", "delete"]
    assert all(SURNAME not in f"{e.detail}{e.old_value}{e.new_value}" for e in events)
    assert audit.verify_chain(store.engine).ok
    # the store is still a healthy, usable store
    import sqlite3

    connection = sqlite3.connect(store.path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT count(*) FROM pupil").fetchone()[0] == 3
    connection.close()
    _make(store, 9, "After", date(2012, 1, 1), [])
