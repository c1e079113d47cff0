"""Peer review of action plans: a facilitator opens a round, each learner is given peers' plans
(from other regions first) and reviews them with the plan's rubric; authors read the reviews."""
from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.cohorts.models import Cohort, Enrolment
from lms.community import notifications
from lms.community.models import Kind, PeerReview, ReviewRound
from lms.core import clock
from lms.core.urls import external_url
from lms.courses.models import Activity
from lms.learning.models import Submission
from lms.users.models import User


class NotEnoughPlans(ValueError):
    """Fewer plans than a learner needs to review plus their own."""


def plans(session: Session, cohort: Cohort, activity: Activity) -> list[Submission]:
    """The cohort's learners' plans for `activity` with something written in them (drafts too)."""
    learners = select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)
    found = session.scalars(select(Submission).where(Submission.activity_id == activity.id,
                                                     Submission.user_id.in_(learners))
                            .order_by(Submission.id))
    return [s for s in found if any(str(v).strip() for v in (s.content or {}).values())]


def assign(authors: list[tuple[int, int, object]], per_learner: int, seed: int) -> list[tuple[int, int]]:
    """(reviewer id, submission id) pairs: each author reviews `per_learner` plans other than their
    own, every plan is reviewed exactly `per_learner` times, and plans from another region come first.

    `authors` holds (user id, submission id, region) per plan, more of them than `per_learner`. In a
    circle of the authors, each reviews those `step`, 2 × `step` … places further on, which balances
    the reviews; of several circles (authors grouped by region, and shuffled), deterministic for a
    seed, the one with the fewest reviews within a region is kept.
    """
    count = len(authors)
    step = count // (per_learner + 1)
    rng = random.Random(seed)

    def pairs_of(circle: list[tuple[int, int, object]]) -> list[tuple[int, int, bool]]:
        return [(circle[i][0], circle[(i + m * step) % count][1],
                 circle[i][2] is not None and circle[i][2] == circle[(i + m * step) % count][2])
                for i in range(count) for m in range(1, per_learner + 1)]

    best: list[tuple[int, int, bool]] | None = None
    for attempt in range(24):
        circle = list(authors)
        rng.shuffle(circle)
        if attempt % 2 == 0:  # grouped by region, the regions in a shuffled order
            order = {region: rng.random() for _, _, region in circle}
            circle.sort(key=lambda a: order[a[2]])
        found = pairs_of(circle)
        if best is None or sum(p[2] for p in found) < sum(p[2] for p in best):
            best = found
    return _swap_out_same_region([(r, s) for r, s, _same in best or []], authors)


def _swap_out_same_region(pairs: list[tuple[int, int]],
                          authors: list[tuple[int, int, object]]) -> list[tuple[int, int]]:
    """Exchange the plans of two reviews while that leaves fewer reviews within a region: each
    reviewer keeps as many plans, and each plan as many reviewers."""
    region_of = {user: region for user, _, region in authors}
    author_of = {submission: user for user, submission, _ in authors}
    plan_region = {submission: region for _, submission, region in authors}

    def same(reviewer: int, submission: int) -> int:
        return int(region_of[reviewer] is not None and region_of[reviewer] == plan_region[submission])

    taken = set(pairs)
    improved = True
    while improved:
        improved = False
        for i, (r1, s1) in enumerate(pairs):
            if not same(r1, s1):
                continue
            for j, (r2, s2) in enumerate(pairs):
                if (j == i or author_of[s2] == r1 or author_of[s1] == r2 or (r1, s2) in taken
                        or (r2, s1) in taken or same(r1, s2) + same(r2, s1) >= same(r1, s1) + same(r2, s2)):
                    continue
                taken -= {(r1, s1), (r2, s2)}
                taken |= {(r1, s2), (r2, s1)}
                pairs[i], pairs[j] = (r1, s2), (r2, s1)
                improved = True
                break
    return pairs


def _region(user: User) -> object:
    return user.centre.region if user.centre is not None else None


def open_round(session: Session, cohort: Cohort, activity: Activity, actor: User, *, per_learner: int = 2,
               anonymous: bool = True) -> ReviewRound:
    """A round on the cohort's plans for `activity`, with every reviewer's plans assigned."""
    written = plans(session, cohort, activity)
    if len(written) < per_learner + 1:
        raise NotEnoughPlans(len(written))
    people = {u.id: u for u in session.scalars(select(User).where(User.id.in_([s.user_id for s in written])))}
    review_round = ReviewRound(cohort_id=cohort.id, activity_id=activity.id, per_learner=per_learner,
                               anonymous=anonymous, opened_by_id=actor.id)
    session.add(review_round)
    session.flush()
    authors = [(s.user_id, s.id, _region(people[s.user_id])) for s in written]
    for reviewer, submission in assign(authors, per_learner, seed=review_round.id):
        session.add(PeerReview(round_id=review_round.id, reviewer_id=reviewer, submission_id=submission))
    audit.record(session, "peer_review_opened", cohort.name, actor=actor, cohort=cohort.id,
                 round=review_round.id, plans=len(written))
    session.flush()
    return review_round


def write_review(session: Session, review: PeerReview, *, scores: dict[str, str], comment: str) -> None:
    """Save a review; the plan's author is told the first time it is sent."""
    first = review.submitted_at is None
    review.scores, review.comment, review.submitted_at = scores, comment.strip(), clock.utcnow()
    session.flush()
    if first:
        submission = session.get(Submission, review.submission_id)
        cohort = session.get(Cohort, review.round.cohort_id)
        author = session.get(User, submission.user_id) if submission else None
        if author is not None and cohort is not None:
            notifications.notify(session, author, Kind.review,
                                 link=external_url("community.my_reviews", cohort_id=cohort.id),
                                 data={"cohort": cohort.name})


def flag(session: Session, review: PeerReview, actor: User, flagged: bool) -> None:
    """A facilitator sets an unhelpful review aside (its author no longer sees it), or takes it back."""
    review.flagged_at = clock.utcnow() if flagged else None
    review.flagged_by_id = actor.id if flagged else None
    audit.record(session, "peer_review_flagged" if flagged else "peer_review_unflagged", f"peer review {review.id}",
                 actor=actor, round=review.round_id)
    session.flush()


def close_round(session: Session, review_round: ReviewRound, actor: User) -> None:
    review_round.closed_at = clock.utcnow()
    audit.record(session, "peer_review_closed", f"round {review_round.id}", actor=actor, cohort=review_round.cohort_id)
    session.flush()


def anonymise_reviewer(session: Session, user: User) -> None:
    for review in session.scalars(select(PeerReview).where(PeerReview.reviewer_id == user.id)):
        review.reviewer_id, review.comment = None, ""
    session.flush()
