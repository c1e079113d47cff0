"""LTI 1.3 messages: login initiation, the launch (checked against the platform's keys, the nonce
and the deployment), who it signs in and what it opens, and the Deep Linking response.

A launch signs someone in by the platform's (issuer, sub), else by the address the platform
gives if it is a learner's account here, else as a new learner account. The platform's roles
never make anyone a facilitator or staff here: an instructor's launch opens nothing to manage.
"""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
import urllib.parse
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.cohorts.services import enrol
from lms.core import clock
from lms.core.db import rowcount
from lms.core.i18n import localized
from lms.core.permissions import Role
from lms.core.urls import external_url
from lms.courses.models import Module
from lms.lti import keys
from lms.lti.models import LtiLink, LtiLogin, LtiPlatform, link_users
from lms.sso import oidc
from lms.sso.services import find_account
from lms.users.models import User

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING = "LtiDeepLinkingRequest"
LOGIN_VALID = dt.timedelta(minutes=10)
DEEP_LINK_VALID_SECONDS = 3600
# Roles of the LIS vocabulary that teach rather than learn (context and institution roles).
TEACHING = ("#Instructor", "#Administrator", "#ContentDeveloper", "#Mentor", "#TeachingAssistant", "#Faculty",
            "#Staff")


class Problem(enum.Enum):
    """Why a login or a launch was refused; `message` is what the person reads, `status` the answer."""

    request = "request"          # parameters missing or malformed
    platform = "platform"        # no active platform registered with this issuer and client id
    deployment = "deployment"    # a deployment the platform was not registered with
    state = "state"              # no login initiation of ours, or spent, or too old
    token = "token"              # the id_token's signature or claims do not hold
    message = "message"          # a message type or version the tool does not handle
    module = "module"            # the link names no module of the platform's programme
    account = "account"          # no account may be opened for this person
    ticket = "ticket"            # a Deep Linking answer whose ticket is not ours or too old

    @property
    def message_text(self) -> str:
        return str(PROBLEMS[self])

    @property
    def status(self) -> int:
        return {Problem.token: 401, Problem.account: 403, Problem.platform: 403}.get(self, 400)


PROBLEMS = {
    Problem.request: _l("This LTI request is incomplete or malformed."),
    Problem.platform: _l("No platform is registered here with this issuer and client ID. The programme team "
                         "registers platforms on the LTI platforms page."),
    Problem.deployment: _l("This deployment of the tool is not registered for the platform."),
    Problem.state: _l("This launch does not belong to a login started here, or it has expired. Please launch "
                      "the activity again from your platform."),
    Problem.token: _l("The platform's launch could not be verified (its signature, issuer, audience, expiry "
                      "or nonce is wrong)."),
    Problem.message: _l("This kind of LTI message is not supported by the tool."),
    Problem.module: _l("This link does not name a module of the programme. Ask your platform's teacher to "
                       "choose the module again (Deep Linking)."),
    Problem.account: _l("No account of this platform can be opened for you."),
    Problem.ticket: _l("This choice of module has expired or was not made here. Please start again from your "
                       "platform."),
}


class Refused(Exception):
    def __init__(self, problem: Problem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


def find_platform(session: Session, issuer: str, client_id: str | None) -> LtiPlatform | None:
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.active.is_(True))
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = list(session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


def _text(params: Any, name: str, limit: int = 2000) -> str:
    value = params.get(name, "")
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise Refused(Problem.request, name)
    return value


def start_login(session: Session, params: Any) -> str:
    """Third-party login initiation: the address of the platform's authorization endpoint to go
    to, with a state and nonce of ours kept until the launch comes back."""
    issuer, login_hint = _text(params, "iss"), _text(params, "login_hint")
    if not issuer or not login_hint or not _text(params, "target_link_uri"):
        raise Refused(Problem.request, "iss, login_hint and target_link_uri are required")
    platform = find_platform(session, issuer, _text(params, "client_id") or None)
    if platform is None:
        raise Refused(Problem.platform, issuer)
    deployment = _text(params, "lti_deployment_id")
    if deployment and deployment not in platform.deployments:
        raise Refused(Problem.deployment, deployment)
    # Logins never launched (a closed tab) are forgotten a day later.
    session.execute(delete(LtiLogin).where(LtiLogin.created_at < clock.utcnow() - dt.timedelta(days=1)))
    login = LtiLogin(platform_id=platform.id, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32))
    session.add(login)
    session.flush()
    query = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
             "client_id": platform.client_id, "redirect_uri": external_url("lti.launch"),
             "login_hint": login_hint, "state": login.state, "nonce": login.nonce}
    hint = _text(params, "lti_message_hint")
    if hint:
        query["lti_message_hint"] = hint
    separator = "&" if "?" in platform.auth_url else "?"
    return f"{platform.auth_url}{separator}{urllib.parse.urlencode(query)}"


