"""Learners' dashboards and lesson pages are kept rendered, and whatever changes them shows at once."""
from __future__ import annotations

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
    assert len(statements) == 2  # the signed-in reader, and the versions of their cohorts


def test_what_others_change_shows_on_the_kept_dashboard_at_once(app, classroom, make_client):
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
    with app.app_context():  # the schedule moves: due dates on the dashboard change
        first = db.session.scalar(select(ModuleSchedule).where(ModuleSchedule.cohort_id == classroom.cohort_id)
                                  .order_by(ModuleSchedule.id))
        first.due_at = first.due_at.replace(year=2031, month=3, day=14)
        db.session.commit()
    assert "2031" in learner.get("/learn").get_data(as_text=True)


def test_a_lesson_read_again_is_kept_and_marking_it_done_shows_at_once(app, classroom, make_client):
    learner = make_client()
    learner.login(classroom.learner)
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    first = learner.get(lesson).get_data(as_text=True)
    learner.get(lesson)  # read again within five minutes: nothing written, the page kept
    with counting(app) as statements:
        again = learner.get(lesson).get_data(as_text=True)
    assert again == first and len(statements) == 2  # the reader, and the lesson's state
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
