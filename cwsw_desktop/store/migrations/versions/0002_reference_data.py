"""Reference data: the census exclusion reason codes and the school settings row.

Revision ID: 0002
Revises: 0001
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

REASONS = [
    ("PP", "Physical assault against a pupil"),
    ("PA", "Physical assault against an adult"),
    ("VP", "Verbal abuse or threatening behaviour against a pupil"),
    ("VA", "Verbal abuse or threatening behaviour against an adult"),
    ("OW", "Use or threat of use of an offensive weapon or prohibited item"),
    ("BU", "Bullying"),
    ("RA", "Racist abuse"),
    ("LG", "Abuse against sexual orientation and gender identity"),
    ("DS", "Abuse relating to disability"),
    ("SM", "Sexual misconduct"),
    ("DA", "Drug and alcohol related"),
    ("TH", "Theft"),
    ("DM", "Damage to property"),
    ("DB", "Persistent or general disruptive behaviour"),
    ("MT", "Inappropriate use of social media or online technology"),
]


def upgrade() -> None:
    reasons = sa.table(
        "exclusion_reason",
        sa.column("code", sa.String),
        sa.column("description", sa.String),
        sa.column("active", sa.Boolean),
    )
    existing = {row[0] for row in op.get_bind().execute(sa.text("SELECT code FROM exclusion_reason"))}
    op.bulk_insert(
        reasons,
        [{"code": c, "description": d, "active": True} for c, d in REASONS if c not in existing],
    )
    op.execute(
        "INSERT INTO school (id, name, urn, local_authority, vs_phone, vs_email, vs_adviser, dt_name, "
        "governor_name, dsl_name, dt_training_days, pep_due_soon_days, persistent_absence_pct) "
        "SELECT 1, '', '', '', '', '', '', '', '', '', 2.0, 14, 90.0 "
        "WHERE NOT EXISTS (SELECT 1 FROM school)"
    )


def downgrade() -> None:
    op.execute("DELETE FROM exclusion_reason WHERE code IN (%s)" % ", ".join(f"'{c}'" for c, _ in REASONS))
