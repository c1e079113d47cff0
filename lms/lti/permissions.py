"""Who may read an LTI link's roster into its cohort: those who manage the platform's cohort."""
from __future__ import annotations

from lms.core.permissions import can_manage, manage_rule
from lms.lti.models import LtiLink


@manage_rule(LtiLink)
def manage_link(user, link: LtiLink) -> bool:
    return can_manage(user, link.platform.cohort)
