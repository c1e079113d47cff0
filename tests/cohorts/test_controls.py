"""What facilitators expect to be able to undo and correct: enrolments, live sessions, announcements;
a page per learner; a grading workspace that goes from one piece of work to the next."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.cohorts.models import Announcement, Enrolment, LiveSession
from lms.extensions import db
from lms.users.models import User
from tests.conftest import body_text, subject
from tests.learning.test_work import LONG_TEXT


def test_a_learner_enrolled_by_mistake_is_removed_told_and_keeps_their_work(client, classroom, make_client, app,
                                                                           mailbox):
    learner = make_client()
    learner.login(classroom.learner)
    learner.submit(f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection",
                   {"text": LONG_TEXT, "action": "save"})
    client.login(classroom.facilitator)
    page = f"/cohorts/{classroom.cohort_id}/learners"
    remove = f"{page}/{classroom.learner.id}/remove"
    unconfirmed = client.submit(remove, {}, page=page)
    assert "Tick the box to confirm" in client.get(unconfirmed.headers["Location"]).get_data(as_text=True)
    mailbox.clear()
    assert client.submit(remove, {"confirm": "yes"}, page=page).status_code == 302
    assert "Awa Sarr is no longer in this cohort" in client.get(page).get_data(as_text=True)
    notice = mailbox.wait_to(classroom.learner.email)
    assert "no longer" in subject(notice) and "Your account, your progress and your work stay" in body_text(notice)
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrolment.id))) == 0
        assert db.session.get(User, classroom.learner.id).active  # the account stays
    assert learner.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first").status_code == 403


def test_a_live_session_with_a_wrong_date_can_be_deleted(client, classroom, app, now):
    client.login(classroom.facilitator)
    sessions = f"/cohorts/{classroom.cohort_id}/sessions"
    client.submit(sessions, {"title": "Wrong day", "starts": f"{now.day(3)}T10:00", "duration": "60",
                             "link": "https://meet.example.org/x"})
    with app.app_context():
        live_id = db.session.scalar(select(LiveSession.id))
    assert client.submit(f"{sessions}/{live_id}/delete", {"confirm": "yes"}, page=sessions).status_code == 302
    html = client.get(sessions).get_data(as_text=True)
    assert "The live session Wrong day has been deleted." in html and "No live session yet." in html


def test_an_announcement_is_corrected_without_a_second_email_and_can_be_deleted(client, classroom, app, mailbox,
                                                                              make_client):
    client.login(classroom.facilitator)
    page = f"/cohorts/{classroom.cohort_id}/announcements"
    client.submit(page, {"title": "Webinar on Tusday", "body": "See you there."})
    mailbox.wait_for(1)
    with app.app_context():
        announcement_id = db.session.scalar(select(Announcement.id))
    edit = f"{page}/{announcement_id}"
    assert client.submit(edit, {"title": "Webinar on Tuesday", "body": "See you there."}).status_code == 302
    learner = make_client()
    learner.login(classroom.learner)
    dashboard = learner.get("/learn").get_data(as_text=True)
    assert "Webinar on Tuesday" in dashboard and "Tusday" not in dashboard
    assert len(mailbox.messages) == 1  # corrected, not sent again
    assert client.submit(f"{edit}/delete", {"confirm": "yes"}, page=page).status_code == 302
    assert "Webinar on Tuesday" not in learner.get("/learn").get_data(as_text=True)


def test_a_page_per_learner_shows_their_work_in_this_cohort(client, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    learner.submit(f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection",
                   {"text": LONG_TEXT, "action": "submit"})
    client.login(classroom.facilitator)
    html = client.get(f"/cohorts/{classroom.cohort_id}/learners/{classroom.learner.id}").get_data(as_text=True)
    assert "Awa Sarr" in html and "Submitted" in html and "Not started" in html and "Live sessions attended: 0" in html


def test_the_grading_workspace_goes_from_one_piece_of_work_to_the_next(client, classroom, make_client, make_user, app,
                                                                     now):
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import enrol
    other = make_user(full_name="Second Learner")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, other.id))
        db.session.commit()
    for person in (classroom.learner, other):
        writer = make_client()
        writer.login(person)
        writer.submit(f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection",
                      {"text": LONG_TEXT, "action": "submit"})
        now.advance(minutes=5)
    client.login(classroom.facilitator)
    queue = client.get(f"/cohorts/{classroom.cohort_id}/grading").get_data(as_text=True)
    first = queue.split(f"/cohorts/{classroom.cohort_id}/work/")[1].split('"')[0]
    page = client.get(f"/cohorts/{classroom.cohort_id}/work/{first}").get_data(as_text=True)
    assert 'rel="next"' in page and 'rel="prev"' not in page and 'class="workspace"' in page
    response = client.submit(f"/cohorts/{classroom.cohort_id}/work/{first}",
                             {"decision": "accepted", "comment": "Good."})
    assert "/work/" in response.headers["Location"] and not response.headers["Location"].endswith(f"/{first}")
