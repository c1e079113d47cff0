"""The tool's addresses that platforms call (login initiation, launch, JWKS, the Deep Linking
answer), and the staff pages where platforms are registered.

Platforms POST here from their own site, with no form token of ours: those pages are exempt from
CSRF and trust only what they verify (a state of ours, the platform's signature, a ticket we
signed). Anything else gets a clear 400 or 401 page.
"""
from __future__ import annotations

import secrets
import urllib.parse

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user
from sqlalchemy import select

from lms.auth import sessions
from lms.cohorts.models import Cohort
from lms.core.edge import PUBLIC, Load, page
from lms.core.forms import filled
from lms.core.i18n import supported_languages
from lms.core.permissions import Role
from lms.core.urls import external_url
from lms.extensions import csrf, db
from lms.lti import advantage, bp, keys, services
from lms.lti.forms import PlatformForm
from lms.lti.models import LtiLink, LtiPlatform
from lms.lti.services import CLAIM, DEEP_LINKING, Problem, Refused
from lms.sso.oidc import ProviderError

STAFF = [Role.staff]


def _problem(refused: Refused):
    return render_template("lti/problem.html", message=refused.problem.message_text), refused.problem.status


def _language(claims: dict) -> str:
    presentation = claims.get(CLAIM + "launch_presentation")
    asked = str((presentation.get("locale") if isinstance(presentation, dict) else None) or claims.get("locale") or "")
    asked = asked[:2].lower()
    return asked if asked in supported_languages() else str(get_locale())


@csrf.exempt
@page(bp, "/lti/login", methods=["GET", "POST"], roles=PUBLIC, writes_on_get=True)
def login():
    """OIDC third-party login initiation: the platform sends the browser here first."""
    params = request.form if request.method == "POST" else request.args
    try:
        return redirect(services.start_login(db.session, params))
    except Refused as refused:
        return _problem(refused)


@csrf.exempt
@page(bp, "/lti/launch", methods=["POST"], roles=PUBLIC)
def launch():
    """The platform's form post with the id_token: open the module, or the Deep Linking picker."""
    try:
        platform, claims = services.verify_launch(db.session, request.form)
        if claims[CLAIM + "message_type"] == DEEP_LINKING:
            return render_template("lti/pick.html", platform=platform,
                                   ticket=services.deep_linking_ticket(platform, claims),
                                   modules=services.programme_modules(db.session, platform))
        user, link = services.launch(db.session, platform, claims, _language(claims))
    except Refused as refused:
        return _problem(refused)
    sessions.end(db.session, sessions.current())  # whoever was signed in in this browser before
    sessions.start(db.session, user)
    login_user(user)
    if services.teaches(claims):
        return render_template("lti/instructor.html", platform=platform, link=link)
    return redirect(url_for("learning.module", cohort_id=platform.cohort_id, slug=link.module.slug))


@csrf.exempt
@page(bp, "/lti/deep-link", methods=["POST"], roles=PUBLIC)
def deep_link():
    """The module chosen in the picker goes back to the platform in a signed LtiDeepLinkingResponse."""
    try:
        ticket = services.read_ticket(request.form.get("ticket", ""))
        platform = db.session.get(LtiPlatform, ticket["platform"])
        if platform is None or not platform.active:
            raise Refused(Problem.platform)
        modules = {m.slug: m for m in services.programme_modules(db.session, platform)}
        chosen = modules.get(request.form.get("module", ""))
        if chosen is None:
            return render_template("lti/pick.html", platform=platform, ticket=request.form["ticket"],
                                   modules=list(modules.values()), error=True), 400
        token = services.deep_linking_response(platform, ticket, chosen, str(get_locale()))
    except Refused as refused:
        return _problem(refused)
    nonce = secrets.token_urlsafe(16)
    response = render_template("lti/deep_link_return.html", return_url=ticket["return_url"], jwt=token,
                               module=chosen, script_nonce=nonce)
    target = urllib.parse.urlsplit(ticket["return_url"])
    # This one page posts to the platform, and may run its one script that sends the form.
    policy = (f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
              f"object-src 'none'; base-uri 'none'; form-action {target.scheme}://{target.netloc}; "
              "frame-ancestors 'none'")
    return response, 200, {"Content-Security-Policy": policy}


