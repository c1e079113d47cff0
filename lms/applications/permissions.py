"""Who may do what with the applications' objects: staff run calls; a review is its reviewer's."""
from __future__ import annotations

from lms.applications.models import Review
from lms.core.permissions import Role, manage_rule, view_rule


@manage_rule(Review)
def score_review(user, review: Review) -> bool:
    """Only the reviewer scores their own review (staff included: a review is a person's judgement)."""
    return review.reviewer_id == user.id


@view_rule(Review)
def view_review(user, review: Review) -> bool:
    return user.role is Role.staff or review.reviewer_id == user.id
