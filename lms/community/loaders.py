"""What the community pages load from their addresses (lms/core/edge.py)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.cohorts.models import Cohort
from lms.community import discussions
from lms.community.models import Group, PeerReview, Post, PostReport, ReviewRound, Thread
from lms.core.edge import Find, Load
from lms.extensions import db

cohort = Load(Cohort, "cohort_id", options=(joinedload(Cohort.facilitators),))
forum = Find(lambda c, key: discussions.find_forum(db.session, c, key), args=("forum",), uses=("cohort",))
thread = Load(Thread, "thread_id", of="cohort")
review_round = Load(ReviewRound, "round_id", of="cohort")
group = Load(Group, "group_id", of="cohort")


def _post(cohort: Cohort, post_id: int) -> Post | None:
    return db.session.scalar(select(Post).join(Thread, Thread.id == Post.thread_id)
                             .where(Post.id == post_id, Thread.cohort_id == cohort.id))


def _report(cohort: Cohort, report_id: int) -> PostReport | None:
    return db.session.scalar(select(PostReport).join(Post, Post.id == PostReport.post_id)
                             .join(Thread, Thread.id == Post.thread_id)
                             .where(PostReport.id == report_id, Thread.cohort_id == cohort.id))


def _review(cohort: Cohort, review_id: int) -> PeerReview | None:
    return db.session.scalar(select(PeerReview).join(ReviewRound, ReviewRound.id == PeerReview.round_id)
                             .where(PeerReview.id == review_id, ReviewRound.cohort_id == cohort.id))


post = Find(_post, args=("post_id",), uses=("cohort",))
report = Find(_report, args=("report_id",), uses=("cohort",))
review = Find(_review, args=("review_id",), uses=("cohort",))