@page(bp, "/lti/jwks", roles=PUBLIC)
def jwks():
    """The tool's public keys, read by platforms to check what the tool signs."""
    return jsonify(keys.jwks())


# The roster (NRPS), for the cohort's facilitators ---------------------------------------------

@bp.app_template_global("lti_links_of")
def lti_links_of(cohort: Cohort) -> list[LtiLink]:
    """The platforms' links whose learners join `cohort` (the cohort's learners page lists them)."""
    return list(db.session.scalars(select(LtiLink).join(LtiPlatform).where(LtiPlatform.cohort_id == cohort.id)
                                   .order_by(LtiLink.id)))


@page(bp, "/lti/links/<int:link_id>/roster", methods=["POST"], roles=[Role.facilitator, Role.staff],
      load={"link": Load(LtiLink, "link_id")}, allow=[("manage", "link")])
def sync_roster(link: LtiLink):
    """Read the platform course's members now and enrol its learners (NRPS)."""
    try:
        enrolled, read = advantage.sync_roster(db.session, link)
    except ProviderError:
        db.session.rollback()
        flash(_("The platform's list of members could not be read. Launch the activity from the platform once, "
                "then try again; if it still fails, ask the platform's administrator to turn on Names and Role "
                "Provisioning Services for the tool."), "error")
    else:
        flash(ngettext("%(read)s member read from the platform; %(num)s learner is in the cohort.",
                       "%(read)s members read from the platform; %(num)s learners are in the cohort.",
                       enrolled, read=read), "success")
    return redirect(url_for("cohorts.learners", cohort_id=link.platform.cohort_id))


# Staff pages -------------------------------------------------------------------------------

def _tool_urls() -> dict[str, str]:
    return {"login": external_url("lti.login"), "launch": external_url("lti.launch"),
            "jwks": external_url("lti.jwks"), "deep_link": external_url("lti.launch")}


@page(bp, "/staff/lti-platforms", roles=STAFF)
def platforms():
    rows = db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.name)).all()
    links = db.session.scalars(select(LtiLink).order_by(LtiLink.platform_id, LtiLink.id)).all()
    return render_template("lti/platforms.html", platforms=rows, links=links, urls=_tool_urls())


def _cohort_choices() -> list[tuple[str, str]]:
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)).all()
    return [("", _("Choose a cohort")), *((str(c.id), c.name) for c in cohorts)]


def _form_page(form: PlatformForm, platform: LtiPlatform | None):
    form.cohort_id.choices = _cohort_choices()
    if form.validate_on_submit():
        cohort = db.session.get(Cohort, int(form.cohort_id.data)) if form.cohort_id.data.isdigit() else None
        taken = db.session.scalar(select(LtiPlatform).where(LtiPlatform.issuer == filled(form.issuer.data),
                                                            LtiPlatform.client_id == filled(form.client_id.data)))
        if taken is not None and taken is not platform:
            form.client_id.errors = [_("Another platform is registered with this issuer and client ID.")]
        elif cohort is not None:
            saved = services.save_platform(
                db.session, platform, name=filled(form.name.data), issuer=filled(form.issuer.data),
                client_id=filled(form.client_id.data), auth_url=filled(form.auth_url.data),
                token_url=filled(form.token_url.data), jwks_url=filled(form.jwks_url.data),
                deployment_ids=filled(form.deployment_ids.data), cohort_id=cohort.id, active=bool(form.active.data))
            flash(_("The LTI platform %(name)s has been saved.", name=saved.name), "success")
            return redirect(url_for("lti.platforms"))
        else:
            form.cohort_id.errors = [_("Choose a cohort from the list.")]
    return render_template("lti/platform_form.html", form=form, platform=platform,
                           urls=_tool_urls()), 400 if form.errors else 200


@page(bp, "/staff/lti-platforms/new", methods=["GET", "POST"], roles=STAFF)
def create_platform():
    return _form_page(PlatformForm(), None)


@page(bp, "/staff/lti-platforms/<int:platform_id>", methods=["GET", "POST"], roles=STAFF,
      load={"platform": Load(LtiPlatform, "platform_id")})
def edit_platform(platform: LtiPlatform):
    form = PlatformForm(obj=platform)
    if request.method == "GET":
        form.cohort_id.data = str(platform.cohort_id)
    return _form_page(form, platform)
