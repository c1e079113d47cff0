"""sso and lti: identity providers, outside identities of accounts, LTI platforms and scores

Revision ID: 0046_sso_lti
Revises: 0050_impact
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0046_sso_lti'
down_revision = '0050_impact'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('identity_providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('client_secret', sa.String(length=500), nullable=False),
    sa.Column('allowed_domains', sa.Text(), server_default='', nullable=False),
    sa.Column('creates_learners', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_providers')),
    sa.UniqueConstraint('issuer', name=op.f('uq_identity_providers_issuer'))
    )
    op.create_table('external_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_external_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_identities')),
    sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_external_identities_issuer'))
    )
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_identities_user_id'), ['user_id'], unique=False)

    op.create_table('lti_platforms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('auth_url', sa.String(length=500), nullable=False),
    sa.Column('token_url', sa.String(length=500), nullable=False),
    sa.Column('jwks_url', sa.String(length=500), nullable=False),
    sa.Column('deployment_ids', sa.Text(), server_default='', nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_lti_platforms_cohort_id_cohorts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_platforms')),
    sa.UniqueConstraint('issuer', 'client_id', name=op.f('uq_lti_platforms_issuer'))
    )
    with op.batch_alter_table('lti_platforms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_platforms_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('lti_logins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=64), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['platform_id'], ['lti_platforms.id'],
                            name=op.f('fk_lti_logins_platform_id_lti_platforms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_logins')),
    sa.UniqueConstraint('state', name=op.f('uq_lti_logins_state'))
    )
    with op.batch_alter_table('lti_logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_logins_platform_id'), ['platform_id'], unique=False)

    op.create_table('lti_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.String(length=255), nullable=False),
    sa.Column('resource_link_id', sa.String(length=255), nullable=False),
    sa.Column('context_id', sa.String(length=255), nullable=False),
    sa.Column('context_title', sa.String(length=255), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('lineitem_url', sa.String(length=1000), nullable=True),
    sa.Column('memberships_url', sa.String(length=1000), nullable=True),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'],
                            name=op.f('fk_lti_links_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['platform_id'], ['lti_platforms.id'],
                            name=op.f('fk_lti_links_platform_id_lti_platforms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_links')),
    sa.UniqueConstraint('platform_id', 'deployment_id', 'resource_link_id', name=op.f('uq_lti_links_platform_id'))
    )
    with op.batch_alter_table('lti_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_links_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_links_platform_id'), ['platform_id'], unique=False)

    op.create_table('lti_link_users',
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['lti_links.id'],
                            name=op.f('fk_lti_link_users_link_id_lti_links'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_lti_link_users_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('link_id', 'user_id', name=op.f('pk_lti_link_users'))
    )
    with op.batch_alter_table('lti_link_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_link_users_user_id'), ['user_id'], unique=False)

    op.create_table('lti_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_until', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('tries', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'],
                            name=op.f('fk_lti_scores_attempt_id_quiz_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['link_id'], ['lti_links.id'],
                            name=op.f('fk_lti_scores_link_id_lti_links'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_scores')),
    sa.UniqueConstraint('link_id', 'attempt_id', name=op.f('uq_lti_scores_link_id'))
    )
    with op.batch_alter_table('lti_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_scores_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_scores_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_scores_sent_at'), ['sent_at'], unique=False)


def downgrade() -> None:
    op.drop_table('lti_scores')
    op.drop_table('lti_link_users')
    op.drop_table('lti_links')
    op.drop_table('lti_logins')
    op.drop_table('lti_platforms')
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_identities_user_id'))
    op.drop_table('external_identities')
    op.drop_table('identity_providers')
