"""The programme team's pages: calls, their applications, reviewer assignment, the selection
board, the decisions and the funnel."""
from __future__ import annotations

import datetime as dt

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.applications import bp, decisions, loaders, queries, reviewing, selection, services
from lms.applications.forms import CallForm
from lms.applications.funnel import BREAKDOWNS, STAGES, funnel, table
from lms.applications.models import Application, Call
from lms.cohorts.models import Cohort
from lms.core.charts import Series, bar_chart
from lms.core.edge import page
from lms.core.exports import to_csv, to_xlsx
from lms.core.pagination import paginate
from lms.core.permissions import Role
from lms.extensions import db

STAFF = [Role.staff]
LANGUAGES = ("en", "zh", "fr")


@page(bp, "/staff/calls", roles=STAFF)
def staff_calls():
    return render_template("applications/staff_calls.html", calls=queries.all_calls(db.session))


def _questions(text: str) -> list[dict]:
    found = []
    for index, line in enumerate(line for line in (text or "").splitlines() if line.strip()):
        parts = [p.strip() for p in line.split("|")]
        question = {"key": f"q{index + 1}", "en": parts[0]}
        for language, part in zip(("zh", "fr"), parts[1:], strict=False):
            if part:
                question[language] = part
        found.append(question)
    return found


def _save(form: CallForm, call: Call | None, cohorts: list[Cohort]):
    chosen = set(form.cohorts.data or [])
    opens = dt.datetime.combine(form.opens_on.data, dt.time(0), tzinfo=dt.UTC)  # type: ignore[arg-type]
    closes = dt.datetime.combine(form.closes_on.data, dt.time(23, 59, 59), tzinfo=dt.UTC)  # type: ignore[arg-type]
    saved = services.save_call(
        db.session, call,
        title={lang: getattr(form, f"title_{lang}").data for lang in LANGUAGES if getattr(form, f"title_{lang}").data},
        description={lang: getattr(form, f"description_{lang}").data for lang in LANGUAGES
                     if getattr(form, f"description_{lang}").data},
        opens_at=opens, closes_at=closes, languages=list(form.languages.data or []),
        questions=_questions(form.questions.data or ""), eligible_roles=list(form.eligible_roles.data or []),
        eligible_institution_types=list(form.eligible_institution_types.data or []),
        centres_only=bool(form.centres_only.data), country_lists=list(form.country_lists.data or []),
        places=form.places.data, waitlist_size=form.waitlist_size.data or 0,
        disagreement_threshold=form.disagreement_threshold.data if form.disagreement_threshold.data is not None else 5,
        cohorts=[c for c in cohorts if c.id in chosen])
    flash(_("The call has been saved."), "success")
    return redirect(url_for("applications.call_overview", call_id=saved.id))


def _cohorts() -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)))


@page(bp, "/staff/calls/new", methods=["GET", "POST"], roles=STAFF)
def create_call():
    cohorts = _cohorts()
    form = CallForm(cohorts=cohorts)
    if request.method == "GET":
        form.languages.data = list(LANGUAGES)
    if form.validate_on_submit():
        return _save(form, None, cohorts)
    return render_template("applications/call_form.html", form=form, call=None), 400 if form.errors else 200


@page(bp, "/staff/calls/<int:call_id>/edit", methods=["GET", "POST"], roles=STAFF, load={"call": loaders.call})
def edit_call(call: Call):
    cohorts = _cohorts()
    form = CallForm(cohorts=cohorts)
    if request.method == "GET":
        for lang in LANGUAGES:
            getattr(form, f"title_{lang}").data = call.title.get(lang, "")
            getattr(form, f"description_{lang}").data = call.description.get(lang, "")
        form.opens_on.data, form.closes_on.data = call.opens_at.date(), call.closes_at.date()
        form.languages.data, form.cohorts.data = list(call.languages), [c.id for c in call.cohorts]
        form.questions.data = "\n".join(" | ".join(q.get(lang, "") for lang in LANGUAGES).rstrip(" |")
                                        for q in call.questions or [])
        form.eligible_roles.data = list(call.eligible_roles)
        form.eligible_institution_types.data = list(call.eligible_institution_types)
        form.centres_only.data, form.country_lists.data = call.centres_only, list(call.country_lists)
        form.places.data, form.waitlist_size.data = call.places, call.waitlist_size
        form.disagreement_threshold.data = call.disagreement_threshold
    if form.validate_on_submit():
        return _save(form, call, cohorts)
    return render_template("applications/call_form.html", form=form, call=call), 400 if form.errors else 200


