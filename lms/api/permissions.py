"""Who may revoke a token: its owner only (staff revoke clients, which are staff's own)."""
from __future__ import annotations

from lms.api.models import ApiToken
from lms.core.permissions import manage_rule


@manage_rule(ApiToken)
def manage_token(user, token: ApiToken) -> bool:
    return token.user_id == user.id and token.client_id is None
