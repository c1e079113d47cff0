"""Read-only queries over cohorts."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from sqlalchemy import case, func, select, type_coerce
from sqlalchemy.orm import Session

from lms.centres.models import Centre
from lms.cohorts.models import (Attendance, Cohort, DeadlineExtension, Enrolment, ExtraAttempts, LiveSession,
                                ModuleSchedule, cohort_facilitators)
from lms.core import clock
from lms.core.db import UTCDateTime
from lms.core.pagination import Page, paginate
from lms.courses.activities import ACTIVITY_TYPES
from lms.courses.models import Activity, Lesson, Module
from lms.learning.models import LessonProgress, QuizAttempt, Submission
from lms.users.models import User
from lms.learning.status import WorkStatus


def facilitated_by(session: Session, user_id: int) -> list[tuple[Cohort, int]]:
    """The cohorts a facilitator runs, newest first, each with its number of learners."""
    learners = (select(Enrolment.cohort_id, func.count(Enrolment.id).label("n"))
                .group_by(Enrolment.cohort_id).subquery())
    rows = session.execute(
        run_by(user_id).add_columns(func.coalesce(learners.c.n, 0))
        .outerjoin(learners, learners.c.cohort_id == Cohort.id)
        .order_by(Cohort.starts_on.desc()))
    return [(cohort, count) for cohort, count in rows]


def run_by(user_id: int):
    """The cohorts a facilitator runs, as a query (their dashboard's and the API's)."""
    return select(Cohort).join(cohort_facilitators, cohort_facilitators.c.cohort_id == Cohort.id) \
        .where(cohort_facilitators.c.user_id == user_id)


# The roster: learners × modules ---------------------------------------------------------

INACTIVE_AFTER = dt.timedelta(days=14)
STATUSES = ("done", "in_progress", "overdue", "not_started")


@dataclasses.dataclass
class Cell:
    status: str  # not_started, in_progress, done or overdue
    done: int
    total: int


@dataclasses.dataclass(frozen=True, slots=True)
class Learner:
    """What the roster, the learner list and the gradebook show of a learner."""

    id: int
    full_name: str
    email: str
    centre_name: str
    country: str
    has_password: bool
    # The names of the cohort's groups (lms/community) they belong to, comma-separated.
    groups: str = ""


@dataclasses.dataclass
class RosterRow:
    learner: Learner
    cells: list[Cell]
    last_active: dt.datetime | None
    attended: int
    quiz_scores: dict[int, int]            # activity id -> best score
    work: dict[int, str]                   # activity id -> submission status

    @property
    def done_modules(self) -> int:
        return sum(c.status == "done" for c in self.cells)

    @property
    def finished(self) -> bool:
        """Every module done."""
        return bool(self.cells) and all(c.status == "done" for c in self.cells)

    @property
    def overdue(self) -> bool:
        return any(c.status == "overdue" for c in self.cells)

    @property
    def at_risk(self) -> bool:
        return self.at_risk_at(clock.utcnow())

    def at_risk_at(self, now: dt.datetime) -> bool:
        """Overdue with a module, or quiet for INACTIVE_AFTER with work still to do (someone who
        has finished every module is not at risk for resting)."""
        quiet = self.last_active is None or self.last_active < now - INACTIVE_AFTER
        return self.overdue or (quiet and not self.finished)

    @property
    def percent(self) -> int:
        total = sum(c.total for c in self.cells)
        return round(100 * sum(c.done for c in self.cells) / total) if total else 0


@dataclasses.dataclass
class Roster:
    modules: list[Module]
    activities: list[Activity]
    rows: list[RosterRow]

    @functools.cached_property
    def by_status(self) -> list[dict[str, int]]:
        """Per module, how many learners are done, in progress, overdue or not started."""
        counts = [dict.fromkeys(STATUSES, 0) for _ in self.modules]
        for row in self.rows:
            for index, cell in enumerate(row.cells):
                counts[index][cell.status] += 1
        return counts


def roster(session: Session, cohort: Cohort) -> Roster:
    """Every learner's progress in every module, in seven queries however large the cohort."""
    lesson_count = (select(func.count(Lesson.id)).where(Lesson.module_id == Module.id, Lesson.retired_at.is_(None))
                    .correlate(Module).scalar_subquery())
    structure = session.execute(
        select(Module, lesson_count, ModuleSchedule.due_at)
        .outerjoin(ModuleSchedule, (ModuleSchedule.module_id == Module.id) & (ModuleSchedule.cohort_id == cohort.id))
        .where(Module.programme_id == cohort.programme_id, Module.retired_at.is_(None))
        .order_by(Module.position)).all()
    modules = [module for module, _, _ in structure]
    lessons = {module.id: count for module, count, _ in structure}
    due = {module.id: due_at for module, _, due_at in structure}
    attended_count = (select(func.count(Attendance.session_id))
                      .join(LiveSession, LiveSession.id == Attendance.session_id)
                      .where(Attendance.user_id == User.id, LiveSession.cohort_id == cohort.id)
                      .correlate(User).scalar_subquery())
    from lms.community.models import Group, group_members
    group_names = (select(func.aggregate_strings(Group.name, ", "))
                   .join(group_members, group_members.c.group_id == Group.id)
                   .where(group_members.c.user_id == User.id, Group.cohort_id == cohort.id)
                   .correlate(User).scalar_subquery())
    # One row per learner, or one per due date granted to them alone (lms/cohorts/allowances.py).
    enrolled_rows = session.execute(
        select(User.id, User.full_name, User.email, Centre.name, Centre.country, User.password_hash.is_not(None),
               attended_count, group_names, DeadlineExtension.module_id, DeadlineExtension.due_at)
        .join(Enrolment, Enrolment.user_id == User.id).outerjoin(Centre, Centre.id == User.centre_id)
        .outerjoin(DeadlineExtension, (DeadlineExtension.user_id == User.id)
                   & (DeadlineExtension.cohort_id == cohort.id))
        .where(Enrolment.cohort_id == cohort.id).order_by(User.full_name, User.id)).all()
    extended: dict[tuple[int, int], dt.datetime] = {}
    enrolled: list[tuple] = []
    for *person, extended_module, extended_due in enrolled_rows:
        if not enrolled or enrolled[-1][0] != person[0]:
            enrolled.append(tuple(person))
        if extended_module is not None:
            extended[person[0], extended_module] = extended_due
    in_cohort = select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id).scalar_subquery()
    activities = list(session.scalars(select(Activity).where(Activity.module_id.in_([m.id for m in modules]),
                                                             Activity.retired_at.is_(None))
                                      .order_by(Activity.module_id, Activity.position)))
    # Per learner: lessons done per module, best quiz results, written work, last activity.
    done: dict[int, dict[int, int]] = {}
    best: dict[int, dict[int, tuple[int, bool]]] = {}
    work: dict[int, dict[int, str]] = {}
    # Lessons done per module, and the last time each learner read one (their last activity, with
    # the work below), in one statement.
    last: dict[int, dt.datetime] = {}
    for user_id, module_id, count, viewed in session.execute(
            select(LessonProgress.user_id, Lesson.module_id,
                   func.count(case((LessonProgress.completed_at.is_not(None) & Lesson.retired_at.is_(None), 1))),
                   type_coerce(func.max(LessonProgress.last_viewed_at), UTCDateTime()))
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.user_id.in_(in_cohort))
            .group_by(LessonProgress.user_id, Lesson.module_id)):
        if count:
            done.setdefault(user_id, {})[module_id] = count
        if viewed is not None and (user_id not in last or viewed > last[user_id]):
            last[user_id] = viewed
    # Only what they did in this cohort: attempts made since they joined it, work handed in to it.
    # (Someone enrolled here must not bring the scores of another cohort before its facilitators.)
    for user_id, activity_id, score, passed in session.execute(
            select(QuizAttempt.user_id, QuizAttempt.activity_id, func.max(QuizAttempt.score),
                   func.max(case((QuizAttempt.passed, 1), else_=0)))
            .join(Enrolment, (Enrolment.user_id == QuizAttempt.user_id) & (Enrolment.cohort_id == cohort.id))
            .where(QuizAttempt.submitted_at >= Enrolment.enrolled_at)
            .group_by(QuizAttempt.user_id, QuizAttempt.activity_id)):
        best.setdefault(user_id, {})[activity_id] = (score, bool(passed))
    for user_id, activity_id, status, updated in session.execute(
            select(Submission.user_id, Submission.activity_id, Submission.status, Submission.updated_at)
            .where(Submission.user_id.in_(in_cohort), Submission.cohort_id == cohort.id)):
        work.setdefault(user_id, {})[activity_id] = status
        if updated is not None and (user_id not in last or updated > last[user_id]):
            last[user_id] = updated
    now = clock.utcnow()
    # Plain values once, not instrumented attributes read for every learner and module; each
    # learner's few results are walked once, not every activity of every module.
    module_of = {a.id: a.module_id for a in activities}
    totals = {m.id: lessons.get(m.id, 0) + sum(1 for a in activities if a.module_id == m.id) for m in modules}
    overdue = {m.id for m in modules if due.get(m.id) and due[m.id] < now}
    no_work: dict[int, str] = {}
    no_results: dict[int, tuple[int, bool]] = {}
    rows = []
    for user_id, full_name, email, centre_name, country, has_password, attended, groups in enrolled:
        lessons_done, results, statuses = done.get(user_id, {}), best.get(user_id, no_results), \
            work.get(user_id, no_work)
        finished: dict[int, set[int]] = {}
        started: set[int] = set()
        for activity_id, status in statuses.items():
            activity_module = module_of.get(activity_id)
            if activity_module is not None:
                started.add(activity_module)
                if status in (WorkStatus.submitted, WorkStatus.accepted):
                    finished.setdefault(activity_module, set()).add(activity_id)
        for activity_id, (_score, passed) in results.items():
            activity_module = module_of.get(activity_id)
            if passed and activity_module is not None:
                finished.setdefault(activity_module, set()).add(activity_id)
        cells = []
        for module in modules:
            module_id = module.id
            total = totals[module_id]
            count = lessons_done.get(module_id, 0) + len(finished.get(module_id, ()))
            if total and count >= total:
                status = "done"
            elif (module_id in overdue if (user_id, module_id) not in extended
                  else extended[user_id, module_id] < now):
                status = "overdue"
            else:
                status = "in_progress" if count or module_id in started else "not_started"
            cells.append(Cell(status, count, total))
        rows.append(RosterRow(Learner(user_id, full_name, email, centre_name or "", country or "", has_password,
                                      groups or ""),
                              cells, last.get(user_id), attended,
                              {a: score for a, (score, _passed) in results.items()}, dict(statuses)))
    return Roster(modules, activities, rows)


