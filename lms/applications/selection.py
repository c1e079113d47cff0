"""The selection board's arithmetic: the ranking, the targets, a suggested selection, the balance.

Candidates are the eligible, endorsed applications with at least one submitted review, ranked by
their mean review total (earlier submission first on a tie).

Targets are minimum shares of the places, in per cent, per category of five dimensions: region,
gender, least developed country (LDC or not), type of institution and language of study. A
target of 50 % women on 160 places asks for at least 80 women.

The suggestion is a greedy method that anyone can follow by hand:

1. While some target is not met and places remain, take the unmet target that is furthest from
   being met (its shortfall as a share of its minimum; on a tie, the first in the call's order),
   and choose its best-ranked candidate not chosen yet. That person may count towards other
   targets as well (an African woman from an LDC counts for three). A target with no candidate
   left is reported as out of reach and set aside.
2. Fill the remaining places in rank order.

Each suggested person is shown with the reason they were chosen: their rank, or the target
they were chosen to meet. When the best candidates already meet every target, step 1 chooses
only among them and the suggestion is simply the top of the ranking. Staff then adjust the
selection by hand; the balance table and the chart show the effect of each change against the
targets. The waitlist is the best-ranked candidates left out, in rank order.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.applications.countries import LDC
from lms.applications.models import Application, ApplicationStatus, Call
from lms.applications.queries import scores
from lms.centres.models import REGION_TITLES, Region
from lms.core.i18n import language_name
from lms.users.models import GENDER_TITLES, Gender

DIMENSIONS = {
    "region": _l("Region"),
    "gender": _l("Gender"),
    "ldc": _l("Least developed country"),
    "institution_type": _l("Type of institution"),
    "language": _l("Language of study"),
}


def category(application: Application, dimension: str) -> str:
    """The application's category in one dimension of the targets."""
    if dimension == "region":
        return application.region.value if application.region else "none"
    if dimension == "gender":
        return application.gender.value if application.gender else "not_stated"
    if dimension == "ldc":
        return "ldc" if application.country in LDC else "other"
    if dimension == "institution_type":
        return application.institution_type.value if application.institution_type else "none"
    return application.study_language or "none"


def category_title(dimension: str, key: str) -> str:
    from lms.applications.models import InstitutionType
    if dimension == "region" and key in {r.value for r in Region}:
        return str(REGION_TITLES[Region(key)])
    if dimension == "gender":
        if key in {g.value for g in Gender}:
            return str(GENDER_TITLES[Gender(key)])
        return str(_l("Not stated"))
    if dimension == "ldc":
        return str(_l("Least developed country") if key == "ldc" else _l("Other countries"))
    if dimension == "institution_type" and key in {t.value for t in InstitutionType}:
        return InstitutionType(key).title
    if dimension == "language" and key != "none":
        return language_name(key)
    return str(_l("Not given"))


@dataclasses.dataclass(frozen=True)
class Target:
    dimension: str
    key: str
    percent: float
    minimum: int  # people, of the call's places

    @property
    def title(self) -> str:
        """"Africa: at least 45" in the reader's language."""
        return str(_l("%(category)s: at least %(count)s", category=category_title(self.dimension, self.key),
                      count=self.minimum))


@dataclasses.dataclass
class Candidate:
    application: Application
    rank: int
    score: float
    reviews: int


@dataclasses.dataclass
class Suggestion:
    chosen: list[Candidate]
    # Why each was chosen: a Target, or None for their rank alone.
    reasons: dict[int, Target | None]
    out_of_reach: list[Target]


def targets(call: Call) -> list[Target]:
    found = []
    for dimension in DIMENSIONS:
        for key, percent in (call.targets or {}).get(dimension, {}).items():
            if percent:
                found.append(Target(dimension, key, float(percent), math.ceil(float(percent) * call.places / 100)))
    return found


