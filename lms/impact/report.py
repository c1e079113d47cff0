"""The impact report: the four levels (reaction, learning, behaviour, results) side by side per
cohort, edition (year), UNESCO region and gender, for staff (the network) and facilitators
(their cohorts).

Suppression as in the network report (lms/reports/suppression.py): the counts of people — the
graduates, and among them those who reported on their plan, took both knowledge checks, reported
at 12 months — go through the same primary and complementary suppression, by gender as well; a
mean or a sum is shown only where the count it rests on is shown and is five or more. The
evaluation's answers are anonymous and carry no gender: they are counted per cohort, year and
region (small counts hidden, and a second one where a single hidden one could be found by
subtraction), never per gender.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from lms.centres.models import Centre, Region
from lms.certificates.models import Certificate
from lms.cohorts.models import Cohort, cohort_facilitators
from lms.courses.models import Activity
from lms.impact import evaluation
from lms.impact.models import ActionStatus, EvaluationResponse, FollowUp, FollowUpAction, InstitutionIndicators, \
    KnowledgeCheck
from lms.learning.models import SelfAssessmentResponse
from lms.reports.figures import SMALL, Counts, adjusted_gpi
from lms.reports.suppression import GENDERS, TOTAL, Protected
from lms.users.models import User

DIMENSIONS = ("region", "year", "cohort", "gender")
# The report's counts, in the slots of the network report's Counts (so that its suppression
# protects them the same way): graduates, reported on their plan, took both knowledge checks,
# reported at 12 months.
GRADUATES, REPORTED, CHECKED, RESULTS = "enrolled", "active", "completed", "certified"


@dataclasses.dataclass
class Graduate:
    user_id: int
    cohort_id: int
    gender: str
    region: str | None
    year: int
    cohort: str
    before: float | None = None
    after: float | None = None
    actions_done: float | None = None  # share (percent) of the plan's actions done or under way
    reported: bool = False
    at_twelve: InstitutionIndicators | None = None
    sa_start: float | None = None
    sa_twelve: float | None = None


def _sa_mean(response: SelfAssessmentResponse) -> float | None:
    points = {level["id"]: level["points"] for level in response.definition.get("scale", [])}
    values = [points[v] for v in response.answers.values() if v in points]
    return sum(values) / len(values) if values else None


def graduates(session: Session, facilitator_id: int | None) -> list[Graduate]:
    """Every holder of a current certificate in scope, with what they reported."""
    query = select(Certificate.user_id, Certificate.cohort_id, User.gender, Centre.region,
                   extract("year", Cohort.starts_on), Cohort.name) \
        .join(User, User.id == Certificate.user_id).join(Cohort, Cohort.id == Certificate.cohort_id) \
        .outerjoin(Centre, Centre.id == User.centre_id).where(Certificate.revoked_at.is_(None))
    if facilitator_id is not None:
        query = query.where(Certificate.cohort_id.in_(select(cohort_facilitators.c.cohort_id)
                                                      .where(cohort_facilitators.c.user_id == facilitator_id)))
    people = {(u, c): Graduate(u, c, g.value if g else "not_stated", r.value if r else None, int(y), name)
              for u, c, g, r, y, name in session.execute(query)}
    if not people:
        return []
    cohort_ids = sorted({c for _u, c in people})
    for check in session.scalars(select(KnowledgeCheck).where(KnowledgeCheck.cohort_id.in_(cohort_ids))):
        person = people.get((check.user_id, check.cohort_id))
        if person is not None:
            setattr(person, check.stage, float(check.score))
    latest: dict[tuple[int, int], FollowUp] = {}
    answered = session.scalars(select(FollowUp).where(FollowUp.cohort_id.in_(cohort_ids),
                                                      FollowUp.answered_at.is_not(None)).order_by(FollowUp.months))
    for follow_up in answered:
        latest[(follow_up.user_id, follow_up.cohort_id)] = follow_up
    statuses: dict[int, list[ActionStatus]] = {}
    if latest:
        for follow_up_id, status in session.execute(select(FollowUpAction.follow_up_id, FollowUpAction.status).where(
                FollowUpAction.follow_up_id.in_([f.id for f in latest.values()]))):
            statuses.setdefault(follow_up_id, []).append(status)
    for key, follow_up in latest.items():
        person = people.get(key)
        if person is None:
            continue
        person.reported = True
        lines = statuses.get(follow_up.id, [])
        if lines:
            moving = sum(s in (ActionStatus.done, ActionStatus.under_way) for s in lines)
            person.actions_done = 100.0 * moving / len(lines)
        if follow_up.months == 12:
            person.at_twelve = session.get(InstitutionIndicators, follow_up.id)
    instruments = select(Activity.id).where(Activity.type == "self_assessment")
    by_user: dict[int, list[Graduate]] = {}
    for (user_id, _cohort_id), person in people.items():
        by_user.setdefault(user_id, []).append(person)
    for response in session.scalars(select(SelfAssessmentResponse).where(
            SelfAssessmentResponse.activity_id.in_(instruments), SelfAssessmentResponse.round.in_((1, 3)),
            SelfAssessmentResponse.user_id.in_(by_user))):
        for person in by_user[response.user_id]:
            if response.round == 1:
                person.sa_start = _sa_mean(response)
            elif person.at_twelve is not None:
                person.sa_twelve = _sa_mean(response)
    return list(people.values())


def _key(person: Graduate, dimension: str) -> object:
    return {"region": person.region, "year": person.year, "cohort": person.cohort}[dimension]


def _counts(people: Iterable[Graduate]) -> Counts:
    counts = Counts()
    for p in people:
        counts.add_many(p.gender, 1, int(p.reported), int(p.before is not None and p.after is not None),
                        int(p.at_twelve is not None))
    return counts


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if len(values) >= SMALL else None


@dataclasses.dataclass
class Level:
    """The figures of one row of the report; None where hidden or not available."""

    key: object
    label: str
    graduates: str | int
    answers: str | int | None
    overall: float | None
    relevance: float | None
    checked: str | int
    before: float | None
    after: float | None
    reported: str | int
    actions_done: float | None
    at_twelve: str | int
    courses_updated: int | None
    staff_trained: int | None
    partnerships_signed: int | None
    sa_start: float | None
    sa_twelve: float | None
    gpi: float | None

    def cells(self) -> list:
        return [self.label, self.graduates, self.answers, self.overall, self.relevance, self.checked, self.before,
                self.after, self.reported, self.actions_done, self.at_twelve, self.courses_updated,
                self.staff_trained, self.partnerships_signed, self.sa_start, self.sa_twelve, self.gpi]


def headers() -> list[str]:
    return [_("Group"), _("Graduates"), _("Evaluation answers"), _("Overall rating (1–5)"),
            _("Relevance to the institution (1–5)"), _("Took the knowledge check before and after"),
            _("Knowledge score before (%)"), _("Knowledge score after (%)"), _("Reported on their plan"),
            _("Actions done or under way (%)"), _("Reported at 12 months"), _("Courses updated with green skills"),
            _("Staff trained"), _("Partnerships signed"), _("Self-assessment at the start (mean)"),
            _("Self-assessment at 12 months (mean)"), _("Gender parity index of reporting on the plan")]


@dataclasses.dataclass
class Report:
    dimension: str
    rows: list[Level]
    total: Level


def _reaction(session: Session, dimension: str, cohort_ids: list[int] | None) -> dict[object, list[EvaluationResponse]]:
    query = select(EvaluationResponse, Cohort.name, extract("year", Cohort.starts_on)) \
        .join(Cohort, Cohort.id == EvaluationResponse.cohort_id)
    if cohort_ids is not None:
        query = query.where(EvaluationResponse.cohort_id.in_(cohort_ids))
    grouped: dict[object, list[EvaluationResponse]] = {TOTAL: []}
    for response, cohort_name, year in session.execute(query):
        grouped[TOTAL].append(response)
        key = {"region": response.region, "year": int(year), "cohort": cohort_name}.get(dimension, TOTAL)
        if key is not TOTAL:
            grouped.setdefault(key, []).append(response)
    return grouped


def _protect_answers(counts: dict[object, int]) -> set[object]:
    """Small counts of answers, and a second one where a single hidden one would show through the total."""
    hidden = {k for k, n in counts.items() if 0 < n < SMALL}
    if len(hidden) == 1:
        rest = sorted((n, str(k), k) for k, n in counts.items() if k not in hidden and n > 0)
        if rest:
            hidden.add(rest[0][2])
    return hidden


def build(session: Session, dimension: str, facilitator_id: int | None, label) -> Report:
    """The report by `dimension` for a facilitator's cohorts or the network (facilitator_id None)."""
    people = graduates(session, facilitator_id)
    cohort_ids: list[int] | None = None
    if facilitator_id is not None:
        cohort_ids = list(session.scalars(select(cohort_facilitators.c.cohort_id)
                                          .where(cohort_facilitators.c.user_id == facilitator_id)))
    split = [d for d in DIMENSIONS if d != "gender"]
    groups = {d: {} for d in split}  # type: dict[str, dict[object, list[Graduate]]]
    for person in people:
        for d in split:
            groups[d].setdefault(_key(person, d), []).append(person)
    protected = Protected.of(_counts(people), {d: sorted(((k, _counts(v)) for k, v in items.items()),
                                                         key=lambda item: (item[0] is None, str(item[0])))
                                                for d, items in groups.items()})
    reaction = _reaction(session, dimension, cohort_ids)
    answer_counts = {k: len(v) for k, v in reaction.items() if k is not TOTAL}
    hidden_answers = _protect_answers(answer_counts)

    def level(key: object, title: str, members: list[Graduate], cell: tuple[str, object], gender: str | None,
              responses: list[EvaluationResponse] | None, answers_hidden: bool) -> Level:
        dim, k = cell

        def count(measure: str) -> str | int:
            return protected.shown(dim, k, measure, gender) if protected.is_hidden(dim, k, measure, gender) \
                else _value(protected, dim, k, measure, gender)

        def usable(measure: str) -> bool:
            value = protected.value(dim, k, measure, gender)
            return value is not None and value >= SMALL

        summary = evaluation.summarise(responses) if responses is not None else None
        answers: str | int | None = None
        if responses is not None:
            answers = "<5" if answers_hidden and 0 < len(responses) < SMALL else "x" if answers_hidden \
                else len(responses)
        checked = [p for p in members if p.before is not None and p.after is not None]
        reported = [p for p in members if p.reported]
        twelve = [p for p in members if p.at_twelve is not None]
        sums_ok = usable(RESULTS)
        sa_pairs = [p for p in twelve if p.sa_start is not None and p.sa_twelve is not None]
        gpi = None
        if gender is None and protected.parity_shown(dim, k, REPORTED):
            counts = protected.counts(dim, k)
            women, men = counts.gender("female"), counts.gender("male")
            if women.enrolled >= SMALL and men.enrolled >= SMALL:
                gpi = adjusted_gpi(women.active / women.enrolled, men.active / men.enrolled)
        return Level(
            key=key, label=title, graduates=count(GRADUATES), answers=answers,
            overall=summary.means["overall"] if summary and not answers_hidden else None,
            relevance=summary.means["relevance"] if summary and not answers_hidden else None,
            checked=count(CHECKED),
            before=_mean([p.before for p in checked if p.before is not None]) if usable(CHECKED) else None,
            after=_mean([p.after for p in checked if p.after is not None]) if usable(CHECKED) else None,
            reported=count(REPORTED),
            actions_done=_mean([p.actions_done for p in reported if p.actions_done is not None])
            if usable(REPORTED) else None,
            at_twelve=count(RESULTS),
            courses_updated=sum(p.at_twelve.courses_updated for p in twelve if p.at_twelve) if sums_ok else None,
            staff_trained=sum(p.at_twelve.staff_trained for p in twelve if p.at_twelve) if sums_ok else None,
            partnerships_signed=sum(p.at_twelve.partnerships_signed for p in twelve if p.at_twelve)
            if sums_ok else None,
            sa_start=_round2(_mean([p.sa_start for p in sa_pairs if p.sa_start is not None])) if sums_ok else None,
            sa_twelve=_round2(_mean([p.sa_twelve for p in sa_pairs if p.sa_twelve is not None])) if sums_ok else None,
            gpi=gpi)

    rows: list[Level] = []
    if dimension == "gender":
        for gender in GENDERS:
            members = [p for p in people if p.gender == gender]
            if members:
                rows.append(level(gender, label("gender", gender), members, TOTAL, gender, None, False))
    else:
        for key, _c in protected.breakdowns[dimension]:
            members = groups[dimension][key]
            rows.append(level(key, label(dimension, key), members, (dimension, key), None,
                              reaction.get(key, []), key in hidden_answers))
        extra = [k for k in answer_counts if k not in groups[dimension]]  # answers from cohorts without graduates
        for key in sorted(extra, key=str):
            rows.append(_answers_only(key, label(dimension, key), reaction[key], key in hidden_answers))
    total = level(None, _("Total"), people, TOTAL, None, reaction[TOTAL], False)
    return Report(dimension, rows, total)


def _answers_only(key: object, title: str, responses: list[EvaluationResponse], hidden: bool) -> Level:
    summary = evaluation.summarise(responses)
    answers: str | int = ("<5" if len(responses) < SMALL else "x") if hidden else len(responses)
    return Level(key, title, 0, answers, None if hidden else summary.means["overall"],
                 None if hidden else summary.means["relevance"], 0, None, None, 0, None, 0, None, None, None, None,
                 None, None)


def _value(protected: Protected, dim: str, key: object, measure: str, gender: str | None) -> int:
    value = protected.value(dim, key, measure, gender)
    return value or 0


def _round2(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def region_label(value: object) -> str:
    return Region(value).title if value else _("No region")
