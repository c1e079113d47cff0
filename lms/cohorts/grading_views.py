"""Grading: the queue of work waiting for review, and the review page with its rubric."""
from __future__ import annotations

import datetime as dt
from typing import cast

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from lms.cohorts import bp, queries
from lms.cohorts import allowances
from lms.cohorts.forms import AttemptForm, ExtensionForm, review_form
from lms.cohorts.loaders import MANAGED, RUNS_COHORT, submission
from lms.cohorts.models import Cohort, DeadlineExtension
from lms.core.edge import Find, Load, page
from lms.core.i18n import current_language, localized
from lms.core.permissions import Role
from lms.courses.models import Activity, Module
from lms.extensions import db
from lms.learning import submissions
from lms.learning.models import Submission
from lms.learning.status import WorkStatus
from lms.users.models import User


RUNNERS = [Role.facilitator, Role.staff]


@page(bp, "/cohorts/<int:cohort_id>/grading", roles=RUNNERS, load=MANAGED, allow=RUNS_COHORT)
def grading(cohort: Cohort):
    queue = queries.grading_queue(db.session, cohort, request.args.get("page"),
                                  current_app.config["COHORT_PER_PAGE"])
    return render_template("cohorts/grading.html", cohort=cohort, queue=queue)


LEARNER = {**MANAGED, "learner": Find(lambda cohort, user_id: queries.enrolled_learner(db.session, cohort, user_id),
                                      args=("user_id",), uses=("cohort",))}


@page(bp, "/cohorts/<int:cohort_id>/learners/<int:user_id>", roles=RUNNERS, load=LEARNER, allow=RUNS_COHORT)
def learner_work(cohort: Cohort, learner: User):
    """One learner's page: every quiz, every piece of work and their attendance, in this cohort,
    with what can be granted to them alone (more time in a module, another attempt at a quiz)."""
    record, extend, attempt = _record_and_forms(cohort, learner, posted=None)
    return _learner_page(cohort, learner, record, extend, attempt)


def _record_and_forms(cohort: Cohort, learner: User, posted: str | None
                      ) -> tuple[queries.LearnerWork, ExtensionForm, AttemptForm]:
    """The learner's record and the two grant forms, the `posted` one ("extend" or "attempt")
    read from the request, each offering that record's modules or limited quizzes."""
    record = queries.learner_work(db.session, cohort, learner.id)
    extend = ExtensionForm(prefix="extend") if posted == "extend" else ExtensionForm(prefix="extend", formdata=None)
    attempt = AttemptForm(prefix="attempt") if posted == "attempt" else AttemptForm(prefix="attempt", formdata=None)
    extend.module_id.choices = [(entry.module.id, localized(entry.module.title)[0]) for entry in record.schedule]
    attempt.activity_id.choices = [(quiz.id, localized(quiz.title)[0]) for quiz, *_rest in record.quizzes
                                   if quiz.definition.get("attempts")]
    return record, extend, attempt


def _learner_page(cohort: Cohort, learner: User, record: queries.LearnerWork, extend: ExtensionForm,
                  attempt: AttemptForm, status: int = 200):
    return render_template("cohorts/learner_work.html", cohort=cohort, learner=learner, record=record,
                           extend=extend, attempt=attempt), status


@page(bp, "/cohorts/<int:cohort_id>/learners/<int:user_id>/extensions", methods=["POST"], roles=RUNNERS,
      load=LEARNER, allow=RUNS_COHORT)
def extend_deadline(cohort: Cohort, learner: User):
    record, form, attempt = _record_and_forms(cohort, learner, posted="extend")
    if form.validate():
        module = db.session.get_one(Module, form.module_id.data)
        try:
            allowances.extend_deadline(db.session, cohort, learner, module, cast(dt.date, form.due_on.data),
                                       form.reason.data or "", current_user)
        except allowances.Refused as refused:
            form.due_on.errors = [str(refused)]
        else:
            flash(_("%(name)s now has until the end of %(date)s for “%(module)s”.", name=learner.full_name,
                    date=format_date(form.due_on.data, "long"), module=localized(module.title)[0]), "success")
            return redirect(url_for("cohorts.learner_work", cohort_id=cohort.id, user_id=learner.id) + "#schedule")
    return _learner_page(cohort, learner, record, form, attempt, status=400)


