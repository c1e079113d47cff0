"""sign-ins kept on the server

Revision ID: 0011_user_sessions
Revises: 0010_calendar_tokens
Create Date: 2026-12-02 01:00:00

A person's sign-ins were one token on their row: signing out ended nothing on the server (a
copied cookie still worked), and the only way to end a session was to end them all. Each
sign-in is now a row of user_sessions (lms/auth/sessions.py); the old token goes, and with it
every cookie it was in: people sign in once more after this migration.
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0011_user_sessions'
down_revision = '0010_calendar_tokens'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=43), nullable=False),
        sa.Column('remember', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('user_agent', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('token', name=op.f('uq_user_sessions_token')),
    )
    op.create_index(op.f('ix_user_sessions_user_id'), 'user_sessions', ['user_id'], unique=False)
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_token')


def downgrade() -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=32), server_default='', nullable=False))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.text("SELECT id FROM users")).all():
        connection.execute(sa.text("UPDATE users SET session_token = :token WHERE id = :id"),
                           {"token": secrets.token_urlsafe(16), "id": user_id})
    op.drop_index(op.f('ix_user_sessions_user_id'), table_name='user_sessions')
    op.drop_table('user_sessions')
