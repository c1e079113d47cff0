"""integrations: webhook endpoints and the outbound delivery outbox

Revision ID: 0045_integrations
Revises: 0055_alumni
Create Date: 2026-12-02 06:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0045_integrations'
down_revision = '0055_alumni'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('webhook_endpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('description', sa.String(length=200), server_default='', nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('secret', sa.String(length=80), nullable=False),
    sa.Column('previous_secret', sa.String(length=80), server_default='', nullable=False),
    sa.Column('previous_until', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                            name=op.f('fk_webhook_endpoints_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints'))
    )
    op.create_table('integration_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('endpoint_id', sa.Integer(), nullable=True),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('uid', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_attempt_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_response', sa.Text(), server_default='', nullable=False),
    sa.Column('delivered_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoints.id'],
                            name=op.f('fk_integration_deliveries_endpoint_id_webhook_endpoints'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration_deliveries')),
    sa.UniqueConstraint('uid', name=op.f('uq_integration_deliveries_uid'))
    )
    with op.batch_alter_table('integration_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_deliveries_endpoint_id'), ['endpoint_id'], unique=False)
        batch_op.create_index('ix_integration_deliveries_due', ['delivered_at', 'failed_at', 'next_attempt_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('integration_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_integration_deliveries_due')
        batch_op.drop_index(batch_op.f('ix_integration_deliveries_endpoint_id'))
    op.drop_table('integration_deliveries')
    op.drop_table('webhook_endpoints')
