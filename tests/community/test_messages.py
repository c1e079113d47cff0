"""Messages: a facilitator writes to a filtered set of learners, each answers privately; a learner
writes to their facilitators."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.community.models import Conversation
from lms.core.permissions import Role
from lms.extensions import db
from tests.conftest import body_text, subject


def test_a_facilitator_writes_to_every_learner_and_answers_come_back_privately(circle, make_client, app, mailbox):
    facilitator, zh, fr = make_client(), make_client(), make_client()
    facilitator.login(circle.facilitator)
    zh.login(circle.zh)
    fr.login(circle.fr)
    base = f"/cohorts/{circle.cohort_id}/messages"
    response = facilitator.submit(base, {"to": "all", "subject": "Your plans", "body": "Please start your plans."})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Conversation.id))) == 4  # one per learner
    message = mailbox.wait_to(circle.zh.email)
    assert "Kwame Mensah" in subject(message) and "Please start your plans." in body_text(message)
    listing = zh.get(base).get_data(as_text=True)
    link = re.search(rf'href="({base}/\d+)"', listing).group(1)
    assert zh.submit(link, {"body": "我下周提交。"}).status_code == 302
    assert "我下周提交。" in facilitator.get(link).get_data(as_text=True)
    # Nobody else reads that conversation, not even another learner of the cohort.
    assert fr.get(link).status_code == 404
    assert "我下周提交。" not in fr.get(base).get_data(as_text=True)


def test_a_learner_writes_to_the_facilitators_and_an_empty_message_keeps_the_form(circle, make_client, mailbox):
    en = make_client()
    en.login(circle.en)
    base = f"/cohorts/{circle.cohort_id}/messages"
    refused = en.submit(base, {"subject": "A question about module 2", "body": ""})
    assert refused.status_code == 400 and "A question about module 2" in refused.get_data(as_text=True)
    assert en.submit(base, {"subject": "A question", "body": "When is the webinar?"}).status_code == 302
    assert "When is the webinar?" in body_text(mailbox.wait_to(circle.facilitator.email))


def test_the_facilitator_may_write_to_those_at_risk_and_outsiders_may_not_write(circle, make_client, make_user):
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    page = facilitator.get(f"/cohorts/{circle.cohort_id}/messages").get_data(as_text=True)
    assert 'value="at-risk"' in page and 'value="all"' in page
    outsider = make_client()
    outsider.login(make_user(role=Role.learner))
    assert outsider.get(f"/cohorts/{circle.cohort_id}/messages").status_code == 403


def test_anonymising_a_learner_empties_their_messages(circle, make_client, make_user, app):
    en, staff = make_client(), make_client()
    en.login(circle.en)
    en.submit(f"/cohorts/{circle.cohort_id}/messages", {"subject": "Personal", "body": "My phone: 0712 345 678"})
    staff.login(make_user(role=Role.staff))
    staff.submit(f"/staff/users/{circle.en.id}/anonymise", {"confirm": "yes"}, page=f"/staff/users/{circle.en.id}")
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    with app.app_context():
        conversation_id = db.session.scalar(select(Conversation.id))
    html = facilitator.get(f"/cohorts/{circle.cohort_id}/messages/{conversation_id}").get_data(as_text=True)
    assert "0712 345 678" not in html and "Grace Wanjiru" not in html and "This message has been removed." in html
