"""Where two typed wordings differ only in case, the Report to Governors shows the first one typed
(by date, then time with no time first, then the order entered) and counts them together: what
was tried before a suspension, and what PP+ was agreed for at PEP meetings."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text
from support import DEMO_TODAY

from cwsw_desktop.services.governors import build_governors_report
from cwsw_desktop.services.school import load_settings, save_settings

YEAR = 2026  # DEMO_TODAY is in the Autumn term of 2026-27


def looked_after_on(engine, day: str) -> int:
    """A pupil looked after and on roll on ``day``."""
    with engine.connect() as c:
        return int(
            c.execute(
                text(
                    "SELECT e.pupil_id FROM status_episode e JOIN pupil p ON p.id = e.pupil_id"
                    " WHERE e.category = 'CLA' AND e.start_date <= :d AND (e.end_date IS NULL OR e.end_date >= :d)"
                    " AND coalesce(p.admission_date, :d) <= :d AND coalesce(p.leaving_date, :d) >= :d"
                    " ORDER BY e.pupil_id LIMIT 1"
                ),
                {"d": day},
            ).scalar_one()
        )


def add_pep(engine, pupil: int, day: str, purpose: str, pence: int, at: str | None = None) -> None:
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO pep_meeting (pupil_id, meeting_date, status, child_views, pp_plus_purpose, notes,"
                " pp_plus_agreed_pence, start_time) VALUES (:p, :d, 'held', '', :purpose, '', :pence, :at)"
            ),
            {"p": pupil, "d": day, "purpose": purpose, "pence": pence, "at": at},
        )


def add_suspension(engine, pupil: int, day: str, tried: str) -> None:
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO exclusion (pupil_id, kind, start_date, days, tried_first, reintegration_notes)"
                " VALUES (:p, 'suspension', :d, 1, :tried, '')"
            ),
            {"p": pupil, "d": day, "tried": tried},
        )


def test_the_first_wording_typed_is_shown_and_both_are_counted(demo_store) -> None:
    engine = demo_store.engine
    save_settings(engine, replace(load_settings(engine), suppress_small_counts=False))
    child = looked_after_on(engine, "2026-10-05")
    # Entered out of date order: the earlier suspension's wording shows.
    add_suspension(engine, child, "2026-10-12", "Quiet room with the key adult")
    add_suspension(engine, child, "2026-10-05", "quiet ROOM with the key adult")
    # The same day: a PEP with no time comes before one at 09:00, and then the one entered first.
    add_pep(engine, child, "2026-10-06", "Fiddle lessons", 1000, "09:00:00.000000")
    add_pep(engine, child, "2026-10-06", "fiddle lessons", 2000)
    add_pep(engine, child, "2026-10-07", "Chess club", 500)
    add_pep(engine, child, "2026-10-07", "CHESS CLUB", 500)

    report = build_governors_report(engine, YEAR, None, DEMO_TODAY)

    alternatives = dict(report.exclusions.alternatives.rows)
    assert alternatives["Quiet ROOM with the key adult"] == "2"
    assert "Quiet room with the key adult" not in alternatives
    spend = {row[0]: row[1] for row in report.pp_plus.spend.rows}
    assert spend["fiddle lessons"] == "£30.00"
    assert spend["Chess club"] == "£10.00"
    assert not {"Fiddle lessons", "CHESS CLUB"} & set(spend)
