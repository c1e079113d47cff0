"""The learner's written work: reflections, the action plan with its attachments."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.cohorts.models import Cohort
from lms.core.i18n import current_language
from lms.core.permissions import Role, can_manage
from lms.core.storage import storage
from lms.courses.models import Activity, Module
from lms.extensions import db
from lms.learning import submissions
from lms.learning.forms import ReflectionForm, action_plan_form
from lms.learning.models import Attachment, Submission
from lms.learning.views import _activity, _cohort, _is_learner, _locked, _module_of, bp


def _work_page(cohort_id: int, slug: str, kind: str):
    cohort = _cohort(cohort_id)
    activity = _activity(cohort, slug, kind)
    module = _module_of(activity.module_id)
    if _locked(cohort, module):
        flash(_("This module has not opened yet."), "info")
        return cohort, activity, module, None, redirect(url_for("learning.module", cohort_id=cohort.id,
                                                                 slug=module.slug))
    learner = _is_learner(cohort)
    submission = submissions.find(db.session, current_user, activity) if learner else None
    return cohort, activity, module, submission, None


@bp.route("/learn/cohorts/<int:cohort_id>/reflections/<slug>", methods=["GET", "POST"])
@login_required
def reflection(cohort_id: int, slug: str):
    cohort, activity, module, submission, early = _work_page(cohort_id, slug, "reflection")
    if early:
        return early
    form = ReflectionForm()
    problems: list[str] = []
    if request.method == "GET" and submission is not None:
        form.text.data = submission.content.get("text", "")
    if request.method == "POST":
        if not _is_learner(cohort):
            abort(403)
        if form.validate():
            submission = submissions.find_or_start(db.session, current_user, activity, cohort)
            try:
                problems = submissions.save(db.session, submission, activity, {"text": form.text.data or ""},
                                            submit=request.form.get("action") == "submit")
            except submissions.Refused as refused:
                problems = [str(refused.message)]
            db.session.commit()
            if not problems:
                flash(_("Your reflection has been submitted to your facilitator.") if submission.status == "submitted"
                      else _("Your draft has been saved."), "success")
                return redirect(url_for("learning.reflection", cohort_id=cohort.id, slug=slug))
    return render_template("learning/reflection.html", cohort=cohort, module=module, activity=activity,
                           form=form, submission=submission, problems=problems,
                           learner=_is_learner(cohort)), 400 if problems or form.errors else 200


@bp.route("/learn/cohorts/<int:cohort_id>/action-plans/<slug>", methods=["GET", "POST"])
@login_required
def action_plan(cohort_id: int, slug: str):
    cohort, activity, module, submission, early = _work_page(cohort_id, slug, "action_plan")
    if early:
        return early
    sections = activity.definition["sections"]
    form = action_plan_form(sections, current_language())
    problems: list[str] = []
    if request.method == "GET" and submission is not None:
        for section in sections:
            form[f"s-{section['id']}"].data = submission.content.get(section["id"], "")
    if request.method == "POST":
        if not _is_learner(cohort):
            abort(403)
        if form.validate():
            submission = submissions.find_or_start(db.session, current_user, activity, cohort)
            content = {s["id"]: form[f"s-{s['id']}"].data or "" for s in sections}
            try:
                uploads = [(u.filename, u.read()) for u in request.files.getlist(form.attachments.name)
                           if u and u.filename]
                for name, data in uploads:  # every file checked before any is stored
                    submissions.check_attachment(name, data)
                for name, data in uploads:
                    submissions.add_attachment(db.session, submission, name, data)
                problems = submissions.save(db.session, submission, activity, content,
                                            submit=request.form.get("action") == "submit")
            except submissions.Refused as refused:
                # Keep the text typed so far, even though the file was refused.
                db.session.rollback()
                submission = submissions.find_or_start(db.session, current_user, activity, cohort)
                if submission.status in submissions.EDITABLE:
                    submissions.save(db.session, submission, activity, content, submit=False)
                problems = [str(refused.message)]
            db.session.commit()
            if not problems:
                flash(_("Your action plan has been submitted to your facilitators.")
                      if submission.status == "submitted" else _("Your draft has been saved."), "success")
                return redirect(url_for("learning.action_plan", cohort_id=cohort.id, slug=slug))
    return render_template("learning/action_plan.html", cohort=cohort, module=module, activity=activity,
                           form=form, submission=submission, problems=problems, sections=sections,
                           weakest=_weakest_areas(cohort), learner=_is_learner(cohort)), \
        400 if problems or form.errors else 200


def _weakest_areas(cohort: Cohort) -> list[dict]:
    from lms.learning.self_assessment import latest_results
    results = latest_results(db.session, current_user.id, cohort.programme_id)
    return results.weakest(2) if results else []


def _may_read(submission: Submission) -> bool:
    """The learner, the facilitators of the submission's cohort, and staff."""
    if current_user.role is Role.staff or submission.user_id == current_user.id:
        return True
    cohort = db.session.get(Cohort, submission.cohort_id) if submission.cohort_id else None
    return cohort is not None and can_manage(current_user, cohort)


