"""indexes for a network of 100,000: users by name (the staff list), report facts by place and by time

Revision ID: 0061_scale_indexes
Revises: 0060_sealed_secrets
"""
from alembic import op


revision = '0061_scale_indexes'
down_revision = '0060_sealed_secrets'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_users_full_name_id', 'users', ['full_name', 'id'])
    op.create_index('ix_report_facts_place', 'report_facts',
                    ['region', 'country', 'centre_type', 'centre', 'gender', 'active', 'completed', 'certified'])
    op.create_index('ix_report_facts_time', 'report_facts',
                    ['cohort', 'year', 'gender', 'active', 'completed', 'certified'])


def downgrade() -> None:
    op.drop_index('ix_report_facts_time', table_name='report_facts')
    op.drop_index('ix_report_facts_place', table_name='report_facts')
    op.drop_index('ix_users_full_name_id', table_name='users')
