"""Read-only queries for the learner's pages: a few queries per page, whatever the data size."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Select, bindparam, case, func, select, type_coerce, union_all
from sqlalchemy.orm import Session, joinedload

from lms.cohorts.models import Announcement, Cohort, DeadlineExtension, Enrolment, LiveSession, ModuleSchedule
from lms.core import clock
from lms.core.db import UTCDateTime
from lms.courses.models import Activity, Lesson, LessonText, Module
from lms.learning.models import LessonProgress, QuizAttempt, Submission, SubmissionReview
from lms.learning.status import WorkStatus


def not_open(opens_at: dt.datetime | None) -> bool:
    """Whether a module scheduled to open at `opens_at` is still closed (no date: open)."""
    return opens_at is not None and opens_at > clock.utcnow()


@dataclasses.dataclass
class ModuleStatus:
    module: Module
    opens_at: dt.datetime | None
    due_at: dt.datetime | None
    lessons: int
    done: int
    activities: int = 0
    activities_done: int = 0

    @property
    def locked(self) -> bool:
        return not_open(self.opens_at)

    @property
    def complete(self) -> bool:
        """Every lesson done, every quiz passed, every piece of written work submitted."""
        return (self.lessons + self.activities) > 0 and self.done >= self.lessons \
            and self.activities_done >= self.activities

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.due_at < clock.utcnow() and not self.complete


@dataclasses.dataclass
class CohortOverview:
    enrolment: Enrolment
    modules: list[ModuleStatus]
    last_lesson: Lesson | None

    @property
    def cohort(self) -> Cohort:
        return self.enrolment.cohort

    @property
    def lessons(self) -> int:
        return sum(m.lessons for m in self.modules)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)


def learner_overview(session: Session, user_id: int) -> list[CohortOverview]:
    """Every cohort of a learner with each module's schedule and progress, in three queries."""
    enrolments = list(session.scalars(select(Enrolment).where(Enrolment.user_id == user_id)
                                      .order_by(Enrolment.enrolled_at.desc())))
    if not enrolments:
        return []
    modules, last_viewed = _overview_statements()
    statuses: dict[int, list[ModuleStatus]] = {}
    for cohort_id, module, opens_at, due_at, lesson_count, done_count, activity_count, activity_done in \
            session.execute(modules, {"user_id": user_id}):
        statuses.setdefault(cohort_id, []).append(ModuleStatus(
            module=module, opens_at=opens_at, due_at=due_at, lessons=lesson_count, done=done_count,
            activities=activity_count, activities_done=activity_done))
    last_lessons: dict[int, Lesson] = {}
    for lesson in session.scalars(last_viewed, {"user_id": user_id}):
        last_lessons.setdefault(lesson.programme_id, lesson)
    return [CohortOverview(enrolment, statuses.get(enrolment.cohort_id, []),
                           last_lessons.get(enrolment.cohort.programme_id)) for enrolment in enrolments]


@functools.cache
def _overview_statements() -> tuple[Select, Select]:
    """The overview's two statements, built once: building them cost more than running them."""
    user_id: BindParameter[int] = bindparam("user_id")
    lessons = (select(func.count(Lesson.id)).where(Lesson.module_id == Module.id, Lesson.retired_at.is_(None))
               .correlate(Module).scalar_subquery())
    done = (select(func.count(LessonProgress.id)).join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(Lesson.module_id == Module.id, Lesson.retired_at.is_(None), LessonProgress.user_id == user_id,
                   LessonProgress.completed_at.is_not(None)).correlate(Module).scalar_subquery())
    activities = (select(func.count(Activity.id)).where(Activity.module_id == Module.id,
                                                        Activity.retired_at.is_(None))
                  .correlate(Module).scalar_subquery())
    finished = (
        select(QuizAttempt.activity_id.label("activity_id"))
        .where(QuizAttempt.user_id == user_id, QuizAttempt.passed.is_(True))
        .union(select(Submission.activity_id).where(
            Submission.user_id == user_id, Submission.status.in_((WorkStatus.submitted, WorkStatus.accepted))))
        .subquery())
    activities_done = (select(func.count(Activity.id)).join(finished, finished.c.activity_id == Activity.id)
                       .where(Activity.module_id == Module.id, Activity.retired_at.is_(None))
                       .correlate(Module).scalar_subquery())
    # The learner's own due date where a facilitator granted one (lms/cohorts/allowances.py).
    due_at = type_coerce(func.coalesce(DeadlineExtension.due_at, ModuleSchedule.due_at), UTCDateTime())
    modules = (select(Enrolment.cohort_id, Module, ModuleSchedule.opens_at, due_at,
                      lessons, done, activities, activities_done)
               .join(Cohort, Cohort.id == Enrolment.cohort_id)
               .join(Module, Module.programme_id == Cohort.programme_id)
               .outerjoin(ModuleSchedule, (ModuleSchedule.cohort_id == Cohort.id)
                          & (ModuleSchedule.module_id == Module.id))
               .outerjoin(DeadlineExtension, (DeadlineExtension.cohort_id == Cohort.id)
                          & (DeadlineExtension.module_id == Module.id) & (DeadlineExtension.user_id == user_id))
               .where(Enrolment.user_id == user_id, Module.retired_at.is_(None))
               .order_by(Module.position))
    last_viewed = (select(Lesson).join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
                   .where(LessonProgress.user_id == user_id, Lesson.retired_at.is_(None))
                   .order_by(LessonProgress.last_viewed_at.desc(), LessonProgress.id.desc()))
    return modules, last_viewed


