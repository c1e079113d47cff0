"""a later due date or extra quiz attempts for one learner

Revision ID: 0035_allowances
Revises: 0030_community
Create Date: 2026-12-02 07:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0035_allowances'
down_revision = '0030_community'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'deadline_extensions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
        sa.Column('granted_by_id', sa.Integer(), nullable=True),
        sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_deadline_extensions_cohort_id_cohorts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_deadline_extensions_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_deadline_extensions_module_id_modules'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'],
                                name=op.f('fk_deadline_extensions_granted_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_extensions')),
        sa.UniqueConstraint('cohort_id', 'user_id', 'module_id',
                            name=op.f('uq_deadline_extensions_cohort_id')),
    )
    op.create_index(op.f('ix_deadline_extensions_cohort_id'), 'deadline_extensions', ['cohort_id'])
    op.create_index(op.f('ix_deadline_extensions_user_id'), 'deadline_extensions', ['user_id'])
    op.create_table(
        'extra_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('extra', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
        sa.Column('granted_by_id', sa.Integer(), nullable=True),
        sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_extra_attempts_cohort_id_cohorts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_extra_attempts_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_extra_attempts_activity_id_activities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_extra_attempts_granted_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_extra_attempts')),
        sa.UniqueConstraint('user_id', 'activity_id', name=op.f('uq_extra_attempts_user_id')),
    )
    op.create_index(op.f('ix_extra_attempts_cohort_id'), 'extra_attempts', ['cohort_id'])
    op.create_index(op.f('ix_extra_attempts_user_id'), 'extra_attempts', ['user_id'])


def downgrade() -> None:
    op.drop_table('extra_attempts')
    op.drop_table('deadline_extensions')
