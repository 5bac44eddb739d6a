"""Training: staff register, course catalogue, records (issue: training log).

Revision ID: 0009
Revises: 0008

- `training_course` (name, category, valid-for months) and `training_course_alias`, seeded with
  the policies' courses. The Virtual School's toolkit, "An introduction to Attachment-Aware and
  Trauma-Informed Practice", is ONE course with the aliases trackers use for it.
- `staff_member`: the free-text role becomes `job_title`, and `role` one of the closed set
  (guessed from the old text); start and leaving dates; deputy DT and deputy DSL flags. Someone
  who was not `active` gets a leaving date of the day of the upgrade (the real day is unknown).
- `training_session`: the free-text course and the `topic` give way to `course_id`. The old
  topics 'attachment' and 'trauma' BOTH become the one attachment-aware, trauma-informed course;
  'designated_teacher', 'dsl_formal' and 'dsl_refresher' become their seeded courses; any other
  course is matched to the catalogue by name or alias, else added to it. Where the old wording
  differs from the course's name it is kept in `notes`.
- `school`: hours in a training day (6) and what "trained" means ("this-year").

The seed list and the name matching are frozen copies here (a migration must not change when the
app's code does). SQLite's DROP TABLE runs ON DELETE CASCADE even inside a table rebuild, so the
attendance rows are read first and written back after the parents are rebuilt.
"""

import re
from datetime import date
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ATTACHMENT = "An introduction to Attachment-Aware and Trauma-Informed Practice"
DT_COURSE = "Designated Teacher training"
DSL_FORMAL = "Designated Safeguarding Lead training"
DSL_REFRESHER = "Designated Safeguarding Lead refresher"
# (name, category, valid for months, aliases)
SEED: list[tuple[str, str, int | None, list[str]]] = [
    (
        ATTACHMENT,
        "attachment-trauma",
        None,
        [
            "Attachment Aware Trauma Informed",
            "AATI",
            "Trauma-informed practice",
            "Attachment and trauma awareness",
        ],
    ),
    (DT_COURSE, "designated-teacher", None, ["Designated Teacher", "DT training"]),
    (DSL_FORMAL, "dsl-formal", None, ["DSL training", "DSL formal training", "Designated Safeguarding Lead"]),
    (DSL_REFRESHER, "dsl-refresher", None, ["DSL refresher", "DSL refresher training", "DSL update"]),
    (
        "Keeping Children Safe in Education update",
        "safeguarding",
        12,
        ["KCSIE update", "KCSIE", "Safeguarding update", "Annual safeguarding update"],
    ),
    (
        "De-escalation and restorative practice",
        "behaviour",
        None,
        ["De-escalation", "Restorative practice", "De-escalation training"],
    ),
    ("Prevent", "safeguarding", 24, ["Prevent duty", "Prevent awareness", "Prevent training"]),
]
TOPIC_COURSE = {
    "attachment": ATTACHMENT,
    "trauma": ATTACHMENT,
    "designated_teacher": DT_COURSE,
    "dsl_formal": DSL_FORMAL,
    "dsl_refresher": DSL_REFRESHER,
}
ROLES = ("teacher", "teaching-assistant", "leadership", "office", "governor", "other")
_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def _key(text: str) -> str:
    text = _SUFFIX.sub("", text.strip()).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def _role(text: str) -> str:
    t = text.casefold()
    if "governor" in t:
        return "governor"
    if any(w in t for w in ("assistant head", "deputy head", "headteacher", "head teacher", "principal")):
        return "leadership"
    if any(w in t for w in ("senco", "designated", "lead", "business manager")):
        return "leadership"
    if "assistant" in t or t.strip() in ("ta", "hlta"):
        return "teaching-assistant"
    if any(w in t for w in ("teacher", "head of", "tutor")):
        return "teacher"
    if any(w in t for w in ("office", "admin", "clerk", "reception", "bursar")):
        return "office"
    return "other"


