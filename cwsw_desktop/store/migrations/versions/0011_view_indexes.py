"""Indexes for the order the views read in (issue 15: performance at 5,000 pupils).

Revision ID: 0011
Revises: 0010

Chosen from EXPLAIN QUERY PLAN of every SELECT the tabs and the duty sources ran on the
10-year, 5,000-pupil demo store; each one below took a sort ("USE TEMP B-TREE FOR ORDER BY")
out of a plan:
- the Pupils register, by surname then forename (the surname index alone left the forenames
  to a temporary sort);
- the status history read oldest first (the Overview, the Report to Governors);
- PEP meetings by date, then start time (the PEP meetings list).
Indexes that left plans unchanged or slower (an SDQ date, a contact's role: most rows match)
were left out. Only indexes: no table or row changes.
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0011"
down_revision: Union[str, Sequence[str], None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

INDEXES = (
    ("ix_pupil_surname_forename", "pupil", ["legal_surname", "legal_forename"]),
    ("ix_status_episode_start_date", "status_episode", ["start_date"]),
    ("ix_pep_meeting_date_time", "pep_meeting", ["meeting_date", "start_time"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
