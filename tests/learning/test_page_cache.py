"""Learners' dashboards and lesson pages are kept rendered, and whatever changes them shows at once."""
from __future__ import annotations

import gzip

import pytest
from sqlalchemy import select

from lms.cohorts.facilitation import announce
from lms.cohorts.models import Cohort, ModuleSchedule
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning.kept import session_identifier
from lms.learning.models import Submission, SubmissionReview
from lms.users.models import User, new_session_token
from tests.core.test_query_counts import counting


def test_a_dashboard_read_again_comes_from_the_cache_in_one_query(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    first = learner.get("/learn").get_data(as_text=True)
    with counting(app) as statements:
        again = learner.get("/learn").get_data(as_text=True)
    assert again == first
    assert len(statements) == 1  # the signed-in reader and the versions of their cohorts, read together


def test_what_others_change_shows_on_the_kept_dashboard_at_once(app, classroom, make_client, now):
    learner = make_client()
    learner.login(classroom.learner)
    assert "Bring your college plan" not in learner.get("/learn").get_data(as_text=True)
    learner.get("/learn")  # kept
    with app.app_context():  # the facilitator posts an announcement: the cohort's pages change
        cohort = db.session.get(Cohort, classroom.cohort_id)
        announce(db.session, cohort, db.session.get(User, classroom.facilitator.id), "Bring your college plan",
                 "We compare plans on Thursday.")
        db.session.commit()
    assert "Bring your college plan" in learner.get("/learn").get_data(as_text=True)
    with app.app_context():  # a review of the learner's work: their own pages change
        reflection = db.session.scalar(select(Activity).where(Activity.type == "reflection"))
        work = Submission(user_id=classroom.learner.id, activity_id=reflection.id, cohort_id=classroom.cohort_id,
                          status="accepted", content={"text": "What we changed."})
        db.session.add(work)
        db.session.flush()
        db.session.add(SubmissionReview(submission_id=work.id, reviewer_id=classroom.facilitator.id,
                                        decision="accepted", comment="Clear and concrete."))
        db.session.commit()
    assert "Recent feedback" in learner.get("/learn").get_data(as_text=True)
    later = str(now.today.year + 2)  # no date of the cohort falls in that year
    assert later not in learner.get("/learn").get_data(as_text=True)
    with app.app_context():  # the schedule moves: due dates on the dashboard change
        first = db.session.scalar(select(ModuleSchedule).where(ModuleSchedule.cohort_id == classroom.cohort_id)
                                  .order_by(ModuleSchedule.id))
        first.due_at = first.due_at.replace(year=now.today.year + 2)
        db.session.commit()
    assert later in learner.get("/learn").get_data(as_text=True)


def test_a_lesson_read_again_is_kept_and_marking_it_done_shows_at_once(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    first = learner.get(lesson).get_data(as_text=True)
    learner.get(lesson)  # read again within five minutes: nothing written, the page kept
    with counting(app) as statements:
        again = learner.get(lesson).get_data(as_text=True)
    assert again == first and len(statements) == 1  # the reader and the lesson's state, read together
    assert "You marked this lesson as done" not in again
    learner.submit(f"{lesson}/done", {}, page=lesson)
    assert "You marked this lesson as done" in learner.get(lesson).get_data(as_text=True)


def test_kept_pages_are_each_readers_own_and_messages_are_never_kept(app, classroom, make_client, make_user):
    from lms.cohorts.services import enrol
    other = make_user(full_name="Second Reader")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, other.id))
        db.session.commit()
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-practice"
    readers = {}
    for person in (classroom.learner, other):
        client = make_client()
        client.login(person)
        for _ in range(3):
            html = client.get(lesson).get_data(as_text=True)
        readers[person.full_name] = (client, html)
    assert "Second Reader" in readers["Second Reader"][1] and "Awa Sarr" not in readers["Second Reader"][1]
    assert "Awa Sarr" in readers["Awa Sarr"][1]
    client = readers["Awa Sarr"][0]
    client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/no-such-module")  # nothing flashed
    with client.raw.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this reader only.")]
    shown = client.get(lesson).get_data(as_text=True)
    assert "A message for this reader only." in shown
    assert "A message for this reader only." not in client.get(lesson).get_data(as_text=True)


