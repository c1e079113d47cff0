"""api: personal access tokens, OAuth clients and their access tokens

Revision ID: 0040_api
Revises: 0045_integrations
Create Date: 2026-12-02 06:50:00.000000
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0040_api'
down_revision = '0045_integrations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'],
                            name=op.f('fk_api_clients_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_clients')),
    sa.UniqueConstraint('client_id', name=op.f('uq_api_clients_client_id')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_api_clients_secret_hash'))
    )
    with op.batch_alter_table('api_clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_clients_owner_id'), ['owner_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['api_clients.id'],
                            name=op.f('fk_api_tokens_client_id_api_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_client_id'))
    op.drop_table('api_tokens')
    with op.batch_alter_table('api_clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_clients_owner_id'))
    op.drop_table('api_clients')
