"""The learner's written work: reflections, the action plan with its attachments, the self-assessment."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.cohorts.models import Cohort, ModuleSchedule
from lms.core import clock, kept_writing
from lms.core.edge import SIGNED_IN, Load, page
from lms.core.forms import Form, add_error
from lms.core.i18n import current_language
from lms.core.storage import storage
from lms.courses.models import Activity, Module
from lms.extensions import db
from lms.learning import bp, loaders, submissions
from lms.learning import self_assessment as sa
from lms.learning.forms import ReflectionForm, action_plan_form, self_assessment_form
from lms.learning.loaders import is_learner, locked
from lms.learning.models import Attachment, Submission
from lms.learning.status import WorkStatus

SEES_COHORT = [("view", "cohort")]


def _not_open_yet(cohort: Cohort, activity: Activity) -> object | None:
    """A redirect to the module's page, with a message, while the activity's module is closed."""
    module = db.session.get(Module, activity.module_id) if activity.module_id else None
    if module is None:
        abort(404)
    if locked(cohort, module):
        flash(_("This module has not opened yet."), "info")
        return redirect(url_for("learning.module", cohort_id=cohort.id, slug=module.slug))
    return None


def _own_work(cohort: Cohort, activity: Activity) -> Submission | None:
    return submissions.find(db.session, current_user, activity) if is_learner(cohort) else None

# Writing sent after its session ended is kept for the writer's return (lms/core/kept_writing.py).
kept_writing.offered_by("learning.reflection", "learning.action_plan")


@page(bp, "/learn/cohorts/<int:cohort_id>/reflections/<slug>", methods=["GET", "POST"], roles=SIGNED_IN,
      load={"cohort": loaders.cohort, "activity": loaders.activity("reflection")}, allow=SEES_COHORT)
def reflection(cohort: Cohort, activity: Activity):
    if early := _not_open_yet(cohort, activity):
        return early
    submission = _own_work(cohort, activity)
    form = ReflectionForm()
    problems: list[str] = []
    if request.method == "GET" and submission is not None:
        form.text.data = submission.content.get("text", "")
    kept_writing.restore(db.session, form)
    if request.method == "POST":
        if not is_learner(cohort):
            abort(403)
        if form.validate():
            submission = submissions.find_or_start(db.session, current_user, activity, cohort)
            try:
                problems = submissions.save(db.session, submission, activity, {"text": form.text.data or ""},
                                            submit=request.form.get("action") == "submit")
            except submissions.Refused as refused:
                problems = [str(refused.message)]
            if not problems and _autosaving():
                return "", 204
            if not problems:
                submitted = submission.status == WorkStatus.submitted
                flash(_("Your reflection has been submitted to your facilitator.") if submitted
                      else _("Your draft has been saved."), "success")
                return redirect(url_for("learning.reflection", cohort_id=cohort.id, slug=activity.slug))
    module = db.session.get(Module, activity.module_id)
    problems = _beside_their_fields(form, problems, {"text": "text"})
    return render_template("learning/reflection.html", cohort=cohort, module=module, activity=activity,
                           form=form, submission=submission, problems=problems,
                           learner=is_learner(cohort)), 400 if problems or form.errors else 200


@page(bp, "/learn/cohorts/<int:cohort_id>/action-plans/<slug>", methods=["GET", "POST"], roles=SIGNED_IN,
      load={"cohort": loaders.cohort, "activity": loaders.activity("action_plan")}, allow=SEES_COHORT)
def action_plan(cohort: Cohort, activity: Activity):
    if early := _not_open_yet(cohort, activity):
        return early
    submission = _own_work(cohort, activity)
    sections = activity.definition["sections"]
    form = action_plan_form(sections, current_language())
    problems: list[str] = []
    if request.method == "GET" and submission is not None:
        for section in sections:
            form[f"s-{section['id']}"].data = submission.content.get(section["id"], "")
    kept_writing.restore(db.session, form)
    if request.method == "POST":
        if not is_learner(cohort):
            abort(403)
        if form.validate():
            submission = submissions.find_or_start(db.session, current_user, activity, cohort)
            content = {s["id"]: form[f"s-{s['id']}"].data or "" for s in sections}
            uploads = [(u.filename, u.read()) for u in request.files.getlist(form.attachments.name)
                       if u and u.filename]
            try:
                problems = submissions.save_with_attachments(db.session, submission, activity, content, uploads,
                                                             submit=request.form.get("action") == "submit")
            except submissions.Refused as refused:
                problems = [str(refused.message)]
            if not problems and _autosaving():
                return "", 204
            if not problems:
                flash(_("Your action plan has been submitted to your facilitators.")
                      if submission.status == WorkStatus.submitted else _("Your draft has been saved."), "success")
                return redirect(url_for("learning.action_plan", cohort_id=cohort.id, slug=activity.slug))
    module = db.session.get(Module, activity.module_id)
    problems = _beside_their_fields(form, problems, {"attachments": "attachments",
                                                     **{s["id"]: f"s-{s['id']}" for s in sections}})
    return render_template("learning/action_plan.html", cohort=cohort, module=module, activity=activity,
                           form=form, submission=submission, problems=problems, sections=sections,
                           weakest=_weakest_areas(cohort), learner=is_learner(cohort)), \
        400 if problems or form.errors else 200


def _autosaving() -> bool:
    """A draft saved in the background by lms/static/writing.js: answered with 204, no message."""
    return request.form.get("action") == "autosave"


def _beside_their_fields(form: Form, problems: list[str], fields: dict[str, str]) -> list[str]:
    """Each problem about one part of the work shown under its field (and, through the form's
    errors, in the summary that links to it); the others are returned for the page's summary."""
    rest = []
    for problem in problems:
        name = fields.get(getattr(problem, "field", None) or "")
        if name is not None and name in form:
            add_error(form[name], problem)
        else:
            rest.append(problem)
    return rest


