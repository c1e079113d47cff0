"""The graduate's side: their follow-up page, the evaluation, the knowledge check, the check-ins
and the third round of the self-assessment."""
from __future__ import annotations


from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.cohorts.models import Cohort
from lms.core.edge import SIGNED_IN, page
from lms.core.forms import add_error
from lms.core.i18n import current_language
from lms.core.permissions import Role
from lms.core.storage import storage
from lms.extensions import db
from lms.impact import bp, evaluation, followups, knowledge, loaders, waiting
from lms.impact.forms import check_in_form, evaluation_form, knowledge_form
from lms.impact.models import ActionStatus, FollowUp
from lms.learning import self_assessment as sa
from lms.learning.forms import self_assessment_form
from lms.learning.submissions import MAX_ATTACHMENT_BYTES, Refused, check_attachment


@bp.app_template_global()
def impact_tasks(user) -> dict:
    """What the graduate is asked now, for the card on their dashboard: read from their row, no
    query (lms/impact/waiting.py)."""
    return waiting.read(user)


def tasks(user_id: int) -> dict:
    return waiting.tasks(db.session, user_id)


@page(bp, "/impact", roles=[Role.learner])
def mine():
    return render_template("impact/mine.html", tasks=tasks(current_user.id),
                           follow_ups=followups.of_user(db.session, current_user.id))


@page(bp, "/impact/cohorts/<int:cohort_id>/evaluation", methods=["GET", "POST"], roles=[Role.learner],
      load={"cohort": loaders.cohort}, allow=[("view", "cohort")], endpoint="evaluation")
def evaluation_page(cohort: Cohort):
    invited = evaluation.invitation(db.session, current_user, cohort.id)
    if invited is None:
        abort(404)
    if invited.answered:
        return render_template("impact/evaluation.html", cohort=cohort, form=None)
    form = evaluation_form()
    if form.validate_on_submit():
        ratings = {key: int(form[f"q-{key}"].data) for key in evaluation.QUESTIONS}
        try:
            evaluation.answer(db.session, current_user, cohort.id, ratings, form.worked.data or "",
                              form.change.data or "", current_language())
        except evaluation.AlreadyAnswered:
            db.session.rollback()
        flash(_("Thank you: your answers are kept without your name."), "success")
        return redirect(url_for("impact.mine"))
    return render_template("impact/evaluation.html", cohort=cohort, form=form,
                           questions=evaluation.QUESTIONS), 400 if form.errors else 200


@page(bp, "/impact/cohorts/<int:cohort_id>/knowledge-check/<stage>", methods=["GET", "POST"],
      roles=[Role.learner], load={"cohort": loaders.cohort}, allow=[("view", "cohort")])
def knowledge_check(cohort: Cohort, stage: str):
    offered = {(c.id, s) for c, s in tasks(current_user.id)["checks"]}
    if stage not in knowledge.STAGES or (cohort.id, stage) not in offered:
        abort(404)
    asked = knowledge.questions(db.session, cohort.programme_id)
    order = knowledge.option_order(asked, current_user, cohort, stage)
    form = knowledge_form(asked, order, current_language())
    if form.validate_on_submit():
        answers = {q["id"]: form[f"k-{q['id']}"].data for q in asked}
        try:
            check = knowledge.submit(db.session, current_user, cohort, stage, answers, current_language())
            flash(_("Thank you. You answered %(right)s of %(total)s questions correctly.",
                    right=sum(check.results.values()), total=len(asked)), "success")
        except knowledge.AlreadyTaken:
            db.session.rollback()
        return redirect(url_for("impact.mine"))
    return render_template("impact/knowledge.html", cohort=cohort, stage=stage, form=form,
                           asked=asked), 400 if form.errors else 200


@page(bp, "/impact/check-ins/<int:follow_up_id>", methods=["GET", "POST"], roles=[Role.learner],
      load={"follow_up": loaders.follow_up}, allow=[("answer", "follow_up")])
