"""Exclusions: the statutory record (issue: exclusions).

Revision ID: 0008
Revises: 0007

The one `vsh_contacted` date held both the policy's consultation with the Virtual School before
the decision and the statutory notice after it. It becomes two dates: a date on or before the
start of the suspension was a consultation (`vsh_consulted`); a later date can only have been the
notice (`vsh_notified`). Nothing is guessed beyond that: a consultation date does not also count
as the notice, so such a record shows the notice as still owed until the DT records it.

Also: lunchtime exclusions (half a day), the decision (who, when, description), what was tried
first as a checklist, a missed exam, day-6 provision, the governors' meeting and its outcome,
cancellation; alternative provision may now record more than 32.5 hours (full time is a
setting); and the exclusions settings on the school row.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_NEW_EXCLUSION_COLUMNS = (
    sa.Column("description", sa.String(), nullable=False, server_default=""),
    sa.Column("decided_by", sa.String(length=120), nullable=False, server_default=""),
    sa.Column("decided_on", sa.Date(), nullable=True),
    sa.Column("vsh_consulted", sa.Date(), nullable=True),
    sa.Column("vsh_notified", sa.Date(), nullable=True),
    sa.Column("tried_options", sa.String(), nullable=False, server_default=""),
    sa.Column("misses_exam", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("provision_where", sa.String(length=200), nullable=False, server_default=""),
    sa.Column("provision_from", sa.Date(), nullable=True),
    sa.Column("governors_meeting_on", sa.Date(), nullable=True),
    sa.Column("governors_outcome", sa.String(length=14), nullable=False, server_default=""),
    sa.Column("cancelled_on", sa.Date(), nullable=True),
    sa.Column("cancelled_reason", sa.String(), nullable=False, server_default=""),
)


def upgrade() -> None:
    with op.batch_alter_table("exclusion", recreate="always") as batch:
        for column in _NEW_EXCLUSION_COLUMNS:
            batch.add_column(column)
    op.execute(
        "UPDATE exclusion SET vsh_consulted = vsh_contacted"
        " WHERE vsh_contacted IS NOT NULL AND vsh_contacted <= start_date"
    )
    op.execute(
        "UPDATE exclusion SET vsh_notified = vsh_contacted"
        " WHERE vsh_contacted IS NOT NULL AND vsh_contacted > start_date"
    )
    with op.batch_alter_table("exclusion", recreate="always") as batch:
        batch.drop_column("vsh_contacted")
        batch.drop_constraint("exclusion_kind", type_="check")
        batch.create_check_constraint("exclusion_kind", "kind IN ('suspension', 'permanent', 'lunchtime')")
        batch.create_check_constraint("lunchtime_half_day", "kind != 'lunchtime' OR days = 0.5")
        batch.create_check_constraint(
            "governors_outcome", "governors_outcome IN ('', 'upheld', 'reinstated', 'not-required')"
        )

    with op.batch_alter_table("alternative_provision", recreate="always") as batch:
        batch.drop_constraint("ap_hours_range", type_="check")
        batch.create_check_constraint("ap_hours_range", "hours_per_week > 0 AND hours_per_week <= 60")

    with op.batch_alter_table("school", recreate="always") as batch:
        batch.add_column(
            sa.Column("consult_scope", sa.String(length=16), nullable=False, server_default="looked-after")
        )
        batch.add_column(sa.Column("repeated_in_term", sa.Integer(), nullable=False, server_default="2"))
        batch.add_column(sa.Column("repeated_in_year", sa.Integer(), nullable=False, server_default="3"))
        batch.add_column(sa.Column("ap_full_time_hours", sa.Float(), nullable=False, server_default="32.5"))
        batch.create_check_constraint(
            "consult_scope", "consult_scope IN ('looked-after', 'social-worker')"
        )
        batch.create_check_constraint(
            "repeated_range",
            "repeated_in_term >= 1 AND repeated_in_term <= 20 AND repeated_in_year >= 1"
            " AND repeated_in_year <= 50",
        )
        batch.create_check_constraint(
            "ap_full_time_range", "ap_full_time_hours >= 10 AND ap_full_time_hours <= 40"
        )


def downgrade() -> None:
    with op.batch_alter_table("school", recreate="always") as batch:
        batch.drop_constraint("ap_full_time_range", type_="check")
        batch.drop_constraint("repeated_range", type_="check")
        batch.drop_constraint("consult_scope", type_="check")
        for name in ("ap_full_time_hours", "repeated_in_year", "repeated_in_term", "consult_scope"):
            batch.drop_column(name)
    op.execute("UPDATE alternative_provision SET hours_per_week = 32.5 WHERE hours_per_week > 32.5")
    with op.batch_alter_table("alternative_provision", recreate="always") as batch:
        batch.drop_constraint("ap_hours_range", type_="check")
        batch.create_check_constraint("ap_hours_range", "hours_per_week > 0 AND hours_per_week <= 32.5")
    op.execute("DELETE FROM exclusion WHERE kind = 'lunchtime'")
    with op.batch_alter_table("exclusion", recreate="always") as batch:
        batch.add_column(sa.Column("vsh_contacted", sa.Date(), nullable=True))
    op.execute("UPDATE exclusion SET vsh_contacted = COALESCE(vsh_consulted, vsh_notified)")
    with op.batch_alter_table("exclusion", recreate="always") as batch:
        batch.drop_constraint("governors_outcome", type_="check")
        batch.drop_constraint("lunchtime_half_day", type_="check")
        batch.drop_constraint("exclusion_kind", type_="check")
        batch.create_check_constraint("exclusion_kind", "kind IN ('suspension', 'permanent')")
        for column in reversed(_NEW_EXCLUSION_COLUMNS):
            batch.drop_column(column.name)
