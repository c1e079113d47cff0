"""Sign in and out, accept an invitation, reset a forgotten password."""
from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, refresh
from flask_login import current_user, login_user, logout_user

from lms.audit import services as audit
from lms.auth import bp, services, sessions
from lms.auth.forms import LoginForm, ResetRequestForm, SetPasswordForm
from lms.auth.models import TokenPurpose
from lms.auth.services import TOKEN_PROBLEMS, SignInResult, TokenState
from lms.core import clock
from lms.core.edge import PUBLIC, SIGNED_IN, page
from lms.core.forms import filled
from lms.extensions import db

def _safe_next(target: str | None) -> str | None:
    """Only a path on this site, so that a link cannot send people elsewhere after signing in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _throttle_message(retry_at) -> str:
    minutes = max(1, math.ceil((retry_at - clock.utcnow()).total_seconds() / 60))
    return ngettext("Too many failed sign-in attempts. For your security, signing in is paused: "
                    "please try again in %(num)d minute.",
                    "Too many failed sign-in attempts. For your security, signing in is paused: "
                    "please try again in %(num)d minutes.", minutes)


@page(bp, "/login", methods=["GET", "POST"], roles=PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = filled(form.email.data)
        outcome = services.sign_in(db.session, email, filled(form.password.data), request.remote_addr or "unknown")
        if outcome.result is SignInResult.ok and outcome.user is not None:
            audit.record(db.session, "sign_in", outcome.user.email, actor=outcome.user)
        else:
            audit.record(db.session, "sign_in_failed", email.strip().lower(), reason=outcome.result.value)
        if outcome.result is SignInResult.ok and outcome.user is not None:
            sessions.start(db.session, outcome.user, remember=bool(form.remember.data))
            login_user(outcome.user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
        if outcome.result is SignInResult.throttled:
            form.form_errors.append(_throttle_message(outcome.retry_at))
            status = 429
        elif outcome.result is SignInResult.inactive:
            form.form_errors.append(_("This account has been deactivated. Please contact the "
                                      "programme team if you think this is a mistake."))
            status = 403
        else:
            form.form_errors.append(_("The email address or the password is not correct."))
            status = 401
        form.password.data = ""
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


@page(bp, "/logout", methods=["POST"], roles=SIGNED_IN)
def logout():
    sessions.end(db.session, sessions.current())  # the cookies, wherever copied, no longer sign anyone in
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


def _token_page(raw: str, purpose: TokenPurpose, template: str):
    state, token = services.check_token(db.session, raw, purpose)
    if token is not None:
        # The link was sent to someone in their language: its page opens in it (the switcher still works).
        g.language_of_the_link = token.user.language
        refresh()
    if state is not TokenState.valid or token is None:  # only an unknown link comes without its token
        return render_template("auth/link_problem.html", problem=TOKEN_PROBLEMS[state],
                               purpose=purpose), 410 if state is not TokenState.unknown else 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        if not services.redeem_token(db.session, token, filled(form.password.data)):
            db.session.rollback()
            return render_template("auth/link_problem.html", problem=TOKEN_PROBLEMS[TokenState.used],
                                   purpose=purpose), 410
        sessions.end_all(db.session, token.user)  # a new password: every earlier sign-in ends
        logout_user()
        sessions.start(db.session, token.user)
        login_user(token.user)
        if purpose is TokenPurpose.invitation:
            flash(_("Welcome, %(name)s. Your password is set and you are signed in.",
                    name=token.user.full_name), "success")
        else:
            flash(_("Your password has been changed and you are signed in."), "success")
        return redirect(url_for("home.index"))
    return render_template(template, form=form, user=token.user), 400 if form.errors else 200


@page(bp, "/invitation/<token>", methods=["GET", "POST"], roles=PUBLIC)
def accept_invitation(token: str):
    return _token_page(token, TokenPurpose.invitation, "auth/accept_invitation.html")


@page(bp, "/reset-password", methods=["GET", "POST"], roles=PUBLIC)
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(db.session, filled(form.email.data), request.remote_addr or "unknown")
        flash(_("If an account uses %(email)s, we have sent it a link to choose a new password. "
                "Check your inbox and your spam folder.", email=form.email.data), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), 400 if form.errors else 200


@page(bp, "/reset-password/<token>", methods=["GET", "POST"], roles=PUBLIC)
def reset_password(token: str):
    return _token_page(token, TokenPurpose.password_reset, "auth/reset_password.html")