def programme_lessons(session: Session, programme_id: int) -> list[Lesson]:
    """Every current lesson of a programme in the order learners take them."""
    return list(session.scalars(
        select(Lesson).join(Module, Module.id == Lesson.module_id)
        .where(Lesson.programme_id == programme_id, Lesson.retired_at.is_(None), Module.retired_at.is_(None))
        .order_by(Module.position, Lesson.position)))


def lesson_titles(session: Session, lesson_ids: list[int]) -> dict[int, dict[str, str]]:
    titles: dict[int, dict[str, str]] = {}
    for lesson_id, language, title in session.execute(
            select(LessonText.lesson_id, LessonText.language, LessonText.title)
            .where(LessonText.lesson_id.in_(lesson_ids))):
        titles.setdefault(lesson_id, {})[language] = title
    return titles


def done_lessons(session: Session, user_id: int, lesson_ids: list[int]) -> set[int]:
    return set(session.scalars(select(LessonProgress.lesson_id).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id.in_(lesson_ids),
        LessonProgress.completed_at.is_not(None))))


def module_activities(session: Session, module_id: int) -> list[Activity]:
    return list(session.scalars(select(Activity).where(Activity.module_id == module_id,
                                                       Activity.retired_at.is_(None))
                                .order_by(Activity.position)))


def module_activities_with_states(session: Session, module_id: int, user_id: int
                                  ) -> tuple[list[Activity], dict[int, tuple[str, str]]]:
    """A module's activities, and where the reader stands on each as (kind, words) for the module
    page: a quiz passed or tried, a piece of work by its status. One query."""
    in_module = select(Activity.id).where(Activity.module_id == module_id).scalar_subquery()
    best = func.max(case((QuizAttempt.passed, 1), else_=0))
    quizzes = (select(QuizAttempt.activity_id.label("activity_id"),
                      case((best == 1, "passed"), else_="tried").label("state"))
               .where(QuizAttempt.user_id == user_id, QuizAttempt.activity_id.in_(in_module))
               .group_by(QuizAttempt.activity_id))
    work = select(Submission.activity_id.label("activity_id"), Submission.status.label("state")).where(
        Submission.user_id == user_id, Submission.activity_id.in_(in_module))
    reached = union_all(quizzes, work).subquery()
    rows = session.execute(select(Activity, reached.c.state).outerjoin(reached, reached.c.activity_id == Activity.id)
                           .where(Activity.module_id == module_id, Activity.retired_at.is_(None))
                           .order_by(Activity.position)).all()
    states: dict[int, tuple[str, str]] = {}
    for activity, state in rows:
        if state == "passed":
            states[activity.id] = ("ok", str(_l("Passed")))
        elif state == "tried":
            states[activity.id] = ("warn", str(_l("Not passed yet")))
        elif state is not None:
            status = WorkStatus(state)
            states[activity.id] = ({WorkStatus.accepted: "ok", WorkStatus.returned: "warn"}.get(status, ""),
                                   status.label)
    return [activity for activity, _state in rows], states


def attempts(session: Session, user_id: int, activity_id: int) -> list[QuizAttempt]:
    return list(session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user_id,
                                                          QuizAttempt.activity_id == activity_id)
                                .order_by(QuizAttempt.number)))


def announcements(session: Session, cohort_ids: list[int], limit: int = 5) -> list:
    if not cohort_ids:
        return []
    return list(session.scalars(select(Announcement).options(joinedload(Announcement.author))
                                .where(Announcement.cohort_id.in_(cohort_ids))
                                .order_by(Announcement.created_at.desc(), Announcement.id.desc()).limit(limit)))


SESSION_SHOWN_AFTER_START = dt.timedelta(hours=2)


def upcoming_sessions(session: Session, cohort_ids: list[int], limit: int = 5) -> list:
    if not cohort_ids:
        return []
    return list(session.scalars(select(LiveSession).where(LiveSession.cohort_id.in_(cohort_ids),
                                                          LiveSession.starts_at >= clock.utcnow()
                                                          - SESSION_SHOWN_AFTER_START)
                                .order_by(LiveSession.starts_at).limit(limit)))


def recent_feedback(session: Session, user_id: int, limit: int = 3) -> list:
    """The latest reviews of the learner's work, with their activity."""
    return list(session.execute(
        select(SubmissionReview, Activity, Submission).options(joinedload(SubmissionReview.reviewer))
        .join(Submission, Submission.id == SubmissionReview.submission_id)
        .join(Activity, Activity.id == Submission.activity_id)
        .where(Submission.user_id == user_id)
        .order_by(SubmissionReview.created_at.desc(), SubmissionReview.id.desc()).limit(limit)).all())


def certificates(session: Session, user_id: int) -> list:
    from lms.certificates.models import Certificate
    return list(session.scalars(select(Certificate).where(Certificate.user_id == user_id)
                                .order_by(Certificate.issued_at.desc())))


def module_lessons_with_titles(session: Session, module_id: int) -> tuple[list[Lesson], dict[int, dict[str, str]]]:
    """A module's current lessons in order, with their titles in every language, in one query."""
    lessons: dict[int, Lesson] = {}
    titles: dict[int, dict[str, str]] = {}
    for lesson, language, title in session.execute(
            select(Lesson, LessonText.language, LessonText.title)
            .outerjoin(LessonText, LessonText.lesson_id == Lesson.id)
            .where(Lesson.module_id == module_id, Lesson.retired_at.is_(None)).order_by(Lesson.position, Lesson.id)):
        lessons.setdefault(lesson.id, lesson)
        if language is not None:
            titles.setdefault(lesson.id, {})[language] = title
    return list(lessons.values()), titles
