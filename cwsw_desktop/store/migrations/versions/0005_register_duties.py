"""The register's duties: contact log, EHCP last review, PLA route (issue: what is due).

Revision ID: 0005
Revises: 0004
"""

from typing import Sequence, Union

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
