"""PEP meetings: attendees as rows, kind, time, place, postponed/cancelled with a reason, targets
with area, baseline and rating, and the first-PEP school-day setting (issue: PEP calendar).

Revision ID: 0007
Revises: 0006

The free-text attendee list of each meeting becomes one row per name (role "other", attended
when the meeting was held). A target's free-text progress becomes a rating: "Achieved" →
achieved, "On track"/"Good" → good, "Not started"/blank → not started, anything else → some.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_STATUSES = "'planned', 'held', 'postponed', 'cancelled'"
_KINDS = "'initial', 'review', 'extra'"
_ROLES = "'dt', 'social-worker', 'carer', 'vs-adviser', 'child', 'parent', 'other'"
_RATINGS = "'not-started', 'some', 'good', 'achieved'"


def upgrade() -> None:
    op.create_table(
        "pep_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pep_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.CheckConstraint(f"role IN ({_ROLES})", name="attendee_role"),
        sa.ForeignKeyConstraint(["pep_id"], ["pep_meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pep_attendee") as batch:
        batch.create_index(batch.f("ix_pep_attendee_pep_id"), ["pep_id"], unique=False)

    connection = op.get_bind()
    meetings = connection.execute(sa.text("SELECT id, attendees, status FROM pep_meeting")).all()
    for pep_id, attendees, status in meetings:
        for name in (part.strip() for part in (attendees or "").replace(";", ",").split(",")):
            if name:
                connection.execute(
                    sa.text(
                        "INSERT INTO pep_attendee (pep_id, role, name, attended)"
                        " VALUES (:pep_id, 'other', :name, :attended)"
                    ),
                    {"pep_id": pep_id, "name": name[:120], "attended": status == "held"},
                )

    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("place", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("kind", sa.String(length=10), nullable=False, server_default="review"))
        batch.add_column(sa.Column("status_reason", sa.String(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("targets_elsewhere", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.drop_column("attendees")
        batch.drop_constraint("pep_status", type_="check")
        batch.create_check_constraint("pep_status", f"status IN ({_STATUSES})")
        batch.create_check_constraint("pep_kind", f"kind IN ({_KINDS})")

    with op.batch_alter_table("pep_target", recreate="always") as batch:
        batch.add_column(sa.Column("area", sa.String(length=60), nullable=False, server_default=""))
        batch.add_column(sa.Column("baseline", sa.String(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("rating", sa.String(length=12), nullable=False, server_default="not-started")
        )
    op.execute(
        "UPDATE pep_target SET rating = CASE"
        " WHEN lower(trim(progress)) = 'achieved' THEN 'achieved'"
        " WHEN lower(trim(progress)) IN ('on track', 'good') THEN 'good'"
        " WHEN lower(trim(progress)) IN ('not started', '') THEN 'not-started'"
        " ELSE 'some' END"
    )
    with op.batch_alter_table("pep_target", recreate="always") as batch:
        batch.drop_column("progress")
        batch.create_check_constraint("target_rating", f"rating IN ({_RATINGS})")

    with op.batch_alter_table("school") as batch:
        batch.add_column(sa.Column("first_pep_school_days", sa.Integer(), nullable=False, server_default="10"))


def downgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.drop_column("first_pep_school_days")
    with op.batch_alter_table("pep_target", recreate="always") as batch:
        batch.drop_constraint("target_rating", type_="check")
        batch.add_column(sa.Column("progress", sa.String(length=40), nullable=False, server_default="Not started"))
    op.execute(
        "UPDATE pep_target SET progress = CASE rating WHEN 'achieved' THEN 'Achieved'"
        " WHEN 'good' THEN 'On track' WHEN 'some' THEN 'Some progress' ELSE 'Not started' END"
    )
    with op.batch_alter_table("pep_target", recreate="always") as batch:
        batch.drop_column("area")
        batch.drop_column("baseline")
        batch.drop_column("rating")
    op.execute("UPDATE pep_meeting SET status = 'cancelled' WHERE status = 'postponed'")
    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.add_column(sa.Column("attendees", sa.String(), nullable=False, server_default=""))
    op.execute(
        "UPDATE pep_meeting SET attendees = COALESCE((SELECT group_concat(name, ', ') FROM pep_attendee"
        " WHERE pep_attendee.pep_id = pep_meeting.id), '')"
    )
    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.drop_constraint("pep_kind", type_="check")
        batch.drop_constraint("pep_status", type_="check")
        batch.create_check_constraint("pep_status", "status IN ('planned', 'held', 'cancelled')")
        for column in ("start_time", "place", "kind", "status_reason", "targets_elsewhere"):
            batch.drop_column(column)
    op.drop_table("pep_attendee")
