"""The programme's events (lms/core/events.py) are said once, by the step that makes them true:
what webhooks and xAPI statements are built from."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select

from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.core import events
from lms.courses.models import Activity, Lesson, Module
from lms.demo_history import right_answers
from lms.extensions import db
from lms.learning import submissions
from lms.learning.services import mark_lesson_done, submit_quiz
from lms.users.models import User


@contextmanager
def heard():
    said: list[tuple[str, dict]] = []
    receivers = []
    for signal in events.ALL:
        def receiver(sender, _name=signal.name, **data):
            said.append((_name, data))
        receivers.append(receiver)
        signal.connect(receiver)
    try:
        yield said
    finally:
        for signal, receiver in zip(events.ALL, receivers, strict=True):
            signal.disconnect(receiver)


WORDS = " ".join(["word"] * 60)


def test_a_module_is_said_completed_once_by_the_step_that_completes_it(app, classroom):
    with app.app_context():
        learner = db.session.get_one(User, classroom.learner.id)
        facilitator = db.session.get_one(User, classroom.facilitator.id)
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        first = db.session.scalar(select(Module).where(Module.slug == "first"))
        lessons = db.session.scalars(select(Lesson).where(Lesson.module_id == first.id)).all()
        quiz, reflection = (db.session.scalar(select(Activity).where(Activity.slug == slug))
                            for slug in ("first-quiz", "first-reflection"))
        with heard() as said:
            for lesson in lessons:
                mark_lesson_done(db.session, learner, lesson)
                mark_lesson_done(db.session, learner, lesson)  # again: nothing new happened
            submit_quiz(db.session, learner, quiz, right_answers(quiz), "en")
            work = submissions.find_or_start(db.session, learner, reflection, cohort)
            assert submissions.save(db.session, work, reflection, {"text": WORDS}, submit=True) == []
            assert [name for name, _ in said].count("module-completed") == 0
            submissions.review(db.session, work, facilitator, "accepted", "Good.")
            submit_quiz(db.session, learner, quiz, right_answers(quiz), "en")  # a second pass
        names = [name for name, _ in said]
        assert names.count("lesson-launched") == 2 and names.count("lesson-completed") == 2
        assert names.count("quiz-attempted") == 2
        assert names.count("work-submitted") == 1 and names.count("work-reviewed") == 1
        completed = [data for name, data in said if name == "module-completed"]
        assert [(d["user"].id, d["module"].slug) for d in completed] == [(learner.id, "first")]
        assert names.index("module-completed") == names.index("work-reviewed") + 1


def test_enrolling_twice_is_said_once(app, classroom, make_user):
    other = make_user(full_name="Lin Wei")
    with app.app_context():
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        person = db.session.get_one(User, other.id)
        with heard() as said:
            enrol(db.session, cohort, person)
            enrol(db.session, cohort, person)
        assert [(name, data["user"].id) for name, data in said] == [("enrolled", person.id)]
