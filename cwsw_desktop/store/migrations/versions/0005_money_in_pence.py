"""Money in whole pence: PP+ on PEP meetings and the PP+ account, with received and spent apart.

Revision ID: 0005
Revises: 0004

Amounts were REAL pounds; they become INTEGER pence (rounded), so sums are exact. Each line of
the PP+ account now says whether it is money received or money spent.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.add_column(sa.Column("pp_plus_requested_pence", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("pp_plus_agreed_pence", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE pep_meeting SET pp_plus_requested_pence = CAST(ROUND(pp_plus_requested * 100) AS INTEGER),"
        " pp_plus_agreed_pence = CAST(ROUND(pp_plus_agreed * 100) AS INTEGER)"
    )
    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.drop_constraint("pp_plus_positive", type_="check")
        batch.drop_column("pp_plus_requested")
        batch.drop_column("pp_plus_agreed")
        batch.create_check_constraint(
            "pp_plus_positive", "pp_plus_requested_pence >= 0 AND pp_plus_agreed_pence >= 0"
        )

    with op.batch_alter_table("pp_plus_spend", recreate="always") as batch:
        batch.add_column(sa.Column("amount_pence", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("kind", sa.String(length=10), nullable=False, server_default="spent"))
    op.execute("UPDATE pp_plus_spend SET amount_pence = CAST(ROUND(amount * 100) AS INTEGER)")
    with op.batch_alter_table("pp_plus_spend", recreate="always") as batch:
        batch.drop_constraint("amount_positive", type_="check")
        batch.drop_column("amount")
        batch.create_check_constraint("amount_positive", "amount_pence >= 0")
        batch.create_check_constraint("pp_plus_kind", "kind IN ('received', 'spent')")


def downgrade() -> None:
    with op.batch_alter_table("pp_plus_spend", recreate="always") as batch:
        batch.drop_constraint("pp_plus_kind", type_="check")
        batch.drop_constraint("amount_positive", type_="check")
        batch.add_column(sa.Column("amount", sa.Float(), nullable=False, server_default="0"))
    op.execute("UPDATE pp_plus_spend SET amount = amount_pence / 100.0")
    with op.batch_alter_table("pp_plus_spend", recreate="always") as batch:
        batch.drop_column("amount_pence")
        batch.drop_column("kind")
        batch.create_check_constraint("amount_positive", "amount >= 0")
    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.drop_constraint("pp_plus_positive", type_="check")
        batch.add_column(sa.Column("pp_plus_requested", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("pp_plus_agreed", sa.Float(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE pep_meeting SET pp_plus_requested = pp_plus_requested_pence / 100.0,"
        " pp_plus_agreed = pp_plus_agreed_pence / 100.0"
    )
    with op.batch_alter_table("pep_meeting", recreate="always") as batch:
        batch.drop_column("pp_plus_requested_pence")
        batch.drop_column("pp_plus_agreed_pence")
        batch.create_check_constraint("pp_plus_positive", "pp_plus_requested >= 0 AND pp_plus_agreed >= 0")
