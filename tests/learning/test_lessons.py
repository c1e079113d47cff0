"""Learners read lessons in their language, mark them done and continue where they left off."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.cohorts.models import Cohort, ModuleSchedule
from lms.cohorts.services import enrol
from lms.courses.loader import check_courses
from lms.courses.models import LessonText
from lms.courses.services import import_courses
from lms.users.models import User
from lms.core.permissions import Role
from lms.courses.models import Module
from lms.extensions import db
from tests.courses.course_files import replace_in


def test_the_dashboard_shows_the_cohort_its_facilitators_and_modules(client, classroom):
    client.login(classroom.learner)
    html = client.get("/learn").get_data(as_text=True)
    assert "Demo programme" in html and "2026 online edition" in html and "Kwame Mensah" in html
    assert "Module first" in html and "Module second" in html
    assert "0 of 4 lessons done" in html
    assert "Start the first module" in html


def test_a_learner_reads_marks_done_and_continues_where_they_left_off(client, classroom, now):
    client.login(classroom.learner)
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    html = client.get(lesson).get_data(as_text=True)
    assert "<h1>Lesson first-intro</h1>" in html and "73 million unemployed" in html
    response = client.submit(f"{lesson}/done", {}, page=lesson)
    assert response.headers["Location"].endswith("/lessons/first-practice")
    now.advance(minutes=10)
    client.get(response.headers["Location"])
    dashboard = client.get("/learn").get_data(as_text=True)
    assert "1 of 4 lessons done" in dashboard
    assert "Continue where you left off" in dashboard
    assert f'href="/learn/cohorts/{classroom.cohort_id}/lessons/first-practice"' in dashboard
    # Marking the same lesson twice counts once.
    client.submit(f"{lesson}/done", {}, page=lesson)
    assert "1 of 4 lessons done" in client.get("/learn").get_data(as_text=True)


def test_lessons_come_in_the_learners_language(client, classroom, make_user, app):
    chinese = make_user(language="zh")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, chinese.id))
        db.session.commit()
    client.login(chinese)
    html = client.get(f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro").get_data(as_text=True)
    assert '<article lang="zh"' in html and "Lesson first-intro（中文）" in html
    assert "联合国教科文组织" in html


def test_a_missing_translation_falls_back_to_english_clearly_marked(client, classroom, app):
    # The checker refuses a missing language, so this is a lesson imported before its
    # translation was written (or from a programme offered in fewer languages).
    with app.app_context():
        text = db.session.scalar(select(LessonText).where(LessonText.language == "fr",
                                                          LessonText.title == "Lesson first-intro (fr)"))
        db.session.delete(text)
        db.session.commit()
    client.login(classroom.learner)
    html = client.get(f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro?lang=fr").get_data(as_text=True)
    assert '<article lang="en"' in html
    assert "Cette leçon n'est pas encore disponible dans votre langue" in html


def test_an_outdated_translation_says_so_and_offers_the_original(client, classroom, app):
    replace_in(classroom.folder / "01-first" / "lessons" / "first-intro.en.md", "73 million", "seventy-three million")
    with app.app_context():
        import_courses(db.session, check_courses(classroom.folder.parent))
        db.session.commit()
    client.login(classroom.learner)
    url = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    html = client.get(f"{url}?lang=zh").get_data(as_text=True)
    assert '<article lang="zh"' in html and f'href="{url}?original=1"' in html
    original = client.get(f"{url}?original=1").get_data(as_text=True)
    assert '<article lang="en"' in original and "seventy-three million" in original


def test_a_module_not_yet_open_is_visible_but_locked_with_its_date(client, classroom, app, now):
    with app.app_context():
        schedule = db.session.scalar(select(ModuleSchedule).join(Module).where(Module.slug == "second"))
        schedule.opens_at = now() + dt.timedelta(days=10)
        db.session.commit()
    client.login(classroom.learner)
    module = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/second").get_data(as_text=True)
    assert "This module opens on" in module
    assert "Lesson second-intro" in module
    assert f'href="/learn/cohorts/{classroom.cohort_id}/lessons/second-intro"' not in module
    response = client.get(f"/learn/cohorts/{classroom.cohort_id}/lessons/second-intro")
    assert response.status_code == 302 and response.headers["Location"].endswith("/modules/second")
    assert "Locked" in client.get("/learn").get_data(as_text=True)


def test_links_between_lessons_lead_to_the_readers_cohort(client, classroom):
    client.login(classroom.learner)
    response = client.get("/programmes/demo-programme/lessons/first-practice")
    assert response.headers["Location"] == f"/learn/cohorts/{classroom.cohort_id}/lessons/first-practice"


def test_another_learner_cannot_open_the_cohort(client, classroom, make_user):
    client.login(make_user(role=Role.learner))
    assert client.get(f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro").status_code == 403


def test_the_facilitator_previews_without_recording_progress(client, classroom):
    client.login(classroom.facilitator)
    html = client.get(f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro").get_data(as_text=True)
    assert "Lesson first-intro" in html and "Mark as done" not in html
