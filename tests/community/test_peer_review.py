"""Peer review of the action plan: a round on a cohort gives every learner two plans from other
regions; they review them with the rubric, the authors read the reviews, the facilitator sees
who reviewed and sets unhelpful reviews aside."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms.centres.models import Region
from lms.community.models import PeerReview
from lms.community.peer_review import assign
from lms.extensions import db
from lms.learning.models import Submission
from lms.users.models import User

PLAN = ("Our institute will cut its energy use by a third within three years, train every teacher in "
        "green skills and open a solar workshop for the community, with the support of the ministry.")


def write_plans(circle, make_client, who=("en", "zh", "fr")):
    clients = {}
    for name in who:
        client = make_client()
        client.login(getattr(circle, name))
        response = client.submit(f"/learn/cohorts/{circle.cohort_id}/action-plans/action-plan",
                                 {"s-vision": f"{name}: {PLAN}", "action": "submit"})
        assert response.status_code == 302, response.get_data(as_text=True)
        clients[name] = client
    return clients


def open_round(facilitator, circle, anonymous=True):
    page = facilitator.get(f"/cohorts/{circle.cohort_id}/peer-review").get_data(as_text=True)
    activity = re.search(r'<option[^>]*value="(\d+)"', page).group(1)
    data = {"activity_id": activity, "per_learner": "2"}
    if anonymous:
        data["anonymous"] = "y"
    response = facilitator.submit(f"/cohorts/{circle.cohort_id}/peer-review", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_every_learner_reviews_two_plans_from_other_regions_and_authors_read_them(circle, make_client, app,
                                                                                   mailbox):
    learners = write_plans(circle, make_client)
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    round_page = open_round(facilitator, circle)
    with app.app_context():
        regions = {u.id: u.centre.region for u in db.session.scalars(select(User).where(User.centre_id.is_not(None)))}
        authors = {s.id: s.user_id for s in db.session.scalars(select(Submission))}
        given: dict[int, list[int]] = {}
        for review in db.session.scalars(select(PeerReview)):
            given.setdefault(review.reviewer_id, []).append(authors[review.submission_id])
    assert sorted(given) == sorted([circle.en.id, circle.zh.id, circle.fr.id])
    for reviewer, plan_authors in given.items():
        assert len(plan_authors) == 2 and reviewer not in plan_authors
        assert all(regions[a] != regions[reviewer] for a in plan_authors)

    # Each learner writes their two reviews with the rubric and a comment.
    for name, client in learners.items():
        listing = client.get(f"/cohorts/{circle.cohort_id}/my-peer-review").get_data(as_text=True)
        links = re.findall(rf'href="(/cohorts/{circle.cohort_id}/my-peer-review/\d+)"', listing)
        assert len(links) == 2
        for link in links:
            page = client.get(link).get_data(as_text=True)
            assert PLAN in page and "Clarity" in page
            missing = client.submit(link, {"comment": ""})
            assert missing.status_code == 400
            assert client.submit(link, {"level-clarity": "high", "comment": f"Well argued, says {name}."}) \
                .status_code == 302

    # The authors read the reviews, anonymous as the facilitator chose; each was told.
    mine = learners["en"].get(f"/cohorts/{circle.cohort_id}/my-peer-review").get_data(as_text=True)
    assert mine.count("Well argued, says") == 2 and "High" in mine
    assert "王芳" not in mine and "Camille Martin" not in mine
    assert "同伴" in subject_of(mailbox.wait_to(circle.zh.email))

    # The facilitator sees who reviewed whom, and sets an unhelpful review aside.
    detail = facilitator.get(round_page).get_data(as_text=True)
    assert "王芳" in detail and "Camille Martin" in detail and "Grace Wanjiru" in detail
    with app.app_context():
        review_id = db.session.scalar(select(PeerReview.id).join(Submission, Submission.id == PeerReview.submission_id)
                                      .where(Submission.user_id == circle.en.id).order_by(PeerReview.id))
    assert facilitator.submit(f"/cohorts/{circle.cohort_id}/peer-reviews/{review_id}/flag", {"flagged": "1"},
                              page=round_page).status_code == 302
    mine = learners["en"].get(f"/cohorts/{circle.cohort_id}/my-peer-review").get_data(as_text=True)
    assert mine.count("Well argued, says") == 1


def subject_of(message) -> str:
    return " ".join(str(message["Subject"]).split())


def test_named_reviews_show_the_reviewer_and_others_cannot_write_them(circle, make_client, app):
    learners = write_plans(circle, make_client)
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    open_round(facilitator, circle, anonymous=False)
    with app.app_context():
        review = db.session.scalar(select(PeerReview).where(PeerReview.reviewer_id == circle.zh.id))
        review_id, author_id = review.id, db.session.get(Submission, review.submission_id).user_id
    link = f"/cohorts/{circle.cohort_id}/my-peer-review/{review_id}"
    assert learners["en"].get(link).status_code == 403
    assert learners["zh"].submit(link, {"level-clarity": "low", "comment": "请写得更具体。"}).status_code == 302
    author = "en" if author_id == circle.en.id else "fr"
    page = learners[author].get(f"/cohorts/{circle.cohort_id}/my-peer-review").get_data(as_text=True)
    assert "请写得更具体。" in page and "王芳" in page


def test_a_round_needs_enough_plans(circle, make_client):
    write_plans(circle, make_client, who=("en", "zh"))
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    page = facilitator.get(f"/cohorts/{circle.cohort_id}/peer-review").get_data(as_text=True)
    activity = re.search(r'<option[^>]*value="(\d+)"', page).group(1)
    response = facilitator.submit(f"/cohorts/{circle.cohort_id}/peer-review",
                                  {"activity_id": activity, "per_learner": "2"})
    assert response.status_code == 400 and "Only 2 learners have written this plan" in response.get_data(as_text=True)


def test_the_assignment_is_balanced_and_prefers_other_regions():
    regions = [Region.africa, Region.africa, Region.asia_pacific, Region.asia_pacific, Region.arab_states,
               Region.europe_north_america, Region.europe_north_america]
    authors = [(n, 100 + n, region) for n, region in enumerate(regions)]
    pairs = assign(authors, 2, seed=7)
    received: dict[int, int] = {}
    for reviewer, submission in pairs:
        assert submission != 100 + reviewer
        assert regions[submission - 100] != regions[reviewer]
        received[submission] = received.get(submission, 0) + 1
    assert len(pairs) == 14 and set(received.values()) == {2}