def waiting_for_review(session: Session, cohort: Cohort) -> int:
    return session.scalar(select(func.count(Submission.id))
                          .where(Submission.cohort_id == cohort.id, Submission.status == WorkStatus.submitted)) or 0


def grading_queue(session: Session, cohort: Cohort, page: object, per_page: int) -> Page:
    """Submitted work waiting for a decision, oldest first: one page of (submission, learner, activity)."""
    return paginate(session, select(Submission, User, Activity).join(User, User.id == Submission.user_id)
                    .join(Activity, Activity.id == Submission.activity_id)
                    .where(Submission.cohort_id == cohort.id, Submission.status == WorkStatus.submitted)
                    .order_by(Submission.submitted_at, Submission.id), page, per_page, rows=True)


def neighbours_in_queue(session: Session, cohort: Cohort, submission: Submission) -> tuple[int | None, int | None]:
    """The work waiting before and after this one in the grading queue (ids), for "previous"
    and "next" in the grading workspace; after a decision, the next is the oldest still waiting."""
    ids = list(session.scalars(select(Submission.id).where(Submission.cohort_id == cohort.id,
                                                           Submission.status == WorkStatus.submitted)
                               .order_by(Submission.submitted_at, Submission.id)))
    if submission.id not in ids:
        return None, ids[0] if ids else None
    index = ids.index(submission.id)
    return (ids[index - 1] if index else None), (ids[index + 1] if index + 1 < len(ids) else None)