def candidates(session: Session, call: Call) -> list[Candidate]:
    """The ranked list: eligible, endorsed, reviewed; best mean score first."""
    mean = scores(session, call)
    found = session.scalars(select(Application).where(
        Application.call_id == call.id, Application.status == ApplicationStatus.submitted,
        Application.ineligible.is_(None), Application.endorsed_at.is_not(None)))
    reviewed = [a for a in found if a.id in mean]
    reviewed.sort(key=lambda a: (-mean[a.id][0], a.submitted_at, a.id))
    return [Candidate(a, index + 1, round(mean[a.id][0], 2), mean[a.id][1]) for index, a in enumerate(reviewed)]


def suggest(call: Call, ranked: Sequence[Candidate]) -> Suggestion:
    """The greedy suggestion of the module's docstring."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    reasons: dict[int, Target | None] = {}
    have: dict[tuple[str, str], int] = {}
    pending = targets(call)
    out_of_reach: list[Target] = []

    def take(candidate: Candidate, reason: Target | None) -> None:
        chosen.append(candidate)
        taken.add(candidate.application.id)
        reasons[candidate.application.id] = reason
        for dimension in DIMENSIONS:
            key = (dimension, category(candidate.application, dimension))
            have[key] = have.get(key, 0) + 1

    while len(chosen) < call.places:
        unmet = [t for t in pending if have.get((t.dimension, t.key), 0) < t.minimum]
        if not unmet:
            break
        target = max(unmet, key=lambda t: ((t.minimum - have.get((t.dimension, t.key), 0)) / t.minimum,
                                           -pending.index(t)))
        best = next((c for c in ranked if c.application.id not in taken
                     and category(c.application, target.dimension) == target.key), None)
        if best is None:
            pending.remove(target)
            out_of_reach.append(target)
            continue
        take(best, target)
    for candidate in ranked:
        if len(chosen) >= call.places:
            break
        if candidate.application.id not in taken:
            take(candidate, None)
    chosen.sort(key=lambda c: c.rank)
    return Suggestion(chosen, reasons, out_of_reach)


@dataclasses.dataclass
class BalanceRow:
    dimension: str
    key: str
    title: str
    candidates: int
    suggested: int
    selected: int
    target: Target | None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.selected >= self.target.minimum

    @property
    def suggested_met(self) -> bool | None:
        return None if self.target is None else self.suggested >= self.target.minimum


def balance(call: Call, ranked: Sequence[Candidate], suggested: Iterable[Candidate],
            selected: Iterable[Application]) -> list[BalanceRow]:
    """Per dimension and category: candidates, the suggestion, the current selection, the target."""
    suggested, selected = list(suggested), list(selected)
    by_target = {(t.dimension, t.key): t for t in targets(call)}
    rows = []
    for dimension in DIMENSIONS:
        keys = {category(c.application, dimension) for c in ranked}
        keys |= {category(a, dimension) for a in selected}
        keys |= {k for d, k in by_target if d == dimension}
        for key in sorted(keys, key=lambda k: category_title(dimension, k)):
            rows.append(BalanceRow(
                dimension, key, category_title(dimension, key),
                sum(1 for c in ranked if category(c.application, dimension) == key),
                sum(1 for c in suggested if category(c.application, dimension) == key),
                sum(1 for a in selected if category(a, dimension) == key),
                by_target.get((dimension, key))))
    return rows


def take_suggestion(session: Session, call: Call, suggestion: Suggestion) -> None:
    """The board's selection becomes the suggestion."""
    chosen = {c.application.id for c in suggestion.chosen}
    for application in session.scalars(select(Application).where(Application.call_id == call.id)):
        application.selected = application.id in chosen
    session.flush()


def set_selection(session: Session, call: Call, shown: Iterable[int], ticked: Iterable[int]) -> None:
    """Staff's changes on the board: of the rows shown, those ticked are selected, the others not."""
    shown, ticked = set(shown), set(ticked)
    for application in session.scalars(select(Application).where(Application.call_id == call.id,
                                                                  Application.id.in_(shown))):
        application.selected = application.id in ticked
    session.flush()


def waitlist(call: Call, ranked: Sequence[Candidate]) -> list[Candidate]:
    """The best-ranked candidates left out of the selection, in rank order."""
    return [c for c in ranked if not c.application.selected][:call.waitlist_size]
