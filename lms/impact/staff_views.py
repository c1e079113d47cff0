"""The facilitators' and staff's side: how every plan of a cohort stands, the follow-ups across
the network, the institutions' results and the impact report with its exports."""
from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.centres.models import Centre, Region
from lms.cohorts.models import Cohort, cohort_facilitators
from lms.core.charts import Series, bar_chart
from lms.core.edge import page
from lms.core.exports import to_csv, to_xlsx
from lms.core.i18n import in_language
from lms.core.permissions import Role
from lms.extensions import db
from lms.impact import bp, evaluation, followups, knowledge, loaders, report
from lms.impact.models import FollowUp, InstitutionIndicators
from lms.reports.views import gender_titles

READERS = [Role.staff, Role.facilitator]


def _my_cohort_ids() -> list[int] | None:
    """Staff: every cohort (None); a facilitator: their own."""
    if current_user.role is Role.staff:
        return None
    return list(db.session.scalars(select(cohort_facilitators.c.cohort_id)
                                   .where(cohort_facilitators.c.user_id == current_user.id)))


@page(bp, "/impact/cohorts/<int:cohort_id>/follow-ups", roles=READERS, load={"cohort": loaders.cohort},
      allow=[("manage", "cohort")])
def cohort_follow_ups(cohort: Cohort):
    """Every graduate's check-ins and the state of each action, the evaluation added up (where
    five or more answered) and the knowledge check's change per module."""
    listed = followups.of_cohorts(db.session, [cohort.id])
    summary = evaluation.summarise(evaluation.responses(db.session, [cohort.id]))
    total, modules = knowledge.change(db.session, [cohort.id])
    return render_template("impact/cohort.html", cohort=cohort, follow_ups=listed, summary=summary,
                           questions=evaluation.QUESTIONS, knowledge_total=total, modules=modules,
                           state_title=followups.state_title)


@page(bp, "/impact/follow-ups", roles=READERS)
def network_follow_ups():
    """The follow-ups of every cohort in reach: how many were sent, answered, are still due; the
    latest answers first."""
    cohort_ids = _my_cohort_ids()
    listed = followups.of_cohorts(db.session, cohort_ids)
    query = select(Cohort) if cohort_ids is None else select(Cohort).where(Cohort.id.in_(cohort_ids))
    cohorts = {c.id: c for c in db.session.scalars(query)}
    rows = []
    for cohort_id, cohort in sorted(cohorts.items(), key=lambda item: item[1].starts_on, reverse=True):
        mine = [f for f in listed if f.cohort_id == cohort_id]
        rows.append((cohort, sum(f.sent_at is not None for f in mine), sum(f.answered for f in mine),
                     sum(f.sent_at is not None and not f.answered for f in mine)))
    answered = sorted((f for f in listed if f.answered), key=lambda f: f.answered_at or f.due_at, reverse=True)[:20]
    return render_template("impact/network.html", rows=rows, answered=answered, cohorts=cohorts,
                           is_staff=current_user.role is Role.staff)


def _institutions(cohort_ids: list[int] | None) -> tuple[list, list, dict]:
    """The 12-month indicators summed per institution, per region and for the network."""
    query = select(InstitutionIndicators, Centre).join(FollowUp, FollowUp.id == InstitutionIndicators.follow_up_id) \
        .join(Centre, Centre.id == InstitutionIndicators.centre_id)
    if cohort_ids is not None:
        query = query.where(FollowUp.cohort_id.in_(cohort_ids))
    names = ("courses_updated", "staff_trained", "partnerships_signed")
    per_centre: dict[int, tuple[Centre, dict]] = {}
    for indicators, centre in db.session.execute(query):
        _c, sums = per_centre.setdefault(centre.id, (centre, {n: 0 for n in (*names, "reports")}))
        for name in names:
            sums[name] += getattr(indicators, name)
        sums["reports"] += 1
    per_region: dict[Region, dict] = {}
    network = {n: 0 for n in (*names, "reports", "centres")}
    for centre, sums in per_centre.values():
        region = per_region.setdefault(centre.region, {n: 0 for n in (*names, "reports", "centres")})
        for target in (region, network):
            for name in (*names, "reports"):
                target[name] += sums[name]
            target["centres"] += 1
    centres = sorted(per_centre.values(), key=lambda item: (item[0].region.value, item[0].name))
    return centres, sorted(per_region.items(), key=lambda item: item[0].value), network


