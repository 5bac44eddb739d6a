"""Make the audit trail append-only: triggers refuse any UPDATE or DELETE of an audit row.

Audit rows have no foreign key to pupil, so deleting a pupil never touches them. Someone with
raw access to the file can still drop the triggers; the SHA-256 chain
(services.audit.verify_chain) is what catches edits made that way.

Revision ID: 0003
Revises: 0002
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # another engine gets its own form of these triggers when it is supported
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
