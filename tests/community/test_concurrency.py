"""Digests built by several cron runs at once still go out once per person and period."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.community import notifications
from lms.community.models import Digest, Kind
from lms.extensions import db
from lms.mail.models import OutboxMessage
from lms.users.models import User
from tests.security.test_concurrency import at_once


def test_three_digest_runs_at_once_send_each_digest_once(app, circle, now):
    with app.test_request_context():
        for person_id in (circle.en.id, circle.zh.id, circle.fr.id):
            person = db.session.get(User, person_id)
            for n in range(3):
                notifications.notify(db.session, person, Kind.reply, link="http://lms.test/x",
                                     data={"actor": "Someone", "title": f"Thread {n}", "cohort": "C"})
        db.session.commit()
    now.advance(days=1)

    def work(_index):
        with app.app_context():
            notifications.send_digests(db.session)
            db.session.commit()

    assert at_once(3, work) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Digest.id))) == 3
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3
