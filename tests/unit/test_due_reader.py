"""What is due on plain rows: `due` on a current store imports no SQLAlchemy and prints what the
engine's path gives; the settings and term dates read as rows agree with services/school.py; the
ordinary open's upkeep that sends `due` that way is named the same as in store/audit_chain.py."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from support import DEMO_TODAY

from cwsw_desktop.commands.due import AUDIT_TRIGGERS, FAILED_UNLOCKS_SUFFIX
from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.overview import build_overview
from cwsw_desktop.services.school import (
    SchoolSettings,
    load_settings,
    save_academic_year,
    save_settings,
    with_defaults,
    years_around,
)
from cwsw_desktop.services.school_read import read_settings, read_years_around
from cwsw_desktop.store import audit_chain
from cwsw_desktop.store.reader import ConnectionReader, reading

DUE = (
    "import sys, io, contextlib; from cwsw_desktop.__main__ import main; out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out): code = main(['due', '--db', sys.argv[1], '--on', sys.argv[2], '--json'])\n"
    "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'cwsw_desktop.models') if m in sys.modules]\n"
    "print(repr((code, heavy))); print(out.getvalue())"
)


def test_due_on_a_current_store_reads_plain_rows_without_sqlalchemy(demo_store: Any) -> None:
    expected = [d.as_json() for d in what_is_due(demo_store.engine, DEMO_TODAY)]
    path = str(demo_store.path)
    demo_store.close()  # `due` takes the store's lock, as any command does
    run = subprocess.run(
        [sys.executable, "-c", DUE, path, DEMO_TODAY.isoformat()], capture_output=True, text=True, check=True
    )
    status, printed = run.stdout.split("\n", 1)
    assert status == repr((0, []))
    assert json.loads(printed) == expected
    assert expected  # the demo store owes something on its date


def test_one_reader_serves_every_source_with_a_constant_number_of_statements(demo_store: Any) -> None:
    with reading(demo_store.engine) as r:
        assert isinstance(r, ConnectionReader)
        overview = build_overview(r, DEMO_TODAY)
        small = r.statements
    assert overview.duties == what_is_due(demo_store.engine, DEMO_TODAY)
    assert 0 < small < 40  # a few per source, none per pupil (the snapshot is read once)


def test_settings_and_years_read_as_rows_agree_with_the_school_service(store: Any) -> None:
    with reading(store.engine) as r:
        assert read_settings(r) == SchoolSettings()
    save_settings(
        store.engine,
        with_defaults(
            load_settings(store.engine),
            name="Test School",
            policy_review=date(2027, 2, 1),
            pep_due_soon_days=21,
            consult_scope="social-worker",
            ap_full_time_hours=30.0,
        ),
    )
    own = default_terms(2026)
    save_academic_year(store.engine, type(own)(2026, (own.terms[0], own.terms[1], own.terms[2])))
    school = load_settings(store.engine)
    with reading(store.engine) as r:
        read = read_settings(r)
        years = read_years_around(r, DEMO_TODAY)
    assert read == school  # every setting, of the same type (dates, booleans, decimals)
    assert years == years_around(store.engine, DEMO_TODAY)


def test_the_upkeep_due_leaves_to_the_ordinary_open_is_named_as_the_store_names_it() -> None:
    assert set(AUDIT_TRIGGERS) == set(audit_chain.TRIGGERS)
    db = Path("/somewhere/store.db")
    assert audit_chain.failed_unlocks_path(db) == db.with_name(db.name + FAILED_UNLOCKS_SUFFIX)
