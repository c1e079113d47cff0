"""The reviewers' pages: the applications assigned to them, and the rubric to score each."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.applications import bp, loaders, reviewing
from lms.applications.forms import ReviewForm
from lms.applications.models import Review
from lms.core.edge import page
from lms.core.permissions import Role
from lms.extensions import db

REVIEWERS = [Role.staff, Role.facilitator]


@page(bp, "/reviews", roles=REVIEWERS)
def my_reviews():
    return render_template("applications/my_reviews.html", reviews=reviewing.assigned_to(db.session, current_user))


@page(bp, "/reviews/<int:review_id>", methods=["GET", "POST"], roles=REVIEWERS, load={"review": loaders.review},
      allow=[("view", "review")])
def review(review: Review):
    form = ReviewForm()
    if request.method == "GET" and review.submitted_at is not None:
        form.comment.data = review.comment
        for key in reviewing.RUBRIC:
            form[f"score_{key}"].data = str(review.scores.get(key, ""))
    if request.method == "POST":
        if review.reviewer_id != current_user.id:
            abort(403)
        if form.validate_on_submit():
            reviewing.score(db.session, review, {k: int(form[f"score_{k}"].data) for k in reviewing.RUBRIC},
                            form.comment.data or "")
            flash(_("Your review has been saved."), "success")
            return redirect(url_for("applications.my_reviews"))
    return render_template("applications/review.html", review=review, application=review.application, form=form,
                           mine=review.reviewer_id == current_user.id), 400 if form.errors else 200
