"""Quizzes: every question type, clear messages, feedback that teaches, limits, no double counting."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.courses.models import Activity
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
    assert re.search(r'<input checked id="q-unemployed-\d" name="q-unemployed" required type="radio" '
                     r'value="m10">', html)
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
    # Passed: the full answers, the learner's own marked.
    assert "<strong>Correct answer:</strong> 73 million — Right: para. 10." in html
    assert '10 million <span class="tag">your answer</span> — Too few.' in html
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
    # Not a dead end: what to do now, and the facilitator to write to.
    assert "have no attempt left" in result and f"mailto:{classroom.facilitator.email}" in result
    page = client.get(quiz_url(classroom)).get_data(as_text=True)
    assert "You have used all your attempts at this quiz." in page
    assert "have no attempt left" in page and "Back to the module" in page
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


# Options shuffled per attempt, feedback that keeps the key -----------------------------

WRONG = {"q-unemployed": "m10", "q-paris": "false", "q-target": "4.4", "q-areas": ["sport"]}


def shown_order(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}"[^>]*value="([^"]+)"', html)


def test_options_are_shuffled_per_attempt_stable_within_it_and_recorded(client, classroom, app):
    client.login(classroom.learner)
    first = client.get(quiz_url(classroom)).get_data(as_text=True)
    again = client.get(quiz_url(classroom)).get_data(as_text=True)
    orders = {name: shown_order(first, name) for name in ("q-unemployed", "q-areas")}
    assert orders == {name: shown_order(again, name) for name in orders}  # the same attempt, the same order
    assert sorted(orders["q-areas"]) == ["campus", "culture", "sport"]
    client.submit(quiz_url(classroom), WRONG)
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert attempt.option_order == {"unemployed": orders["q-unemployed"], "areas": orders["q-areas"]}
    second = client.get(quiz_url(classroom)).get_data(as_text=True)
    assert {name: shown_order(second, name) for name in orders} != orders  # the next attempt looks different


def test_the_same_learner_gets_the_same_orders_on_another_run(client, classroom, app):
    """Seeded per attempt, not random: the order is reproducible (and so are the tests)."""
    from lms.courses.activities import Quiz, attempt_seed

    with app.app_context():
        questions = db.session.scalars(select(Activity.definition).where(Activity.slug == "first-quiz")).one()[
            "questions"]
    one = Quiz.option_order(questions, attempt_seed(7, 3, 1))
    assert one == Quiz.option_order(questions, attempt_seed(7, 3, 1))
    assert Quiz.option_order(questions, attempt_seed(7, 3, 2), avoid=one) != one


def test_feedback_teaches_without_the_key_until_the_last_attempt(client, classroom):
    client.login(classroom.learner)
    response = client.submit(quiz_url(classroom), {**WRONG, "q-target": "4.3"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not passed yet" in html and html.count("<strong>Not right</strong>") == 3
    assert "You answered: 10 million — Too few." in html and "You answered: Sport — No." in html
    # Neither the right option nor its feedback is named, in any question.
    for key in ("73 million", "Right: para. 10.", "Campus", "Culture", "Correct answer"):
        assert key not in html
    assert "the answers are shown once you pass or have used your last attempt" in html

    response = client.submit(quiz_url(classroom), WRONG)  # the second and last attempt
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>Correct answer:</strong> 73 million — Right: para. 10." in html
    assert "<strong>Correct answer:</strong> Campus" in html and "<strong>Correct answer:</strong> Culture" in html
    assert "<strong>The answer:</strong> 4.3" in html and "<strong>The answer:</strong> True" in html
    # The first attempt's page now shows the answers too: nothing is left to give away.
    assert "Correct answer" in client.get(response.headers["Location"].replace("/2", "/1")).get_data(as_text=True)


def test_a_multiple_choice_answer_missing_a_right_option_says_so_without_naming_it(client, classroom):
    client.login(classroom.learner)
    response = client.submit(quiz_url(classroom), {**WRONG, "q-areas": ["campus"]})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You chose only some of the answers that apply." in html
    assert "Culture" not in html


def test_a_number_written_the_french_way_is_accepted(client, classroom, app):
    from tests.courses.course_files import replace_in

    replace_in(classroom.folder / "01-first" / "quiz.yaml", "  answers:\n", "  numeric:\n    value: 4.3\n  answers:\n")
    reimport = app.test_cli_runner().invoke(args=["courses", "import", str(classroom.folder.parent)])
    assert reimport.exit_code == 0, reimport.output
    client.login(classroom.learner)
    response = client.submit(quiz_url(classroom), {**ALL_RIGHT, "q-target": "4,3"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attempt 1: 100%" in html