@page(bp, "/staff/calls/<int:call_id>", roles=STAFF, load={"call": loaders.call})
def call_overview(call: Call):
    query = queries.applications(db.session, call)
    shown = request.args.get("show", "")
    if shown == "ineligible":
        query = query.where(Application.ineligible.is_not(None))
    elif shown == "not_endorsed":
        query = query.where(Application.endorsed_at.is_(None))
    flagged = queries.flagged(db.session, call)
    if shown == "flagged":
        query = query.where(Application.id.in_([a.id for a in flagged]))
    results = paginate(db.session, query, request.args.get("page"), current_app.config["USERS_PER_PAGE"])
    return render_template("applications/call_overview.html", call=call, page=results, show=shown,
                           figures=queries.call_figures(db.session, call), scores=queries.scores(db.session, call),
                           flagged=len(flagged))


@page(bp, "/staff/calls/<int:call_id>/applications/<int:application_id>", roles=STAFF,
      load={"call": loaders.call, "application": loaders.application})
def staff_application(call: Call, application: Application):
    taken = {r.reviewer_id for r in application.reviews}
    choices = [u for u in reviewing.reviewers(db.session) if u.id not in taken and reviewing.may_review(u, application)]
    return render_template("applications/staff_application.html", call=call, application=application,
                           rubric=reviewing.RUBRIC, flagged=reviewing.disagrees(call, application),
                           choices=choices)


@page(bp, "/staff/calls/<int:call_id>/applications/<int:application_id>/reviewers", methods=["POST"], roles=STAFF,
      load={"call": loaders.call, "application": loaders.application})
