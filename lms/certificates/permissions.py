"""Who may see a certificate's files: its holder, the facilitators of its cohort, and staff."""
from __future__ import annotations

from typing import Any

from lms.certificates.models import Certificate
from lms.core.permissions import can_manage, rule


@rule("view", Certificate)
def view_certificate(user: Any, certificate: Certificate) -> bool:
    return certificate.user_id == user.id or can_manage(user, certificate.cohort)
