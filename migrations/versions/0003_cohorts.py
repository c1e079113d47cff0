"""cohorts, schedules and enrolments

Revision ID: 0003_cohorts
Revises: 0002_courses
Create Date: 2026-11-22 23:06:05.160913
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db

revision = '0003_cohorts'
down_revision = '0002_courses'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_cohorts_programme_id_programmes'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts'))
    )
    op.create_index(op.f('ix_cohorts_programme_id'), 'cohorts', ['programme_id'])

    op.create_table('cohort_facilitators',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_facilitators_cohort_id_cohorts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cohort_facilitators_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cohort_id', 'user_id', name=op.f('pk_cohort_facilitators'))
    )
    op.create_index(op.f('ix_cohort_facilitators_user_id'), 'cohort_facilitators', ['user_id'])

    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_enrolments_cohort_id_cohorts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_enrolments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('cohort_id', 'user_id', name=op.f('uq_enrolments_cohort_id'))
    )
    op.create_index(op.f('ix_enrolments_cohort_id'), 'enrolments', ['cohort_id'])
    op.create_index(op.f('ix_enrolments_user_id'), 'enrolments', ['user_id'])

    op.create_table('module_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_module_schedules_cohort_id_cohorts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_schedules_module_id_modules'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_schedules')),
    sa.UniqueConstraint('cohort_id', 'module_id', name=op.f('uq_module_schedules_cohort_id'))
    )
    op.create_index(op.f('ix_module_schedules_cohort_id'), 'module_schedules', ['cohort_id'])
    op.create_index(op.f('ix_module_schedules_module_id'), 'module_schedules', ['module_id'])


def downgrade() -> None:
    # Dropping a table drops its indexes; dependent tables first.
    for table in ("module_schedules", "enrolments", "cohort_facilitators", "cohorts"):
        op.drop_table(table)