def _weakest_areas(cohort: Cohort) -> list[dict]:
    results = sa.latest_results(db.session, current_user.id, cohort.programme_id)
    return results.weakest(2) if results else []


@page(bp, "/learn/attachments/<int:attachment_id>", roles=SIGNED_IN,
      load={"attachment": Load(Attachment, "attachment_id")}, allow=[("view", "attachment")])
def attachment(attachment: Attachment):
    response = send_file(storage().path(attachment.stored_name), mimetype=attachment.content_type,
                         as_attachment=True, download_name=attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@page(bp, "/learn/attachments/<int:attachment_id>/remove", methods=["POST"], roles=SIGNED_IN,
      load={"attachment": Load(Attachment, "attachment_id")}, allow=[("remove", "attachment")])
def remove_attachment(attachment: Attachment):
    submission = attachment.submission
    activity = db.session.get_one(Activity, submission.activity_id)
    try:
        submissions.remove_attachment(db.session, attachment)
        flash(_("The attachment has been removed."), "success")
    except submissions.Refused as refused:
        flash(str(refused.message), "error")
    return redirect(url_for("learning.action_plan", cohort_id=submission.cohort_id, slug=activity.slug))


def _second_round_open(cohort: Cohort) -> bool:
    """The second round opens with the programme's last module."""
    last = db.session.scalar(select(ModuleSchedule).join(Module, Module.id == ModuleSchedule.module_id)
                             .where(ModuleSchedule.cohort_id == cohort.id, Module.retired_at.is_(None))
                             .order_by(Module.position.desc()).limit(1))
    return last is None or last.opens_at <= clock.utcnow()


@page(bp, "/learn/cohorts/<int:cohort_id>/self-assessment", methods=["GET", "POST"], roles=SIGNED_IN,
      load={"cohort": loaders.cohort}, allow=SEES_COHORT)
def self_assessment(cohort: Cohort):
    activity = sa.instrument(db.session, cohort.programme_id)
    if activity is None:
        abort(404)
    learner = is_learner(cohort)
    answered = sa.responses(db.session, current_user.id, activity.id) if learner else {}
    next_round = 1 if 1 not in answered else (2 if 2 not in answered and _second_round_open(cohort) else None)
    form = self_assessment_form(activity.definition, current_language()) if next_round else None
    if request.method == "POST":
        if not learner or next_round is None or form is None:  # no form without a round to answer
            abort(403)
        if form.validate():
            answers = {s["id"]: form[f"st-{s['id']}"].data for area in activity.definition["areas"]
                       for s in area["statements"]}
            try:
                sa.answer(db.session, current_user.id, activity, cohort.id, next_round, answers)
            except IntegrityError:
                db.session.rollback()  # the same round sent twice: the first one counts
            flash(_("Your answers have been saved."), "success")
            return redirect(url_for("learning.self_assessment", cohort_id=cohort.id))
    result = sa.results(answered)
    return render_template("learning/self_assessment.html", cohort=cohort, activity=activity, form=form,
                           round_title=sa.round_title,
                           next_round=next_round, result=result, learner=learner,
                           chart=sa.chart_svg(result, current_language()) if result else None,
                           weakest=result.weakest(2) if result else []), 400 if form and form.errors else 200
