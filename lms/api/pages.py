"""The pages of the API's credentials: a person's tokens on their profile, staff's OAuth clients."""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.api import bp, tokens
from lms.api.forms import ClientForm, TokenForm
from lms.api.models import ApiClient, ApiToken
from lms.api.scopes import SCOPES
from lms.core import clock
from lms.core.edge import SIGNED_IN, Load, page
from lms.core.permissions import Role
from lms.extensions import db


def _tokens_page(form: TokenForm, shown: str | None = None, status: int = 200):
    return render_template("api/tokens.html", form=form, shown=shown, scopes=SCOPES,
                           tokens=tokens.personal_tokens(db.session, current_user), now=clock.utcnow()), status


@page(bp, "/profile/api-tokens", methods=["GET", "POST"], roles=SIGNED_IN)
def tokens_page():
    form = TokenForm()
    if request.method == "POST":
        if not form.validate():
            return _tokens_page(form, status=400)
        expires = None if form.expires.data == "never" else clock.utcnow() + dt.timedelta(days=int(form.expires.data))
        _token, secret = tokens.create_personal_token(db.session, current_user._get_current_object(),
                                                      form.name.data or "", form.scopes.data or [], expires)
        # Shown on this answer only: it is kept nowhere but its hash, and never put in a cookie.
        return _tokens_page(TokenForm(formdata=None), shown=secret)
    return _tokens_page(form)


@page(bp, "/profile/api-tokens/<int:token_id>/revoke", methods=["POST"], roles=SIGNED_IN,
      load={"token": Load(ApiToken, "token_id")}, allow=[("manage", "token")])
def revoke_token(token: ApiToken):
    tokens.revoke_token(db.session, token, current_user._get_current_object())
    flash(_("The token “%(name)s” has been revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for("api.tokens_page"), code=303)


def _clients_page(form: ClientForm, shown: tuple[ApiClient, str] | None = None, status: int = 200):
    return render_template("api/clients.html", form=form, shown=shown, scopes=SCOPES,
                           clients=tokens.clients(db.session)), status


@page(bp, "/staff/api-clients", methods=["GET", "POST"], roles=[Role.staff])
def clients_page():
    form = ClientForm()
    if request.method == "POST":
        if not form.validate():
            return _clients_page(form, status=400)
        client, secret = tokens.register_client(db.session, current_user._get_current_object(), form.name.data or "",
                                                form.scopes.data or [])
        return _clients_page(ClientForm(formdata=None), shown=(client, secret))
    return _clients_page(form)


@page(bp, "/staff/api-clients/<int:client_id>/revoke", methods=["POST"], roles=[Role.staff],
      load={"client": Load(ApiClient, "client_id")}, allow=[("manage", "client")])
def revoke_client(client: ApiClient):
    tokens.revoke_client(db.session, client, current_user._get_current_object())
    flash(_("The client “%(name)s” has been revoked: it can get no token, and its tokens no longer work.",
            name=client.name), "success")
    return redirect(url_for("api.clients_page"), code=303)
