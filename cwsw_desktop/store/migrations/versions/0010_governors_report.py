"""Report to Governors: per-year figures and narrative (issue: governors).

Revision ID: 0010
Revises: 0009

A `governors_year` row per academic year holds the whole-school figures, the PP+ received, the
designated governor and Section 2 of the report. The school gains `suppress_small_counts`
(on by default): counts of 1 or 2 print as "fewer than 3".
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: Union[str, Sequence[str], None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "governors_year",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("school_attendance_pct", sa.Float(), nullable=True),
        sa.Column("school_persistent_absence_pct", sa.Float(), nullable=True),
        sa.Column("school_suspensions", sa.Integer(), nullable=True),
        sa.Column("school_permanent_exclusions", sa.Integer(), nullable=True),
        sa.Column("pp_plus_received_pence", sa.Integer(), nullable=True),
        sa.Column("pp_plus_rate_pence", sa.Integer(), nullable=True),
        sa.Column("pp_plus_eligible", sa.Integer(), nullable=True),
        sa.Column("designated_governor", sa.String(length=120), nullable=False, server_default=""),
        *(
            sa.Column(name, sa.String(), nullable=False, server_default="")
            for name in (
                "strength_1",
                "strength_2",
                "strength_3",
                "priority_1",
                "priority_2",
                "priority_3",
                "actions_leaders",
                "actions_governors",
            )
        ),
        sa.CheckConstraint(
            "school_attendance_pct IS NULL OR (school_attendance_pct >= 0 AND school_attendance_pct <= 100)",
            name="gov_attendance_range",
        ),
        sa.CheckConstraint(
            "school_persistent_absence_pct IS NULL"
            " OR (school_persistent_absence_pct >= 0 AND school_persistent_absence_pct <= 100)",
            name="gov_pa_range",
        ),
        sa.CheckConstraint(
            "(school_suspensions IS NULL OR school_suspensions >= 0)"
            " AND (school_permanent_exclusions IS NULL OR school_permanent_exclusions >= 0)",
            name="gov_exclusions_positive",
        ),
        sa.CheckConstraint(
            "(pp_plus_received_pence IS NULL OR pp_plus_received_pence >= 0)"
            " AND (pp_plus_rate_pence IS NULL OR pp_plus_rate_pence >= 0)"
            " AND (pp_plus_eligible IS NULL OR pp_plus_eligible >= 0)",
            name="gov_pp_plus_positive",
        ),
    )
    op.create_index("ix_governors_year_start_year", "governors_year", ["start_year"], unique=True)
    with op.batch_alter_table("school") as batch:
        batch.add_column(
            sa.Column("suppress_small_counts", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.drop_column("suppress_small_counts")
    op.drop_index("ix_governors_year_start_year", table_name="governors_year")
    op.drop_table("governors_year")
