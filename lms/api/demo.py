"""The demo's API credentials: a client for the README's client-credentials example, whose new
secret `flask demo` prints beside the demo password, and a facilitator's token in their list."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.api import tokens
from lms.api.models import ApiClient, ApiToken
from lms.core import clock
from lms.users.models import User

CLIENT_NAME = "Demo Centre Moodle"
TOKEN_NAME = "Moodle sync at Kenya TTC"


def load_api_demo(session: Session) -> tuple[str, str] | None:
    """(client id, its secret, made again on each run), or None without the demo's staff account."""
    staff = session.scalar(select(User).where(User.email == "staff@example.org"))
    facilitator = session.scalar(select(User).where(User.email == "facilitator@example.org"))
    if staff is None:
        return None
    if facilitator is not None and session.scalar(select(ApiToken.id).where(
            ApiToken.user_id == facilitator.id, ApiToken.name == TOKEN_NAME)) is None:
        # Its secret is shown to nobody: it is there to be seen in the list, and revoked.
        tokens.create_personal_token(session, facilitator, TOKEN_NAME, ["read", "enrolments:write"],
                                     clock.utcnow() + dt.timedelta(days=90))
    client = session.scalar(select(ApiClient).where(ApiClient.name == CLIENT_NAME, ApiClient.revoked_at.is_(None)))
    if client is not None:
        tokens.revoke_client(session, client, staff)  # its secret was printed before: a new client each run
    client, secret = tokens.register_client(session, staff, CLIENT_NAME, ["read", "enrolments:write",
                                                                         "reports:read", "certificates:read"])
    return client.client_id, secret
