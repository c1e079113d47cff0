"""Recording what learners do: lessons done and quiz attempts graded against a snapshot."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.core import clock, events
from lms.courses.activities import Quiz
from lms.courses.models import Activity, Lesson
from lms.learning.models import LessonProgress, QuizAttempt
from lms.learning.quizzes import order_for
from lms.users.models import User


class AttemptsUsed(Exception):
    """The quiz allows no more attempts."""


def mark_lesson_done(session: Session, user: User, lesson: Lesson) -> LessonProgress:
    """Mark `lesson` done (once: the first time counts)."""
    progress, _written = record_view(session, user, lesson)
    first = progress.completed_at is None
    progress.completed_at = progress.completed_at or clock.utcnow()
    session.flush()
    if first:
        events.send(events.lesson_completed, session, user=user, lesson=lesson)
        events.step_completed(session, user, lesson.module_id)
    return progress


def submit_quiz(session: Session, user: User, activity: Activity, answers: dict[str, Any],
                language: str, number: int | None = None) -> QuizAttempt:
    """Grade and keep an attempt, with the questions as they stand now.

    `number` is the attempt the learner's form was for: sent twice (two clicks, two
    tabs, at the same moment), the second one hits the unique (learner, quiz, number)
    constraint instead of becoming another attempt.
    """
    definition = activity.definition
    done = session.scalar(select(func.count(QuizAttempt.id)).where(
        QuizAttempt.user_id == user.id, QuizAttempt.activity_id == activity.id)) or 0
    number = number or done + 1
    from lms.cohorts.allowances import attempts_allowed
    allowed = attempts_allowed(session, user.id, activity)
    if allowed and number > allowed:
        raise AttemptsUsed(activity.slug)
    questions = definition["questions"]
    results = {q["id"]: Quiz.grade(q, answers.get(q["id"]), language) for q in questions}
    score = round(100 * sum(results.values()) / len(questions)) if questions else 0
    passed_before = session.scalar(select(func.count(QuizAttempt.id)).where(
        QuizAttempt.user_id == user.id, QuizAttempt.activity_id == activity.id, QuizAttempt.passed.is_(True))) or 0
    previous = session.scalar(select(QuizAttempt.option_order).where(
        QuizAttempt.user_id == user.id, QuizAttempt.activity_id == activity.id, QuizAttempt.number == number - 1))
    # The order the form showed: drawn from the attempt's seed, so it is the same one again.
    order = order_for(questions, user.id, activity.id, number, previous)
    attempt = QuizAttempt(user_id=user.id, activity_id=activity.id, number=number,
                          language=language, questions=questions, answers=answers, option_order=order,
                          results=results, score=score, passed=score >= definition.get("pass_mark", 0))
    session.add(attempt)
    session.flush()
    events.send(events.quiz_attempted, session, user=user, activity=activity, attempt=attempt)
    if attempt.passed and not passed_before:
        events.step_completed(session, user, activity.module_id)
    return attempt


VIEW_PRECISION = dt.timedelta(minutes=5)


def record_view(session: Session, user: User, lesson: Lesson) -> tuple[LessonProgress, bool]:
    """Remember that `user` opened `lesson` now, for "continue where I left off" and "active".

    The time is kept to within VIEW_PRECISION: reading the same lesson again sooner writes
    nothing. Returns the progress and whether anything was written.
    """
    progress = session.scalar(select(LessonProgress).where(LessonProgress.user_id == user.id,
                                                           LessonProgress.lesson_id == lesson.id))
    now = clock.utcnow()
    if progress is None:
        progress = LessonProgress(user_id=user.id, lesson_id=lesson.id, first_viewed_at=now)
        session.add(progress)
        session.flush()
        events.send(events.lesson_launched, session, user=user, lesson=lesson)
    elif progress.last_viewed_at is not None and now - progress.last_viewed_at < VIEW_PRECISION:
        return progress, False
    progress.last_viewed_at = now
    session.flush()
    return progress, True
