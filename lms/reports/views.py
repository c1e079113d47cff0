"""The network report: staff see the whole network, facilitators their own cohorts."""
from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.centres.models import MemberType, Region
from lms.core.exports import to_csv, to_xlsx
from lms.core.pagination import page_of
from lms.core.i18n import country_name
from lms.core.edge import page
from lms.core.permissions import Role
from lms.extensions import db
from lms.core.charts import Series, bar_chart
from lms.reports import bp, queries, services
from lms.reports.figures import is_parity
from lms.reports.suppression import MEASURES

GENDERS = ("female", "male", "other", "undisclosed", "not_stated")
FILTERS = queries.FILTERS


def gender_titles() -> dict[str, str]:
    return {"female": _("Women"), "male": _("Men"), "other": _("Another gender"),
            "undisclosed": _("Prefer not to say"), "not_stated": _("Not stated")}


def dimension_titles() -> dict[str, str]:
    return {"region": _("UNESCO region"), "country": _("Country"), "centre_type": _("Type of centre"),
            "centre": _("UNEVOC Centre"), "cohort": _("Cohort"), "year": _("Year")}


def outcome_titles() -> list[str]:
    """The four counts of every report, in order: the funnel, the tables' and exports' columns."""
    return [_("Enrolled"), _("Active in the last 30 days"), _("Completed"), _("Certified")]


def label(dimension: str, value) -> str:
    if value is None:
        return _("No centre")
    if dimension == "region":
        return Region(value).title
    if dimension == "centre_type":
        return MemberType(value).title
    if dimension == "country":
        return country_name(value)
    return str(value)


def _scope() -> queries.Scope:
    """Staff see every cohort, a facilitator their own; the page's filters (which combine) narrow it."""
    services.ensure_fresh(db.session)
    return queries.Scope(facilitator_id=None if current_user.role is Role.staff else current_user.id,
                         view=request.args.get("view", ""),
                         filters=tuple((name, request.args[name][:200]) for name in FILTERS if request.args.get(name)))


READERS = [Role.staff, Role.facilitator]


# A snapshot older than REPORT_MAX_AGE_SECONDS is rebuilt first: GETs declared to write.
@page(bp, "/reports", roles=READERS, writes_on_get=True)
def network():
    scope = _scope()
    report = queries.report(db.session, scope)
    total, by_region, by_year = report.total, report.breakdowns["region"], report.breakdowns["year"]
    funnel_labels = outcome_titles()
    dimension = request.args.get("by", "region")
    if dimension not in queries.DIMENSIONS:
        dimension = "region"
    options = queries.options(db.session, scope, report)
    return render_template(
        "reports/network.html", report=report, total=total, genders=GENDERS, gender_titles=gender_titles(),
        dimension=dimension, dimensions=dimension_titles(),
        breakdown=page_of(report.breakdowns[dimension], request.args.get("page"),
                          current_app.config["USERS_PER_PAGE"]),
        label=label, is_parity=is_parity, options=options, filters=FILTERS,
        region_chart=bar_chart("region", _("Learners enrolled by UNESCO region"),
                               _("One bar per region; the same numbers are in the table below the chart."),
                               [label("region", k) for k, _c in by_region],
                               [Series(_("Enrolled"),
                                       [charted(report, "region", k, "enrolled") for k, _c in by_region])]),
        funnel_chart=bar_chart("funnel", _("From enrolment to certificate"),
                               _("Learners at each step; the same numbers are in the table beside the chart."),
                               funnel_labels,
                               [Series(_("Learners"), [charted(report, "total", None, m) for m in MEASURES])]),
        funnel=list(zip(funnel_labels, MEASURES, strict=True)),
        trend_chart=bar_chart("trend", _("Enrolled, completed and certified by year"),
                              _("Three bars per year; the same numbers are in the table below the chart."),
                              [str(k) for k, _c in by_year],
                              [Series(title, [charted(report, "year", k, measure) for k, _c in by_year])
                               for title, measure in ((_("Enrolled"), "enrolled"), (_("Completed"), "completed"),
                                                      (_("Certified"), "certified"))]),
        by_year=by_year, built_at=queries.built_at(db.session),
        refresh_minutes=max(1, round(current_app.config["REPORT_MAX_AGE_SECONDS"] / 60)))


def charted(report, dimension: str, key: object, measure: str, gender: str | None = None) -> int | str:
    """A chart's or a spreadsheet's figure: the count as a number, or the mark the tables show for a
    hidden one ("<5", "x")."""
    value = report.value(dimension, key, measure, gender)
    return value if value is not None else report.shown(dimension, key, measure, gender)


def _table(dimension: str) -> tuple[list[str], list[list]]:
    """The export's rows: each of the dimension's values, then the total, hidden cells as on the page."""
    report = queries.report(db.session, _scope())
    titles = gender_titles()
    headers = [dimension_titles()[dimension], *outcome_titles()]
    headers += [_("Enrolled: %(gender)s", gender=titles[g]) for g in GENDERS]
    headers += [_("Completed: %(gender)s", gender=titles[g]) for g in GENDERS]
    headers += [_("Gender parity index of enrolment"), _("Gender parity index of completion")]
    lines = []
    rows = [*((dimension, key, label(dimension, key)) for key, _c in report.breakdowns[dimension]),
            ("total", None, _("Total"))]
    for row_dimension, key, title in rows:
        counts = report.counts(row_dimension, key)
        # Numbers as numbers (a spreadsheet adds them up), the marks of hidden cells as text.
        line: list = [title, *(charted(report, row_dimension, key, m) for m in MEASURES)]
        line += [charted(report, row_dimension, key, "enrolled", g) for g in GENDERS]
        line += [charted(report, row_dimension, key, "completed", g) for g in GENDERS]
        line += [counts.enrolment_gpi if counts.gpi_safe and report.parity_shown(row_dimension, key) else "",
                 counts.completion_gpi if counts.completion_gpi_safe
                 and report.parity_shown(row_dimension, key, "completed") else ""]
        lines.append(line)
    return headers, lines


@page(bp, "/reports/<dimension>.csv", roles=READERS, writes_on_get=True)
def export_csv(dimension: str):
    if dimension not in queries.DIMENSIONS:
        return Response(status=404)
    headers, lines = _table(dimension)
    return Response(to_csv(headers, lines), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="report-by-{dimension}.csv"'})


@page(bp, "/reports/<dimension>.xlsx", roles=READERS, writes_on_get=True)
def export_xlsx(dimension: str):
    if dimension not in queries.DIMENSIONS:
        return Response(status=404)
    headers, lines = _table(dimension)
    return Response(to_xlsx(headers, lines, sheet=dimension_titles()[dimension]),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="report-by-{dimension}.xlsx"'})