def upgrade() -> None:
    bind = op.get_bind()
    course = op.create_table(
        "training_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("valid_for_months", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "category IN ('attachment-trauma', 'designated-teacher', 'dsl-formal', 'dsl-refresher', "
            "'safeguarding', 'behaviour', 'other')",
            name="course_category",
        ),
        sa.CheckConstraint(
            "valid_for_months IS NULL OR (valid_for_months > 0 AND valid_for_months <= 120)",
            name="course_valid_for",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    alias = op.create_table(
        "training_course_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["training_course.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_training_course_alias_course_id", "training_course_alias", ["course_id"])
    ids: dict[str, int] = {}  # course key (name or alias) -> id
    names: dict[int, str] = {}
    for number, (name, category, valid_for, aliases) in enumerate(SEED, start=1):
        op.bulk_insert(course, [{"id": number, "name": name, "category": category, "valid_for_months": valid_for}])
        op.bulk_insert(alias, [{"course_id": number, "alias": a} for a in aliases])
        names[number] = name
        for text in (name, *aliases):
            ids[_key(text)] = number

    # Keep the attendance: rebuilding a parent table cascades a DELETE into it.
    attendance = bind.execute(sa.text("SELECT session_id, staff_id FROM training_attendance")).all()

    sessions = bind.execute(sa.text("SELECT id, course, topic FROM training_session")).all()
    with op.batch_alter_table("training_session") as batch:
        batch.add_column(sa.Column("course_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notes", sa.String(), nullable=False, server_default=""))
    for session_id, old_course, topic in sessions:
        wording = (old_course or "").strip()
        course_id = ids.get(_key(TOPIC_COURSE.get(topic, wording))) if topic in TOPIC_COURSE else ids.get(_key(wording))
        if course_id is None:
            course_id = max(names) + 1
            name = wording or "Other training"
            op.bulk_insert(course, [{"id": course_id, "name": name, "category": "other", "valid_for_months": None}])
            names[course_id] = name
            ids[_key(name)] = course_id
        notes = "" if _key(wording) == _key(names[course_id]) or not wording else f"Recorded as: {wording}"
        bind.execute(
            sa.text("UPDATE training_session SET course_id = :c, notes = :n WHERE id = :id"),
            {"c": course_id, "n": notes, "id": session_id},
        )
    with op.batch_alter_table("training_session", recreate="always") as batch:
        batch.drop_constraint("training_topic", type_="check")
        batch.drop_column("course")
        batch.drop_column("topic")
        batch.alter_column("course_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("provider", existing_type=sa.String(), type_=sa.String(length=200))
        batch.create_foreign_key(
            "fk_training_session_course_id", "training_course", ["course_id"], ["id"], ondelete="RESTRICT"
        )
        batch.create_index("ix_training_session_course_id", ["course_id"])

    staff = bind.execute(sa.text("SELECT id, role, active FROM staff_member")).all()
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(sa.Column("job_title", sa.String(length=80), nullable=False, server_default=""))
        batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("leaving_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("is_deputy_dt", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("is_deputy_dsl", sa.Boolean(), nullable=False, server_default=sa.false()))
    for staff_id, old_role, active in staff:
        bind.execute(
            sa.text("UPDATE staff_member SET job_title = :t, role = :r, leaving_date = :l WHERE id = :id"),
            {
                "t": (old_role or "")[:80],
                "r": _role(old_role or ""),
                "l": None if active else date.today(),
                "id": staff_id,
            },
        )
    with op.batch_alter_table("staff_member", recreate="always") as batch:
        batch.drop_column("active")
        batch.alter_column("role", existing_type=sa.String(length=80), type_=sa.String(length=20))
        batch.create_check_constraint("staff_role", "role IN (%s)" % ", ".join(f"'{r}'" for r in ROLES))
        batch.create_check_constraint(
            "staff_dates", "leaving_date IS NULL OR start_date IS NULL OR start_date <= leaving_date"
        )

    bind.execute(sa.text("DELETE FROM training_attendance"))
    for session_id, staff_id in attendance:
        bind.execute(
            sa.text("INSERT INTO training_attendance (session_id, staff_id) VALUES (:s, :p)"),
            {"s": session_id, "p": staff_id},
        )

    with op.batch_alter_table("school", recreate="always") as batch:
        batch.add_column(sa.Column("training_hours_per_day", sa.Float(), nullable=False, server_default="6.0"))
        batch.add_column(
            sa.Column("training_trained_means", sa.String(length=10), nullable=False, server_default="this-year")
        )
        batch.create_check_constraint(
            "training_day_range", "training_hours_per_day > 0 AND training_hours_per_day <= 12"
        )
        batch.create_check_constraint("training_trained_means", "training_trained_means IN ('this-year', 'ever')")


def downgrade() -> None:
    bind = op.get_bind()
    attendance = bind.execute(sa.text("SELECT session_id, staff_id FROM training_attendance")).all()
    with op.batch_alter_table("school", recreate="always") as batch:
        batch.drop_constraint("training_trained_means", type_="check")
        batch.drop_constraint("training_day_range", type_="check")
        batch.drop_column("training_trained_means")
        batch.drop_column("training_hours_per_day")
    with op.batch_alter_table("staff_member", recreate="always") as batch:
        batch.drop_constraint("staff_dates", type_="check")
        batch.drop_constraint("staff_role", type_="check")
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    bind.execute(sa.text("UPDATE staff_member SET active = (leaving_date IS NULL), role = job_title"))
    with op.batch_alter_table("staff_member", recreate="always") as batch:
        batch.alter_column("role", existing_type=sa.String(length=20), type_=sa.String(length=80))
        for column in ("job_title", "start_date", "leaving_date", "is_deputy_dt", "is_deputy_dsl"):
            batch.drop_column(column)
    topics = {"attachment-trauma": "attachment", "designated-teacher": "designated_teacher",
              "dsl-formal": "dsl_formal", "dsl-refresher": "dsl_refresher"}
    with op.batch_alter_table("training_session") as batch:
        batch.add_column(sa.Column("course", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("topic", sa.String(length=20), nullable=False, server_default="other"))
    for session_id, name, category in bind.execute(
        sa.text("SELECT s.id, c.name, c.category FROM training_session s JOIN training_course c ON c.id = s.course_id")
    ).all():
        bind.execute(
            sa.text("UPDATE training_session SET course = :c, topic = :t WHERE id = :id"),
            {"c": name, "t": topics.get(category, "other"), "id": session_id},
        )
    with op.batch_alter_table("training_session", recreate="always") as batch:
        batch.drop_index("ix_training_session_course_id")
        batch.drop_constraint("fk_training_session_course_id", type_="foreignkey")
        batch.drop_column("course_id")
        batch.drop_column("notes")
        batch.create_check_constraint(
            "training_topic",
            "topic IN ('attachment', 'trauma', 'designated_teacher', 'dsl_formal', 'dsl_refresher', 'other')",
        )
    bind.execute(sa.text("DELETE FROM training_attendance"))
    for session_id, staff_id in attendance:
        bind.execute(
            sa.text("INSERT INTO training_attendance (session_id, staff_id) VALUES (:s, :p)"),
            {"s": session_id, "p": staff_id},
        )
    op.drop_index("ix_training_course_alias_course_id", table_name="training_course_alias")
    op.drop_table("training_course_alias")
    op.drop_table("training_course")
