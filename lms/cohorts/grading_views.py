"""Grading: the queue of work waiting for review, and the review page with its rubric."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.cohorts import bp, queries
from lms.cohorts.forms import review_form
from lms.cohorts.loaders import MANAGED, RUNS_COHORT, submission
from lms.cohorts.models import Cohort
from lms.core.edge import Load, page
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


@page(bp, "/cohorts/<int:cohort_id>/learners/<int:user_id>", roles=RUNNERS,
      load={**MANAGED, "learner": Load(User, "user_id")}, allow=RUNS_COHORT)
def learner_work(cohort: Cohort, learner: User):
    """One learner's page: every quiz, every piece of work and their attendance, in this cohort."""
    from sqlalchemy import select

    from lms.cohorts.models import Enrolment
    if db.session.scalar(select(Enrolment.id).where(Enrolment.cohort_id == cohort.id,
                                                    Enrolment.user_id == learner.id)) is None:
        abort(404)
    return render_template("cohorts/learner_work.html", cohort=cohort, learner=learner,
                           record=queries.learner_work(db.session, cohort, learner.id))


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
