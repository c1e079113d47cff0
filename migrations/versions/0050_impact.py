"""impact: evaluation, knowledge checks, follow-ups of the action plans, institutional indicators

Revision ID: 0050_impact
Revises: 0040_api
Create Date: 2026-12-02 06:43:06.990013
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0050_impact'
down_revision = '0040_api'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # What each person is asked after the programme, for the dashboard's card (lms/impact/waiting.py).
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('impact_waiting', sa.JSON(), nullable=True))

    op.create_table('impact_evaluation_invitations',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('offered_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_impact_evaluation_invitations_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_impact_evaluation_invitations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'cohort_id', name=op.f('pk_impact_evaluation_invitations'))
    )
    with op.batch_alter_table('impact_evaluation_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_evaluation_invitations_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('impact_evaluation_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.Column('worked', sa.Text(), nullable=False),
    sa.Column('change', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_impact_evaluation_responses_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_evaluation_responses'))
    )
    with op.batch_alter_table('impact_evaluation_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_evaluation_responses_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('impact_knowledge_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_impact_knowledge_checks_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_impact_knowledge_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_knowledge_checks')),
    sa.UniqueConstraint('user_id', 'cohort_id', 'stage', name=op.f('uq_impact_knowledge_checks_user_id'))
    )
    with op.batch_alter_table('impact_knowledge_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_knowledge_checks_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_impact_knowledge_checks_user_id'), ['user_id'], unique=False)

    op.create_table('impact_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('due_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminders', sa.Integer(), nullable=False),
    sa.Column('answered_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'],
                            name=op.f('fk_impact_follow_ups_certificate_id_certificates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_impact_follow_ups_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_impact_follow_ups_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_follow_ups')),
    sa.UniqueConstraint('certificate_id', 'months', name=op.f('uq_impact_follow_ups_certificate_id'))
    )
    with op.batch_alter_table('impact_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_follow_ups_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_impact_follow_ups_user_id'), ['user_id'], unique=False)

    op.create_table('impact_follow_up_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'under_way', 'done', 'dropped',
                            name='action_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=False),
    sa.Column('evidence_file', sa.String(length=64), nullable=True),
    sa.Column('evidence_filename', sa.String(length=255), nullable=False),
    sa.Column('evidence_type', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['follow_up_id'], ['impact_follow_ups.id'],
                            name=op.f('fk_impact_follow_up_actions_follow_up_id_impact_follow_ups'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_follow_up_actions')),
    sa.UniqueConstraint('evidence_file', name=op.f('uq_impact_follow_up_actions_evidence_file')),
    sa.UniqueConstraint('follow_up_id', 'section_id', name=op.f('uq_impact_follow_up_actions_follow_up_id'))
    )
    with op.batch_alter_table('impact_follow_up_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_follow_up_actions_follow_up_id'), ['follow_up_id'], unique=False)

    op.create_table('impact_institution_indicators',
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('courses_updated', sa.Integer(), nullable=False),
    sa.Column('staff_trained', sa.Integer(), nullable=False),
    sa.Column('partnerships_signed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'],
                            name=op.f('fk_impact_institution_indicators_centre_id_centres'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['impact_follow_ups.id'],
                            name=op.f('fk_impact_institution_indicators_follow_up_id_impact_follow_ups'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('follow_up_id', name=op.f('pk_impact_institution_indicators'))
    )
    with op.batch_alter_table('impact_institution_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_institution_indicators_centre_id'), ['centre_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('impact_institution_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_institution_indicators_centre_id'))

    op.drop_table('impact_institution_indicators')
    with op.batch_alter_table('impact_follow_up_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_follow_up_actions_follow_up_id'))

    op.drop_table('impact_follow_up_actions')
    with op.batch_alter_table('impact_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_follow_ups_user_id'))
        batch_op.drop_index(batch_op.f('ix_impact_follow_ups_cohort_id'))

    op.drop_table('impact_follow_ups')
    with op.batch_alter_table('impact_knowledge_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_knowledge_checks_user_id'))
        batch_op.drop_index(batch_op.f('ix_impact_knowledge_checks_cohort_id'))

    op.drop_table('impact_knowledge_checks')
    with op.batch_alter_table('impact_evaluation_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_evaluation_responses_cohort_id'))

    op.drop_table('impact_evaluation_responses')
    with op.batch_alter_table('impact_evaluation_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_evaluation_invitations_cohort_id'))

    op.drop_table('impact_evaluation_invitations')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('impact_waiting')
