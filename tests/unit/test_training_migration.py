"""Migration 0009 moves the old training log into the staff register, catalogue and sessions."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from cwsw_desktop.store import open_store
from cwsw_desktop.store.migrate import upgrade_to_head

AATI = "An introduction to Attachment-Aware and Trauma-Informed Practice"


def test_old_training_data_upgrades_with_attendance_kept_and_one_attachment_course(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        upgrade_to_head(c, target="0008")
        c.execute(
            text(
                "INSERT INTO staff_member (id, name, role, is_dt, is_dsl, active) VALUES"
                " (1, 'Ms Ada Quennell', 'Designated Teacher', 1, 0, 1),"
                " (2, 'Mr Bryn Tallis', 'Designated Safeguarding Lead', 0, 1, 1),"
                " (3, 'Mr Felix Rooke', 'Teaching assistant', 0, 0, 0),"
                " (4, 'Miss Elin Marsh', 'Class teacher', 0, 0, 1)"
            )
        )
        c.execute(
            text(
                "INSERT INTO training_session (id, course, held_on, hours, provider, topic, whole_staff) VALUES"
                " (1, 'Attachment-aware schools: whole-staff INSET', '2025-09-01', 3.0, 'Virtual School', 'attachment', 1),"
                " (2, 'Trauma-informed practice', '2025-01-06', 2.0, 'EPS', 'trauma', 1),"
                " (3, 'DSL formal training', '2024-03-01', 12.0, 'LSCP', 'dsl_formal', 0),"
                " (4, 'KCSIE update (2025)', '2025-09-02', 1.0, '', 'other', 1),"
                " (5, 'Makaton for beginners', '2025-02-02', 2.0, '', 'other', 0)"
            )
        )
        c.execute(
            text(
                "INSERT INTO training_attendance (session_id, staff_id) VALUES"
                " (1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 4), (3, 2), (4, 1), (4, 4), (5, 3)"
            )
        )
        c.commit()
    engine.dispose()

    store = open_store(path)  # upgrades with foreign keys on, as the app does
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM training_attendance")).scalar() == 10
        courses = dict(
            c.execute(
                text(
                    "SELECT s.id, c.name FROM training_session s JOIN training_course c ON c.id = s.course_id"
                )
            ).all()
        )
        assert courses == {
            1: AATI,
            2: AATI,  # 'attachment' and 'trauma' are ONE course now
            3: "Designated Safeguarding Lead training",
            4: "Keeping Children Safe in Education update",  # matched by alias, bracket ignored
            5: "Makaton for beginners",  # unknown: added to the catalogue
        }
        notes = dict(c.execute(text("SELECT id, notes FROM training_session")).all())
        assert notes[1] == "Recorded as: Attachment-aware schools: whole-staff INSET"
        assert notes[2] == "Recorded as: Trauma-informed practice"
        staff = {
            r[0]: tuple(r[1:])
            for r in c.execute(
                text(
                    "SELECT name, role, job_title, leaving_date IS NOT NULL, is_dt, is_dsl FROM staff_member"
                )
            ).all()
        }
        assert staff["Ms Ada Quennell"] == ("leadership", "Designated Teacher", 0, 1, 0)
        assert staff["Mr Felix Rooke"] == ("teaching-assistant", "Teaching assistant", 1, 0, 0)
        assert staff["Miss Elin Marsh"] == ("teacher", "Class teacher", 0, 0, 0)
        settings = c.execute(text("SELECT training_hours_per_day, training_trained_means FROM school")).one()
        assert tuple(settings) == (6.0, "this-year")
        aliases = c.execute(
            text(
                "SELECT count(*) FROM training_course_alias a JOIN training_course c ON c.id = a.course_id"
                " WHERE c.name = :n"
            ),
            {"n": AATI},
        ).scalar()
        assert aliases == 4
    store.close()


def test_downgrade_returns_the_old_shape(tmp_path):
    from alembic import command

    from cwsw_desktop.store.migrate import alembic_config

    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as c:
        upgrade_to_head(c, target="0009")
        c.execute(
            text(
                "INSERT INTO staff_member (id, name, role, job_title, is_dt, is_dsl) VALUES (1, 'A', 'teacher', 'Class teacher', 0, 0)"
            )
        )
        c.execute(
            text(
                "INSERT INTO training_session (id, course_id, held_on, hours, provider, whole_staff) VALUES (1, 1, '2025-09-01', 3, '', 0)"
            )
        )
        c.execute(text("INSERT INTO training_attendance VALUES (1, 1)"))
        command.downgrade(alembic_config(c), "0008")
        row = c.execute(text("SELECT course, topic FROM training_session")).one()
        assert tuple(row) == (AATI, "attachment")
        assert c.execute(text("SELECT role, active FROM staff_member")).one() == ("Class teacher", 1)
        assert c.execute(text("SELECT count(*) FROM training_attendance")).scalar() == 1
    engine.dispose()
