"""Grading: the queue of work waiting for review, and the review page with its rubric."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.cohorts import bp, queries
from lms.cohorts.forms import review_form
from lms.cohorts.loaders import MANAGED, RUNS_COHORT, submission
from lms.cohorts.models import Cohort
from lms.core.edge import page
from lms.core.i18n import current_language
from lms.core.permissions import Role
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning import submissions
from lms.learning.models import Submission
from lms.learning.status import WorkStatus
from lms.users.models import User


RUNNERS = [Role.facilitator, Role.staff]


@page(bp, "/cohorts/<int:cohort_id>/grading", roles=RUNNERS, load=MANAGED, allow=RUNS_COHORT)
def grading(cohort: Cohort):
    return render_template("cohorts/grading.html", cohort=cohort, queue=queries.grading_queue(db.session, cohort))


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
            return redirect(url_for("cohorts.grading", cohort_id=cohort.id))
    return render_template("cohorts/review.html", cohort=cohort, submission=submission, activity=activity,
                           definition=definition, rubric=rubric, form=form,
                           learner=db.session.get(User, submission.user_id)), 400 if form.errors else 200
