"""The delivery outbox and the webhook endpoints staff register."""
from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base
from lms.core.sealed import Sealed


class DeliveryState(enum.Enum):
    """Where a delivery stands, read from its times (a delivery row has no state column)."""

    pending = "pending"
    delivered = "delivered"
    failed = "failed"

    @property
    def title(self) -> str:
        return str({DeliveryState.pending: _l("Waiting"), DeliveryState.delivered: _l("Delivered"),
                    DeliveryState.failed: _l("Failed")}[self])


class WebhookEndpoint(Base):
    """An address that receives signed JSON for the events it subscribes to."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The event names (lms/integrations/webhooks.py EVENTS) this endpoint receives.
    events: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # "whsec_" and base64 of 32 random bytes (Standard Webhooks): sealed, since signing needs it back.
    # Loaded only when read (deferred): pages listing endpoints do not open it.
    secret: Mapped[str] = mapped_column(Sealed(), deferred=True)
    # The secret before the last rotation, still signing beside the new one until `previous_until`,
    # so that the receiver can change its copy without losing a delivery.
    previous_secret: Mapped[str] = mapped_column(Sealed(), default="", server_default="", deferred=True)
    previous_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Delivery(Base):
    """One HTTP delivery to make: written with the change that caused it, sent later with retries.

    `kind` names the sender that knows how to deliver it (lms/integrations/outbox.py `sender`); any
    package may register a kind of its own.
    """

    __tablename__ = "integration_deliveries"
    __table_args__ = (Index("ix_integration_deliveries_due", "delivered_at", "failed_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    # Where it goes, as shown in the log: the endpoint's address, or the record store's.
    target: Mapped[str] = mapped_column(String(500))
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
                                                    index=True)
    # What happened, in the kind's own words (a webhook's event type, an xAPI verb).
    event: Mapped[str] = mapped_column(String(60))
    # A stable id, made once: the webhook-id header, the xAPI statement id; the receiver uses it to
    # recognise a delivery it has had already.
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    last_attempt_at: Mapped[dt.datetime | None]
    # The last answer: its HTTP status (None: no answer, such as a refused connection or a timeout)
    # and the beginning of its body or of the error.
    last_status: Mapped[int | None]
    last_response: Mapped[str] = mapped_column(Text, default="", server_default="")
    delivered_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None]

    endpoint: Mapped[WebhookEndpoint | None] = relationship()

    @property
    def state(self) -> DeliveryState:
        if self.delivered_at is not None:
            return DeliveryState.delivered
        if self.failed_at is not None:
            return DeliveryState.failed
        return DeliveryState.pending
