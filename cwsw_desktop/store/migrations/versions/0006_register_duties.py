"""The register's duties: contact log, EHCP last review, PLA route (issue: what is due).

Revision ID: 0006
Revises: 0005

The pupil gains the date of the last EHCP annual review (the next is due 12 months after it; the
typed next-review date stays, as imports carry it). The contact log records who the school spoke
to about a child, how and about which duty, so that a duty can be settled. PLA routes need no
change: the column is free text of 20 characters and a blank route was always storable.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("pupil") as batch:
        batch.add_column(sa.Column("ehcp_last_review", sa.Date(), nullable=True))
    op.create_table(
        "contact_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("logged_on", sa.Date(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("with_name", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("with_role", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("about", sa.String(length=40), nullable=False, server_default="other"),
        sa.Column("note", sa.String(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("method IN ('phone', 'email', 'meeting', 'letter')", name="contact_method"),
        sa.CheckConstraint("contact_id IS NOT NULL OR length(with_name) > 0", name="contact_log_whom"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_log") as batch:
        batch.create_index("ix_contact_log_pupil_id", ["pupil_id"], unique=False)
        batch.create_index("ix_contact_log_about", ["about"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contact_log") as batch:
        batch.drop_index("ix_contact_log_about")
        batch.drop_index("ix_contact_log_pupil_id")
    op.drop_table("contact_log")
    with op.batch_alter_table("pupil") as batch:
        batch.drop_column("ehcp_last_review")
