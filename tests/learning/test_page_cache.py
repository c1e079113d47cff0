"""Learners' dashboards and lesson pages are kept rendered, and whatever changes them shows at once."""
from __future__ import annotations

import gzip

import pytest
from flask import request
from sqlalchemy import select

from lms.cohorts.facilitation import announce
from lms.cohorts.models import Cohort, ModuleSchedule
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning.models import Submission, SubmissionReview
from lms.users.models import User
from tests.core.test_query_counts import counting


def test_a_dashboard_read_again_comes_from_the_cache_in_two_queries(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    first = learner.get("/learn").get_data(as_text=True)
    with counting(app) as statements:
        again = learner.get("/learn").get_data(as_text=True)
    assert again == first
    assert len(statements) == 2  # the signed-in reader (Flask-Login), then the versions of their cohorts


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
    # The reader (Flask-Login), the cohort with whether they are enrolled in it (what the permission
    # to see it reads, as on any page of a cohort), the lesson's state.
    assert again == first and len(statements) == 3
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
    assert len(statements) == 2
    assert again.get_data() == first.get_data() and sorted(again.headers) == sorted(first.headers)
    assert again.headers["Content-Security-Policy"] and "Set-Cookie" not in again.headers
    for _ in range(2):
        with counting(app) as statements:
            zipped = learner.get("/learn", headers={"Accept-Encoding": "gzip, deflate"})
    assert len(statements) == 2 and zipped.headers["Content-Encoding"] == "gzip"
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
    with app.app_context():  # the password changed in another browser: every sign-in ended
        from lms.auth import sessions
        sessions.end_all(db.session, db.session.get(User, classroom.learner.id))
        db.session.commit()
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


@pytest.fixture()
def hook(app):
    """A before_request hook added to the app, as a maintenance mode or a terms-of-use check would be."""
    seen: list[str] = []
    closed = {"now": False}

    def maintenance():
        seen.append(request.path)
        if closed["now"]:
            return "Closed for maintenance", 503

    app.before_request_funcs.setdefault(None, []).append(maintenance)
    yield seen, closed
    app.before_request_funcs[None].remove(maintenance)


def test_a_hook_added_to_the_app_runs_on_every_request_to_a_kept_page(app, classroom, make_client, hook):
    seen, closed = hook
    learner = make_client()
    learner.login(classroom.learner)
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    seen.clear()
    for path in ("/learn", "/learn", "/learn", lesson, lesson, lesson):
        assert learner.get(path).status_code == 200
    assert seen == ["/learn"] * 3 + [lesson] * 3
    closed["now"] = True  # and what it answers wins over the kept page
    assert learner.get("/learn").status_code == 503 and learner.get(lesson).status_code == 503


def test_a_check_that_fails_refuses_a_kept_page_at_once(app, classroom, make_client):
    from lms.cohorts.models import Enrolment
    learner = make_client()
    learner.login(classroom.learner)
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    learner.get(lesson)
    assert learner.get(lesson).status_code == 200  # kept
    with app.app_context():  # unenrolled: the cohort's permission check now says no
        db.session.execute(Enrolment.__table__.delete())
        db.session.commit()
    assert learner.get(lesson).status_code == 403


def test_every_page_that_may_be_kept_is_declared_so_and_nothing_else_answers_before_flask(app):
    from lms.core.edge import Page
    kept = sorted(rule.endpoint for rule in app.url_map.iter_rules()
                  if isinstance(getattr(app.view_functions[rule.endpoint], "page", None), Page)
                  and app.view_functions[rule.endpoint].page.kept is not None)
    assert kept == ["learning.dashboard", "learning.lesson"]
    assert app.wsgi_app.__self__ is app  # no middleware in front of Flask answers requests itself


def test_a_kept_page_has_an_etag_and_a_browser_holding_it_gets_a_304(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    first = learner.get("/learn")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    with counting(app) as statements:
        again = learner.get("/learn", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert len(statements) == 2
    with app.app_context():  # the facilitator posts an announcement: a new version, a new ETag
        announce(db.session, db.session.get(Cohort, classroom.cohort_id),
                 db.session.get(User, classroom.facilitator.id), "Bring your plan", "On Thursday.")
        db.session.commit()
    changed = learner.get("/learn", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Bring your plan" in changed.get_data(as_text=True)


def test_a_language_asked_for_in_the_address_is_followed_by_the_kept_page(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    learner.get("/learn")
    assert '<html lang="en"' in learner.get("/learn").get_data(as_text=True)
    assert '<html lang="fr"' in learner.get("/learn?lang=fr").get_data(as_text=True)
    for _ in range(2):
        with counting(app) as statements:
            french = learner.get("/learn").get_data(as_text=True)
    assert '<html lang="fr"' in french and len(statements) == 2
    assert '<html lang="zh"' in learner.get("/learn?lang=zh").get_data(as_text=True)
    assert '<html lang="zh"' in learner.get("/learn").get_data(as_text=True)
