"""audit log

Revision ID: 0007_audit
Revises: 0006_certificates
Create Date: 2026-11-23 00:08:19.247732
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db

revision = '0007_audit'
down_revision = '0006_certificates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    op.create_index(op.f('ix_audit_events_action'), 'audit_events', ['action'])
    op.create_index(op.f('ix_audit_events_created_at'), 'audit_events', ['created_at'])


def downgrade() -> None:
    # Dropping a table drops its indexes; dependent tables first.
    for table in ("audit_events",):
        op.drop_table(table)
