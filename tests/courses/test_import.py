"""`courses import`: idempotent, and every learner's progress, attempts and submissions survive."""
from __future__ import annotations

import json
import shutil

from sqlalchemy import select

from lms.courses.models import Activity, Lesson, LessonText, Module
from lms.extensions import db
from lms.learning.models import LessonProgress, QuizAttempt, Submission
from lms.learning.services import mark_lesson_done, submit_quiz
from lms.users.models import User
from tests.courses.course_files import replace_in, write_course


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["courses", *args])
    return result


def import_ok(app, folder):
    result = run(app, "import", str(folder))
    assert result.exit_code == 0, result.output
    return result.output


def lesson(slug):
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def activity(slug):
    return db.session.scalar(select(Activity).where(Activity.slug == slug))


def test_import_reports_what_it_added_and_a_second_run_changes_nothing(app, tmp_path):
    write_course(tmp_path)
    first = import_ok(app, tmp_path)
    assert "1 added" not in first and "lesson first-intro" in first and "quiz first-quiz" in first
    assert first.splitlines()[0].endswith("added") and int(first.split()[0]) == 1 + 2 + 4 + 6
    second = import_ok(app, tmp_path)
    assert "Nothing changed." in second
    assert "0 added" in second and "0 changed" in second


def test_lessons_are_rendered_to_safe_html_at_import(app, tmp_path):
    folder = write_course(tmp_path)
    replace_in(folder / "01-first" / "lessons" / "first-intro.en.md", "## Lesson",
               "<script>alert('x')</script>\n\n## Lesson")
    import_ok(app, tmp_path)
    with app.app_context():
        html = db.session.scalar(select(LessonText.html).join(Lesson).where(
            Lesson.slug == "first-intro", LessonText.language == "en"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="/programmes/demo-programme/lessons/first-practice">' in html
    assert "<h2>Lesson first-intro</h2>" in html


def test_editing_english_keeps_progress_and_marks_translations_outdated(app, tmp_path, make_user):
    folder = write_course(tmp_path)
    import_ok(app, tmp_path)
    learner = make_user()
    with app.app_context():
        progress_id = mark_lesson_done(db.session, db.session.get(User, learner.id), lesson("first-intro")).id
        db.session.commit()

    replace_in(folder / "01-first" / "lessons" / "first-intro.en.md", "73 million unemployed",
               "seventy-three million unemployed")
    output = import_ok(app, tmp_path)
    assert "1 changed" in output and "lesson first-intro" in output
    with app.app_context():
        progress = db.session.get(LessonProgress, progress_id)
        assert progress is not None and progress.completed_at is not None
        assert progress.lesson_id == lesson("first-intro").id
        texts = {t.language: t for t in lesson("first-intro").texts}
        assert "seventy-three" in texts["en"].body
        assert (texts["en"].outdated, texts["zh"].outdated, texts["fr"].outdated) == (False, True, True)
    summary = json.loads(run(app, "check", str(tmp_path), "--json").output)
    assert summary["programmes"][0]["outdated"] == {"zh": 1, "fr": 1}
    assert summary["ok"] is True  # outdated is a state to report, not an error


def test_reordering_keeps_progress(app, tmp_path, make_user):
    folder = write_course(tmp_path)
    import_ok(app, tmp_path)
    learner = make_user()
    with app.app_context():
        mark_lesson_done(db.session, db.session.get(User, learner.id), lesson("first-practice"))
        db.session.commit()
        lesson_id = lesson("first-practice").id
    replace_in(folder / "01-first" / "module.yaml", "- first-intro\n- first-practice",
               "- first-practice\n- first-intro")
    replace_in(folder / "programme.yaml", "- first\n- second", "- second\n- first")
    output = import_ok(app, tmp_path)
    assert "module first" in output and "lesson first-intro" in output
    with app.app_context():
        assert lesson("first-practice").id == lesson_id and lesson("first-practice").position == 0
        assert db.session.scalar(select(Module.position).where(Module.slug == "second")) == 0
        assert db.session.scalar(select(LessonProgress.lesson_id)) == lesson_id


def test_removing_an_answered_question_keeps_the_attempt_intact(app, tmp_path, make_user):
    folder = write_course(tmp_path)
    import_ok(app, tmp_path)
    learner = make_user()
    answers = {"unemployed": "m73", "paris": True, "target": " 4.3 ", "areas": ["campus"]}
    with app.app_context():
        attempt = submit_quiz(db.session, db.session.get(User, learner.id), activity("first-quiz"),
                              answers, "en")
        db.session.commit()
        before = (attempt.id, attempt.score, attempt.results, attempt.questions)
    assert before[1] == 75 and before[2]["areas"] is False

    quiz = folder / "01-first" / "quiz.yaml"
    text = quiz.read_text(encoding="utf-8")
    start = text.index("- id: unemployed")
    quiz.write_text(text[:start] + text[text.index("- id: paris"):], encoding="utf-8")
    output = import_ok(app, tmp_path)
    assert "quiz first-quiz" in output
    with app.app_context():
        assert [q["id"] for q in activity("first-quiz").definition["questions"]] == ["paris", "target", "areas"]
        kept = db.session.get(QuizAttempt, before[0])
        assert (kept.id, kept.score, kept.results, kept.questions) == before
        assert kept.questions[0]["id"] == "unemployed" and kept.answers["unemployed"] == "m73"


def test_removed_items_with_learner_data_are_retired_and_others_deleted(app, tmp_path, make_user):
    folder = write_course(tmp_path)
    import_ok(app, tmp_path)
    learner = make_user()
    with app.app_context():
        user = db.session.get(User, learner.id)
        mark_lesson_done(db.session, user, lesson("second-intro"))
        submit_quiz(db.session, user, activity("second-quiz"), {"paris": True}, "fr")
        db.session.add(Submission(user_id=user.id, activity_id=activity("action-plan").id,
                                  content={"vision": "Un campus vert d'ici 2030."}, status="submitted"))
        db.session.commit()

    shutil.rmtree(folder / "02-second")
    replace_in(folder / "programme.yaml", "- second\n", "")
    output = import_ok(app, tmp_path)
    assert "lesson second-intro" in output.split("retired")[1].split("deleted")[0]
    assert "lesson second-practice" in output.split("deleted")[-1]
    assert "module second" in output.split("retired")[1]
    with app.app_context():
        assert lesson("second-intro").retired_at is not None
        assert lesson("second-practice") is None
        assert activity("second-quiz").retired_at is not None
        assert activity("action-plan").retired_at is not None
        assert activity("second-reflection") is None
        assert db.session.scalar(select(Module.retired_at).where(Module.slug == "second")) is not None
        assert db.session.scalar(select(Submission.content))["vision"] == "Un campus vert d'ici 2030."
        assert db.session.scalar(select(LessonProgress.lesson_id)) == lesson("second-intro").id

    # Bringing the module back brings back the same rows, with their history.
    write_course(tmp_path / "again")
    shutil.copytree(tmp_path / "again" / "demo-programme" / "02-second", folder / "02-second")
    replace_in(folder / "programme.yaml", "- first\n", "- first\n- second\n")
    import_ok(app, tmp_path)
    with app.app_context():
        assert lesson("second-intro").retired_at is None
        assert db.session.scalar(select(LessonProgress.lesson_id)) == lesson("second-intro").id

