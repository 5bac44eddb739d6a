"""Half terms: the half-term week of each term, which is not counted as school days.

Revision ID: 0004
Revises: 0003

Existing years keep no half term (NULL) until the school sets one in Settings.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = [f"{term}_half_{edge}" for term in ("autumn", "spring", "summer") for edge in ("start", "end")]


def upgrade() -> None:
    with op.batch_alter_table("academic_year", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("academic_year", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