@page(bp, "/cohorts/<int:cohort_id>/learners/<int:user_id>/extensions/<int:extension_id>/withdraw",
      methods=["POST"], roles=RUNNERS,
      load={**LEARNER, "extension": Load(DeadlineExtension, "extension_id", of="cohort")}, allow=RUNS_COHORT)
def withdraw_extension(cohort: Cohort, learner: User, extension: DeadlineExtension):
    if extension.user_id != learner.id:
        abort(404)
    allowances.withdraw_extension(db.session, extension, current_user)
    flash(_("The cohort's due date applies to %(name)s again.", name=learner.full_name), "success")
    return redirect(url_for("cohorts.learner_work", cohort_id=cohort.id, user_id=learner.id) + "#schedule")


@page(bp, "/cohorts/<int:cohort_id>/learners/<int:user_id>/attempts", methods=["POST"], roles=RUNNERS,
      load=LEARNER, allow=RUNS_COHORT)
def grant_attempt(cohort: Cohort, learner: User):
    record, extend, form = _record_and_forms(cohort, learner, posted="attempt")
    if form.validate():
        quiz = db.session.get_one(Activity, form.activity_id.data)
        try:
            allowances.grant_attempt(db.session, cohort, learner, quiz, form.reason.data or "", current_user)
        except allowances.Refused as refused:
            form.activity_id.errors = [str(refused)]
        else:
            flash(_("%(name)s has another attempt at “%(quiz)s”.", name=learner.full_name,
                    quiz=localized(quiz.title)[0]), "success")
            return redirect(url_for("cohorts.learner_work", cohort_id=cohort.id, user_id=learner.id) + "#quizzes")
    return _learner_page(cohort, learner, record, extend, form, status=400)


@page(bp, "/cohorts/<int:cohort_id>/work/<int:submission_id>", methods=["GET", "POST"], roles=RUNNERS,
      load={**MANAGED, "submission": submission}, allow=[*RUNS_COHORT, ("manage", "submission")])
def review(cohort: Cohort, submission: Submission):
    activity = db.session.get_one(Activity, submission.activity_id)
    definition = submission.definition or activity.definition
    rubric = definition.get("rubric") if activity.type == "action_plan" else None
    form = review_form(rubric, current_language())
    if request.method == "POST":
        if submission.status != WorkStatus.submitted:
            flash(_("This work has already been reviewed; its history is below."), "info")
            return redirect(url_for("cohorts.review", cohort_id=cohort.id, submission_id=submission.id))
        if form.validate():
            scores = {c["id"]: {"level": form[f"level-{c['id']}"].data, "comment": form[f"note-{c['id']}"].data or ""}
                      for c in (rubric or {}).get("criteria", [])}
            submissions.review(db.session, submission, current_user, form.decision.data, form.comment.data or "",
                               scores)
            flash(_("Your decision has been saved and the learner has been emailed."), "success")
            _previous, following = queries.neighbours_in_queue(db.session, cohort, submission)
            if following is not None:  # straight on to the next piece of work waiting
                return redirect(url_for("cohorts.review", cohort_id=cohort.id, submission_id=following))
            return redirect(url_for("cohorts.grading", cohort_id=cohort.id))
    previous, following = queries.neighbours_in_queue(db.session, cohort, submission)
    return render_template("cohorts/review.html", cohort=cohort, submission=submission, activity=activity,
                           previous=previous, following=following,
                           definition=definition, rubric=rubric, form=form,
                           learner=db.session.get(User, submission.user_id)), 400 if form.errors else 200
