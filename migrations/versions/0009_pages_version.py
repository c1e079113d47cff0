"""pages version

Revision ID: 0009_pages_version
Revises: 0008_report_snapshot
Create Date: 2026-11-23 02:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0009_pages_version'
down_revision = '0008_report_snapshot'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Counted up whenever what a learner's pages show changes (lms/learning/freshness.py).
    for table in ("users", "cohorts"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('pages_version', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    for table in ("users", "cohorts"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('pages_version')