def add_reviewer(call: Call, application: Application):
    from lms.users.models import User
    chosen = request.form.get("reviewer_id", "")
    reviewer = db.session.get(User, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
    if reviewer is None or reviewer.role not in (Role.staff, Role.facilitator) or not reviewer.active:
        flash(_("Choose a reviewer from the list."), "error")
    else:
        try:
            reviewing.assign_one(db.session, call, application, reviewer)
        except reviewing.CannotReview:
            flash(_("This reviewer cannot review this application: they share its country or centre, or "
                    "review it already."), "error")
        else:
            flash(_("%(name)s will review this application.", name=reviewer.full_name), "success")
    return redirect(url_for("applications.staff_application", call_id=call.id, application_id=application.id))


@page(bp, "/staff/calls/<int:call_id>/assign", methods=["POST"], roles=STAFF, load={"call": loaders.call})
def assign_reviewers(call: Call):
    assigned, short = reviewing.assign(db.session, call)
    flash(_("%(count)s reviews assigned.", count=assigned), "success")
    if short:
        flash(_("%(count)s applications found too few reviewers from other countries and centres.", count=short),
              "warning")
    return redirect(url_for("applications.call_overview", call_id=call.id))


def _targets_from(form) -> dict:
    found: dict[str, dict[str, float]] = {}
    for name, value in form.items():
        if not name.startswith("target-") or not value.strip():
            continue
        _prefix, dimension, key = [*name.split("-", 2), "", ""][:3]
        if dimension not in selection.DIMENSIONS or not key or len(key) > 40:
            continue
        try:
            percent = float(value.replace(",", "."))
        except ValueError:
            continue
        if 0 < percent <= 100:
            found.setdefault(dimension, {})[key] = round(percent, 1)
    return found


@page(bp, "/staff/calls/<int:call_id>/board", methods=["GET", "POST"], roles=STAFF, load={"call": loaders.call})
def board(call: Call):
    from lms.core.forms import Form
    if request.method == "POST":
        if not Form().validate_on_submit():
            flash(_("This form has expired. Please send it again."), "error")
            return redirect(url_for("applications.board", call_id=call.id))
        action = request.form.get("action", "")
        if call.decisions_sent_at is not None:
            flash(_("The decisions have already been sent."), "error")
        elif action == "targets":
            call.targets = _targets_from(request.form)
            flash(_("The targets have been saved."), "success")
        elif action == "suggest":
            selection.take_suggestion(db.session, call, selection.suggest(call, selection.candidates(db.session, call)))
            flash(_("The selection is now the suggestion."), "success")
        elif action == "select":
            shown = [int(v) for v in request.form.getlist("shown") if v.isdigit() and len(v) < 10]
            ticked = [int(v) for v in request.form.getlist("selected") if v.isdigit() and len(v) < 10]
            selection.set_selection(db.session, call, shown, ticked)
            flash(_("The selection has been updated."), "success")
        db.session.flush()
        return redirect(url_for("applications.board", call_id=call.id))
    ranked = selection.candidates(db.session, call)
    suggestion = selection.suggest(call, ranked)
    chosen = [c.application for c in ranked if c.application.selected]
    rows = selection.balance(call, ranked, suggestion.chosen, chosen)
    suggested_ids = {c.application.id for c in suggestion.chosen}
    limit = max(call.places * 2, 50)
    on_page = [c for index, c in enumerate(ranked) if index < limit or c.application.selected]
    chart_rows = [r for r in rows if r.dimension in ("region", "gender")]
    chart = bar_chart("board", _("Selected by region and gender"),
                      _("One bar per region and gender; the table gives the numbers and the targets."),
                      [r.title for r in chart_rows], [Series(_("Selected"), [r.selected for r in chart_rows])])
    return render_template("applications/board.html", call=call, ranked=ranked, shown=on_page, suggestion=suggestion,
                           suggested_ids=suggested_ids, rows=rows, chosen=chosen, chart=chart,
                           dimensions=selection.DIMENSIONS, waitlist=selection.waitlist(call, ranked),
                           countries=len({a.country for a in chosen}), form=Form())


@page(bp, "/staff/calls/<int:call_id>/decisions", methods=["POST"], roles=STAFF, load={"call": loaders.call})
def send_decisions(call: Call):
    try:
        counts = decisions.send_decisions(db.session, call, current_user)
    except decisions.DecisionsAlreadySent:
        flash(_("The decisions have already been sent."), "error")
        return redirect(url_for("applications.board", call_id=call.id))
    flash(_("Decisions sent: %(accepted)s accepted, %(waitlisted)s on the waiting list, %(declined)s not selected.",
            accepted=counts[decisions.Decision.accepted], waitlisted=counts[decisions.Decision.waitlisted],
            declined=counts[decisions.Decision.declined]), "success")
    return redirect(url_for("applications.call_overview", call_id=call.id))


@page(bp, "/staff/calls/<int:call_id>/funnel", roles=STAFF, load={"call": loaders.call})
def call_funnel(call: Call):
    result = funnel(db.session, call, request.args.get("by", "region"))
    chart = bar_chart("funnel", _("From application to certificate"),
                      _("Applicants at each stage; the table gives the numbers."), [str(t) for t in STAGES.values()],
                      [Series(_("Applicants"), [None if ("total", s) in result.hidden else result.total[s]
                                                for s in STAGES])])
    return render_template("applications/funnel.html", call=call, result=result, stages=STAGES,
                           breakdowns=BREAKDOWNS, chart=chart)


@page(bp, "/staff/calls/<int:call_id>/funnel.csv", roles=STAFF, load={"call": loaders.call})
def funnel_csv(call: Call):
    result = funnel(db.session, call, request.args.get("by", "region"))
    header, rows = table(result)
    filename = f"call-{call.id}-funnel-{result.dimension}.csv"
    return Response(to_csv(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@page(bp, "/staff/calls/<int:call_id>/funnel.xlsx", roles=STAFF, load={"call": loaders.call})
def funnel_xlsx(call: Call):
    result = funnel(db.session, call, request.args.get("by", "region"))
    header, rows = table(result)
    filename = f"call-{call.id}-funnel-{result.dimension}.xlsx"
    return Response(to_xlsx(header, rows, sheet=_("Funnel")),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