def test_a_kept_page_is_sent_as_it_was_first_sent_and_gzip_only_to_browsers_that_take_it(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    first = learner.get("/learn")
    with counting(app) as statements:
        again = learner.get("/learn")
    assert len(statements) == 1
    assert again.get_data() == first.get_data() and list(again.headers) == list(first.headers)
    assert again.headers["Content-Security-Policy"] and "Set-Cookie" not in again.headers
    for _ in range(2):
        with counting(app) as statements:
            zipped = learner.get("/learn", headers={"Accept-Encoding": "gzip, deflate"})
    assert len(statements) == 1 and zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == first.get_data()
    plain = learner.get("/learn")
    assert "Content-Encoding" not in plain.headers and plain.get_data() == first.get_data()


def test_a_kept_page_is_never_sent_once_the_session_no_longer_stands(app, classroom, make_client):
    def signed_in_and_kept():
        learner = make_client()
        learner.login(classroom.learner)
        learner.get("/learn")
        assert learner.get("/learn").status_code == 200
        return learner

    def change(**values):
        with app.app_context():
            person = db.session.get(User, classroom.learner.id)
            for name, value in values.items():
                setattr(person, name, value)
            db.session.commit()

    learner = signed_in_and_kept()
    change(session_token=new_session_token())  # the password changed in another browser
    assert "/login" in learner.get("/learn").headers["Location"]
    learner = signed_in_and_kept()
    change(active=False)
    assert "/login" in learner.get("/learn").headers["Location"]
    change(active=True)
    learner = signed_in_and_kept()
    with app.app_context():
        from lms.core.permissions import Role
        change(role=Role.facilitator)
    assert learner.get("/learn").status_code == 403


def test_a_session_taken_to_another_browser_is_left_to_flask_login(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    learner.get("/learn")
    learner.get("/learn")
    with counting(app) as statements:
        elsewhere = learner.get("/learn", headers={"User-Agent": "Another browser/1.0"})
    assert elsewhere.status_code == 200 and len(statements) > 1  # rendered, not kept
    assert "Set-Cookie" in elsewhere.headers  # Flask-Login marked the session as no longer fresh
    with learner.raw.session_transaction() as session:
        assert session["_fresh"] is False


@pytest.mark.parametrize("headers, address", [
    ({}, "127.0.0.1"),
    ({"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"}, "10.1.2.3"),
    ({"User-Agent": "Navigateur ünïcode 浏览器", "X-Forwarded-For": "203.0.113.7, 10.0.0.1"}, "10.0.0.1"),
    ({"X-Forwarded-For": " 198.51.100.2 "}, None),
])
def test_the_browser_a_session_belongs_to_is_told_as_flask_login_tells_it(app, headers, address):
    from flask_login.utils import _create_identifier
    with app.test_request_context("/learn", headers=headers, environ_base={"REMOTE_ADDR": address}) as context:
        assert session_identifier(context.request.environ) == _create_identifier()


def test_a_language_asked_for_in_the_address_is_followed_by_the_kept_page(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    learner.get("/learn")
    assert '<html lang="en"' in learner.get("/learn").get_data(as_text=True)
    assert '<html lang="fr"' in learner.get("/learn?lang=fr").get_data(as_text=True)
    for _ in range(2):
        with counting(app) as statements:
            french = learner.get("/learn").get_data(as_text=True)
    assert '<html lang="fr"' in french and len(statements) == 1
    assert '<html lang="zh"' in learner.get("/learn?lang=zh").get_data(as_text=True)
    assert '<html lang="zh"' in learner.get("/learn").get_data(as_text=True)
