"""Roles and permission checks, declared in one place.

Pages declare the roles they need with `@role_required(...)`; object-level checks go
through `can_view(user, obj)` and `can_manage(user, obj)`, which each feature extends
by registering a rule for its own model type.
"""
from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Role(enum.Enum):
    learner = "learner"
    facilitator = "facilitator"
    staff = "staff"

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.learner: _l("Learner"),
    Role.facilitator: _l("Facilitator"),
    Role.staff: _l("UNEVOC staff"),
}


def role_required(*roles: Role) -> Callable:
    """A page only the given roles may open: anonymous visitors sign in, others get 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from lms.extensions import login_manager
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        # Read by the route-wide authorization test; mypy allows no attribute of a function's own.
        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


_view_rules: dict[type, Callable[[Any, Any], bool]] = {}
_manage_rules: dict[type, Callable[[Any, Any], bool]] = {}


def view_rule(model: type) -> Callable:
    def register(rule: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
        _view_rules[model] = rule
        return rule
    return register


def manage_rule(model: type) -> Callable:
    def register(rule: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
        _manage_rules[model] = rule
        return rule
    return register


def can_manage(user: Any, obj: Any) -> bool:
    """Whether `user` may change `obj`. Staff manage everything unless a rule says otherwise."""
    if user is None or not user.is_authenticated:
        return False
    rule = _manage_rules.get(type(obj))
    if rule is not None:
        return rule(user, obj)
    return user.role is Role.staff


def can_view(user: Any, obj: Any) -> bool:
    """Whether `user` may see `obj`; whoever may manage it may see it."""
    if user is None or not user.is_authenticated:
        return False
    rule = _view_rules.get(type(obj))
    if rule is not None and rule(user, obj):
        return True
    return can_manage(user, obj)


def require_view(obj: Any) -> Any:
    """404 for a missing object, 403 for one the current user may not see."""
    if obj is None:
        abort(404)
    if not can_view(current_user, obj):
        abort(403)
    return obj


def require_manage(obj: Any) -> Any:
    if obj is None:
        abort(404)
    if not can_manage(current_user, obj):
        abort(403)
    return obj
