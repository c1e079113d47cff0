"""The outbox: mail is written with the change, delivered later, and never lost."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.mail.models import OutboxMessage
from lms.mail.services import deliver_pending, queue_email
from tests.conftest import body_text, free_port, subject


def queue(app, recipient="someone@example.org", language="en"):
    with app.test_request_context():
        queue_email(db.session, recipient=recipient, language=language, template="password_reset",
                    subject=_l("Reset your password"),
                    user=type("U", (), {"full_name": "Nadia", "email": recipient})(),
                    link="http://lms.test/reset-password/x", valid_hours=2)
        db.session.commit()


def messages(app):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_nothing_is_lost_while_the_smtp_server_is_down(app, mailbox, monkeypatch, now):
    queue(app)
    with monkeypatch.context() as patch:
        patch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens there
        with app.app_context():
            assert deliver_pending(db.session) == (0, 1)
    [pending] = messages(app)
    assert pending.sent_at is None and pending.attempts == 1
    assert "ConnectionRefusedError" in pending.last_error

    with app.app_context():
        assert deliver_pending(db.session) == (0, 0)  # not due yet: retried after a delay
        now.advance(minutes=1, seconds=59)
        assert deliver_pending(db.session) == (0, 0)
        now.advance(seconds=1)  # two minutes after the first failure
        assert deliver_pending(db.session) == (1, 0)
    [message] = mailbox.wait_for(1)
    assert message["To"] == "someone@example.org"
    assert messages(app)[0].sent_at is not None


def test_the_send_command_delivers_and_reports(app, mailbox):
    queue(app, "a@example.org")
    queue(app, "b@example.org", language="fr")
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "2 sent, 0 failed, 0 still pending." in result.output
    arrived = mailbox.wait_for(2)
    assert sorted(m["To"] for m in arrived) == ["a@example.org", "b@example.org"]
    french = next(m for m in arrived if m["To"] == "b@example.org")
    # Rendered in the recipient's language, whatever the language of the sender.
    assert subject(french) == "Réinitialiser votre mot de passe"
    assert body_text(french).startswith("Bonjour Nadia,")
    # A second run sends nothing twice.
    assert "0 sent" in app.test_cli_runner().invoke(args=["outbox", "send"]).output


def test_a_message_is_given_up_after_the_last_attempt(app, monkeypatch):
    queue(app)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    for _ in range(2):
        with app.app_context():
            message = db.session.scalar(select(OutboxMessage))
            message.next_attempt_at = message.created_at
            db.session.commit()
            deliver_pending(db.session)
    [message] = messages(app)
    assert message.failed and message.attempts == 2


def test_mail_that_was_rolled_back_is_never_sent(app, mailbox):
    with app.test_request_context():
        queue_email(db.session, recipient="x@example.org", language="en", template="password_reset",
                    subject="Reset", user=type("U", (), {"full_name": "X", "email": "x"})(),
                    link="http://lms.test/x", valid_hours=2)
        db.session.rollback()
    with app.app_context():
        assert deliver_pending(db.session) == (0, 0)
    assert messages(app) == []


def test_without_an_smtp_server_messages_are_printed(app, monkeypatch, capsys):
    queue(app, "console@example.org")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    with app.app_context():
        assert deliver_pending(db.session) == (1, 0)
    printed = capsys.readouterr().out
    assert "email to console@example.org" in printed and "Reset your password" in printed


def test_a_message_that_cannot_be_sent_is_set_aside_and_holds_back_no_other(app, mailbox):
    with app.app_context():
        bad = OutboxMessage(recipient="someone@example.org", language="en", subject="Line one\nBcc: x@evil.test",
                            body_text="Hello", body_html="")
        db.session.add(bad)
        db.session.commit()
    queue(app, "next@example.org")
    with app.app_context():
        assert deliver_pending(db.session) == (1, 1)
        assert deliver_pending(db.session) == (0, 0)  # not tried again, ever
        kept = db.session.get(OutboxMessage, bad.id)
        assert kept.failed and "ValueError" in kept.last_error
    assert [m["To"] for m in mailbox.wait_for(1)] == ["next@example.org"]


def test_a_title_with_line_breaks_and_control_characters_makes_a_one_line_subject(app, mailbox):
    with app.test_request_context():
        queue_email(db.session, recipient="a@example.org", language="en", template="password_reset",
                    subject="Webinar\r\nmoved\x0b to Thursday", link="http://lms.test/reset-password/x",
                    user=type("U", (), {"full_name": "Nadia", "email": "a@example.org"})(), valid_hours=2)
        db.session.commit()
    with app.app_context():
        deliver_pending(db.session)
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Webinar moved to Thursday"


def test_every_email_says_when_it_was_sent(app, mailbox, now):
    from email.utils import parsedate_to_datetime
    queue(app)
    with app.app_context():
        deliver_pending(db.session)
    [message] = mailbox.wait_for(1)
    assert parsedate_to_datetime(message["Date"]) == now().replace(microsecond=0)
