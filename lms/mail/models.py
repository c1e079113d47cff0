"""The outbox: messages written with the change that caused them, delivered later."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from lms.core import clock
from lms.core.db import Base


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The language the message was rendered in.
    language: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set once MAIL_MAX_ATTEMPTS deliveries have failed; such a message is not retried.
    failed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Where one click stops this kind of email (RFC 8058), sent as List-Unsubscribe; empty: none.
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
