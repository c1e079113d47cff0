"""Recording audit events from views, services and commands."""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Session

from lms.audit.models import AuditEvent


def record(session: Session, action: str, target: str = "", *, actor=None, **details) -> AuditEvent:
    """Add an event to the caller's transaction (it is kept only if that commits)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(action=action, target=str(target)[:300], actor_id=actor.id if actor is not None else None,
                       address=(request.remote_addr or "")[:64] if has_request_context() else "",
                       details=details)
    session.add(event)
    return event