def verify_launch(session: Session, form: Any) -> tuple[LtiPlatform, dict[str, Any]]:
    """The platform and the claims of a launch, once everything holds; its state is spent."""
    state, token = _text(form, "state", 200), _text(form, "id_token", 20_000)
    if not state or not token:
        raise Refused(Problem.request, "state and id_token are required")
    login = session.scalar(select(LtiLogin).where(LtiLogin.state == state))
    if login is None or login.used_at is not None or login.created_at < clock.utcnow() - LOGIN_VALID:
        raise Refused(Problem.state)
    platform = session.get(LtiPlatform, login.platform_id)
    if platform is None or not platform.active:
        raise Refused(Problem.platform)
    try:
        claims = oidc.verify_jwt(token, jwks_url=platform.jwks_url, issuer=platform.issuer,
                                 audience=platform.client_id, nonce=login.nonce)
    except oidc.TokenInvalid as error:
        raise Refused(Problem.token, str(error)) from error
    except oidc.ProviderError as error:
        raise Refused(Problem.token, f"the platform's keys: {error}") from error
    spent = session.execute(update(LtiLogin).where(LtiLogin.id == login.id, LtiLogin.used_at.is_(None))
                            .values(used_at=clock.utcnow()).execution_options(synchronize_session=False))
    if rowcount(spent) != 1:  # the same launch posted twice at once: the second is refused
        raise Refused(Problem.state)
    if claims.get(CLAIM + "deployment_id") not in platform.deployments:
        raise Refused(Problem.deployment, str(claims.get(CLAIM + "deployment_id"))[:100])
    if claims.get(CLAIM + "version") != "1.3.0" or claims.get(CLAIM + "message_type") not in (RESOURCE_LINK,
                                                                                               DEEP_LINKING):
        raise Refused(Problem.message)
    return platform, claims


def teaches(claims: dict[str, Any]) -> bool:
    roles = claims.get(CLAIM + "roles") or []
    if not isinstance(roles, list):
        return False
    learns = any(isinstance(r, str) and r.endswith(("#Learner", "#Student")) for r in roles)
    return not learns and any(isinstance(r, str) and r.endswith(TEACHING) for r in roles)


def _placeholder_email(platform: LtiPlatform, subject: str) -> str:
    """For someone the platform gives no address of: unique, and plainly not a mailbox."""
    digest = hashlib.sha256(f"{platform.issuer}\n{subject}".encode()).hexdigest()[:20]
    return f"lti-{digest}@lti.invalid"


def account_for(session: Session, platform: LtiPlatform, claims: dict[str, Any], language: str) -> User:
    """The learner account a launch (or a roster entry) stands for; made if there is none."""
    person = dict(claims)
    if isinstance(person.get("email"), str) and person["email"]:
        person["email_verified"] = True  # the platform's own account data, which it vouches for
    outcome = find_account(session, platform.issuer, person, creates_learners=True, language=language,
                           source=platform.name, matched_roles=frozenset({Role.learner}),
                           placeholder_email=_placeholder_email(platform, str(claims["sub"])))
    if outcome.user is None:
        assert outcome.refusal is not None
        raise Refused(Problem.account, outcome.refusal.value)
    return outcome.user


def _module(session: Session, platform: LtiPlatform, slug: Any) -> Module | None:
    if not isinstance(slug, str):
        return None
    return session.scalar(select(Module).where(Module.programme_id == platform.cohort.programme_id,
                                                  Module.slug == slug, Module.retired_at.is_(None)))


def record_link(session: Session, platform: LtiPlatform, claims: dict[str, Any]) -> LtiLink:
    """The resource link launched, with the module it opens and its AGS and NRPS addresses."""
    resource = claims.get(CLAIM + "resource_link")
    if not isinstance(resource, dict) or not isinstance(resource.get("id"), str) or not resource["id"]:
        raise Refused(Problem.request, "resource_link")
    deployment = str(claims[CLAIM + "deployment_id"])
    link = session.scalar(select(LtiLink).where(LtiLink.platform_id == platform.id,
                                                LtiLink.deployment_id == deployment,
                                                LtiLink.resource_link_id == resource["id"][:255]))
    custom = claims.get(CLAIM + "custom")
    chosen = _module(session, platform, custom.get("module")) if isinstance(custom, dict) else None
    if link is None:
        if chosen is None:
            raise Refused(Problem.module)
        link = LtiLink(platform_id=platform.id, deployment_id=deployment, resource_link_id=resource["id"][:255],
                       module_id=chosen.id)
        session.add(link)
    elif chosen is not None:
        link.module_id = chosen.id
    context = claims.get(CLAIM + "context")
    if isinstance(context, dict):
        link.context_id = str(context.get("id", ""))[:255]
        link.context_title = str(context.get("title", ""))[:255]
    ags = claims.get(AGS_CLAIM)
    if isinstance(ags, dict) and isinstance(ags.get("lineitem"), str):
        link.lineitem_url = ags["lineitem"][:1000]
    nrps = claims.get(NRPS_CLAIM)
    if isinstance(nrps, dict) and isinstance(nrps.get("context_memberships_url"), str):
        link.memberships_url = nrps["context_memberships_url"][:1000]
    session.flush()
    return link


