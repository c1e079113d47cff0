"""Quizzes: every question type, clear messages, feedback that teaches, limits, no double counting."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.models import QuizAttempt
from tests.conftest import csrf_fields

ALL_RIGHT = {"q-unemployed": "m73", "q-paris": "true", "q-target": " 4.3 ", "q-areas": ["campus", "culture"]}


def quiz_url(classroom):
    return f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz"


def attempts(app):
    with app.app_context():
        return db.session.scalar(select(func.count(QuizAttempt.id)))


def test_the_quiz_shows_every_question_type(client, classroom):
    client.login(classroom.learner)
    html = client.get(quiz_url(classroom)).get_data(as_text=True)
    assert 'type="radio"' in html and 'type="checkbox"' in html and 'name="q-target"' in html
    assert "How many young people are unemployed?" in html
    assert ">True<" in html and ">False<" in html
    assert "You pass with 50% of the answers right." in html


def test_unanswered_questions_are_named_and_given_answers_kept(client, classroom, app):
    client.login(classroom.learner)
    response = client.submit(quiz_url(classroom), {"q-unemployed": "m10", "q-target": "4.4"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert html.count("Answer this question.") >= 2
    assert '<input checked id="q-unemployed-1" name="q-unemployed" required type="radio" value="m10">' in html
    assert 'value="4.4"' in html
    assert attempts(app) == 0


def test_a_submitted_quiz_shows_the_score_and_each_questions_feedback(client, classroom):
    client.login(classroom.learner)
    answers = {**ALL_RIGHT, "q-unemployed": "m10"}
    response = client.submit(quiz_url(classroom), answers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/quizzes/first-quiz/attempts/1")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attempt 1: 75%" in html and "you passed." in html
    assert "You answered: 10 million — Too few." in html
    assert "Not right" in html and html.count("<strong>Right</strong>") == 3


def test_two_clicks_or_two_tabs_count_once(client, classroom, app):
    client.login(classroom.learner)
    page = client.get(quiz_url(classroom)).get_data(as_text=True)
    form = {**csrf_fields(page), **ALL_RIGHT, "attempt": "1"}
    first = client.raw.post(quiz_url(classroom), data=form)
    second = client.raw.post(quiz_url(classroom), data=form)  # the same form, sent again
    assert first.headers["Location"] == second.headers["Location"]
    assert attempts(app) == 1
    assert "already been submitted" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_the_attempt_limit_is_enforced(client, classroom, app):
    client.login(classroom.learner)
    wrong = {"q-unemployed": "m10", "q-paris": "false", "q-target": "4.4", "q-areas": ["sport"]}
    for number in (1, 2):
        response = client.submit(quiz_url(classroom), wrong)
        assert response.headers["Location"].endswith(f"/attempts/{number}")
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not passed yet: you need 50%." in result and "Try again" not in result
    page = client.get(quiz_url(classroom)).get_data(as_text=True)
    assert "You have used all your attempts at this quiz." in page
    client.submit(quiz_url(classroom), ALL_RIGHT, page="/learn")
    assert attempts(app) == 2


def test_a_facilitator_previews_but_cannot_submit(client, classroom, app):
    client.login(classroom.facilitator)
    page = client.get(quiz_url(classroom)).get_data(as_text=True)
    assert "only learners submit answers" in page
    assert client.submit(quiz_url(classroom), ALL_RIGHT).status_code == 403
    assert attempts(app) == 0


def test_feedback_comes_in_the_learners_language(client, classroom):
    client.login(classroom.learner)
    client.get("/learn?lang=zh")
    response = client.submit(quiz_url(classroom), {**ALL_RIGHT, "q-unemployed": "m10"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Too few.（中文）" in html and "第 1 次作答：75%" in html
