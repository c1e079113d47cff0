"""The daily command run by several hosts at once still opens, sends and reminds each check-in once."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.extensions import db
from lms.impact import followups
from lms.impact.models import FollowUp
from lms.mail.models import OutboxMessage
from tests.security.test_concurrency import at_once


def test_three_runs_at_once_open_send_and_remind_each_check_in_once(app, graduates, now):
    def work(_index):
        with app.app_context():
            followups.open_due(db.session)
            db.session.commit()
            followups.send_due(db.session)
            db.session.commit()

    def check_in_emails() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count(OutboxMessage.id)).where(
                OutboxMessage.subject.contains("check-in") | OutboxMessage.subject.contains("point d'étape")))

    now.advance(days=92)
    assert at_once(3, work) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(FollowUp.id))) == 2
    assert check_in_emails() == 2
    now.advance(days=7)
    assert at_once(3, work) == []
    assert check_in_emails() == 4
    with app.app_context():
        assert set(db.session.scalars(select(FollowUp.reminders))) == {1}
