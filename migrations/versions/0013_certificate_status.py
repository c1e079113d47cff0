"""each certificate's place in the revocation status list

Revision ID: 0013_certificate_status
Revises: 0012_content_resources
Create Date: 2026-12-02 00:30:00

Credentials now carry a `credentialStatus` (W3C Bitstring Status List): the certificate's index
in the published list. New certificates get their row's id as their index when they are made;
this gives every certificate made before the same.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_certificate_status'
down_revision = '0012_content_resources'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('certificates', sa.Column('status_index', sa.Integer(), nullable=True))
    op.execute("UPDATE certificates SET status_index = id WHERE status_index IS NULL")
    op.create_index('uq_certificates_status_index', 'certificates', ['status_index'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_certificates_status_index', table_name='certificates')
    with op.batch_alter_table('certificates') as batch:
        batch.drop_column('status_index')
