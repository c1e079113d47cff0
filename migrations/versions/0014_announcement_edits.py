"""announcements can be corrected

Revision ID: 0014_announcement_edits
Revises: 0013_certificate_status
Create Date: 2026-12-02 03:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0014_announcement_edits'
down_revision = '0013_certificate_status'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('announcements') as batch_op:
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('announcements') as batch_op:
        batch_op.drop_column('edited_at')
