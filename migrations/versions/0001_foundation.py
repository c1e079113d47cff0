"""users, centres, account links, sign-in attempts and the outbox

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-22 22:46:08.753065
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db

revision = '0001_foundation'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('centres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.Enum('africa', 'arab_states', 'asia_pacific', 'europe_north_america',
                                'latin_america_caribbean', name='region', native_enum=False, create_constraint=True),
              nullable=False),
    sa.Column('member_type', sa.Enum('ministry', 'national_body', 'university_research', 'training_institution',
                                     name='member_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('city', sa.String(length=120), server_default='', nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centres')),
    sa.UniqueConstraint('name', name=op.f('uq_centres_name'))
    )
    op.create_index(op.f('ix_centres_country'), 'centres', ['country'])
    op.create_index(op.f('ix_centres_region'), 'centres', ['region'])

    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    op.create_index('ix_login_attempts_address_created_at', 'login_attempts', ['address', 'created_at'])
    op.create_index('ix_login_attempts_email_created_at', 'login_attempts', ['email', 'created_at'])

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), server_default='', nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), server_default='', nullable=False),
    sa.Column('failed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    op.create_index('ix_outbox_messages_pending', 'outbox_messages', ['sent_at', 'next_attempt_at'])

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('learner', 'facilitator', 'staff', name='role', native_enum=False,
                              create_constraint=True), nullable=False),
    sa.Column('language', sa.String(length=5), server_default='en', nullable=False),
    sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False),
    sa.Column('position', sa.String(length=200), server_default='', nullable=False),
    sa.Column('gender', sa.Enum('female', 'male', 'other', 'undisclosed', name='gender', native_enum=False,
                                create_constraint=True), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('session_token', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lower')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_users_centre_id_centres'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_index(op.f('ix_users_centre_id'), 'users', ['centre_id'])
    op.create_index(op.f('ix_users_role'), 'users', ['role'])

    op.create_table('account_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('invitation', 'password_reset', name='purpose', native_enum=False,
                                 create_constraint=True), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_account_tokens_created_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_tokens_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_tokens_token_hash'))
    )
    op.create_index(op.f('ix_account_tokens_user_id'), 'account_tokens', ['user_id'])


def downgrade() -> None:
    # Dropping a table drops its indexes; children before parents.
    for table in ("account_tokens", "users", "outbox_messages", "login_attempts", "centres"):
        op.drop_table(table)