def check_in(follow_up: FollowUp):
    lines = followups.action_lines(db.session, follow_up)
    if follow_up.answered:
        return render_template("impact/check_in.html", follow_up=follow_up, form=None, lines=lines,
                               wrote={}, third_round=_third_round_due(follow_up))
    twelve = follow_up.months == 12
    form = check_in_form(lines, current_language(), twelve)
    valid = form.validate_on_submit()
    files = _evidence_files(form, lines) if request.method == "POST" else {}
    refused = any(form[f"file-{line.id}"].errors for line in lines)
    if valid and not refused:
        reported = [followups.Reported(line.id, ActionStatus(form[f"status-{line.id}"].data),
                                       form[f"note-{line.id}"].data or "", form[f"evidence-{line.id}"].data or "",
                                       files.get(line.id))
                    for line in lines]
        figures = {name: int(form[name].data) for name in ("courses_updated", "staff_trained",
                                                           "partnerships_signed")} if twelve else None
        try:
            followups.answer(db.session, follow_up, lines, reported, figures)
        except followups.AlreadyAnswered:
            db.session.rollback()
        flash(_("Thank you: your check-in has been sent to your facilitators and UNEVOC."), "success")
        if twelve and _third_round_due(follow_up):
            return redirect(url_for("impact.third_round", follow_up_id=follow_up.id))
        return redirect(url_for("impact.mine"))
    return render_template("impact/check_in.html", follow_up=follow_up, form=form, lines=lines,
                           wrote=followups.plan_text(db.session, follow_up),
                           third_round=False), 400 if request.method == "POST" else 200


def _evidence_files(form, lines: list) -> dict[str, tuple[str, bytes]]:
    """The files sent as evidence, each checked as the plans' attachments are; a refused one is an
    error beside its field (the browser cannot keep a chosen file, the rest of the form is kept)."""
    files = {}
    for line in lines:
        upload = request.files.get(f"file-{line.id}")
        if upload is None or not upload.filename:
            continue
        data = upload.read(MAX_ATTACHMENT_BYTES + 1)
        try:
            check_attachment(upload.filename, data)
        except Refused as refused:
            add_error(form[f"file-{line.id}"], str(refused.message))
            continue
        files[line.id] = (upload.filename, data)
    return files


@page(bp, "/impact/check-ins/<int:follow_up_id>/evidence/<int:action_id>", roles=SIGNED_IN,
      load={"follow_up": loaders.follow_up}, allow=[("view", "follow_up")])
def evidence(follow_up: FollowUp, action_id: int):
    action = next((a for a in follow_up.actions if a.id == action_id and a.evidence_file), None)
    if action is None or action.evidence_file is None:
        abort(404)
    response = send_file(storage().path(action.evidence_file), mimetype=action.evidence_type, as_attachment=True,
                         download_name=action.evidence_filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _third_round_due(follow_up: FollowUp) -> bool:
    if follow_up.months != 12:
        return False
    cohort = db.session.get(Cohort, follow_up.cohort_id)
    activity = sa.instrument(db.session, cohort.programme_id) if cohort else None
    return activity is not None and 3 not in sa.responses(db.session, follow_up.user_id, activity.id)


@page(bp, "/impact/check-ins/<int:follow_up_id>/self-assessment", methods=["GET", "POST"], roles=[Role.learner],
      load={"follow_up": loaders.follow_up}, allow=[("answer", "follow_up")])
def third_round(follow_up: FollowUp):
    """The greening self-assessment a third time, 12 months after the certificate."""
    cohort = db.session.get(Cohort, follow_up.cohort_id)
    activity = sa.instrument(db.session, cohort.programme_id) if cohort else None
    if follow_up.months != 12 or activity is None or cohort is None:
        abort(404)
    answered = sa.responses(db.session, current_user.id, activity.id)
    form = self_assessment_form(activity.definition, current_language()) if 3 not in answered else None
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate():
            answers = {s["id"]: form[f"st-{s['id']}"].data for area in activity.definition["areas"]
                       for s in area["statements"]}
            try:
                sa.answer(db.session, current_user.id, activity, cohort.id, 3, answers)
            except IntegrityError:
                db.session.rollback()
            flash(_("Your answers have been saved."), "success")
            return redirect(url_for("impact.mine"))
    result = sa.results(answered)
    return render_template("impact/third_round.html", follow_up=follow_up, activity=activity, form=form,
                           result=result, round_title=sa.round_title), 400 if form and form.errors else 200
