"""Each person's notifications and their email choices, and the one-click unsubscribe address."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.community import bp, notifications
from lms.community.forms import settings_form
from lms.community.models import Frequency, Kind, Notification
from lms.core.edge import PUBLIC, SIGNED_IN, page
from lms.core.pagination import paginate
from lms.extensions import csrf, db
from lms.users.models import User


@page(bp, "/notifications", roles=SIGNED_IN)
def notifications_list():
    query = select(Notification).where(Notification.user_id == current_user.id) \
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    listed = paginate(db.session, query, request.args.get("page"), current_app.config["POSTS_PER_PAGE"])
    return render_template("community/notifications.html", page=listed, describe=notifications.describe)


@page(bp, "/notifications/read", methods=["POST"], roles=SIGNED_IN)
def mark_read():
    notifications.mark_read(db.session, current_user)
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("community.notifications_list"))


@page(bp, "/profile/notifications", methods=["GET", "POST"], roles=SIGNED_IN)
def settings():
    form = settings_form(request.form if request.method == "POST" else None)
    chosen = notifications.settings_for(db.session, current_user)
    if request.method == "GET":
        for kind, frequency in chosen.items():
            form[f"kind-{kind.value}"].data = frequency.value
    if form.validate_on_submit():
        for kind in Kind:
            notifications.set_frequency(db.session, current_user, kind, Frequency(form[f"kind-{kind.value}"].data))
        flash(_("Your choices have been saved."), "success")
        return redirect(url_for("community.settings"))
    return render_template("community/settings.html", form=form, kinds=list(Kind)), 400 if form.errors else 200


def _unsubscribing(token: str) -> tuple[User, list[Kind]]:
    found = notifications.read_unsubscribe_token(token) if len(token) < 500 else None
    user = db.session.get(User, found[0]) if found else None
    if found is None or user is None or not user.active:
        abort(404)
    return user, found[1]


@csrf.exempt  # mail programs post the one-click request (RFC 8058) without a form token
@page(bp, "/unsubscribe/<token>", methods=["GET", "POST"], roles=PUBLIC)
def unsubscribe(token: str):
    """Works without signing in: the signed token says who and which emails. A GET only asks,
    so that a link scanner opening it unsubscribes nobody; the POST (the button, or the mail
    program's one click) does it."""
    user, kinds = _unsubscribing(token)
    if request.method == "POST":
        notifications.unsubscribe(db.session, user, kinds)
        return render_template("community/unsubscribe.html", done=True, kinds=kinds, token=token)
    return render_template("community/unsubscribe.html", done=False, kinds=kinds, token=token)
