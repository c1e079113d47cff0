"""Review: two reviewers from elsewhere, a rubric, and a third review when they disagree."""
from __future__ import annotations

from sqlalchemy import select

from lms.applications.models import Review
from lms.core.permissions import Role
from lms.extensions import db
from tests.conftest import visible_text


def test_reviewers_are_never_from_the_applicants_country_or_centre_and_disagreement_calls_a_third(
        app, make_client, make_user, make_centre, make_call, make_application, mailbox):
    call_id = make_call()
    kenyan = make_centre(country="KE")
    other_kenyan = make_centre(country="KE")
    german = make_centre(country="DE")
    chinese = make_centre(country="CN")
    staff_user = make_user(role=Role.staff, centre_id=kenyan.id)
    same_country = make_user(role=Role.facilitator, centre_id=other_kenyan.id)
    reviewer_a = make_user(role=Role.facilitator, centre_id=german.id)
    reviewer_b = make_user(role=Role.facilitator, centre_id=chinese.id)
    reviewer_c = make_user(role=Role.staff)
    application_id = make_application(call_id, country="KE", centre_id=kenyan.id, endorsed_at=None)
    staff = make_client()
    staff.login(staff_user)
    staff.submit(f"/staff/calls/{call_id}/assign", {}, page=f"/staff/calls/{call_id}")
    with app.app_context():
        assigned = {r.reviewer_id for r in db.session.scalars(select(Review))}
    assert len(assigned) == 2 and not assigned & {staff_user.id, same_country.id}

    scores = {reviewer_a.id: "5", reviewer_b.id: "1", reviewer_c.id: "3"}
    for reviewer in (reviewer_a, reviewer_b, reviewer_c):
        if reviewer.id not in assigned:
            continue
        client = make_client()
        client.login(reviewer)
        listing = client.get("/reviews").get_data(as_text=True)
        review_url = listing.split('href="/reviews/')[1].split('"')[0]
        response = client.submit(f"/reviews/{review_url}", {
            **{f"score_{k}": scores[reviewer.id] for k in ("motivation", "challenge", "leadership", "impact")},
            "comment": "Clear and concrete."})
        assert response.status_code == 302
    detail = visible_text(staff.get(f"/staff/calls/{call_id}/applications/{application_id}").get_data(as_text=True))
    assert "a third review is needed" in detail
    overview = staff.get(f"/staff/calls/{call_id}").get_data(as_text=True)
    assert 'id="figure-flagged">1<' in overview
    staff.submit(f"/staff/calls/{call_id}/assign", {}, page=f"/staff/calls/{call_id}")
    with app.app_context():
        reviews = list(db.session.scalars(select(Review)))
    assert len(reviews) == 3 and [r.third for r in reviews].count(True) == 1
    assert {r.reviewer_id for r in reviews} == {reviewer_a.id, reviewer_b.id, reviewer_c.id}


def test_a_reviewer_cannot_score_someone_elses_review_and_the_rubric_refuses_bad_scores(
        app, make_client, make_user, make_call, make_application):
    call_id = make_call()
    owner, intruder = make_user(role=Role.facilitator), make_user(role=Role.facilitator)
    make_application(call_id)
    with app.app_context():
        from lms.applications.models import Application
        application = db.session.scalar(select(Application))
        review = Review(application=application, reviewer_id=owner.id)
        db.session.add(review)
        db.session.commit()
        review_id = review.id
    other = make_client()
    other.login(intruder)
    assert other.get(f"/reviews/{review_id}").status_code == 403
    mine = make_client()
    mine.login(owner)
    response = mine.submit(f"/reviews/{review_id}", {"score_motivation": "9", "comment": ""})
    assert response.status_code == 400
    assert "Choose one of the answers shown." in visible_text(response.get_data(as_text=True))


def test_staff_add_a_reviewer_by_hand_but_never_one_from_the_applicants_country(
        app, make_client, make_user, make_centre, make_call, make_application):
    call_id = make_call()
    kenyan, german = make_centre(country="KE"), make_centre(country="DE")
    same_country = make_user(role=Role.facilitator, centre_id=kenyan.id, full_name="Wanjiru Kamau")
    elsewhere = make_user(role=Role.facilitator, centre_id=german.id, full_name="Jonas Weber")
    application_id = make_application(call_id, country="KE")
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = f"/staff/calls/{call_id}/applications/{application_id}"
    html = staff.get(page).get_data(as_text=True)
    assert "Jonas Weber" in html and "Wanjiru Kamau" not in html
    refused = staff.submit(f"{page}/reviewers", {"reviewer_id": str(same_country.id)}, page=page)
    told = visible_text(staff.get(refused.headers["Location"]).get_data(as_text=True))
    assert "cannot review this application" in told
    staff.submit(f"{page}/reviewers", {"reviewer_id": str(elsewhere.id)}, page=page)
    with app.app_context():
        assert [r.reviewer_id for r in db.session.scalars(select(Review))] == [elsewhere.id]
