"""Notifications: on the platform always, by email as each person chose per kind, in their language."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.community.models import Digest, Notification
from lms.extensions import db
from tests.conftest import body_text, subject


def test_announcements_are_emailed_at_once_with_one_click_unsubscribe_and_listed(circle, make_client, mailbox):
    facilitator, zh = make_client(), make_client()
    facilitator.login(circle.facilitator)
    zh.login(circle.zh)
    facilitator.submit(f"/cohorts/{circle.cohort_id}/announcements", {"title": "Webinar moved", "body": "To Friday."})
    message = mailbox.wait_to(circle.zh.email)
    assert "Webinar moved" in subject(message) and "王芳，您好：" in body_text(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Webinar moved" in zh.get("/notifications").get_data(as_text=True)


def test_a_person_who_chose_a_weekly_digest_gets_announcements_once_a_week(circle, make_client, app, mailbox, now):
    fr, facilitator = make_client(), make_client()
    fr.login(circle.fr)
    facilitator.login(circle.facilitator)
    choices = {"kind-reply": "never", "kind-announcement": "weekly", "kind-review": "immediate",
               "kind-message": "immediate", "kind-mention": "immediate"}
    assert fr.submit("/profile/notifications", choices).status_code == 302
    page = fr.get("/profile/notifications").get_data(as_text=True)
    assert re.search(r"<input checked[^>]*value=\"weekly\"|value=\"weekly\"[^>]*checked", page)
    facilitator.submit(f"/cohorts/{circle.cohort_id}/announcements", {"title": "Lecture", "body": "Chapitre 3."})
    mailbox.wait_to(circle.en.email)  # the others, at once
    assert mailbox.to(circle.fr.email) == []
    # 10 March 2031 is a Monday: the week's digest goes out once the week is over.
    now.advance(days=3)
    app.test_cli_runner().invoke(args=["community", "digests"])
    assert mailbox.to(circle.fr.email) == []
    now.advance(days=4)
    app.test_cli_runner().invoke(args=["community", "digests"])
    digest = mailbox.wait_to(circle.fr.email)
    assert "hebdomadaire" in subject(digest) and "Lecture" in body_text(digest)
    app.test_cli_runner().invoke(args=["community", "digests"])
    with app.app_context():
        assert db.session.scalar(select(func.count(Digest.id))) == 1
        assert db.session.scalar(select(func.count(Notification.id)).where(Notification.emailed_at.is_(None))) == 0


def test_a_refused_choice_is_shown_with_its_error(circle, make_client):
    en = make_client()
    en.login(circle.en)
    response = en.submit("/profile/notifications", {"kind-reply": "hourly", "kind-announcement": "weekly",
                                                    "kind-review": "immediate", "kind-message": "immediate",
                                                    "kind-mention": "immediate"})
    assert response.status_code == 400 and "Choose one of the answers shown." in response.get_data(as_text=True)


def test_marking_notifications_read(circle, make_client):
    en, facilitator = make_client(), make_client()
    en.login(circle.en)
    facilitator.login(circle.facilitator)
    facilitator.submit(f"/cohorts/{circle.cohort_id}/announcements", {"title": "Hello", "body": "Welcome."})
    assert 'class="unread"' in en.get("/notifications").get_data(as_text=True)
    en.submit("/notifications/read", {}, page="/notifications")
    assert 'class="unread"' not in en.get("/notifications").get_data(as_text=True)
