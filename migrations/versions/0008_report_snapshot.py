"""report snapshot

Revision ID: 0008_report_snapshot
Revises: 0007_audit
Create Date: 2026-11-23 01:48:18.601693
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db

revision = '0008_report_snapshot'
down_revision = '0007_audit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('built_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('facts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshots'))
    )
    op.create_table('report_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('centre', sa.String(length=200), nullable=True),
    sa.Column('centre_type', sa.String(length=40), nullable=True),
    sa.Column('cohort', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('certified', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_report_facts_cohort_id_cohorts'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_facts'))
    )
    op.create_index(op.f('ix_report_facts_cohort_id'), 'report_facts', ['cohort_id'])


def downgrade() -> None:
    # Dropping a table drops its indexes.
    for table in ("report_facts", "report_snapshots"):
        op.drop_table(table)
