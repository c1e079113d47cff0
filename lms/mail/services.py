"""Queueing email in the outbox and delivering it over SMTP (or to the console)."""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from flask import current_app, g, has_request_context, render_template
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.core import clock
from lms.core.db import rowcount
from lms.core.i18n import in_language
from lms.core.text import single_line
from lms.mail.models import OutboxMessage

log = logging.getLogger(__name__)

# How long a delivering process holds a message before another may try it.
CLAIM_SECONDS = 300


def queue_email(session: Session, *, recipient: str, language: str, template: str,
                subject: Any, unsubscribe_url: str = "", **context: Any) -> OutboxMessage:
    """Render `emails/<template>.txt` and `.html` in `language` and add them to the outbox.

    The message is part of the caller's transaction: it is sent only if that commits.
    `subject` is a lazy string, translated here in the recipient's language. `unsubscribe_url`,
    when given, is sent as the one-click unsubscribe address (List-Unsubscribe, RFC 8058).
    """
    with in_language(language):
        # A header is one line: a line break typed into a title (or pasted from a word
        # processor, with its control characters) must not reach the mail server.
        subject_line = single_line(str(subject))[:300]
        message = OutboxMessage(
            recipient=recipient,
            language=language,
            subject=subject_line,
            body_text=render_template(f"emails/{template}.txt", language=language,
                                      unsubscribe_url=unsubscribe_url, **context),
            body_html=render_template(f"emails/{template}.html", language=language,
                                      subject=subject_line, unsubscribe_url=unsubscribe_url, **context),
            unsubscribe_url=unsubscribe_url,
        )
    session.add(message)
    session.flush()
    if has_request_context():
        g.outbox_queued = True
    return message


def deliver_pending(session: Session, *, limit: int | None = None) -> tuple[int, int]:
    """Deliver due messages; returns (sent, failed attempts).

    This is a worker, so it commits after each message: a message is claimed with a
    conditional update (so two processes never send the same one), sent, then marked.
    A failed delivery is retried later with a growing delay.
    """
    config = current_app.config
    now = clock.utcnow()
    query = (select(OutboxMessage.id)
             .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed.is_(False),
                    OutboxMessage.next_attempt_at <= now)
             .order_by(OutboxMessage.id))
    if limit:
        query = query.limit(limit)
    ids = list(session.scalars(query))
    session.commit()
    sent = failures = 0
    for message_id in ids:
        if not _claim(session, message_id):
            continue
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        try:
            _send(message, config)
        except (OSError, smtplib.SMTPException) as exc:  # the server or the network: try again later
            failures += 1
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = clock.utcnow() + dt.timedelta(minutes=2 ** min(message.attempts, 10))
            if message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
                message.failed = True
            log.warning("email %s to %s not delivered: %s", message.id, message.recipient, exc)
        except Exception as exc:  # the message itself cannot be sent: trying again would not help
            failures += 1
            message.attempts += 1
            message.failed = True
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            log.error("email %s to %s cannot be sent and is set aside: %s", message.id, message.recipient, exc)
        else:
            sent += 1
            message.attempts += 1
            message.sent_at = clock.utcnow()
            message.last_error = ""
        session.commit()
    return sent, failures


def _claim(session: Session, message_id: int) -> bool:
    now = clock.utcnow()
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
               OutboxMessage.failed.is_(False), OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return rowcount(result) == 1


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = message.recipient
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].rstrip(">") or None)
    email["Date"] = format_datetime(clock.utcnow())
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    # After the content: setting the content clears every Content-* header.
    email["Content-Language"] = message.language
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return email


def _send(message: OutboxMessage, config: dict[str, Any]) -> None:
    email = build_message(message, config["MAIL_SENDER"])
    if not config["MAIL_SERVER"]:
        # Development: no SMTP server configured, so the message goes to the console.
        print(f"\n----- email to {message.recipient} -----\nSubject: {message.subject}\n\n"
              f"{message.body_text}\n----- end of email -----", file=sys.stdout, flush=True)
        return
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                               context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count(OutboxMessage.id))
                          .where(OutboxMessage.sent_at.is_(None),
                                 OutboxMessage.failed.is_(False))) or 0

