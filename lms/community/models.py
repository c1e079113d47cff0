"""Discussions, notifications, peer-review rounds and groups of a cohort."""
from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base, enum_column
from lms.users.models import User


# Groups --------------------------------------------------------------------------------------

group_members = Table(
    "community_group_members", Base.metadata,
    Column("group_id", ForeignKey("community_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Group(Base):
    """Learners of a cohort working together, with a discussion space of their own."""

    __tablename__ = "community_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    members: Mapped[list[User]] = relationship(secondary=group_members, order_by=User.full_name)


# Discussions ---------------------------------------------------------------------------------

class Thread(Base):
    """A conversation in one of a cohort's forums: the general one (no module, no group), a
    module's, or a group's. Its first post is its opening message."""

    __tablename__ = "discussion_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"),
                                                 index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    # When the last visible post was written: the forum lists its threads by it.
    last_post_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now, index=True)
    pinned: Mapped[bool] = mapped_column(default=False)
    # A locked thread takes no more replies.
    locked: Mapped[bool] = mapped_column(default=False)
    hidden_at: Mapped[dt.datetime | None]

    author: Mapped[User | None] = relationship()
    posts: Mapped[list[Post]] = relationship(back_populates="thread", order_by="[Post.created_at, Post.id]",
                                             cascade="all, delete-orphan")


class Post(Base):
    __tablename__ = "discussion_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id", ondelete="CASCADE"), index=True)
    # None once the author has been anonymised (or deleted).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # CommonMark, rendered as lessons are (raw HTML shown as text).
    body: Mapped[str] = mapped_column(Text)
    # The language it is written in: its element carries it as `lang`.
    language: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    edited_at: Mapped[dt.datetime | None]
    # Hidden by a facilitator: kept for the record, shown to nobody but the cohort's facilitators.
    hidden_at: Mapped[dt.datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Emptied when the author is anonymised.
    removed: Mapped[bool] = mapped_column(default=False)

    thread: Mapped[Thread] = relationship(back_populates="posts")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class PostReport(Base):
    """Someone's word that a post should not be there, waiting for a facilitator."""

    __tablename__ = "discussion_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    post: Mapped[Post] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])


# Notifications -------------------------------------------------------------------------------

class Kind(enum.StrEnum):
    """What a notification is about; each person chooses how often to be emailed per kind."""

    reply = "reply"
    mention = "mention"
    announcement = "announcement"
    review = "review"
    message = "message"

    @property
    def label(self) -> str:
        return str(_KIND_TITLES[self])


_KIND_TITLES = {
    Kind.reply: _l("Replies in discussions you take part in"),
    Kind.mention: _l("Posts that mention you (@your name)"),
    Kind.announcement: _l("Announcements to your cohorts"),
    Kind.review: _l("Peer reviews of your action plan"),
    Kind.message: _l("Messages written to you"),
}


class Frequency(enum.StrEnum):
    immediate = "immediate"
    daily = "daily"
    weekly = "weekly"
    never = "never"

    @property
    def label(self) -> str:
        return str(_FREQUENCY_TITLES[self])


_FREQUENCY_TITLES = {
    Frequency.immediate: _l("An email each time"),
    Frequency.daily: _l("A daily digest"),
    Frequency.weekly: _l("A weekly digest"),
    Frequency.never: _l("No email (on the platform only)"),
}

# Until someone chooses: announcements by email at once, as before; discussions in a daily digest.
DEFAULT_FREQUENCY = {Kind.reply: Frequency.daily, Kind.mention: Frequency.immediate,
                     Kind.announcement: Frequency.immediate,
                     Kind.review: Frequency.immediate, Kind.message: Frequency.immediate}


class Notification(Base):
    """Something for one person to know, on the platform and by email as they chose."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, "notification_kind"))
    # What it is about, as words and ids (rendered in the reader's language when shown):
    # {"actor": name, "title": thread or announcement title, "cohort": name, "path": address}
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now, index=True)
    read_at: Mapped[dt.datetime | None]
    # When it went out by email, alone or in a digest; None while it waits for one.
    emailed_at: Mapped[dt.datetime | None]
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification_digests.id", ondelete="SET NULL"))


class NotificationSetting(Base):
    """How often one person wants email about one kind of notification."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, "notification_kind"), primary_key=True)
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "notification_frequency"))


class Digest(Base):
    """A digest email sent: one per person, frequency and period, never two."""

    __tablename__ = "notification_digests"
    __table_args__ = (UniqueConstraint("user_id", "frequency", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "notification_frequency"))
    # The day (daily) or the ISO week's Monday (weekly) it covers, as an ISO date.
    period: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)


# Peer review ---------------------------------------------------------------------------------

class ReviewRound(Base):
    """A facilitator's call for learners to review each other's action plans."""

    __tablename__ = "peer_review_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="RESTRICT"))
    # How many peers' plans each learner reviews.
    per_learner: Mapped[int] = mapped_column(default=2)
    # Whether authors see who reviewed them.
    anonymous: Mapped[bool] = mapped_column(default=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    closed_at: Mapped[dt.datetime | None]

    assignments: Mapped[list[PeerReview]] = relationship(back_populates="round",
                                                         order_by="PeerReview.id")


class PeerReview(Base):
    """One learner's review of one peer's plan in a round: assigned, then written."""

    __tablename__ = "peer_reviews"
    __table_args__ = (UniqueConstraint("round_id", "reviewer_id", "submission_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("peer_review_rounds.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    # The rubric's levels chosen: {criterion id: level id}
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[dt.datetime | None]
    # A facilitator found it unhelpful: the author no longer sees it.
    flagged_at: Mapped[dt.datetime | None]
    flagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    round: Mapped[ReviewRound] = relationship(back_populates="assignments")
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])


# Messages ------------------------------------------------------------------------------------

conversation_members = Table(
    "conversation_members", Base.metadata,
    Column("conversation_id", ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Conversation(Base):
    """Private messages between a learner and their cohort's facilitators."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    last_message_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    members: Mapped[list[User]] = relationship(secondary=conversation_members, order_by=User.full_name)
    messages: Mapped[list[Message]] = relationship(back_populates="conversation",
                                                   order_by="[Message.created_at, Message.id]",
                                                   cascade="all, delete-orphan")


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    # None once the author has been anonymised.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()
