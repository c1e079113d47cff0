"""calls for applications, applications, their reviews and decisions

Revision ID: 0020_applications
Revises: 0015_kept_forms
Create Date: 2026-12-02 02:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0020_applications'
down_revision = '0015_kept_forms'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('eligible_roles', sa.JSON(), nullable=False),
    sa.Column('eligible_institution_types', sa.JSON(), nullable=False),
    sa.Column('centres_only', sa.Boolean(), nullable=False),
    sa.Column('country_lists', sa.JSON(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('waitlist_size', sa.Integer(), nullable=False),
    sa.Column('disagreement_threshold', sa.Integer(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decisions_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_calls_decided_by_id_users'),
              ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_calls_programme_id_programmes'),
              ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_programme_id'), ['programme_id'], unique=False)

    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', name='application_status', native_enum=False,
              create_constraint=True), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.String(length=250), nullable=False),
    sa.Column('institution_type', sa.Enum('tvet_institution', 'teacher_training', 'university', 'ministry',
              'national_body', 'other', name='institution_type', native_enum=False, create_constraint=True),
              nullable=True),
    sa.Column('role', sa.Enum('head', 'deputy', 'manager', 'policy', 'teacher', 'other', name='applicant_role',
              native_enum=False, create_constraint=True), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.Enum('africa', 'arab_states', 'asia_pacific', 'europe_north_america',
              'latin_america_caribbean', name='region', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('gender', sa.Enum('female', 'male', 'other', 'undisclosed', name='gender', native_enum=False,
              create_constraint=True), nullable=True),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('challenge', sa.Text(), nullable=False),
    sa.Column('study_language', sa.String(length=5), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('endorser_name', sa.String(length=200), nullable=False),
    sa.Column('endorser_email', sa.String(length=254), nullable=False),
    sa.Column('endorsement_token_hash', sa.String(length=64), nullable=True),
    sa.Column('endorsed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ineligible', sa.Enum('role', 'institution_type', 'centre', 'country', name='ineligible',
              native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('selected', sa.Boolean(), nullable=False),
    sa.Column('decision', sa.Enum('accepted', 'waitlisted', 'declined', name='decision', native_enum=False,
              create_constraint=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('waitlist_rank', sa.Integer(), nullable=True),
    sa.Column('response', sa.Enum('confirmed', 'declined_place', name='place_response', native_enum=False,
              create_constraint=True), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_applications_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_applications_centre_id_centres'),
              ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_applications_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('call_id', 'email', name=op.f('uq_applications_call_id')),
    sa.UniqueConstraint('endorsement_token_hash', name=op.f('uq_applications_endorsement_token_hash')),
    sa.UniqueConstraint('token', name=op.f('uq_applications_token'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_user_id'), ['user_id'], unique=False)

    op.create_table('call_cohorts',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_call_cohorts_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_call_cohorts_cohort_id_cohorts'),
              ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', 'cohort_id', name=op.f('pk_call_cohorts'))
    )
    with op.batch_alter_table('call_cohorts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_cohorts_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('application_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('third', sa.Boolean(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'],
              name=op.f('fk_application_reviews_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_application_reviews_reviewer_id_users'),
              ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_reviews')),
    sa.UniqueConstraint('application_id', 'reviewer_id', name=op.f('uq_application_reviews_application_id'))
    )
    with op.batch_alter_table('application_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_reviews_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_reviews_reviewer_id'), ['reviewer_id'], unique=False)


def downgrade() -> None:
    op.drop_table('application_reviews')
    op.drop_table('call_cohorts')
    op.drop_table('applications')
    op.drop_table('calls')
