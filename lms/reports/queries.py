"""The report's figures: a snapshot of one row per enrolment, added up by the database for each view."""
from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import (String, case, cast, false, func, literal, select,
                        union_all)
from sqlalchemy.orm import Session

from lms.cohorts.models import cohort_facilitators
from lms.reports.figures import Counts
from lms.reports.suppression import TOTAL, Protected
from lms.reports.models import ReportFact, ReportSnapshot

ACTIVE_WITHIN = dt.timedelta(days=30)

# UN least developed countries (the list of December 2024), ISO 3166-1 codes.
LEAST_DEVELOPED = frozenset({
    "AO", "BJ", "BF", "BI", "CF", "TD", "KM", "CD", "DJ", "ER", "ET", "GM", "GN", "GW", "LS", "LR", "MG", "MW", "ML",
    "MR", "MZ", "NE", "RW", "SN", "SL", "SO", "SS", "SD", "TZ", "TG", "UG", "ZM",
    "AF", "BD", "KH", "LA", "MM", "NP", "TL", "YE", "HT", "KI", "SB", "TV",
})


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whose enrolments a report counts: a facilitator's cohorts (or all), narrowed by the page's filters."""

    facilitator_id: int | None = None
    view: str = ""                                  # "", "africa" or "ldc"
    filters: tuple[tuple[str, str], ...] = ()       # (name, value) pairs, which combine


FILTERS = ("region", "country", "centre_type", "cohort", "year", "gender")
DIMENSIONS = ("region", "country", "centre_type", "centre", "cohort", "year")


def _scoped(query, scope: Scope):
    if scope.facilitator_id is not None:
        query = query.where(ReportFact.cohort_id.in_(select(cohort_facilitators.c.cohort_id)
                                                     .where(cohort_facilitators.c.user_id == scope.facilitator_id)))
    if scope.view == "africa":
        query = query.where(ReportFact.region == "africa")
    elif scope.view == "ldc":
        query = query.where(ReportFact.country.in_(sorted(LEAST_DEVELOPED)))
    for name, value in scope.filters:
        if name == "year":
            query = query.where(ReportFact.year == int(value) if value.isdigit() and len(value) <= 4 else false())
        else:
            query = query.where(getattr(ReportFact, name) == value)
    return query


def _grouped(session: Session, scope: Scope, dimension: str | None) -> dict[object, Counts]:
    """Counts by `dimension` (or in total, under the key None) and gender, added up by the database."""
    def number(flag):
        return func.sum(case((flag, 1), else_=0))

    keys = [getattr(ReportFact, dimension)] if dimension else []
    query = _scoped(select(*keys, ReportFact.gender, func.count(), number(ReportFact.active),
                           number(ReportFact.completed), number(ReportFact.certified))
                    .group_by(*keys, ReportFact.gender), scope)
    groups: dict[object, Counts] = {}
    for row in session.execute(query):
        key, values = (row[0], row[1:]) if dimension else (None, row)
        groups.setdefault(key, Counts()).add_many(*values)
    return groups


# A fact's place (its centre decides the other three) and its time (its cohort decides the year):
# the report adds the facts up once by each, so that a network of 100,000 enrolments gives a few
# thousand groups rather than one group per centre, cohort and gender, nearly one per person.
PLACE = ("region", "country", "centre_type", "centre")
TIME = ("cohort", "year")


def _counts(by_gender: dict[str, list[int]]) -> Counts:
    counts = Counts()
    for gender, values in by_gender.items():
        counts.add_many(gender, *values)
    return counts


def report(session: Session, scope: Scope) -> Protected:
    """The total and every breakdown, from two grouped queries (by place, by time: each read in the
    order of its index), with small cells and the cells that would give them back hidden
    (lms/reports/suppression.py)."""
    def number(flag):
        return func.sum(case((flag, 1), else_=0))

    # Added up as plain lists first (a few thousand groups, each counted into five breakdowns),
    # then made into Counts once per row of the report.
    sums: dict[tuple[str, object], dict[str, list[int]]] = {}
    for dimensions in (PLACE, TIME):
        keys = [getattr(ReportFact, dimension) for dimension in dimensions]
        query = _scoped(select(*keys, ReportFact.gender, func.count(), number(ReportFact.active),
                               number(ReportFact.completed), number(ReportFact.certified))
                        .group_by(*keys, ReportFact.gender), scope)
        for row in session.execute(query):
            gender, values = row[len(dimensions)], row[len(dimensions) + 1:]
            places = list(zip(dimensions, row[:len(dimensions)], strict=True))
            for place in [TOTAL, *places] if dimensions is PLACE else places:
                held = sums.setdefault(place, {}).get(gender)
                if held is None:
                    sums[place][gender] = [*values]
                else:
                    for index, value in enumerate(values):
                        held[index] += value
    total = _counts(sums.pop(TOTAL, {}))
    groups: dict[str, dict[object, Counts]] = {dimension: {} for dimension in DIMENSIONS}
    for (dimension, key), by_gender in sums.items():
        groups[dimension][key] = _counts(by_gender)
    breakdowns = {dimension: sorted(items.items(), key=lambda item: (item[0] is None, str(item[0])))
                  for dimension, items in groups.items()}
    return Protected.of(total, breakdowns)


def breakdown(session: Session, scope: Scope, dimension: str) -> list[tuple[object, Counts]]:
    return sorted(_grouped(session, scope, dimension).items(), key=lambda item: (item[0] is None, str(item[0])))


def total(session: Session, scope: Scope) -> Counts:
    return _grouped(session, scope, None).get(None, Counts())


def options(session: Session, scope: Scope, report: Protected | None = None) -> dict[str, list[str]]:
    """The values each filter can take among the enrolments in scope (before the filters), in one
    query; or, when the page has no filter and no view, read from its `report`, which counted
    exactly those enrolments (a query less over the whole network)."""
    names = ("region", "country", "centre_type", "cohort", "year")
    if report is not None and not scope.filters and not scope.view:
        return {name: sorted(str(key) for key, _counts in report.breakdowns[name] if key is not None)
                for name in names}
    base = Scope(scope.facilitator_id)
    query = union_all(*[_scoped(select(literal(name).label("name"), cast(getattr(ReportFact, name), String)
                                       .label("value")).distinct(), base) for name in names])
    found: dict[str, set[str]] = {name: set() for name in names}
    for name, value in session.execute(query):
        if value is not None:
            found[name].add(value)
    return {name: sorted(values) for name, values in found.items()}


def built_at(session: Session) -> dt.datetime | None:
    return session.scalar(select(ReportSnapshot.built_at).where(ReportSnapshot.id == 1))