@bp.route("/learn/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    if not _may_read(attachment.submission):
        abort(403)
    response = send_file(storage().path(attachment.stored_name), mimetype=attachment.content_type,
                         as_attachment=True, download_name=attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/learn/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
def remove_attachment(attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    submission = attachment.submission
    if submission.user_id != current_user.id:
        abort(403)
    activity = db.session.get_one(Activity, submission.activity_id)
    cohort_id = submission.cohort_id
    try:
        submissions.remove_attachment(db.session, attachment)
        db.session.commit()
        flash(_("The attachment has been removed."), "success")
    except submissions.Refused as refused:
        flash(str(refused.message), "error")
    return redirect(url_for("learning.action_plan", cohort_id=cohort_id, slug=activity.slug))




def _second_round_open(cohort: Cohort) -> bool:
    """The second round opens with the programme's last module."""
    from lms.cohorts.models import ModuleSchedule
    from lms.core import clock
    last = db.session.scalar(select(ModuleSchedule).join(Module, Module.id == ModuleSchedule.module_id)
                             .where(ModuleSchedule.cohort_id == cohort.id, Module.retired_at.is_(None))
                             .order_by(Module.position.desc()).limit(1))
    return last is None or last.opens_at <= clock.utcnow()


@bp.route("/learn/cohorts/<int:cohort_id>/self-assessment", methods=["GET", "POST"])
@login_required
def self_assessment(cohort_id: int):
    from lms.learning import self_assessment as sa
    from lms.learning.forms import self_assessment_form
    from lms.learning.models import SelfAssessmentResponse

    cohort = _cohort(cohort_id)
    activity = sa.instrument(db.session, cohort.programme_id)
    if activity is None:
        abort(404)
    learner = _is_learner(cohort)
    answered = sa.responses(db.session, current_user.id, activity.id) if learner else {}
    next_round = 1 if 1 not in answered else (2 if 2 not in answered and _second_round_open(cohort) else None)
    form = self_assessment_form(activity.definition, current_language()) if next_round else None
    if request.method == "POST":
        if not learner or next_round is None or form is None:  # no form without a round to answer
            abort(403)
        if form.validate():
            answers = {s["id"]: form[f"st-{s['id']}"].data for area in activity.definition["areas"]
                       for s in area["statements"]}
            db.session.add(SelfAssessmentResponse(user_id=current_user.id, activity_id=activity.id,
                                                  cohort_id=cohort.id, round=next_round, answers=answers,
                                                  definition=activity.definition))
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()  # the same round sent twice: the first one counts
            flash(_("Your answers have been saved."), "success")
            return redirect(url_for("learning.self_assessment", cohort_id=cohort.id))
    result = sa.results(answered)
    return render_template("learning/self_assessment.html", cohort=cohort, activity=activity, form=form,
                           next_round=next_round, result=result, learner=learner,
                           chart=sa.chart_svg(result, current_language()) if result else None,
                           weakest=result.weakest(2) if result else []), 400 if form and form.errors else 200
