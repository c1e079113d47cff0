"""Demo content for single sign-on and LTI: an identity provider and a Centre's Moodle, registered
as staff would register them (their addresses lead nowhere: the provider is switched off, and
the platform's launches cannot be verified, so none succeeds)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort
from lms.courses.models import Module
from lms.lti.models import LtiLink, LtiPlatform
from lms.sso.models import IdentityProvider

MOODLE = "https://moodle.kenya-centre.example"


def load_integrations(session: Session) -> str:
    if session.scalar(select(IdentityProvider).where(IdentityProvider.issuer == "https://id.unesco.example")) is None:
        session.add(IdentityProvider(display_name="UNESCO ID", issuer="https://id.unesco.example",
                                     client_id="unevoc-lms", client_secret="demo-secret-not-used",
                                     allowed_domains="unesco.org unevoc.org", creates_learners=False,
                                     active=False))
    cohort = session.scalar(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id))
    if cohort is None:
        return "1 identity provider"
    if session.scalar(select(LtiPlatform).where(LtiPlatform.issuer == MOODLE)) is not None:
        return "1 identity provider, 1 LTI platform"
    platform = LtiPlatform(name="Moodle of the Kenya Centre", issuer=MOODLE, client_id="Xy7Lti13Demo",
                           auth_url=f"{MOODLE}/mod/lti/auth.php", token_url=f"{MOODLE}/mod/lti/token.php",
                           jwks_url=f"{MOODLE}/mod/lti/certs.php", deployment_ids="3", cohort=cohort)
    session.add(platform)
    module = session.scalar(select(Module).where(Module.programme_id == cohort.programme_id)
                            .order_by(Module.position))
    if module is not None:
        session.add(LtiLink(platform=platform, deployment_id="3", resource_link_id="42", context_id="17",
                            context_title="TVET leadership — Nairobi 2026", module_id=module.id,
                            lineitem_url=f"{MOODLE}/mod/lti/services.php/17/lineitems/9/lineitem?type_id=3",
                            memberships_url=f"{MOODLE}/mod/lti/services.php/CourseSection/17/bindings/3/memberships"))
    session.flush()
    return "1 identity provider, 1 LTI platform"
