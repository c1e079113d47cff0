"""Sign in with an identity provider (a plain link on the sign-in page), its return address, and
the staff pages where providers are configured."""
from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from lms.audit import services as audit
from lms.auth import sessions
from lms.auth.forms import LoginForm
from lms.auth.views import _safe_next
from lms.core.edge import PUBLIC, Find, Load, page
from lms.core.forms import add_error, filled
from lms.core.permissions import Role
from lms.core.urls import external_url
from lms.extensions import db
from lms.sso import bp, oidc, services
from lms.sso.forms import ProviderForm
from lms.sso.models import IdentityProvider
from lms.sso.services import Refusal

STAFF = [Role.staff]
PENDING = "sso_pending"  # the session key holding the sign-in on its way: state, nonce, PKCE verifier
STATUS = {Refusal.refused: 401, Refusal.state: 400, Refusal.provider: 502, Refusal.token: 401,
          Refusal.unverified: 403, Refusal.domain: 403, Refusal.no_account: 403, Refusal.inactive: 403,
          Refusal.privileged: 403}


@bp.app_template_global("sign_in_providers")
def sign_in_providers() -> list[IdentityProvider]:
    """The providers the sign-in page offers."""
    return services.active_providers(db.session)


def _active_provider(provider_id: str) -> IdentityProvider | None:
    provider = db.session.get(IdentityProvider, int(provider_id))
    return provider if provider is not None and provider.active else None


def _refused(refusal: Refusal, provider: IdentityProvider, target: str = "", *, logged: bool = True):
    if logged:  # not when the sign-in could not even start: nothing was tried
        audit.record(db.session, "sign_in_failed", target[:300] or provider.display_name, reason=refusal.value,
                     provider=provider.display_name)
    form = LoginForm()
    form.form_errors.append(refusal.message)
    return render_template("auth/login.html", form=form), STATUS[refusal]


ACTIVE = Find(_active_provider, args=("provider_id",))


@page(bp, "/sso/<int:provider_id>/start", roles=PUBLIC, load={"provider": ACTIVE})
def start(provider: IdentityProvider):
    """Send the browser to the provider, keeping state, nonce and the PKCE verifier in the session."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    try:
        metadata = oidc.discover(provider.issuer)
    except oidc.ProviderError:
        return _refused(Refusal.provider, provider, logged=False)
    started = oidc.authorization_request(metadata, provider.client_id,
                                         external_url("sso.callback", provider_id=provider.id))
    session[PENDING] = {"provider": provider.id, "state": started.state, "nonce": started.nonce,
                        "verifier": started.verifier, "next": _safe_next(request.args.get("next"))}
    return redirect(started.url)


@page(bp, "/sso/<int:provider_id>/callback", roles=PUBLIC, load={"provider": ACTIVE}, writes_on_get=True)
def callback(provider: IdentityProvider):
    """Where the provider sends the browser back: check everything, then sign the account in."""
    pending = session.pop(PENDING, None)
    state = request.args.get("state", "")
    if (not isinstance(pending, dict) or pending.get("provider") != provider.id
            or not isinstance(pending.get("state"), str) or not state
            or not secrets.compare_digest(pending["state"].encode(), state.encode("utf-8", "replace"))):
        return _refused(Refusal.state, provider)
    if request.args.get("error") or not request.args.get("code"):
        return _refused(Refusal.refused, provider)
    try:
        metadata = oidc.discover(provider.issuer)
        if "iss" in request.args and request.args["iss"] != provider.issuer:  # RFC 9207: a mix-up
            return _refused(Refusal.token, provider)
        tokens = oidc.exchange_code(metadata, client_id=provider.client_id, client_secret=provider.client_secret,
                                    code=request.args["code"], verifier=pending["verifier"],
                                    redirect_uri=external_url("sso.callback", provider_id=provider.id))
        claims = oidc.verify_jwt(tokens["id_token"], jwks_url=metadata["jwks_uri"], issuer=provider.issuer,
                                 audience=provider.client_id, nonce=pending["nonce"])
        if "email" not in claims:
            info = oidc.user_info(metadata, str(tokens.get("access_token") or ""))
            if info.get("sub") == claims["sub"]:  # another person's answer would be a substitution
                claims = {**info, **claims}
    except oidc.TokenInvalid:
        return _refused(Refusal.token, provider)
    except oidc.ProviderError:
        return _refused(Refusal.provider, provider)
    outcome = services.sign_in(db.session, provider, claims, language=str(get_locale()))
    if outcome.user is None:
        assert outcome.refusal is not None
        return _refused(outcome.refusal, provider, str(claims.get("email") or claims["sub"]))
    audit.record(db.session, "sign_in", outcome.user.email, actor=outcome.user, provider=provider.display_name)
    sessions.start(db.session, outcome.user)
    login_user(outcome.user)
    if outcome.created:
        flash(_("Welcome, %(name)s. Your learner account has been created with your %(provider)s sign-in.",
                name=outcome.user.full_name, provider=provider.display_name), "success")
    return redirect(pending.get("next") or url_for("home.index"))


# Staff pages -------------------------------------------------------------------------------

@page(bp, "/staff/identity-providers", roles=STAFF)
def providers():
    rows = db.session.scalars(select(IdentityProvider).order_by(IdentityProvider.display_name)).all()
    return render_template("sso/providers.html", providers=rows,
                           callbacks={p.id: external_url("sso.callback", provider_id=p.id) for p in rows},
                           redirect_example=external_url("sso.callback", provider_id=0).replace("/0/", "/<id>/"))


def _save(form: ProviderForm, provider: IdentityProvider | None):
    issuer = filled(form.issuer.data)  # kept as typed: the provider's tokens must name it exactly
    if services.issuer_taken(db.session, issuer, provider):
        add_error(form.issuer, _("Another identity provider has this issuer address."))
        return None
    if provider is None and not form.client_secret.data:
        add_error(form.client_secret, _("Enter the client secret the provider gave you."))
        return None
    saved = services.save_provider(db.session, provider, display_name=filled(form.display_name.data), issuer=issuer,
                                   client_id=filled(form.client_id.data), client_secret=form.client_secret.data or "",
                                   allowed_domains=form.allowed_domains.data or "",
                                   creates_learners=bool(form.creates_learners.data), active=bool(form.active.data))
    flash(_("The identity provider %(name)s has been saved.", name=saved.display_name), "success")
    return redirect(url_for("sso.providers"))


@page(bp, "/staff/identity-providers/new", methods=["GET", "POST"], roles=STAFF)
def create_provider():
    form = ProviderForm()
    if form.validate_on_submit():
        response = _save(form, None)
        if response is not None:
            return response
    return render_template("sso/provider_form.html", form=form, provider=None,
                           redirect_uri=None), 400 if form.errors else 200


@page(bp, "/staff/identity-providers/<int:provider_id>", methods=["GET", "POST"], roles=STAFF,
      load={"provider": Load(IdentityProvider, "provider_id")})
def edit_provider(provider: IdentityProvider):
    form = ProviderForm(obj=provider)
    if request.method == "GET":
        form.client_secret.data = ""
    if form.validate_on_submit():
        response = _save(form, provider)
        if response is not None:
            return response
    redirect_uri = external_url("sso.callback", provider_id=provider.id)
    return render_template("sso/provider_form.html", form=form, provider=provider,
                           redirect_uri=redirect_uri), 400 if form.errors else 200
