"""sealed secrets: webhook secrets and identity providers' client secrets encrypted at rest

Revision ID: 0060_sealed_secrets
Revises: 0046_sso_lti
"""
from alembic import context, op
import sqlalchemy as sa

from lms.core.sealed import seal, unseal


revision = '0060_sealed_secrets'
down_revision = '0046_sso_lti'
branch_labels = None
depends_on = None

# (table, column, its length before it was sealed)
COLUMNS = (('webhook_endpoints', 'secret', 80), ('webhook_endpoints', 'previous_secret', 80),
           ('identity_providers', 'client_secret', 500))


def _rewrite(change) -> None:
    """Each non-empty value of COLUMNS passed through `change`, row by row."""
    connection = op.get_bind()
    for table_name, name, _length in COLUMNS:
        table = sa.table(table_name, sa.column('id', sa.Integer()), sa.column(name, sa.Text()))
        for key, value in connection.execute(sa.select(table.c.id, table.c[name]).where(table.c[name] != '')).all():
            connection.execute(sa.update(table).where(table.c.id == key).values({name: change(value)}))


def upgrade() -> None:
    for table_name, name, length in COLUMNS:
        with op.batch_alter_table(table_name) as batch_op:
            batch_op.alter_column(name, existing_type=sa.String(length=length), type_=sa.Text(),
                                  existing_nullable=False)
    keys = context.config.attributes['data_keys']
    _rewrite(lambda value: seal(value, keys))


def downgrade() -> None:
    keys = context.config.attributes['data_keys']
    _rewrite(lambda value: unseal(value, keys))
    for table_name, name, length in COLUMNS:
        with op.batch_alter_table(table_name) as batch_op:
            batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.String(length=length),
                                  existing_nullable=False)
