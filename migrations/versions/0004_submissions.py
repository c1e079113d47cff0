"""reviews, attachments and self-assessment responses

Revision ID: 0004_submissions
Revises: 0003_cohorts
Create Date: 2026-11-22 23:16:37.583433
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db

revision = '0004_submissions'
down_revision = '0003_cohorts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('self_assessment_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                            name=op.f('fk_self_assessment_responses_activity_id_activities'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_self_assessment_responses_cohort_id_cohorts'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_self_assessment_responses_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment_responses')),
    sa.UniqueConstraint('user_id', 'activity_id', 'round', name=op.f('uq_self_assessment_responses_user_id'))
    )
    with op.batch_alter_table('self_assessment_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_assessment_responses_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_assessment_responses_user_id'), ['user_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                            name=op.f('fk_attachments_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_attachments_stored_name'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_submission_id'), ['submission_id'], unique=False)

    op.create_table('submission_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_submission_reviews_reviewer_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                            name=op.f('fk_submission_reviews_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_reviews'))
    )
    with op.batch_alter_table('submission_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_reviews_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cohort_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_submissions_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_submissions_cohort_id_cohorts'), 'cohorts', ['cohort_id'], ['id'],
                                    ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_submissions_cohort_id_cohorts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_submissions_cohort_id'))
        batch_op.drop_column('cohort_id')

    with op.batch_alter_table('submission_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_reviews_submission_id'))

    op.drop_table('submission_reviews')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_submission_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('self_assessment_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_assessment_responses_user_id'))
        batch_op.drop_index(batch_op.f('ix_self_assessment_responses_activity_id'))

    op.drop_table('self_assessment_responses')
