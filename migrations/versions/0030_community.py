"""community: discussions, notifications, peer review, groups, messages

Revision ID: 0030_community
Revises: 0020_applications
Create Date: 2026-12-02 03:17:48.248714
"""
from alembic import op
import sqlalchemy as sa
import lms.core.db


revision = '0030_community'
down_revision = '0020_applications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('community_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_community_groups_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_community_groups'))
    )
    with op.batch_alter_table('community_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_community_groups_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_message_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_conversations_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations'))
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('notification_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.Enum('immediate', 'daily', 'weekly', 'never', name='notification_frequency',
                            native_enum=False, create_constraint=True), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_notification_digests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digests')),
    sa.UniqueConstraint('user_id', 'frequency', 'period', name=op.f('uq_notification_digests_user_id'))
    )
    with op.batch_alter_table('notification_digests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_digests_user_id'), ['user_id'], unique=False)

    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reply', 'mention', 'announcement', 'review', 'message', name='notification_kind',
                            native_enum=False, create_constraint=True), nullable=False),
    sa.Column('frequency', sa.Enum('immediate', 'daily', 'weekly', 'never', name='notification_frequency',
                            native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_settings'))
    )
    op.create_table('community_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['community_groups.id'],
                            name=op.f('fk_community_group_members_group_id_community_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_community_group_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_community_group_members'))
    )
    with op.batch_alter_table('community_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_community_group_members_user_id'), ['user_id'], unique=False)

    op.create_table('conversation_members',
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                            name=op.f('fk_conversation_members_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_conversation_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id', 'user_id', name=op.f('pk_conversation_members'))
    )
    with op.batch_alter_table('conversation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_members_user_id'), ['user_id'], unique=False)

    op.create_table('discussion_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_post_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('hidden_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                            name=op.f('fk_discussion_threads_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_discussion_threads_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['community_groups.id'],
                            name=op.f('fk_discussion_threads_group_id_community_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'],
                            name=op.f('fk_discussion_threads_module_id_modules'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_threads'))
    )
    with op.batch_alter_table('discussion_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discussion_threads_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discussion_threads_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discussion_threads_last_post_at'), ['last_post_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_discussion_threads_module_id'), ['module_id'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                            name=op.f('fk_messages_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reply', 'mention', 'announcement', 'review', 'message', name='notification_kind',
                            native_enum=False, create_constraint=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['digest_id'], ['notification_digests.id'],
                            name=op.f('fk_notifications_digest_id_notification_digests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('peer_review_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('per_learner', sa.Integer(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                            name=op.f('fk_peer_review_rounds_activity_id_activities'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'],
                            name=op.f('fk_peer_review_rounds_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'],
                            name=op.f('fk_peer_review_rounds_opened_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_review_rounds'))
    )
    with op.batch_alter_table('peer_review_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_review_rounds_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('discussion_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('edited_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                            name=op.f('fk_discussion_posts_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'],
                            name=op.f('fk_discussion_posts_hidden_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['discussion_threads.id'],
                            name=op.f('fk_discussion_posts_thread_id_discussion_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_posts'))
    )
    with op.batch_alter_table('discussion_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discussion_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discussion_posts_thread_id'), ['thread_id'], unique=False)

    op.create_table('peer_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('flagged_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('flagged_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['flagged_by_id'], ['users.id'],
                            name=op.f('fk_peer_reviews_flagged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'],
                            name=op.f('fk_peer_reviews_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['peer_review_rounds.id'],
                            name=op.f('fk_peer_reviews_round_id_peer_review_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                            name=op.f('fk_peer_reviews_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_reviews')),
    sa.UniqueConstraint('round_id', 'reviewer_id', 'submission_id', name=op.f('uq_peer_reviews_round_id'))
    )
    with op.batch_alter_table('peer_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_reviews_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_reviews_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_reviews_submission_id'), ['submission_id'], unique=False)

    op.create_table('discussion_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['discussion_posts.id'],
                            name=op.f('fk_discussion_reports_post_id_discussion_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'],
                            name=op.f('fk_discussion_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'],
                            name=op.f('fk_discussion_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_reports')),
    sa.UniqueConstraint('post_id', 'reporter_id', name=op.f('uq_discussion_reports_post_id'))
    )
    with op.batch_alter_table('discussion_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discussion_reports_post_id'), ['post_id'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')

    with op.batch_alter_table('discussion_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discussion_reports_post_id'))

    op.drop_table('discussion_reports')
    with op.batch_alter_table('peer_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_reviews_submission_id'))
        batch_op.drop_index(batch_op.f('ix_peer_reviews_round_id'))
        batch_op.drop_index(batch_op.f('ix_peer_reviews_reviewer_id'))

    op.drop_table('peer_reviews')
    with op.batch_alter_table('discussion_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discussion_posts_thread_id'))
        batch_op.drop_index(batch_op.f('ix_discussion_posts_author_id'))

    op.drop_table('discussion_posts')
    with op.batch_alter_table('peer_review_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_review_rounds_cohort_id'))

    op.drop_table('peer_review_rounds')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_created_at'))

    op.drop_table('notifications')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_conversation_id'))
        batch_op.drop_index(batch_op.f('ix_messages_author_id'))

    op.drop_table('messages')
    with op.batch_alter_table('discussion_threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discussion_threads_module_id'))
        batch_op.drop_index(batch_op.f('ix_discussion_threads_last_post_at'))
        batch_op.drop_index(batch_op.f('ix_discussion_threads_group_id'))
        batch_op.drop_index(batch_op.f('ix_discussion_threads_cohort_id'))

    op.drop_table('discussion_threads')
    with op.batch_alter_table('conversation_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_members_user_id'))

    op.drop_table('conversation_members')
    with op.batch_alter_table('community_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_community_group_members_user_id'))

    op.drop_table('community_group_members')
    op.drop_table('notification_settings')
    with op.batch_alter_table('notification_digests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_digests_user_id'))

    op.drop_table('notification_digests')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_cohort_id'))

    op.drop_table('conversations')
    with op.batch_alter_table('community_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_community_groups_cohort_id'))

    op.drop_table('community_groups')
