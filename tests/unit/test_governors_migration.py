"""Migration 0010: a database from 0009 gains the per-year report table and the suppression
setting (on), with nothing lost."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from cwsw_desktop.store import open_store
from cwsw_desktop.store.migrate import upgrade_to_head


def test_a_0009_database_upgrades_with_suppression_on_and_a_governors_year_table(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        upgrade_to_head(c, target="0009")
        c.execute(text("UPDATE school SET name = 'Kept School (fictitious)' WHERE id = 1"))
        assert c.execute(text("SELECT count(*) FROM school")).scalar() == 1
    engine.dispose()

    store = open_store(path)
    try:
        with store.engine.begin() as c:
            assert c.execute(text("SELECT name, suppress_small_counts FROM school")).one() == (
                "Kept School (fictitious)",
                1,
            )
            c.execute(
                text(
                    "INSERT INTO governors_year (start_year, pp_plus_rate_pence, pp_plus_eligible, strength_1)"
                    " VALUES (2025, 263000, 4, 'A strength')"
                )
            )
            row = c.execute(
                text("SELECT pp_plus_rate_pence * pp_plus_eligible, priority_1 FROM governors_year")
            ).one()
            assert tuple(row) == (1_052_000, "")
            with pytest.raises(Exception, match="CHECK constraint failed"):
                c.execute(text("UPDATE governors_year SET school_attendance_pct = 101"))
    finally:
        store.close()


def test_year_figures_round_trip_and_bad_values_save_nothing(store):
    from cwsw_desktop.services.errors import ValidationError
    from cwsw_desktop.services.governors_year import YearFigures, load_year_figures, save_year_figures

    figures = YearFigures(2025, school_attendance_pct=94.5, pp_plus_rate_pence=263_000, pp_plus_eligible=3)
    save_year_figures(store.engine, figures)
    assert load_year_figures(store.engine, 2025) == figures
    assert figures.pp_plus_received == 789_000
    with pytest.raises(ValidationError) as bad:
        save_year_figures(store.engine, YearFigures(2025, school_attendance_pct=140, school_suspensions=-1))
    assert [p.field for p in bad.value.problems] == ["Whole-school attendance", "Whole-school suspensions"]
    assert load_year_figures(store.engine, 2025) == figures
    with store.engine.connect() as c:
        fields = (
            c.execute(text("SELECT field_name FROM audit_event WHERE entity = 'governors_year'"))
            .scalars()
            .all()
        )
    assert set(fields) == {"school_attendance_pct", "pp_plus_rate_pence", "pp_plus_eligible"}
