"""initial schema

Revision ID: 0001
Revises: 

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('academic_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('autumn_start', sa.Date(), nullable=False),
    sa.Column('autumn_end', sa.Date(), nullable=False),
    sa.Column('spring_start', sa.Date(), nullable=False),
    sa.Column('spring_end', sa.Date(), nullable=False),
    sa.Column('summer_start', sa.Date(), nullable=False),
    sa.Column('summer_end', sa.Date(), nullable=False),
    sa.CheckConstraint('autumn_end < spring_start AND spring_end < summer_start', name='terms_order'),
    sa.CheckConstraint('autumn_start <= autumn_end', name='autumn_order'),
    sa.CheckConstraint('spring_start <= spring_end', name='spring_order'),
    sa.CheckConstraint('summer_start <= summer_end', name='summer_order'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('academic_year', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_academic_year_start_year'), ['start_year'], unique=True)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('os_user', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('pupil_id', sa.Integer(), nullable=True),
    sa.Column('field_name', sa.String(length=60), nullable=False),
    sa.Column('old_value', sa.String(), nullable=False),
    sa.Column('new_value', sa.String(), nullable=False),
    sa.Column('detail', sa.String(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('exclusion_reason',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('pupil',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('upn', sa.String(length=13), nullable=False),
    sa.Column('legal_surname', sa.String(length=100), nullable=False),
    sa.Column('legal_forename', sa.String(length=100), nullable=False),
    sa.Column('preferred_forename', sa.String(length=100), nullable=False),
    sa.Column('preferred_surname', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('gender', sa.String(length=20), nullable=False),
    sa.Column('admission_date', sa.Date(), nullable=True),
    sa.Column('leaving_date', sa.Date(), nullable=True),
    sa.Column('year_group_override', sa.Integer(), nullable=True),
    sa.Column('sen_status', sa.String(length=1), nullable=False),
    sa.Column('ehcp_review_date', sa.Date(), nullable=True),
    sa.Column('pp_plus', sa.Boolean(), nullable=False),
    sa.Column('key_adult', sa.String(length=120), nullable=False),
    sa.Column('attendance_pct', sa.Float(), nullable=True),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sen_status IN ('N', 'K', 'E')", name='sen_status_code'),
    sa.CheckConstraint('attendance_pct IS NULL OR (attendance_pct >= 0 AND attendance_pct <= 100)', name='attendance_range'),
    sa.CheckConstraint('leaving_date IS NULL OR admission_date IS NULL OR leaving_date >= admission_date', name='leaving_after_admission'),
    sa.CheckConstraint('length(upn) = 13', name='upn_length'),
    sa.CheckConstraint('year_group_override IS NULL OR (year_group_override >= -2 AND year_group_override <= 14)', name='year_group_range'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pupil', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pupil_leaving_date'), ['leaving_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_pupil_legal_surname'), ['legal_surname'], unique=False)
        batch_op.create_index(batch_op.f('ix_pupil_upn'), ['upn'], unique=True)

    op.create_table('school',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.Column('local_authority', sa.String(length=120), nullable=False),
    sa.Column('vs_phone', sa.String(length=40), nullable=False),
    sa.Column('vs_email', sa.String(length=200), nullable=False),
    sa.Column('vs_adviser', sa.String(length=120), nullable=False),
    sa.Column('dt_name', sa.String(length=120), nullable=False),
    sa.Column('dt_since', sa.Integer(), nullable=True),
    sa.Column('governor_name', sa.String(length=120), nullable=False),
    sa.Column('governor_since', sa.Integer(), nullable=True),
    sa.Column('dsl_name', sa.String(length=120), nullable=False),
    sa.Column('dsl_since', sa.Integer(), nullable=True),
    sa.Column('policy_approved', sa.Date(), nullable=True),
    sa.Column('policy_review', sa.Date(), nullable=True),
    sa.Column('dt_training_days', sa.Float(), nullable=False),
    sa.Column('pep_due_soon_days', sa.Integer(), nullable=False),
    sa.Column('persistent_absence_pct', sa.Float(), nullable=False),
    sa.CheckConstraint('dt_training_days >= 0 AND dt_training_days <= 30', name='dt_days_range'),
    sa.CheckConstraint('pep_due_soon_days >= 0 AND pep_due_soon_days <= 120', name='due_soon_range'),
    sa.CheckConstraint('persistent_absence_pct > 50 AND persistent_absence_pct < 100', name='absence_range'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('staff_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('is_dt', sa.Boolean(), nullable=False),
    sa.Column('is_dsl', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_member_name'), ['name'], unique=False)

    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course', sa.String(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('provider', sa.String(), nullable=False),
    sa.Column('topic', sa.String(length=20), nullable=False),
    sa.Column('whole_staff', sa.Boolean(), nullable=False),
    sa.CheckConstraint("topic IN ('attachment', 'trauma', 'designated_teacher', 'dsl_formal', 'dsl_refresher', 'other')", name='training_topic'),
    sa.CheckConstraint('hours > 0 AND hours <= 100', name='training_hours_range'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_held_on'), ['held_on'], unique=False)

    op.create_table('alternative_provision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('hours_per_week', sa.Float(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name='ap_order'),
    sa.CheckConstraint('hours_per_week > 0 AND hours_per_week <= 32.5', name='ap_hours_range'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alternative_provision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alternative_provision_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('exclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('days', sa.Float(), nullable=False),
    sa.Column('reason_1', sa.String(length=4), nullable=True),
    sa.Column('reason_2', sa.String(length=4), nullable=True),
    sa.Column('reason_3', sa.String(length=4), nullable=True),
    sa.Column('parents_told', sa.Date(), nullable=True),
    sa.Column('social_worker_told', sa.Date(), nullable=True),
    sa.Column('la_told', sa.Date(), nullable=True),
    sa.Column('governors_told', sa.Date(), nullable=True),
    sa.Column('vsh_contacted', sa.Date(), nullable=True),
    sa.Column('tried_first', sa.String(), nullable=False),
    sa.Column('reintegration_date', sa.Date(), nullable=True),
    sa.Column('reintegration_notes', sa.String(), nullable=False),
    sa.CheckConstraint("kind = 'permanent' OR (days > 0 AND days <= 45 AND days * 2 = CAST(days * 2 AS INTEGER))", name='suspension_days_half_days'),
    sa.CheckConstraint("kind IN ('suspension', 'permanent')", name='exclusion_kind'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reason_1'], ['exclusion_reason.code'], ),
    sa.ForeignKeyConstraint(['reason_2'], ['exclusion_reason.code'], ),
    sa.ForeignKeyConstraint(['reason_3'], ['exclusion_reason.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exclusion_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exclusion_start_date'), ['start_date'], unique=False)

    op.create_table('pep_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attendees', sa.String(), nullable=False),
    sa.Column('child_views', sa.String(), nullable=False),
    sa.Column('pp_plus_requested', sa.Float(), nullable=False),
    sa.Column('pp_plus_agreed', sa.Float(), nullable=False),
    sa.Column('pp_plus_purpose', sa.String(), nullable=False),
    sa.Column('next_meeting', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name='pep_status'),
    sa.CheckConstraint('pp_plus_requested >= 0 AND pp_plus_agreed >= 0', name='pp_plus_positive'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pep_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pep_meeting_meeting_date'), ['meeting_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_pep_meeting_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('pp_plus_spend',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=True),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('purpose', sa.String(), nullable=False),
    sa.Column('impact', sa.String(), nullable=False),
    sa.CheckConstraint('amount >= 0', name='amount_positive'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pp_plus_spend', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pp_plus_spend_academic_year'), ['academic_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_pp_plus_spend_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('risk_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_assessment_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('sdq_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('version', sa.String(length=10), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.CheckConstraint("version IN ('carer', 'teacher')", name='sdq_version'),
    sa.CheckConstraint('total >= 0 AND total <= 40', name='sdq_total_range'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sdq_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sdq_result_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('status_episode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=3), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('responsible_la', sa.String(length=120), nullable=False),
    sa.Column('placement_type', sa.String(length=80), nullable=False),
    sa.Column('pla_route', sa.String(length=20), nullable=False),
    sa.CheckConstraint("category IN ('CLA', 'PLA', 'CIN', 'CP')", name='category_code'),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name='episode_order'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_episode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_episode_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_episode_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('training_attendance',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'staff_id')
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_staff_id'), ['staff_id'], unique=False)

    op.create_table('pep_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pep_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['pep_id'], ['pep_meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pep_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pep_action_pep_id'), ['pep_id'], unique=False)

    op.create_table('pep_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pep_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('progress', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['pep_id'], ['pep_meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pep_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pep_target_pep_id'), ['pep_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('pep_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pep_target_pep_id'))

    op.drop_table('pep_target')
    with op.batch_alter_table('pep_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pep_action_pep_id'))

    op.drop_table('pep_action')
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_staff_id'))

    op.drop_table('training_attendance')
    with op.batch_alter_table('status_episode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_episode_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_status_episode_category'))

    op.drop_table('status_episode')
    with op.batch_alter_table('sdq_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sdq_result_pupil_id'))

    op.drop_table('sdq_result')
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_assessment_pupil_id'))

    op.drop_table('risk_assessment')
    with op.batch_alter_table('pp_plus_spend', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pp_plus_spend_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_pp_plus_spend_academic_year'))

    op.drop_table('pp_plus_spend')
    with op.batch_alter_table('pep_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pep_meeting_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_pep_meeting_meeting_date'))

    op.drop_table('pep_meeting')
    with op.batch_alter_table('exclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exclusion_start_date'))
        batch_op.drop_index(batch_op.f('ix_exclusion_pupil_id'))

    op.drop_table('exclusion')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_pupil_id'))

    op.drop_table('contact')
    with op.batch_alter_table('alternative_provision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alternative_provision_pupil_id'))

    op.drop_table('alternative_provision')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_held_on'))

    op.drop_table('training_session')
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_member_name'))

    op.drop_table('staff_member')
    op.drop_table('school')
    with op.batch_alter_table('pupil', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pupil_upn'))
        batch_op.drop_index(batch_op.f('ix_pupil_legal_surname'))
        batch_op.drop_index(batch_op.f('ix_pupil_leaving_date'))

    op.drop_table('pupil')
    op.drop_table('exclusion_reason')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('academic_year', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_academic_year_start_year'))

    op.drop_table('academic_year')
