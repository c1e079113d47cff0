"""sso and lti: identity providers, outside identities of accounts, LTI platforms and scores

Revision ID: 0046_sso_lti
Revises: 0030_community
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0046_sso_lti'
down_revision = '0030_community'
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


def downgrade() -> None:
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_identities_user_id'))
    op.drop_table('external_identities')
    op.drop_table('identity_providers')
