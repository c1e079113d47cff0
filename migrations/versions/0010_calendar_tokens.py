"""calendar tokens for every person and cohort

Revision ID: 0010_calendar_tokens
Revises: 0009_pages_version
Create Date: 2026-12-01 23:30:00

Calendar addresses were made on a page's first view, so that a GET wrote to the database. New
rows get their token when they are made (the columns' default); this gives one to every row
made before. Anonymised people keep none (their feed must stay gone): they are inactive.
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0010_calendar_tokens'
down_revision = '0009_pages_version'
branch_labels = None
depends_on = None


def _fill(table: str, where: str = "", **parameters: object) -> None:
    connection = op.get_bind()
    query = sa.text(f"SELECT id FROM {table} WHERE calendar_token IS NULL{where}")
    ids = [row[0] for row in connection.execute(query, parameters)]
    update = sa.text(f"UPDATE {table} SET calendar_token = :token WHERE id = :id")
    for start in range(0, len(ids), 1000):
        connection.execute(update, [{"id": row_id, "token": secrets.token_urlsafe(32)}
                                    for row_id in ids[start:start + 1000]])


def upgrade() -> None:
    _fill("users", " AND active = :active", active=True)
    _fill("cohorts")


def downgrade() -> None:
    # The tokens stay: a calendar address already handed out must keep working.
    pass
