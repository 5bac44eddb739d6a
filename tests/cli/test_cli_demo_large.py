"""`cwsw-desktop demo --size N --years Y`: the sized demo from the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cwsw_desktop.__main__ import main
from cwsw_desktop.services.demo import DemoRefusedError, fill_empty_store
from cwsw_desktop.store import open_store


def test_the_demo_command_builds_years_of_history_and_refuses_nonsense(tmp_path, capsys):
    db = tmp_path / "sized.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "15", "--years", "3"]) == 0
    assert "Added 15 fictitious pupils" in capsys.readouterr().out
    store = open_store(db)
    try:
        assert _count_years(store) == 3
        with pytest.raises(DemoRefusedError):
            fill_empty_store(store.engine, size=5, years=2)  # never mixed with pupils already there
    finally:
        store.close()
    assert main(["demo", "--unencrypted", "--db", str(tmp_path / "x.db"), "--years", "0"]) == 1
    assert "--years must be at least 1" in capsys.readouterr().err


def _count_years(store) -> int:
    with store.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM academic_year")).scalar() or 0)
