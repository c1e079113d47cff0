"""Peer review of action plans: the facilitator's rounds, and each learner's reviews to write and read."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.cohorts.models import Cohort
from lms.community import bp, loaders, peer_review
from lms.community.forms import RoundForm, peer_review_form
from lms.community.models import PeerReview, ReviewRound
from lms.core.edge import SIGNED_IN, page
from lms.core.forms import filled
from lms.core.i18n import current_language, localized
from lms.core.permissions import Role
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning.models import Submission
from lms.users.models import User

IN_COHORT = {"cohort": loaders.cohort}
RUNNERS = [Role.facilitator, Role.staff]
RUNS_COHORT = [("manage", "cohort")]


def _plan_activities(cohort: Cohort) -> list[Activity]:
    return list(db.session.scalars(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                          Activity.type == "action_plan",
                                                          Activity.retired_at.is_(None))
                                   .order_by(Activity.position)))


@page(bp, "/cohorts/<int:cohort_id>/peer-review", methods=["GET", "POST"], roles=RUNNERS, load=IN_COHORT,
      allow=RUNS_COHORT)
def rounds(cohort: Cohort):
    activities = _plan_activities(cohort)
    form = RoundForm()
    form.activity_id.choices = [(a.id, localized(a.definition.get("title"))[0]) for a in activities]
    if form.validate_on_submit():
        activity = next(a for a in activities if a.id == form.activity_id.data)
        try:
            opened = peer_review.open_round(db.session, cohort, activity, current_user,
                                            per_learner=filled(form.per_learner.data),
                                            anonymous=bool(form.anonymous.data))
        except peer_review.NotEnoughPlans as exc:
            form.per_learner.errors = [_("Only %(count)s learners have written this plan: each needs more peers "
                                         "than that to review.", count=exc.args[0])]
        else:
            flash(_("The peer-review round is open: each learner has been given %(count)s plans to review.",
                    count=opened.per_learner), "success")
            return redirect(url_for("community.round_detail", cohort_id=cohort.id, round_id=opened.id))
    listed = db.session.scalars(select(ReviewRound).where(ReviewRound.cohort_id == cohort.id)
                                .order_by(ReviewRound.opened_at.desc(), ReviewRound.id.desc())).all()
    return render_template("community/rounds.html", cohort=cohort, form=form, rounds=listed,
                           activities={a.id: a for a in activities}), 400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/peer-review/<int:round_id>", roles=RUNNERS,
      load={**IN_COHORT, "review_round": loaders.review_round}, allow=RUNS_COHORT)
def round_detail(cohort: Cohort, review_round: ReviewRound):
    rows = db.session.execute(
        select(PeerReview, User.full_name).options(joinedload(PeerReview.reviewer))
        .join(Submission, Submission.id == PeerReview.submission_id).join(User, User.id == Submission.user_id)
        .where(PeerReview.round_id == review_round.id).order_by(PeerReview.reviewer_id, PeerReview.id)).all()
    return render_template("community/round.html", cohort=cohort, review_round=review_round, rows=rows)


@page(bp, "/cohorts/<int:cohort_id>/peer-reviews/<int:review_id>/flag", methods=["POST"], roles=RUNNERS,
      load={**IN_COHORT, "review": loaders.review}, allow=[*RUNS_COHORT, ("manage", "review")])
def flag_review(cohort: Cohort, review: PeerReview):
    flagged = request.form.get("flagged") != "0"
    peer_review.flag(db.session, review, current_user, flagged)
    flash(_("The review has been set aside: its author no longer sees it.") if flagged
          else _("The review is shown to its author again."), "success")
    return redirect(url_for("community.round_detail", cohort_id=cohort.id, round_id=review.round_id))


@page(bp, "/cohorts/<int:cohort_id>/peer-review/<int:round_id>/close", methods=["POST"], roles=RUNNERS,
      load={**IN_COHORT, "review_round": loaders.review_round}, allow=RUNS_COHORT)
def close_round(cohort: Cohort, review_round: ReviewRound):
    if review_round.closed_at is None:
        peer_review.close_round(db.session, review_round, current_user)
    flash(_("The round is closed: no more reviews can be written."), "success")
    return redirect(url_for("community.round_detail", cohort_id=cohort.id, round_id=review_round.id))


# The learner's side ------------------------------------------------------------------------

@page(bp, "/cohorts/<int:cohort_id>/my-peer-review", roles=SIGNED_IN, load=IN_COHORT,
      allow=[("view", "cohort")])
def my_reviews(cohort: Cohort):
    to_write = db.session.scalars(
        select(PeerReview).join(ReviewRound, ReviewRound.id == PeerReview.round_id)
        .where(ReviewRound.cohort_id == cohort.id, PeerReview.reviewer_id == current_user.id)
        .order_by(ReviewRound.opened_at, PeerReview.id)).all()
    received = db.session.scalars(
        select(PeerReview).options(joinedload(PeerReview.reviewer), joinedload(PeerReview.round))
        .join(ReviewRound, ReviewRound.id == PeerReview.round_id)
        .join(Submission, Submission.id == PeerReview.submission_id)
        .where(ReviewRound.cohort_id == cohort.id, Submission.user_id == current_user.id,
               PeerReview.submitted_at.is_not(None), PeerReview.flagged_at.is_(None))
        .order_by(PeerReview.submitted_at, PeerReview.id)).all()
    rubrics = {}
    for review in received:
        submission = db.session.get(Submission, review.submission_id)
        rubrics[review.id] = _rubric(submission)
    return render_template("community/my_reviews.html", cohort=cohort, to_write=to_write, received=received,
                           rubrics=rubrics, level_title=_level_title)


def _rubric(submission: Submission | None) -> dict:
    if submission is None:
        return {}
    definition = submission.definition
    if not definition:
        activity = db.session.get(Activity, submission.activity_id)
        definition = activity.definition if activity else {}
    return definition.get("rubric") or {}


def _level_title(rubric: dict, level_id: str) -> str:
    for level in rubric.get("levels", []):
        if level["id"] == level_id:
            return localized(level["title"])[0]
    return ""


@page(bp, "/cohorts/<int:cohort_id>/my-peer-review/<int:review_id>", methods=["GET", "POST"], roles=SIGNED_IN,
      load={**IN_COHORT, "review": loaders.review}, allow=[("view", "cohort"), ("write", "review")])
def write_review(cohort: Cohort, review: PeerReview):
    submission = db.session.get(Submission, review.submission_id)
    activity = db.session.get(Activity, submission.activity_id) if submission else None
    definition = (submission.definition if submission and submission.definition else None) or \
        (activity.definition if activity else {})
    rubric = definition.get("rubric") or {}
    form = peer_review_form(rubric, current_language(), request.form if request.method == "POST" else None)
    if request.method == "GET" and review.submitted_at is not None:
        form.comment.data = review.comment
        for criterion, level in review.scores.items():
            if f"level-{criterion}" in form:
                form[f"level-{criterion}"].data = level
    if form.validate_on_submit():
        scores = {c["id"]: form[f"level-{c['id']}"].data for c in rubric.get("criteria", [])}
        peer_review.write_review(db.session, review, scores=scores, comment=filled(form.comment.data))
        flash(_("Thank you: your review has been sent to the author."), "success")
        return redirect(url_for("community.my_reviews", cohort_id=cohort.id))
    return render_template("community/write_review.html", cohort=cohort, review=review, form=form,
                           definition=definition, content=submission.content if submission else {},
                           rubric=rubric), 400 if form.errors else 200