@page(bp, "/impact/institutions", roles=READERS)
def institutions():
    centres, regions, network = _institutions(_my_cohort_ids())
    return render_template("impact/institutions.html", centres=centres, regions=regions, network=network)


def _label(dimension: str, value) -> str:
    if dimension == "region":
        return report.region_label(value)
    if dimension == "gender":
        return gender_titles()[value]
    if value is None:
        return _("Not stated")
    return str(value)


def dimension_titles() -> dict[str, str]:
    return {"region": _("UNESCO region"), "year": _("Edition (year)"), "cohort": _("Cohort"), "gender": _("Gender")}


def _dimension() -> str:
    dimension = request.args.get("by", "region")
    return dimension if dimension in report.DIMENSIONS else "region"


def _facilitator_id() -> int | None:
    return None if current_user.role is Role.staff else current_user.id


@page(bp, "/impact/report", roles=READERS)
def impact_report():
    dimension = _dimension()
    built = report.build(db.session, dimension, _facilitator_id(), _label)
    rows = [*built.rows, built.total]  # the total too: where every group is too small, it still shows
    labels = [row.label for row in rows]

    def charted(values: list) -> list:
        return [v if v is not None else "—" for v in values]

    charts = [
        bar_chart("reaction", _("Reaction: overall rating of the programme"),
                  _("Mean rating from 1 to 5; the same numbers are in the table below."), labels,
                  [Series(_("Overall rating (1–5)"), charted([r.overall for r in rows]))], maximum=5),
        bar_chart("learning", _("Learning: knowledge check before and after"),
                  _("Mean share of right answers, in percent; the same numbers are in the table below."), labels,
                  [Series(_("Before"), charted([r.before for r in rows]), "#595959", "dots"),
                   Series(_("After"), charted([r.after for r in rows]), "#0b4f8a", "solid")], maximum=100),
        bar_chart("behaviour", _("Behaviour: actions of the plans done or under way"),
                  _("Percent of the actions of each plan, at the latest check-in; the same numbers are in the "
                    "table below."), labels,
                  [Series(_("Actions done or under way (%)"), charted([r.actions_done for r in rows]))],
                  maximum=100),
        bar_chart("results", _("Results: what the institutions did within 12 months"),
                  _("Sums reported by the graduates at 12 months; the same numbers are in the table below."), labels,
                  [Series(_("Courses updated with green skills"), charted([r.courses_updated for r in rows])),
                   Series(_("Staff trained"), charted([r.staff_trained for r in rows])),
                   Series(_("Partnerships signed"), charted([r.partnerships_signed for r in rows]))]),
    ]
    summary = evaluation.summarise(evaluation.responses(db.session, _my_cohort_ids()))
    return render_template("impact/report.html", report=built, headers=report.headers(), charts=charts,
                           dimension=dimension, dimensions=dimension_titles(), summary=summary,
                           questions=evaluation.QUESTIONS, is_staff=current_user.role is Role.staff)


def _export_table(dimension: str) -> tuple[list[str], list[list]]:
    built = report.build(db.session, dimension, _facilitator_id(), _label)
    headers = report.headers()
    headers[0] = dimension_titles()[dimension]
    # Not shown (hidden, or too few to say): an empty cell, as the page shows "—".
    rows = [["" if v is None else v for v in row.cells()] for row in [*built.rows, built.total]]
    return headers, rows


@page(bp, "/impact/report/<dimension>.csv", roles=READERS)
def report_csv(dimension: str):
    if dimension not in report.DIMENSIONS:
        abort(404)
    with in_language(current_user.language):
        headers, rows = _export_table(dimension)
    return Response(to_csv(headers, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="impact-by-{dimension}.csv"'})


@page(bp, "/impact/report/<dimension>.xlsx", roles=READERS)
def report_xlsx(dimension: str):
    if dimension not in report.DIMENSIONS:
        abort(404)
    with in_language(current_user.language):
        headers, rows = _export_table(dimension)
        sheet = dimension_titles()[dimension]
    return Response(to_xlsx(headers, rows, sheet=sheet),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="impact-by-{dimension}.xlsx"'})
