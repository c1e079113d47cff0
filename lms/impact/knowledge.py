"""The optional knowledge check (learning): one question of each module's quiz, asked at the start
of the programme and again at its end, graded by the quiz machinery (lms/courses/activities.py);
the change shown per cohort and module, where five or more took both."""
from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort
from lms.courses.activities import Quiz, attempt_seed
from lms.courses.models import Activity, Module
from lms.impact import waiting
from lms.impact.models import KnowledgeCheck
from lms.learning.quizzes import ordered_options
from lms.reports.figures import SMALL
from lms.users.models import User

STAGES = ("before", "after")


def questions(session: Session, programme_id: int) -> list[dict]:
    """The first single-choice question of each module's quiz, in the modules' order."""
    rows = session.execute(
        select(Activity, Module).join(Module, Module.id == Activity.module_id)
        .where(Activity.programme_id == programme_id, Activity.type == "quiz", Activity.retired_at.is_(None),
               Module.retired_at.is_(None))
        .order_by(Module.position, Activity.position)).all()
    chosen: list[dict] = []
    seen: set[int] = set()
    for activity, module in rows:
        if module.id in seen:
            continue
        for question in activity.definition.get("questions", []):
            if question.get("type") == "single":
                # Named by its module too: two modules' quizzes may use the same question ids.
                chosen.append({**question, "id": f"{module.slug}--{question['id']}", "module_id": module.id,
                               "module_title": module.title})
                seen.add(module.id)
                break
    return chosen


def option_order(checked: list[dict], user: User, cohort: Cohort, stage: str) -> dict[str, list[str]]:
    """The options shuffled as for a quiz attempt, differently before and after."""
    return Quiz.option_order(checked, attempt_seed(user.id, cohort.id, STAGES.index(stage) + 1))


def shown_options(question: dict, order: dict[str, list[str]]) -> list[dict]:
    return ordered_options(question, order)


def taken(session: Session, user_id: int, cohort_id: int) -> dict[str, KnowledgeCheck]:
    return {k.stage: k for k in session.scalars(select(KnowledgeCheck).where(
        KnowledgeCheck.user_id == user_id, KnowledgeCheck.cohort_id == cohort_id))}


class AlreadyTaken(Exception):
    """This stage's check was sent already."""


def submit(session: Session, user: User, cohort: Cohort, stage: str, answers: dict[str, str],
           language: str) -> KnowledgeCheck:
    asked = questions(session, cohort.programme_id)
    results = {q["id"]: Quiz.grade(q, answers.get(q["id"]), language) for q in asked}
    score = round(100 * sum(results.values()) / len(asked)) if asked else 0
    check = KnowledgeCheck(user_id=user.id, cohort_id=cohort.id, stage=stage, language=language, questions=asked,
                           answers={k: v for k, v in answers.items() if k in results}, results=results,
                           score=score)
    try:
        with session.begin_nested():
            session.add(check)
    except IntegrityError:
        raise AlreadyTaken() from None
    session.flush()
    waiting.refresh(session, user)
    return check


@dataclasses.dataclass
class Change:
    """Mean share of right answers (percent) before and after, over those who took both."""

    label: dict | str
    n: int
    before: float | None
    after: float | None

    @property
    def shown(self) -> bool:
        return self.n >= SMALL


def change(session: Session, cohort_ids: list[int]) -> tuple[Change, list[Change]]:
    """In total and per module, over the learners of `cohort_ids` who took both checks."""
    checks = list(session.scalars(select(KnowledgeCheck).where(KnowledgeCheck.cohort_id.in_(cohort_ids))))
    pairs: dict[tuple[int, int], dict[str, KnowledgeCheck]] = {}
    for k in checks:
        pairs.setdefault((k.user_id, k.cohort_id), {})[k.stage] = k
    both = [p for p in pairs.values() if len(p) == 2]
    total = _mean_change("", [(p["before"].score, p["after"].score) for p in both])
    modules: dict[int, tuple[dict, list[tuple[float, float]]]] = {}
    for pair in both:
        before, after = pair["before"], pair["after"]
        for question in after.questions:
            if question["id"] not in before.results:
                continue
            _title, values = modules.setdefault(question["module_id"], (question["module_title"], []))
            values.append((100.0 * bool(before.results[question["id"]]), 100.0 * bool(after.results[question["id"]])))
    return total, [_mean_change(title, values) for title, values in modules.values()]


def _mean_change(label: dict | str, values: list[tuple[float, float]]) -> Change:
    n = len(values)
    if n < SMALL:
        return Change(label, n, None, None)
    return Change(label, n, round(sum(b for b, _a in values) / n, 1), round(sum(a for _b, a in values) / n, 1))
