"""forms kept when their session ended, until the writer returns

Revision ID: 0015_kept_forms
Revises: 0014_announcement_edits
Create Date: 2026-12-02 04:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0015_kept_forms'
down_revision = '0014_announcement_edits'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'kept_forms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('path', sa.String(length=500), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_forms')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_kept_forms_key_hash')),
    )
    op.create_index(op.f('ix_kept_forms_created_at'), 'kept_forms', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_kept_forms_created_at'), table_name='kept_forms')
    op.drop_table('kept_forms')
