"""Roles and permission checks, declared in one place.

Pages declare the roles they need and the checks they make in lms/core/edge.py (`page`);
object-level checks go through `can(user, action, obj)` (and `can_view`, `can_manage`), which
each feature extends by registering a rule for its own model types.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l


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


# (action, model type) → rule. "view" and "manage" are the two every object has; a feature may
# register others for its own types (a submission is "reviewed", an attachment "removed").
_rules: dict[tuple[str, type], Callable[[Any, Any], bool]] = {}


def rule(action: str, model: type) -> Callable:
    """Register who may do `action` on objects of `model` (a function of the user and the object)."""
    def register(check: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
        _rules[(action, model)] = check
        return check
    return register


def view_rule(model: type) -> Callable:
    return rule("view", model)


def manage_rule(model: type) -> Callable:
    return rule("manage", model)


def has_rule(action: str, model: type) -> bool:
    return (action, model) in _rules


def can(user: Any, action: str, obj: Any) -> bool:
    """Whether `user` may do `action` on `obj`, by the rule registered for its type.

    Without a rule: whoever may manage an object may view it, and staff manage everything; any
    other action needs a rule of its own (a missing one refuses, so that a typo cannot open a page).
    """
    if user is None or not user.is_authenticated:
        return False
    check = _rules.get((action, type(obj)))
    if action == "view":
        return bool(check is not None and check(user, obj)) or can(user, "manage", obj)
    if check is not None:
        return bool(check(user, obj))
    return action == "manage" and user.role is Role.staff


def can_manage(user: Any, obj: Any) -> bool:
    """Whether `user` may change `obj`."""
    return can(user, "manage", obj)


def can_view(user: Any, obj: Any) -> bool:
    """Whether `user` may see `obj`; whoever may manage it may see it."""
    return can(user, "view", obj)
