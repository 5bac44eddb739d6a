"""Indexes that answer three of what is due's statements by themselves (issue 15: performance).

Revision ID: 0012
Revises: 0011

The PEP duties read every meeting from a day some months back (services/pep_duties.py `_PEPS`):
its date, child, status and whether it was kept with its targets elsewhere. Through the date
index, each such row was then read from the table; a store kept for years holds a child's
meetings together (in the order they were saved), so the recent ones lie on nearly every page
of the table, and on an encrypted store each page read is decrypted first. This index holds
those columns, so the statement reads its pages alone (5,000 pupils, 10 years: 2,329 meetings,
17.6 -> 7.5 ms in a fresh process on the encrypted store). Only an index: no table or row
changes.

It begins with the columns of ix_pep_meeting_date_time (0011) and the id, so it keeps their
order: statements with no ORDER BY that SQLite now answers from it (the register's and the
snapshot's PEPs of a year) give their rows in the order they gave before, by date, time and id.

The register's duties read the social worker's name of each pupil who may owe one
(services/snapshot.py `_WORKERS`): through the pupil's index, a row of the table for each, on
most of its pages. The second index holds the social workers together, in the order of their
pupils and ids, with their names (8.6 -> 2.6 ms in a fresh process on the encrypted store). A
statement with no ORDER BY that SQLite may answer from it (the pupil import's social workers of
some pupils) still gives each pupil's in the order of their ids, as the pupil's index did.

The exclusion duties read this year's and last year's exclusions, each with what the rules
check (who was told and when, the governors' meeting, ...), through the date index, a row of
the table for each: their rows lie on nearly every page, wide with the text typed about each.
The third index holds exactly those columns, in the order of the date index (date, then id),
so the statement and the risk assessments' look-up of the children excluded read its pages
alone (5,000 pupils: 1,414 exclusions; the two 15.8 -> 12.8 ms in a fresh process on the
encrypted store). Statements that read other columns of exclusions of some dates come in the
same order through either index.
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0012"
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# What the exclusion rules read of each exclusion (services/exclusion_duties.py `_EXCLUSIONS`).
_EXCLUSION_FACTS = [
    "kind",
    "days",
    "decided_on",
    "vsh_consulted",
    "vsh_notified",
    "parents_told",
    "social_worker_told",
    "governors_told",
    "la_told",
    "misses_exam",
    "provision_from",
    "governors_meeting_on",
    "governors_outcome",
    "cancelled_on",
]


def upgrade() -> None:
    op.create_index(
        "ix_pep_meeting_date_covering",
        "pep_meeting",
        ["meeting_date", "start_time", "id", "pupil_id", "status", "targets_elsewhere"],
    )
    op.create_index("ix_contact_role_pupil", "contact", ["role", "pupil_id", "id", "name"])
    op.create_index(
        "ix_exclusion_due_covering", "exclusion", ["start_date", "id", "pupil_id", *_EXCLUSION_FACTS]
    )


def downgrade() -> None:
    op.drop_index("ix_exclusion_due_covering", table_name="exclusion")
    op.drop_index("ix_contact_role_pupil", table_name="contact")
    op.drop_index("ix_pep_meeting_date_covering", table_name="pep_meeting")
