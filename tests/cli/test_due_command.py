"""`due --on D --json` end to end on a small store for each register kind: the item is there on
the date, and gone on the day the record that settles it is saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cwsw_desktop.__main__ import main
from cwsw_desktop.models import ContactMethod
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.services.contact_log import ContactLogInput, add_entry
from cwsw_desktop.services.pupils import (
    ContactInput,
    EpisodeInput,
    PupilInput,
    SdqInput,
    create_pupil,
    get_pupil,
    update_pupil,
)
from cwsw_desktop.services.school import load_settings, save_settings, with_defaults
from cwsw_desktop.store import open_store

UPN = "B801200005001"
BASE = PupilInput(upn=UPN, legal_surname="Oakenfold", legal_forename="Amara", date_of_birth=date(2015, 3, 4))
SW = ContactInput("Social worker", "Sam Jones")


def _due(db: Path, on: date, capsys: pytest.CaptureFixture[str], *kinds: str) -> list[dict[str, object]]:
    args = ["due", "--unencrypted", "--db", str(db), "--on", on.strftime("%d/%m/%Y"), "--json"]
    if kinds:
        args += ["--kind", *kinds]
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def _resave(engine: Engine, pupil_id: int, on: date, **changes: object) -> None:
    d = get_pupil(engine, pupil_id, on)
    episodes = changes.pop("episodes", d.episodes)
    sdqs = changes.pop("sdqs", d.sdq_inputs())
    update_pupil(engine, pupil_id, replace(d.to_input(), **changes), episodes, d.contacts, sdqs, today=on)  # type: ignore[arg-type]  # test helper: changes are PupilInput fields


def _log(kind: DutyKind) -> Callable[[Engine, int, date], None]:
    def settle(engine: Engine, pupil_id: int, on: date) -> None:
        add_entry(
            engine,
            pupil_id,
            ContactLogInput(on, ContactMethod.PHONE, kind, with_name="Pat Carer", with_role="Carer"),
            on,
        )

    return settle


CASES = [
    # kind, pupil, episodes, date it shows, how it is settled (on the second date)
    (
        DutyKind.SDQ_DUE,
        BASE,
        [EpisodeInput("CLA", date(2025, 1, 10), responsible_la="Essex")],
        date(2026, 1, 10),
        lambda engine, pid, on: _resave(engine, pid, on, sdqs=[SdqInput(on, "carer", 12)]),
    ),
    (
        DutyKind.SDQ_DUE,
        BASE,
        [EpisodeInput("CLA", date(2025, 1, 10), responsible_la="Essex")],
        date(2026, 1, 10),
        _log(DutyKind.SDQ_DUE),
    ),
    (
        DutyKind.EHCP_REVIEW_DUE,
        replace(BASE, sen_status="E", ehcp_last_review=date(2025, 3, 1)),
        [EpisodeInput("CIN", date(2024, 1, 1))],
        date(2026, 3, 1),
        lambda engine, pid, on: _resave(engine, pid, on, ehcp_last_review=on),
    ),
    (
        DutyKind.ATTENDANCE_PERSISTENT,
        replace(BASE, attendance_pct=90.0),
        [EpisodeInput("PLA", date(2020, 1, 1), pla_route="Adoption")],
        date(2026, 3, 1),
        _log(DutyKind.ATTENDANCE_PERSISTENT),
    ),
    (
        DutyKind.ATTENDANCE_SEVERE,
        replace(BASE, attendance_pct=50.0),
        [EpisodeInput("CIN", date(2024, 1, 1))],
        date(2026, 3, 1),
        lambda engine, pid, on: _resave(engine, pid, on, attendance_pct=96.0),
    ),
    (
        DutyKind.PLA_ROUTE_MISSING,
        BASE,
        [EpisodeInput("PLA", date(2020, 1, 1))],
        date(2026, 3, 1),
        lambda engine, pid, on: _resave(
            engine, pid, on, episodes=[replace(get_pupil(engine, pid, on).episodes[0], pla_route="SGO")]
        ),
    ),
    (
        DutyKind.RETENTION_REVIEW,
        replace(
            BASE,
            date_of_birth=date(2001, 3, 1),
            leaving_date=date(2017, 7, 20),
            admission_date=date(2012, 9, 1),
        ),
        [EpisodeInput("CP", date(2013, 1, 1), date(2014, 1, 1))],
        date(2026, 3, 1),
        _log(DutyKind.RETENTION_REVIEW),
    ),
]


@pytest.mark.parametrize(
    ("kind", "pupil", "episodes", "on", "settle"), CASES, ids=lambda v: getattr(v, "value", None)
)
def test_each_kind_is_listed_then_gone_the_day_it_is_settled(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: DutyKind,
    pupil: PupilInput,
    episodes: list[EpisodeInput],
    on: date,
    settle: Callable[[Engine, int, date], None],
) -> None:
    db = tmp_path / "school.db"
    store = open_store(db)
    contacts = (
        [SW] if any(e.category in ("CLA", "CIN", "CP") and e.end_date is None for e in episodes) else []
    )
    pupil_id = create_pupil(store.engine, pupil, episodes, contacts, today=on)
    store.close()

    items = _due(db, on, capsys, kind.value)
    assert [(i["kind"], i["pupil"]) for i in items] == [(kind.value, UPN)], items
    assert items[0]["act"] == {
        "open": "retention" if kind is DutyKind.RETENTION_REVIEW else "pupil",
        "id": pupil_id,
    }

    settled_on = date(on.year, on.month, on.day + 2)
    store = open_store(db)
    settle(store.engine, pupil_id, settled_on)
    store.close()
    assert _due(db, settled_on, capsys, kind.value) == []


def test_policy_review_is_listed_then_gone_once_the_date_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "school.db"
    store = open_store(db)
    settings = with_defaults(
        load_settings(store.engine),
        name="Test School",
        policy_approved=date(2025, 1, 1),
        policy_review=date(2026, 1, 31),
    )
    save_settings(store.engine, settings)
    store.close()
    items = _due(db, date(2026, 2, 1), capsys, "policy-review")
    assert [(i["severity"], i["due"]) for i in items] == [("overdue", "2026-01-31")]
    store = open_store(db)
    save_settings(store.engine, replace(settings, policy_review=date(2027, 1, 31)))
    store.close()
    assert _due(db, date(2026, 2, 1), capsys, "policy-review") == []


def test_attendance_message_names_whom_to_tell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "school.db"
    store = open_store(db)
    create_pupil(
        store.engine,
        replace(BASE, attendance_pct=80.0),
        [EpisodeInput("CLA", date(2025, 1, 10), responsible_la="Essex")],
        [SW],
        today=date(2026, 3, 1),
    )
    store.close()
    (item,) = _due(db, date(2026, 3, 1), capsys, "attendance-persistent")
    assert item["message"] == (
        "Persistent absence (80.0% attendance): tell the social worker (Sam Jones) and the Virtual School"
    )


def test_categories_are_taken_on_the_date_asked_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "school.db"
    store = open_store(db)
    create_pupil(
        store.engine,
        replace(BASE, attendance_pct=80.0),
        [EpisodeInput("CIN", date(2026, 5, 1))],
        today=date(2026, 6, 1),
    )
    store.close()
    assert _due(db, date(2026, 4, 30), capsys, "attendance-persistent") == []  # not yet on the register
    assert len(_due(db, date(2026, 5, 1), capsys, "attendance-persistent")) == 1


def test_unknown_kind_and_bad_date_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "school.db")
    assert main(["due", "--unencrypted", "--db", db, "--kind", "sdq"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --kind: unknown kind 'sdq' (use one of: sdq-due,") and err.count("\n") == 1
    assert main(["due", "--unencrypted", "--db", db, "--on", "31/02/2026"]) == 1
    assert capsys.readouterr().err == "error: --on: 31/02/2026 is not a date\n"


def test_the_readme_documents_every_kind() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert [k.value for k in DutyKind if f"`{k.value}`" not in readme] == []
