"""alumni: directory profiles, mentoring wishes and mentor matches (a graduate's profile holds the
directory's fields and the mentoring offer; a match holds its conversation)

Revision ID: 0055_alumni
Revises: 0035_allowances
Create Date: 2026-12-02 06:40:28.782299
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0055_alumni'
down_revision = '0035_allowances'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('alumni_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('language_codes', sa.String(length=100), nullable=False),
    sa.Column('theme_codes', sa.String(length=300), nullable=False),
    sa.Column('achievements', sa.Text(), nullable=False),
    sa.Column('mentoring', sa.Boolean(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('updated_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_alumni_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_alumni_profiles'))
    )
    op.create_table('mentoring_wishes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('theme_codes', sa.String(length=300), nullable=False),
    sa.Column('updated_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_mentoring_wishes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentoring_wishes'))
    )
    op.create_table('mentor_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('matched_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_mentor_matches_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                            name=op.f('fk_mentor_matches_conversation_id_conversations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'],
                            name=op.f('fk_mentor_matches_ended_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['matched_by_id'], ['users.id'],
                            name=op.f('fk_mentor_matches_matched_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['users.id'],
                            name=op.f('fk_mentor_matches_mentee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'],
                            name=op.f('fk_mentor_matches_mentor_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_matches'))
    )
    with op.batch_alter_table('mentor_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_matches_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_matches_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_matches_mentor_id'), ['mentor_id'], unique=False)
        # One current mentor per participant and cohort.
        batch_op.create_index('uq_mentor_matches_current', ['mentee_id', 'cohort_id'], unique=True,
                              postgresql_where=sa.text('ended_at IS NULL'), sqlite_where=sa.text('ended_at IS NULL'))



def downgrade() -> None:
    with op.batch_alter_table('mentor_matches', schema=None) as batch_op:
        batch_op.drop_index('uq_mentor_matches_current', postgresql_where=sa.text('ended_at IS NULL'),
                            sqlite_where=sa.text('ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_mentor_matches_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_matches_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_matches_cohort_id'))

    op.drop_table('mentor_matches')
    op.drop_table('mentoring_wishes')
    op.drop_table('alumni_profiles')
