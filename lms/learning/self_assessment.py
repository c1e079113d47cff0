"""The greening self-assessment: two rounds, results per area, and the chart that compares them."""
from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.core.charts import Series, bar_chart
from lms.core.i18n import localized
from lms.courses.models import Activity
from lms.learning.models import SelfAssessmentResponse


def instrument(session: Session, programme_id: int) -> Activity | None:
    return session.scalar(select(Activity).where(Activity.programme_id == programme_id,
                                                 Activity.type == "self_assessment",
                                                 Activity.retired_at.is_(None)))


def answer(session: Session, user_id: int, activity: Activity, cohort_id: int, round_: int,
           answers: dict[str, str]) -> SelfAssessmentResponse:
    """Keep one round's answers, with the instrument as it stands now. The same round sent twice
    (two tabs, two clicks) hits the unique (learner, instrument, round) constraint at the flush."""
    response = SelfAssessmentResponse(user_id=user_id, activity_id=activity.id, cohort_id=cohort_id,
                                      round=round_, answers=answers, definition=activity.definition)
    session.add(response)
    session.flush()
    return response


def responses(session: Session, user_id: int, activity_id: int) -> dict[int, SelfAssessmentResponse]:
    return {r.round: r for r in session.scalars(select(SelfAssessmentResponse).where(
        SelfAssessmentResponse.user_id == user_id, SelfAssessmentResponse.activity_id == activity_id))}


@dataclasses.dataclass
class AreaResult:
    id: str
    title: dict
    scores: dict[int, float]  # round -> mean points of its statements


@dataclasses.dataclass
class Results:
    areas: list[AreaResult]
    rounds: list[int]
    maximum: int

    def weakest(self, count: int) -> list[dict]:
        """The areas with the lowest score in the latest round: starting points for the plan."""
        latest = self.rounds[-1]
        ranked = sorted(self.areas, key=lambda a: a.scores.get(latest, 0))
        return [{"id": a.id, "title": a.title, "score": a.scores.get(latest, 0)} for a in ranked[:count]]


def results(answered: dict[int, SelfAssessmentResponse]) -> Results | None:
    if not answered:
        return None
    # The areas and scale as the latest round saw them.
    definition = answered[max(answered)].definition
    points = {level["id"]: level["points"] for r in answered.values() for level in r.definition["scale"]}
    maximum = max(level["points"] for level in definition["scale"])
    areas = []
    for area in definition["areas"]:
        scores = {}
        for number, response in answered.items():
            values = [points[response.answers[s["id"]]] for s in area["statements"]
                      if response.answers.get(s["id"]) in points]
            if values:
                scores[number] = round(sum(values) / len(values), 2)
        areas.append(AreaResult(area["id"], area["title"], scores))
    return Results(areas, sorted(answered), maximum)


def latest_results(session: Session, user_id: int, programme_id: int) -> Results | None:
    activity = instrument(session, programme_id)
    return results(responses(session, user_id, activity.id)) if activity else None


# The start in grey with dots, the end in solid blue: told apart without colour.
# The third round, a year after the certificate (lms/impact), in green with diagonals.
ROUND_LOOK = {1: ("#595959", "dots"), 2: ("#0b4f8a", "solid"), 3: ("#1e6b30", "diagonal")}


def round_title(number: int) -> str:
    return {1: _("Start of the programme"), 2: _("End of the programme")}.get(
        number, _("12 months after the certificate"))


def chart_svg(result: Results, language: str) -> Markup:
    """One row per area, one bar per round, on the scale of the answers (1 to the maximum)."""
    return bar_chart("sa", _("Self-assessment results by area"),
                     _("Mean score per area, from 1 to %(max)s; the same numbers are in the table below.",
                       max=result.maximum),
                     [localized(area.title, language)[0] for area in result.areas],
                     [Series(round_title(number), [area.scores.get(number) or 0 for area in result.areas],
                             *ROUND_LOOK[number]) for number in result.rounds], maximum=result.maximum)
