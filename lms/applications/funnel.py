"""The funnel of a call: applied → eligible → endorsed → selected → enrolled → certified, in total
and by region, country, gender and type of institution, with small cells suppressed.

As in the network report (lms/reports/suppression.py), a count of 1 to 4 people is shown "<5";
each stage's rows add up to its total, so a column with a single hidden cell hides its smallest
other count too ("x"), and no total gives a hidden count back. The gender parity index is the
adjusted one (lms/reports/figures.py): for "applied" it compares women's and men's counts; for
every later stage, their rates of reaching it from "applied".
"""
from __future__ import annotations

import dataclasses

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.applications.models import Application, ApplicationStatus, Call, Decision
from lms.applications.selection import category_title
from lms.certificates.models import Certificate
from lms.cohorts.models import Enrolment
from lms.core.i18n import country_name
from lms.reports.figures import SMALL, adjusted_gpi

STAGES = {
    "applied": _l("Applied"),
    "eligible": _l("Eligible"),
    "endorsed": _l("Endorsed"),
    "selected": _l("Selected"),
    "enrolled": _l("Enrolled"),
    "certified": _l("Certified"),
}
BREAKDOWNS = {
    "region": _l("Region"),
    "country": _l("Country"),
    "gender": _l("Gender"),
    "institution_type": _l("Type of institution"),
}


@dataclasses.dataclass
class Funnel:
    dimension: str
    total: dict[str, int]
    rows: list[tuple[str, str, dict[str, int]]]  # (key, title, stage -> count)
    hidden: set[tuple[str, str]]                 # (key, stage)
    small: set[tuple[str, str]]
    gpi: dict[str, float | None]

    def shown(self, key: str, stage: str) -> str:
        if (key, stage) in self.small:
            return "<5"
        if (key, stage) in self.hidden:
            return "x"
        return str(dict((k, c) for k, _t, c in self.rows)[key][stage])


def _stages(session: Session, call: Call) -> list[tuple[Application, set[str]]]:
    cohort_ids = [c.id for c in call.cohorts]
    enrolled: set[int] = set()
    certified: set[int] = set()
    if cohort_ids:
        enrolled = set(session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids))))
        certified = set(session.scalars(select(Certificate.user_id).where(Certificate.cohort_id.in_(cohort_ids),
                                                                           Certificate.revoked_at.is_(None))))
    found = []
    for application in session.scalars(select(Application).where(
            Application.call_id == call.id, Application.status == ApplicationStatus.submitted)):
        reached = {"applied"}
        if application.ineligible is None:
            reached.add("eligible")
            if application.endorsed_at is not None:
                reached.add("endorsed")
        if application.decision is Decision.accepted:
            reached.add("selected")
            if application.user_id in enrolled:
                reached.add("enrolled")
                if application.user_id in certified:
                    reached.add("certified")
        found.append((application, reached))
    return found


def _key(application: Application, dimension: str) -> str:
    if dimension == "country":
        return application.country or "none"
    from lms.applications.selection import category
    return category(application, dimension)


def _title(dimension: str, key: str) -> str:
    if dimension == "country":
        return country_name(key) if key != "none" else str(_l("Not given"))
    return category_title(dimension, key)


def funnel(session: Session, call: Call, dimension: str) -> Funnel:
    if dimension not in BREAKDOWNS:
        dimension = "region"
    reached = _stages(session, call)
    total = {stage: sum(1 for _a, r in reached if stage in r) for stage in STAGES}
    counts: dict[str, dict[str, int]] = {}
    by_gender: dict[str, dict[str, int]] = {}
    for application, stages in reached:
        row = counts.setdefault(_key(application, dimension), dict.fromkeys(STAGES, 0))
        gender = by_gender.setdefault(_key(application, "gender"), dict.fromkeys(STAGES, 0))
        for stage in stages:
            row[stage] += 1
            gender[stage] += 1
    rows = sorted(((key, _title(dimension, key), c) for key, c in counts.items()), key=lambda r: r[1])
    small = {(key, stage) for key, _t, c in rows for stage in STAGES if 0 < c[stage] < SMALL}
    small |= {("total", stage) for stage in STAGES if 0 < total[stage] < SMALL}
    hidden = set(small)
    for stage in STAGES:  # each stage's rows add up to its total: never one hidden cell alone
        while sum(1 for key, _t, _c in rows if (key, stage) in hidden) == 1:
            others = [(c[stage], key) for key, _t, c in rows if (key, stage) not in hidden and c[stage] > 0]
            if not others:
                break
            hidden.add((min(others)[1], stage))
    women, men = by_gender.get("female", dict.fromkeys(STAGES, 0)), by_gender.get("male", dict.fromkeys(STAGES, 0))
    gpi: dict[str, float | None] = {}
    for stage in STAGES:
        if min(women["applied"], men["applied"]) < SMALL or min(women[stage], men[stage]) < SMALL:
            gpi[stage] = None  # resting on a hidden count: not shown
        elif stage == "applied":
            gpi[stage] = adjusted_gpi(women["applied"], men["applied"])
        else:
            gpi[stage] = adjusted_gpi(women[stage] / women["applied"], men[stage] / men["applied"])
    rows.insert(0, ("total", str(_l("All applicants")), total))
    return Funnel(dimension, total, rows, hidden, small, gpi)


def table(result: Funnel) -> tuple[list[str], list[list[str]]]:
    """The funnel as an export's header and rows, with the same cells hidden."""
    header = [str(BREAKDOWNS[result.dimension]), *(str(title) for title in STAGES.values())]
    return header, [[title, *(result.shown(key, stage) for stage in STAGES)] for key, title, _c in result.rows]
