"""Read-only queries over cohorts."""
from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from lms.cohorts.models import Attendance, Cohort, Enrolment, LiveSession, ModuleSchedule, cohort_facilitators
from lms.core import clock
from lms.courses.models import Activity, Lesson, Module
from lms.learning.models import LessonProgress, QuizAttempt, Submission
from lms.users.models import User


def facilitated_by(session: Session, user_id: int) -> list[tuple[Cohort, int]]:
    """The cohorts a facilitator runs, newest first, each with its number of learners."""
    learners = (select(Enrolment.cohort_id, func.count(Enrolment.id).label("n"))
                .group_by(Enrolment.cohort_id).subquery())
    rows = session.execute(
        select(Cohort, func.coalesce(learners.c.n, 0))
        .join(cohort_facilitators, cohort_facilitators.c.cohort_id == Cohort.id)
        .outerjoin(learners, learners.c.cohort_id == Cohort.id)
        .where(cohort_facilitators.c.user_id == user_id)
        .order_by(Cohort.starts_on.desc()))
    return [(cohort, count) for cohort, count in rows]


# The roster: learners × modules ---------------------------------------------------------

INACTIVE_AFTER = dt.timedelta(days=14)


@dataclasses.dataclass
class Cell:
    status: str  # not_started, in_progress, done or overdue
    done: int
    total: int


@dataclasses.dataclass
class RosterRow:
    learner: User
    cells: list[Cell]
    last_active: dt.datetime | None
    attended: int
    quiz_scores: dict[int, int]            # activity id -> best score
    work: dict[int, str]                   # activity id -> submission status

    @property
    def done_modules(self) -> int:
        return sum(c.status == "done" for c in self.cells)

    @property
    def overdue(self) -> bool:
        return any(c.status == "overdue" for c in self.cells)

    @property
    def at_risk(self) -> bool:
        quiet = self.last_active is None or self.last_active < clock.utcnow() - INACTIVE_AFTER
        return self.overdue or quiet

    @property
    def percent(self) -> int:
        total = sum(c.total for c in self.cells)
        return round(100 * sum(c.done for c in self.cells) / total) if total else 0


@dataclasses.dataclass
class Roster:
    modules: list[Module]
    activities: list[Activity]
    sessions: list[LiveSession]
    rows: list[RosterRow]


def roster(session: Session, cohort: Cohort) -> Roster:
    """Every learner's progress in every module, from a fixed number of queries."""
    modules = list(session.scalars(select(Module).where(Module.programme_id == cohort.programme_id,
                                                        Module.retired_at.is_(None)).order_by(Module.position)))
    module_ids = [m.id for m in modules]
    due = dict(session.execute(select(ModuleSchedule.module_id, ModuleSchedule.due_at)
                               .where(ModuleSchedule.cohort_id == cohort.id)).all())
    learners = list(session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                    .where(Enrolment.cohort_id == cohort.id).order_by(User.full_name)))
    user_ids = [u.id for u in learners]
    lessons = dict(session.execute(select(Lesson.module_id, func.count(Lesson.id))
                                   .where(Lesson.module_id.in_(module_ids), Lesson.retired_at.is_(None))
                                   .group_by(Lesson.module_id)).all())
    activities = list(session.scalars(select(Activity).where(Activity.module_id.in_(module_ids),
                                                             Activity.retired_at.is_(None))
                                      .order_by(Activity.module_id, Activity.position)))
    done: dict[tuple[int, int], int] = {}
    for user_id, module_id, count in session.execute(
            select(LessonProgress.user_id, Lesson.module_id, func.count(LessonProgress.id))
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.user_id.in_(user_ids), LessonProgress.completed_at.is_not(None),
                   Lesson.retired_at.is_(None))
            .group_by(LessonProgress.user_id, Lesson.module_id)):
        done[(user_id, module_id)] = count
    best: dict[tuple[int, int], int] = {}
    for user_id, activity_id, score, passed in session.execute(
            select(QuizAttempt.user_id, QuizAttempt.activity_id, func.max(QuizAttempt.score),
                   func.max(case((QuizAttempt.passed, 1), else_=0)))
            .where(QuizAttempt.user_id.in_(user_ids)).group_by(QuizAttempt.user_id, QuizAttempt.activity_id)):
        best[(user_id, activity_id)] = (score, bool(passed))
    work = {(u, a): s for u, a, s in session.execute(
        select(Submission.user_id, Submission.activity_id, Submission.status)
        .where(Submission.user_id.in_(user_ids)))}
    last: dict[int, dt.datetime] = {}
    for user_id, moment in session.execute(
            select(LessonProgress.user_id, func.max(LessonProgress.last_viewed_at))
            .where(LessonProgress.user_id.in_(user_ids)).group_by(LessonProgress.user_id)):
        last[user_id] = moment
    for user_id, moment in session.execute(
            select(Submission.user_id, func.max(Submission.updated_at))
            .where(Submission.user_id.in_(user_ids)).group_by(Submission.user_id)):
        if moment and (user_id not in last or moment > last[user_id]):
            last[user_id] = moment
    sessions = list(session.scalars(select(LiveSession).where(LiveSession.cohort_id == cohort.id)
                                    .order_by(LiveSession.starts_at)))
    attended = dict(session.execute(
        select(Attendance.user_id, func.count(Attendance.session_id))
        .join(LiveSession, LiveSession.id == Attendance.session_id)
        .where(LiveSession.cohort_id == cohort.id).group_by(Attendance.user_id)).all())
    now = clock.utcnow()
    rows = []
    for learner in learners:
        cells = []
        for module in modules:
            module_activities = [a for a in activities if a.module_id == module.id]
            finished = sum(1 for a in module_activities
                           if best.get((learner.id, a.id), (0, False))[1]
                           or work.get((learner.id, a.id)) in ("submitted", "accepted"))
            total = lessons.get(module.id, 0) + len(module_activities)
            count = done.get((learner.id, module.id), 0) + finished
            started = count > 0 or any(work.get((learner.id, a.id)) for a in module_activities)
            if total and count >= total:
                status = "done"
            elif due.get(module.id) and due[module.id] < now:
                status = "overdue"
            else:
                status = "in_progress" if started else "not_started"
            cells.append(Cell(status, count, total))
        rows.append(RosterRow(learner, cells, last.get(learner.id), attended.get(learner.id, 0),
                              {a.id: best[(learner.id, a.id)][0] for a in activities if (learner.id, a.id) in best},
                              {a.id: work[(learner.id, a.id)] for a in activities if (learner.id, a.id) in work}))
    return Roster(modules, activities, sessions, rows)


def grading_queue(session: Session, cohort: Cohort) -> list[tuple[Submission, User, Activity]]:
    """Submitted work waiting for a decision, oldest first."""
    return list(session.execute(
        select(Submission, User, Activity).join(User, User.id == Submission.user_id)
        .join(Activity, Activity.id == Submission.activity_id)
        .where(Submission.cohort_id == cohort.id, Submission.status == "submitted")
        .order_by(Submission.submitted_at)).all())