def join_link(session: Session, link: LtiLink, user: User) -> None:
    """`user` learns through `link`: enrolled in the platform's cohort, their scores go back to it."""
    enrol(session, link.platform.cohort, user)
    known = session.execute(select(link_users.c.user_id).where(link_users.c.link_id == link.id,
                                                               link_users.c.user_id == user.id)).first()
    if known is None:
        session.execute(link_users.insert().values(link_id=link.id, user_id=user.id))


def launch(session: Session, platform: LtiPlatform, claims: dict[str, Any], language: str) -> tuple[User, LtiLink]:
    user = account_for(session, platform, claims, language)
    link = record_link(session, platform, claims)
    if not teaches(claims):
        join_link(session, link, user)
    user.last_login_at = clock.utcnow()
    audit.record(session, "lti_launch", user.email, actor=user, provider=platform.name,
                 module=link.module.slug)
    return user, link


# Deep Linking -------------------------------------------------------------------------------

def _tickets() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lti-deep-linking")


def deep_linking_ticket(platform: LtiPlatform, claims: dict[str, Any]) -> str:
    """What the module picker's form carries back (signed): the platform's return address and data."""
    settings = claims.get(DL_CLAIM + "deep_linking_settings")
    if not isinstance(settings, dict) or not isinstance(settings.get("deep_link_return_url"), str):
        raise Refused(Problem.request, "deep_linking_settings")
    return _tickets().dumps({"platform": platform.id, "deployment": claims[CLAIM + "deployment_id"],
                             "return_url": settings["deep_link_return_url"], "data": settings.get("data")})


def read_ticket(raw: str) -> dict[str, Any]:
    try:
        ticket = _tickets().loads(raw, max_age=DEEP_LINK_VALID_SECONDS)
    except (BadSignature, ValueError, TypeError) as error:
        raise Refused(Problem.ticket) from error
    if not isinstance(ticket, dict) or not isinstance(ticket.get("platform"), int):
        raise Refused(Problem.ticket)
    return ticket


def deep_linking_response(platform: LtiPlatform, ticket: dict[str, Any], module: Module, language: str) -> str:
    """The LtiDeepLinkingResponse JWT, signed with the tool's key: one resource link to `module`,
    with a line item for its quiz scores (out of 100)."""
    title, _lang = localized(module.title, language)
    now = keys.wall_time()
    claims: dict[str, Any] = {
        "iss": platform.client_id, "aud": platform.issuer, "azp": platform.client_id,
        "iat": now, "exp": now + 300,
        "nonce": secrets.token_urlsafe(16),
        CLAIM + "message_type": "LtiDeepLinkingResponse", CLAIM + "version": "1.3.0",
        CLAIM + "deployment_id": ticket["deployment"],
        DL_CLAIM + "content_items": [{
            "type": "ltiResourceLink", "title": title, "url": external_url("lti.launch"),
            "custom": {"module": module.slug},
            "lineItem": {"scoreMaximum": 100, "label": title, "resourceId": module.slug},
        }],
    }
    if ticket.get("data") is not None:
        claims[DL_CLAIM + "data"] = ticket["data"]
    return keys.sign(claims)


def programme_modules(session: Session, platform: LtiPlatform) -> list[Module]:
    return list(session.scalars(select(Module).where(Module.programme_id == platform.cohort.programme_id,
                                                     Module.retired_at.is_(None)).order_by(Module.position)))


def save_platform(session: Session, platform: LtiPlatform | None, **values: Any) -> LtiPlatform:
    created = platform is None
    if platform is None:
        platform = LtiPlatform()
        session.add(platform)
    for name, value in values.items():
        setattr(platform, name, value)
    platform.deployment_ids = " ".join(platform.deployment_ids.replace(",", " ").split())
    session.flush()
    audit.record(session, "lti_platform_added" if created else "lti_platform_changed", platform.name,
                 issuer=platform.issuer)
    return platform
