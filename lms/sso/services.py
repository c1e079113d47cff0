"""Who an identity provider's answer signs in: an account found by (issuer, subject), else by a
verified email, else (where the provider allows it) a new learner account. Never a new staff or
facilitator account, and never a change of anyone's role."""
from __future__ import annotations

import dataclasses
import enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.core import clock
from lms.core.permissions import Role
from lms.sso.models import ExternalIdentity, IdentityProvider
from lms.users.models import User, normalise_email


class Refusal(enum.Enum):
    """Why a sign-in through a provider did not sign anyone in; `message` is what the person reads."""

    refused = "refused"                # the provider said no, or the person cancelled there
    state = "state"                    # the answer does not belong to a sign-in started here
    provider = "provider"              # the provider could not be reached or answered nonsense
    token = "token"                    # the ID token's signature or claims do not hold
    unverified = "unverified"          # no email the provider has verified
    domain = "domain"                  # an address outside the provider's allowed domains
    no_account = "no_account"          # no account has this address, and none may be made
    inactive = "inactive"              # the account has been deactivated
    privileged = "privileged"          # the address is a facilitator's or staff's, which this issuer may not open

    @property
    def message(self) -> str:
        return str(REFUSALS[self])


REFUSALS = {
    Refusal.refused: _l("The identity provider did not sign you in. You can try again, or sign in with "
                        "your email address and password."),
    Refusal.state: _l("This sign-in could not be completed: it was started in another window or has "
                      "expired. Please start again."),
    Refusal.provider: _l("The identity provider could not be reached or gave an answer we could not use. "
                         "Please try again later."),
    Refusal.token: _l("The identity provider's answer could not be verified, so you have not been "
                      "signed in. Please start again."),
    Refusal.unverified: _l("Your identity provider has not verified your email address, so it cannot "
                           "sign you in here. Verify your address with your provider, or sign in with "
                           "your password."),
    Refusal.domain: _l("This identity provider may sign in only addresses of its own organisation."),
    Refusal.no_account: _l("There is no account with your email address. Accounts are created by the "
                           "programme team: please contact them."),
    Refusal.privileged: _l("This address belongs to a facilitator or staff account, which cannot be opened "
                           "from another platform. Please sign in on this platform directly."),
    Refusal.inactive: _l("This account has been deactivated. Please contact the programme team if you "
                         "think this is a mistake."),
}


@dataclasses.dataclass
class Outcome:
    user: User | None = None
    refusal: Refusal | None = None
    created: bool = False


def verified_email(claims: dict[str, Any]) -> str | None:
    """The email address, if the provider says it has verified it (a boolean true, or "true")."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        return None
    if verified is True or (isinstance(verified, str) and verified.lower() == "true"):
        return normalise_email(email)
    return None


def _display_name(claims: dict[str, Any], email: str) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return (name or email.split("@")[0]).strip()[:200]


def link(session: Session, user: User, issuer: str, subject: str) -> ExternalIdentity:
    identity = ExternalIdentity(user_id=user.id, issuer=issuer, subject=subject)
    session.add(identity)
    session.flush()
    return identity


def find_account(session: Session, issuer: str, claims: dict[str, Any], *, creates_learners: bool,
                 allows_email: Any = None, language: str = "en", source: str = "",
                 matched_roles: frozenset[Role] = frozenset(Role), placeholder_email: str | None = None) -> Outcome:
    """The account `claims` (an ID token's, or an LTI launch's) sign in; links it to (issuer, sub).

    Shared by the OpenID Connect sign-in and the LTI launch: an identity linked before wins; else
    an active account with the verified email is linked; else, if `creates_learners`, a new
    learner account. `allows_email(email)` may restrict the addresses (allowed domains);
    `matched_roles` the accounts an email may sign in to (an LTI platform's word on an address
    does not open a staff account); `placeholder_email`, the address of a new account made for
    someone whose address the issuer does not give.
    """
    subject = str(claims["sub"])
    identity = session.scalar(select(ExternalIdentity).where(ExternalIdentity.issuer == issuer,
                                                             ExternalIdentity.subject == subject))
    if identity is not None:
        if not identity.user.active:
            return Outcome(refusal=Refusal.inactive)
        identity.last_used_at = clock.utcnow()
        return Outcome(user=identity.user)
    email = verified_email(claims)
    if email is None and placeholder_email is None:
        return Outcome(refusal=Refusal.unverified)
    if allows_email is not None and not allows_email(email):
        return Outcome(refusal=Refusal.domain)
    user = session.scalar(select(User).where(User.email == email)) if email is not None else None
    if user is not None:
        if not user.active:
            return Outcome(refusal=Refusal.inactive)
        if user.role not in matched_roles:
            return Outcome(refusal=Refusal.privileged)
        link(session, user, issuer, subject)
        audit.record(session, "external_identity_linked", user.email, actor=user, issuer=issuer, source=source)
        return Outcome(user=user)
    if not creates_learners:
        return Outcome(refusal=Refusal.no_account)
    email = email or placeholder_email
    assert email is not None
    user = User(email=email, full_name=_display_name(claims, email), role=Role.learner, language=language)
    session.add(user)
    session.flush()
    link(session, user, issuer, subject)
    audit.record(session, "account_created_by_sign_in", user.email, actor=user, issuer=issuer, source=source)
    return Outcome(user=user, created=True)


def sign_in(session: Session, provider: IdentityProvider, claims: dict[str, Any], language: str) -> Outcome:
    outcome = find_account(session, provider.issuer, claims, creates_learners=provider.creates_learners,
                           allows_email=provider.allows_email, language=language, source=provider.display_name)
    if outcome.user is not None:
        outcome.user.last_login_at = clock.utcnow()
        session.flush()
    return outcome


def active_providers(session: Session) -> list[IdentityProvider]:
    return list(session.scalars(select(IdentityProvider).where(IdentityProvider.active.is_(True))
                                .order_by(IdentityProvider.display_name)))


def save_provider(session: Session, provider: IdentityProvider | None, *, display_name: str, issuer: str,
                  client_id: str, client_secret: str, allowed_domains: str, creates_learners: bool,
                  active: bool) -> IdentityProvider:
    """Create or change a provider; an empty `client_secret` keeps the one saved before."""
    created = provider is None
    if provider is None:
        provider = IdentityProvider(client_secret=client_secret)
        session.add(provider)
    provider.display_name = display_name
    provider.issuer = issuer
    provider.client_id = client_id
    if client_secret:
        provider.client_secret = client_secret
    provider.allowed_domains = " ".join(allowed_domains.replace(",", " ").split()).lower()
    provider.creates_learners = creates_learners
    provider.active = active
    session.flush()
    audit.record(session, "identity_provider_added" if created else "identity_provider_changed", display_name,
                 issuer=issuer)
    return provider


def issuer_taken(session: Session, issuer: str, provider: IdentityProvider | None) -> bool:
    other = session.scalar(select(IdentityProvider).where(IdentityProvider.issuer == issuer))
    return other is not None and other is not provider