@dataclasses.dataclass
class LearnerWork:
    """Everything one learner has done in one cohort, for its facilitators."""

    quizzes: list[tuple[Activity, int, int | None, bool]]   # quiz, attempts, best score, passed
    work: list[tuple[Activity, Submission | None]]          # each written activity and their work on it
    lessons_done: int
    lessons: int
    attended: int
    sessions: int
    schedule: list[ScheduleRow] = dataclasses.field(default_factory=list)
    extra_attempts: dict[int, int] = dataclasses.field(default_factory=dict)  # quiz → attempts granted


@dataclasses.dataclass
class ScheduleRow:
    """A module's due date for the cohort, and the learner's own where one was granted."""

    module: Module
    due_at: dt.datetime | None
    extension: DeadlineExtension | None

    @property
    def own_due_at(self) -> dt.datetime | None:
        return self.extension.due_at if self.extension else self.due_at


def enrolled_learner(session: Session, cohort: Cohort, user_id: int) -> User | None:
    """The learner `user_id` if they are enrolled in `cohort` (None: a 404)."""
    return session.scalar(select(User).join(Enrolment, Enrolment.user_id == User.id)
                          .where(Enrolment.cohort_id == cohort.id, User.id == user_id))


def learner_work(session: Session, cohort: Cohort, user_id: int) -> LearnerWork:
    """Their quizzes (attempts since joining this cohort), written work handed in to it, lessons done
    and live sessions attended: a fixed number of queries."""
    enrolled_at = session.scalar(select(Enrolment.enrolled_at).where(Enrolment.cohort_id == cohort.id,
                                                                     Enrolment.user_id == user_id))
    activities = list(session.scalars(select(Activity).join(Module, Module.id == Activity.module_id)
                                      .where(Activity.programme_id == cohort.programme_id,
                                             Activity.retired_at.is_(None), Module.retired_at.is_(None))
                                      .order_by(Module.position, Activity.position)))
    attempts = {activity_id: (count, best, bool(passed)) for activity_id, count, best, passed in session.execute(
        select(QuizAttempt.activity_id, func.count(QuizAttempt.id), func.max(QuizAttempt.score),
               func.max(case((QuizAttempt.passed, 1), else_=0)))
        .where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at >= enrolled_at)
        .group_by(QuizAttempt.activity_id))} if enrolled_at else {}
    submissions = {s.activity_id: s for s in session.scalars(select(Submission).where(
        Submission.user_id == user_id, Submission.cohort_id == cohort.id))}
    lessons = session.scalar(select(func.count(Lesson.id)).join(Module, Module.id == Lesson.module_id)
                             .where(Lesson.programme_id == cohort.programme_id, Lesson.retired_at.is_(None),
                                    Module.retired_at.is_(None))) or 0
    done = session.scalar(select(func.count(LessonProgress.id)).join(Lesson, Lesson.id == LessonProgress.lesson_id)
                          .where(LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None),
                                 Lesson.programme_id == cohort.programme_id, Lesson.retired_at.is_(None))) or 0
    sessions = session.scalar(select(func.count(LiveSession.id)).where(LiveSession.cohort_id == cohort.id)) or 0
    attended = session.scalar(select(func.count(Attendance.session_id))
                              .join(LiveSession, LiveSession.id == Attendance.session_id)
                              .where(LiveSession.cohort_id == cohort.id, Attendance.user_id == user_id)) or 0
    scored = {a.id for a in activities if a.type in ACTIVITY_TYPES and ACTIVITY_TYPES[a.type].gradebook_cell == "score"}
    quizzes = [(a, *attempts.get(a.id, (0, None, False))) for a in activities if a.id in scored]
    work = [(a, submissions.get(a.id)) for a in activities if a.id not in scored]
    extensions = {e.module_id: e for e in session.scalars(select(DeadlineExtension).where(
        DeadlineExtension.cohort_id == cohort.id, DeadlineExtension.user_id == user_id))}
    schedule = [ScheduleRow(module, due_at, extensions.get(module.id)) for module, due_at in session.execute(
        select(Module, ModuleSchedule.due_at).join(ModuleSchedule, ModuleSchedule.module_id == Module.id)
        .where(ModuleSchedule.cohort_id == cohort.id, Module.retired_at.is_(None)).order_by(Module.position))]
    extra = dict(session.execute(select(ExtraAttempts.activity_id, ExtraAttempts.extra)
                                 .where(ExtraAttempts.user_id == user_id)).all())
    return LearnerWork(quizzes, work, done, lessons, attended, sessions, schedule, extra)


def visible_cohorts(user: User):
    """The cohorts `user` sees in lists, as a query to filter and page: staff every one (the staff's
    list), a facilitator those they run (their dashboard's), a learner those they are enrolled in."""
    from lms.core.permissions import Role
    query = select(Cohort)
    if user.role is Role.staff:
        return query
    if user.role is Role.facilitator:
        return run_by(user.id)
    return query.join(Enrolment, Enrolment.cohort_id == Cohort.id).where(Enrolment.user_id == user.id)
