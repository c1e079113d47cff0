"""A demo learner's history: lessons read, quizzes passed, work handed in and reviewed, dated
across a cohort's weeks rather than at the moment the demo loads. Used by lms/demo.py and by the
demos of lms/impact and lms/alumni, which build on its cohorts (kept apart from lms/demo.py so
that those packages need not import it back)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.core import clock
from lms.demo_texts import DEMO_PLAN_SECTION
from lms.users.models import User


DEMO_REFLECTION_EN = " ".join([
    "Our institute serves target 4.4 best: our programmes follow the skills that local employers ask for.",
    "We do less well on target 4.5. Only one student in five in our engineering programmes is a woman,",
    "and we do not record whether students come from rural areas or live with a disability.",
    "Next term I will ask our registry for three years of enrolment and completion data by sex and origin,",
    "compute the parity index of our five largest programmes, and discuss the results with the board.",
    "We will also invite a UNEVOC Centre with more women in technical programmes to share how it recruits",
    "and mentors them. These figures will be the starting point of my institutional action plan, and I will",
    "report back to the cohort on what we learn from them during the next webinar."] * 2)



def finish_programme(session: Session, cohort, person: User, facilitator: User) -> None:
    """Every lesson read, every quiz passed, every piece of work handed in and accepted: someone
    who earned the certificate of `cohort`."""
    from lms.courses.models import Activity, Module
    from lms.learning import submissions
    from lms.learning.models import QuizAttempt
    from lms.learning.queries import programme_lessons
    from lms.learning.services import mark_lesson_done, submit_quiz
    from lms.learning.status import Decision
    from lms.demo_texts import REFLECTIONS_EN

    for lesson in programme_lessons(session, cohort.programme_id):
        mark_lesson_done(session, person, lesson)
    for activity, slug in session.execute(
            select(Activity, Module.slug).join(Module, Module.id == Activity.module_id)
            .where(Activity.programme_id == cohort.programme_id, Activity.retired_at.is_(None))):
        if activity.type == "quiz":
            if not session.scalar(select(QuizAttempt.id).where(QuizAttempt.user_id == person.id,
                                                               QuizAttempt.activity_id == activity.id)):
                submit_quiz(session, person, activity, right_answers(activity), person.language)
        elif activity.type in ("reflection", "action_plan"):
            work = submissions.find_or_start(session, person, activity, cohort)
            if work.submitted_at is not None:
                continue
            content = ({"text": REFLECTIONS_EN.get(slug, DEMO_REFLECTION_EN)} if activity.type == "reflection"
                       else {s["id"]: DEMO_PLAN_SECTION for s in activity.definition["sections"]})
            submissions.save(session, work, activity, content, submit=True)
            scores = {c["id"]: {"level": activity.definition["rubric"]["levels"][-1]["id"], "comment": ""}
                      for c in activity.definition.get("rubric", {}).get("criteria", [])}
            submissions.review(session, work, facilitator, Decision.accepted, "Excellent work.", scores)


def spread_over_weeks(session: Session, learner: User, cohort, days_ago: float) -> None:
    """Their lessons read one after another between the cohort's start and their last visit
    `days_ago`, and each module's quiz taken after its last lesson: not all at the moment the demo
    loads (the facilitator's "last active")."""
    from lms.courses.models import Activity, Lesson
    from lms.learning.models import LessonProgress, QuizAttempt
    start = dt.datetime.combine(cohort.starts_on, dt.time(9, 0), tzinfo=dt.UTC)
    last_visit = clock.utcnow() - dt.timedelta(days=days_ago)
    read = session.execute(select(LessonProgress, Lesson.module_id).join(Lesson, Lesson.id == LessonProgress.lesson_id)
                           .where(LessonProgress.user_id == learner.id).order_by(LessonProgress.id)).all()
    step = (last_visit - start) / max(1, len(read) - 1)
    finished: dict[int | None, dt.datetime] = {}  # module id: when its last lesson was read
    for number, (progress, module_id) in enumerate(read):
        progress.first_viewed_at = progress.last_viewed_at = progress.completed_at = start + step * number
        finished[module_id] = progress.completed_at
    for attempt, quiz_module in session.execute(select(QuizAttempt, Activity.module_id)
                                                .join(Activity, Activity.id == QuizAttempt.activity_id)
                                                .where(QuizAttempt.user_id == learner.id)):
        attempt.submitted_at = min(finished.get(quiz_module, last_visit) + dt.timedelta(hours=1), last_visit)


def backdate_work(work, *, submitted: float, reviewed: float | None = None) -> None:
    """Work handed in `submitted` days ago (and reviewed `reviewed` days ago), not all at the
    moment the demo was loaded."""
    handed_in = clock.utcnow() - dt.timedelta(days=submitted)
    work.created_at = work.updated_at = work.submitted_at = handed_in
    for version in work.versions:
        version.submitted_at = handed_in
    for review in work.reviews:
        review.created_at = clock.utcnow() - dt.timedelta(days=reviewed if reviewed is not None else submitted)


def module_work(session: Session, cohort, learner: User, facilitator: User, count: int, *, waiting: bool,
                 texts: dict[str, str] | None = None, language: str = "en") -> None:
    """The quiz passed and the reflection handed in of the first `count` modules, each reflection
    accepted by the facilitator but the last one when it is `waiting` for review. `texts`: the
    reflections by module (English ones by default)."""
    from lms.courses.models import Activity, Module
    from lms.demo_texts import REFLECTIONS_EN
    from lms.learning import submissions
    from lms.learning.models import QuizAttempt
    from lms.learning.services import submit_quiz
    from lms.learning.status import Decision

    modules = list(session.scalars(select(Module).where(Module.programme_id == cohort.programme_id,
                                                        Module.retired_at.is_(None))
                                   .order_by(Module.position).limit(count)))
    for number, module in enumerate(modules, start=1):
        for activity in session.scalars(select(Activity).where(Activity.module_id == module.id,
                                                               Activity.retired_at.is_(None))):
            if activity.type == "quiz" and not session.scalar(select(QuizAttempt.id).where(
                    QuizAttempt.user_id == learner.id, QuizAttempt.activity_id == activity.id)):
                submit_quiz(session, learner, activity, right_answers(activity), language)
            elif activity.type == "reflection" and submissions.find(session, learner, activity) is None:
                work = submissions.find_or_start(session, learner, activity, cohort)
                text = (REFLECTIONS_EN if texts is None else texts).get(module.slug, DEMO_REFLECTION_EN)
                submissions.save(session, work, activity, {"text": text}, submit=True)
                if not (waiting and number == len(modules)):
                    submissions.review(session, work, facilitator, Decision.accepted,
                                       "Thank you: concrete, with figures, and an indicator you can follow.")


def date_work(session: Session, cohort, learner: User, days_ago: float) -> None:
    """Each reflection handed in an hour after the module's quiz and other work at their last
    visit `days_ago`, each reviewed two days later."""
    from lms.courses.models import Activity
    from lms.learning.models import QuizAttempt, Submission

    now = clock.utcnow()
    last_visit = now - dt.timedelta(days=days_ago)
    quizzed = {module_id: when for module_id, when in session.execute(
        select(Activity.module_id, QuizAttempt.submitted_at).join(Activity, Activity.id == QuizAttempt.activity_id)
        .where(QuizAttempt.user_id == learner.id))}
    for work, module_id, kind in session.execute(
            select(Submission, Activity.module_id, Activity.type).join(Activity, Activity.id == Submission.activity_id)
            .where(Submission.user_id == learner.id, Submission.cohort_id == cohort.id,
                   Submission.submitted_at.is_not(None))):
        handed_in = (quizzed.get(module_id, last_visit) + dt.timedelta(hours=1)
                     if kind == "reflection" else last_visit)
        submitted = max((now - handed_in).total_seconds() / 86400, days_ago)
        backdate_work(work, submitted=submitted, reviewed=max(submitted - 2, min(submitted, 0.1)))


def enrolment_time(cohort) -> dt.datetime:
    """When the demo's learners were enrolled: a week before `cohort` started (their quizzes count
    from their enrolment on: lms/cohorts/queries.py)."""
    return dt.datetime.combine(cohort.starts_on - dt.timedelta(days=7), dt.time(9, 0), tzinfo=dt.UTC)


def backdate_learning(session: Session, cohort, learner: User, days_ago: float) -> None:
    """What `learner` did in `cohort` spread over its weeks up to `days_ago`, their enrolment a week
    before it started (for the demos of lms/impact and lms/alumni as for this one)."""
    from lms.cohorts.models import Enrolment
    for enrolment in session.scalars(select(Enrolment).where(Enrolment.user_id == learner.id,
                                                             Enrolment.cohort_id == cohort.id)):
        enrolment.enrolled_at = enrolment_time(cohort)
    spread_over_weeks(session, learner, cohort, days_ago)
    date_work(session, cohort, learner, days_ago)


def right_answers(quiz) -> dict:
    answers = {}
    for q in quiz.definition["questions"]:
        if q["type"] == "single":
            answers[q["id"]] = next(o["id"] for o in q["options"] if o.get("correct"))
        elif q["type"] == "multiple":
            answers[q["id"]] = [o["id"] for o in q["options"] if o.get("correct")]
        elif q["type"] == "true_false":
            answers[q["id"]] = q["answer"]
        else:
            answers[q["id"]] = str(q["answers"]["en"][0])
    return answers
