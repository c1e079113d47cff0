"""What a facilitator grants one learner alone: more time in a module, another attempt at a quiz.
The learner sees it on their own pages, is told by email, and nobody else's dates change."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.cohorts import queries
from lms.cohorts.models import Cohort, ModuleSchedule
from lms.courses.models import Activity, Module
from lms.extensions import db
from tests.conftest import body_text, subject, visible_text
from tests.learning.test_quiz import WRONG


def _first_module_overdue(app, classroom, now):
    with app.app_context():
        first = db.session.scalar(select(Module).where(Module.slug == "first"))
        entry = db.session.scalar(select(ModuleSchedule).where(ModuleSchedule.cohort_id == classroom.cohort_id,
                                                               ModuleSchedule.module_id == first.id))
        entry.due_at = now() - dt.timedelta(days=2)
        db.session.commit()
        return first.id


def _dashboard_row(client, title="Module first"):
    text = visible_text(client.get("/learn").get_data(as_text=True))
    start = text.rindex(title)  # its row in the table of modules
    return text[start:start + 120]


def test_more_time_for_one_learner_shows_on_their_dashboard_and_the_progress_view_only(
        client, make_client, classroom, make_user, app, now, mailbox):
    module_id = _first_module_overdue(app, classroom, now)
    other = make_user(full_name="Lin Wei")
    with app.app_context():
        from lms.cohorts.services import enrol
        from lms.users.models import User
        enrol(db.session, db.session.get_one(Cohort, classroom.cohort_id), db.session.get_one(User, other.id))
        db.session.commit()
    learner = make_client()
    learner.login(classroom.learner)
    assert "Overdue" in _dashboard_row(learner)

    client.login(classroom.facilitator)
    page = f"/cohorts/{classroom.cohort_id}/learners/{classroom.learner.id}"
    mailbox.clear()
    response = client.submit(f"{page}/extensions", {"extend-module_id": str(module_id),
                                                    "extend-due_on": now.day(10).isoformat(),
                                                    "extend-reason": "After your exams"}, page=page)
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Awa Sarr now has until the end of" in html and "After your exams" in html

    assert "Overdue" not in _dashboard_row(learner)
    notice = mailbox.wait_to(classroom.learner.email)
    assert "More time" in subject(notice) and "Module first" in body_text(notice)
    assert "After your exams" in body_text(notice) and "Europe/Berlin" in body_text(notice)
    with app.app_context():
        roster = queries.roster(db.session, db.session.get_one(Cohort, classroom.cohort_id))
        statuses = {row.learner.full_name: row.cells[0].status for row in roster.rows}
        assert statuses == {"Awa Sarr": "not_started", "Lin Wei": "overdue"}
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "deadline_extended"))

    # Withdrawn: the cohort's date applies to them again.
    html = client.get(page).get_data(as_text=True)
    withdraw = html[html.index("/extensions/"):].split('"')[0]
    assert client.submit(f"{page}{withdraw}", {}, page=page).status_code == 302
    assert "Overdue" in _dashboard_row(learner)


def test_a_due_date_no_later_than_the_cohorts_is_refused_and_what_was_typed_is_kept(client, classroom, app, now):
    module_id = _first_module_overdue(app, classroom, now)
    client.login(classroom.facilitator)
    page = f"/cohorts/{classroom.cohort_id}/learners/{classroom.learner.id}"
    response = client.submit(f"{page}/extensions", {"extend-module_id": str(module_id),
                                                    "extend-due_on": now.day(-5).isoformat(),
                                                    "extend-reason": "Family reasons"}, page=page)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The new due date must be later than the cohort&#39;s." in html or \
        "The new due date must be later than the cohort's." in visible_text(html)
    assert 'value="Family reasons"' in html and f'value="{now.day(-5).isoformat()}"' in html


def test_another_attempt_at_a_quiz_for_one_learner(client, make_client, classroom, app, mailbox):
    learner = make_client()
    learner.login(classroom.learner)
    quiz = f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz"
    for _ in range(2):  # the test quiz allows two attempts
        assert learner.submit(quiz, WRONG).status_code == 302
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).where(Activity.slug == "first-quiz"))
        from lms.learning.models import QuizAttempt
        assert len(db.session.scalars(select(QuizAttempt)).all()) == 2
    refused = learner.submit(quiz, WRONG)  # a third try is refused, saying why
    assert "You have used all your attempts at this quiz." in refused.get_data(as_text=True)

    client.login(classroom.facilitator)
    page = f"/cohorts/{classroom.cohort_id}/learners/{classroom.learner.id}"
    assert "2 of 2" in visible_text(client.get(page).get_data(as_text=True))
    mailbox.clear()
    response = client.submit(f"{page}/attempts", {"attempt-activity_id": str(activity_id),
                                                  "attempt-reason": "The connection dropped"}, page=page)
    assert response.status_code == 302
    assert "2 of 3" in visible_text(client.get(page).get_data(as_text=True))
    notice = mailbox.wait_to(classroom.learner.email)
    assert "Another attempt" in subject(notice) and "The connection dropped" in body_text(notice)

    assert "You have used all your attempts" not in visible_text(learner.get(quiz).get_data(as_text=True))
    assert learner.submit(quiz, WRONG).status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(QuizAttempt)).all()) == 3
