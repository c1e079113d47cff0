"""Who may read and moderate discussions, review plans and see groups: a cohort's learners,
its facilitators and staff, and nobody else."""
from __future__ import annotations

from typing import Any

from lms.cohorts.models import Cohort
from lms.community.discussions import Forum
from lms.community.models import Group, PeerReview, Post, ReviewRound, Thread
from lms.core.permissions import can, can_manage, rule
from lms.extensions import db


def _cohort(cohort_id: int) -> Cohort | None:
    return db.session.get(Cohort, cohort_id)


def _runs(user: Any, cohort_id: int) -> bool:
    cohort = _cohort(cohort_id)
    return cohort is not None and can_manage(user, cohort)


@rule("view", Group)
def view_group(user: Any, group: Group) -> bool:
    return user in group.members


@rule("manage", Group)
def manage_group(user: Any, group: Group) -> bool:
    return _runs(user, group.cohort_id)


@rule("view", Thread)
def view_thread(user: Any, thread: Thread) -> bool:
    """The cohort's people; a group's thread only its members; a hidden one only those who run it."""
    cohort = _cohort(thread.cohort_id)
    if cohort is None or not can(user, "view", cohort):
        return False
    if can_manage(user, cohort):
        return True
    if thread.hidden_at is not None:
        return False
    if thread.group_id is not None:
        group = db.session.get(Group, thread.group_id)
        return group is not None and user in group.members
    return True


@rule("manage", Thread)
def moderate_thread(user: Any, thread: Thread) -> bool:
    return _runs(user, thread.cohort_id)


@rule("reply", Thread)
def reply_to_thread(user: Any, thread: Thread) -> bool:
    """Anyone who may read it, while it is open; those who run the cohort even when locked."""
    return view_thread(user, thread) and (not thread.locked or moderate_thread(user, thread))


@rule("view", Post)
def view_post(user: Any, post: Post) -> bool:
    return view_thread(user, post.thread)


@rule("manage", Post)
def moderate_post(user: Any, post: Post) -> bool:
    return moderate_thread(user, post.thread)


@rule("report", Post)
def report_post(user: Any, post: Post) -> bool:
    return view_post(user, post) and post.author_id != user.id and not post.removed


@rule("edit", Post)
def edit_post(user: Any, post: Post) -> bool:
    from lms.community.discussions import editable
    return view_post(user, post) and editable(post, user)


@rule("manage", ReviewRound)
def manage_round(user: Any, review_round: ReviewRound) -> bool:
    return _runs(user, review_round.cohort_id)


@rule("write", PeerReview)
def write_review(user: Any, review: PeerReview) -> bool:
    """Only the reviewer it was given to, while the round is open."""
    return review.reviewer_id == user.id and review.round.closed_at is None


@rule("manage", PeerReview)
def manage_review(user: Any, review: PeerReview) -> bool:
    return _runs(user, review.round.cohort_id)


@rule("view", Forum)
def view_forum(user: Any, forum: Forum) -> bool:
    """The cohort's people; a group's forum only its members and those who run the cohort."""
    if not can(user, "view", forum.cohort):
        return False
    return forum.group is None or can_manage(user, forum.cohort) or user in forum.group.members
