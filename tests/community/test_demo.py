"""The demo shows learning together: a thread in three languages and a peer-review round."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.community.models import PeerReview, Post, ReviewRound, Thread
from lms.extensions import db
from lms.learning.models import Submission
from lms.users.models import User


def test_the_demo_holds_a_thread_in_three_languages_and_a_peer_review_round(app, monkeypatch, make_client):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice: one thread, one round
    with app.app_context():
        assert db.session.scalar(select(func.count(Thread.id))) == 1
        assert db.session.scalar(select(func.count(ReviewRound.id))) == 1
        assert set(db.session.scalars(select(Post.language))) == {"en", "zh", "fr"}
        thread = db.session.scalar(select(Thread))
        cohort_id, thread_id = thread.cohort_id, thread.id
        regions = {u.id: u.centre.region for u in db.session.scalars(select(User).where(User.centre_id.is_not(None)))}
        authors = {s.id: s.user_id for s in db.session.scalars(select(Submission))}
        given: dict[int, list[int]] = {}
        for review in db.session.scalars(select(PeerReview)):
            given.setdefault(review.reviewer_id, []).append(authors[review.submission_id])
    assert len(given) >= 5
    for reviewer, plan_authors in given.items():
        assert len(plan_authors) == 2 and all(regions[a] != regions[reviewer] for a in plan_authors)
    learner = make_client()
    learner.login("learner@example.org", "demo password here")
    html = learner.get(f"/cohorts/{cohort_id}/discussions/threads/{thread_id}").get_data(as_text=True)
    assert len(re.findall(r'<article class="post card" id="post-\d+" lang="(en|zh|fr)"', html)) == 3
    assert "Camille Dubois" in html and "Ольга Иванова" in html
    assert learner.get(f"/cohorts/{cohort_id}/my-peer-review").status_code == 200
