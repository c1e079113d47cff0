"""Hostile text typed into every free-text field is shown as text everywhere, never run."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from lms.centres.models import Centre
from lms.core.permissions import Role
from lms.extensions import db
from lms.learning import submissions
from lms.learning.models import Submission
from lms.mail.models import OutboxMessage
from lms.users.models import User
from tests.conftest import COVERAGE

PAYLOADS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)//",
    "{{ 7*7 }} ${7*7} <%= 7*7 %>",
    "</textarea><iframe src=//evil.example>",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
]
# Markup that must never reach a page unescaped.
DANGEROUS = re.compile(r"<script>alert|<img src=x|<svg/onload|<iframe src=//evil", re.I)


def assert_inert(html: str, where: str) -> None:
    assert not DANGEROUS.search(html), f"unescaped hostile markup in {where}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_field_stays_text(payload, app, classroom, make_client, make_user, mailbox):
    COVERAGE["hostile payloads tried"] += 1
    staff, learner, facilitator = make_client(), make_client(), make_client()
    staff.login(make_user(role=Role.staff))
    learner.login(classroom.learner)
    facilitator.login(classroom.facilitator)
    base = f"/learn/cohorts/{classroom.cohort_id}"
    filled = 0

    # The learner's name (profile), a reflection and an action plan.
    assert learner.submit("/profile", {"profile-full_name": f"Awa {payload}"[:200], "profile-position": payload[:200],
                                       "profile-language": "en", "profile-timezone": "UTC", "profile-gender": "",
                                       "profile-submit": "1"}).status_code == 302
    learner.submit(f"{base}/reflections/first-reflection", {"text": (payload + " ") * 60, "action": "submit"})
    learner.submit(f"{base}/action-plans/action-plan", {"s-vision": (payload + " ") * 30, "action": "submit"})
    filled += 4
    # The facilitator's announcement and review comment.
    facilitator.submit(f"/cohorts/{classroom.cohort_id}/announcements", {"title": payload[:200], "body": payload})
    with app.app_context():
        work = db.session.scalar(select(Submission).where(Submission.status == "submitted"))
        submissions.review(db.session, work, db.session.get(User, classroom.facilitator.id), "returned", payload)
        db.session.commit()
    filled += 3
    # A centre's name and a CSV import's full name.
    staff.submit("/staff/centres/new", {"name": f"Centre {payload}"[:250], "city": payload[:120], "country": "KE",
                                        "region": "africa", "member_type": "ministry"})
    with app.app_context():
        centre_name = db.session.scalar(select(Centre.name).where(Centre.name.like("Centre %")))
    def quoted(value: str) -> str:  # a CSV field, its quotes doubled
        return '"' + value.replace('"', '""') + '"'

    csv_data = f"email,full_name,centre\nhostile@example.org,{quoted(payload)},{quoted(centre_name)}\n"
    page = facilitator.get(f"/cohorts/{classroom.cohort_id}/learners").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    preview = facilitator.raw.post(f"/cohorts/{classroom.cohort_id}/learners/import", buffered=True,
                                   data={"csrf_token": token, "file": (io.BytesIO(csv_data.encode()), "x.csv")},
                                   content_type="multipart/form-data")
    assert_inert(preview.get_data(as_text=True), "the CSV preview")
    filled += 3
    COVERAGE["fields filled with them"] += filled

    pages = [(learner, "/learn"), (learner, f"{base}/reflections/first-reflection"),
             (learner, f"{base}/action-plans/action-plan"), (learner, "/profile"),
             (facilitator, f"/cohorts/{classroom.cohort_id}/progress"),
             (facilitator, f"/cohorts/{classroom.cohort_id}/learners"),
             (facilitator, f"/cohorts/{classroom.cohort_id}/grading"),
             (facilitator, f"/cohorts/{classroom.cohort_id}/announcements"),
             (staff, "/staff/users"), (staff, "/staff/centres/"), (staff, "/staff/audit"), (staff, "/reports")]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True), url)
    with app.app_context():
        for message in db.session.scalars(select(OutboxMessage)):
            assert_inert(message.body_html, f"the email “{message.subject}”")
    gradebook = facilitator.get(f"/cohorts/{classroom.cohort_id}/gradebook.csv").data.decode("utf-8-sig")
    for line in gradebook.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_a_hostile_name_is_printed_as_text_on_the_certificate(payload, app, classroom, tmp_path):
    from lms.certificates.models import Certificate
    from lms.certificates.pdf import certificate_pdf
    from tests.certificates.conftest import complete
    from tests.certificates.test_certificates import issue_all, pdf_text
    COVERAGE["hostile payloads tried"] += 1
    complete(app, classroom.cohort_id, classroom.learner.id, classroom.facilitator.id)
    issue_all(app, classroom.cohort_id)
    with app.test_request_context():
        certificate = db.session.scalar(select(Certificate))
        certificate.holder_name = payload
        text = pdf_text(certificate_pdf(certificate), tmp_path)
        db.session.rollback()
    assert payload in text.replace("\n", "")
    COVERAGE["fields filled with them"] += 1


def test_a_quiz_answer_that_is_not_one_of_the_choices_is_refused_and_not_stored(client, classroom, app):
    from sqlalchemy import func, select

    from lms.extensions import db
    from lms.learning.models import QuizAttempt
    client.login(classroom.learner)
    page = f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz"
    response = client.submit(page, {"q-unemployed": "x" * 5_000_000, "q-paris": "maybe", "q-target": "4.3",
                                    "q-areas": ["campus"], "attempt": "1"})
    assert response.status_code == 400
    # In the summary and beside each of the two fields.
    assert response.get_data(as_text=True).count("Choose one of the answers shown.") == 4
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_a_csv_file_with_a_field_over_the_csv_modules_limit_is_refused_with_a_message(client, classroom):
    import io
    import re
    client.login(classroom.facilitator)
    page = client.get(f"/cohorts/{classroom.cohort_id}/learners").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = ("email,full_name,centre\nsomeone@example.org,\"" + "x" * 140_000 + "\",\n").encode()
    response = client.raw.post(f"/cohorts/{classroom.cohort_id}/learners/import", buffered=True,
                               data={"csrf_token": token, "file": (io.BytesIO(data), "learners.csv")})
    assert response.status_code == 400
    assert "a value is far too long" in response.get_data(as_text=True)


def test_a_null_character_is_refused_with_a_message_on_every_database(app, make_client, make_user):
    """PostgreSQL cannot store a null character in text; a search for one is a clear 400, not a 500."""
    staff = make_client()
    staff.login(make_user(role=Role.staff, language="fr"))
    response = staff.get("/staff/users", query_string={"q": "ana\x00"})
    assert response.status_code == 400
    assert "caractère nul" in response.get_data(as_text=True)
    assert staff.get("/staff/users", query_string={"q": "ana"}).status_code == 200


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_an_application_stays_text_for_staff_reviewers_endorsers_and_in_email(
        payload, app, make_client, make_user, mailbox):
    import datetime as dt

    from lms.applications.models import Application, Call
    from lms.core import clock
    COVERAGE["hostile payloads tried"] += 1
    with app.app_context():
        now = clock.utcnow()
        call = Call(title={"en": "Call"}, description={"en": "Open"}, opens_at=now - dt.timedelta(days=1),
                    closes_at=now + dt.timedelta(days=9), languages=["en"],
                    questions=[{"key": "q1", "en": "Budget?"}])
        db.session.add(call)
        db.session.commit()
        call_id = call.id
    visitor = make_client()
    sent = visitor.submit(f"/calls/{call_id}/apply", {
        "email": "hostile@example.org", "full_name": payload[:200], "institution": payload[:250],
        "institution_type": "tvet_institution", "role": "head", "country": "KE", "motivation": payload,
        "challenge": payload, "study_language": "en", "endorser_name": payload[:200], "q-q1": payload,
        "endorser_email": "head@example.org", "action": "submit"})
    assert sent.status_code == 302
    COVERAGE["fields filled with them"] += 6
    endorser_mail = mailbox.wait_to("head@example.org")
    applicant_mail = mailbox.wait_to("hostile@example.org")
    for message in (endorser_mail, applicant_mail):
        assert_inert(message.get_body(("html",)).get_content(), "an application email")
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))
    endorse = re.search(r"http://lms.test(/endorse/\S+)", endorser_mail.get_body(("plain",)).get_content()).group(1)
    pages = [(visitor, sent.headers["Location"]), (make_client(), endorse),
             (staff, f"/staff/calls/{call_id}"), (staff, f"/staff/calls/{call_id}/applications/{application_id}"),
             (staff, f"/staff/calls/{call_id}/board"), (staff, f"/staff/calls/{call_id}/funnel")]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True), url)
    # Typed back into a form that failed: still text.
    failed = make_client().submit(f"/calls/{call_id}/apply", {"email": "x", "full_name": payload[:200],
                                                              "motivation": payload, "action": "submit"})
    assert failed.status_code == 400
    assert_inert(failed.get_data(as_text=True), "the application form with errors")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_discussions_reviews_and_groups_stays_text(payload, app, classroom, make_client, make_user,
                                                                   make_centre, mailbox, now):
    """Every new field of lms/community: thread titles, posts, replies, corrections, reports, peer
    reviews and group names, on its pages, in its emails and in the digests."""
    from lms.centres.models import Region
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import enrol
    from lms.community.models import PeerReview, Post
    COVERAGE["hostile payloads tried"] += 1
    cohort_id = classroom.cohort_id
    peers = [make_user(role=Role.learner, full_name=f"Peer {n} {payload}"[:200],
                       centre_id=make_centre(region=region).id)
             for n, region in enumerate((Region.asia_pacific, Region.arab_states))]
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        for peer in peers:
            enrol(db.session, cohort, db.session.get(User, peer.id))
        db.session.commit()
    learner, other, third, facilitator = make_client(), make_client(), make_client(), make_client()
    learner.login(classroom.learner)
    other.login(peers[0])
    third.login(peers[1])
    facilitator.login(classroom.facilitator)
    base = f"/cohorts/{cohort_id}/discussions"
    thread = learner.submit(f"{base}/m-first", {"title": payload[:200], "body": payload, "language": "en"}) \
        .headers["Location"]
    other.submit(thread, {"body": f"{payload}\n\n[x]({payload}) ![y]({payload})", "language": "en"})
    with app.app_context():
        post_id = db.session.scalar(select(Post.id).order_by(Post.id.desc()))
        first_id = db.session.scalar(select(Post.id).order_by(Post.id))
    learner.submit(f"{base}/posts/{first_id}/edit", {"title": payload[:200], "body": payload + " (edited)",
                                                    "language": "en"})
    learner.submit(f"{base}/posts/{post_id}/report", {"reason": payload})
    # Peer review: three plans, a round, a review written with the payload.
    for client in (learner, other, third):
        client.submit(f"/learn/cohorts/{cohort_id}/action-plans/action-plan",
                      {"s-vision": (payload + " ") * 30, "action": "submit"})
    page = facilitator.get(f"/cohorts/{cohort_id}/peer-review").get_data(as_text=True)
    activity = re.search(r'<option[^>]*value="(\d+)"', page).group(1)
    facilitator.submit(f"/cohorts/{cohort_id}/peer-review", {"activity_id": activity, "per_learner": "2"})
    with app.app_context():
        reviews = {r.reviewer_id: r.id for r in db.session.scalars(select(PeerReview))}
    other.submit(f"/cohorts/{cohort_id}/my-peer-review/{reviews[peers[0].id]}",
                 {"level-clarity": "high", "comment": payload})
    facilitator.submit(f"/cohorts/{cohort_id}/groups", {"make": "one", "one-name": payload[:200],
                                                        "member": [str(peers[0].id)]})
    facilitator.submit(f"/cohorts/{cohort_id}/messages", {"to": f"u-{peers[0].id}", "subject": payload[:200],
                                                          "body": payload})
    learner.submit(f"/cohorts/{cohort_id}/messages", {"subject": payload[:200], "body": payload})
    COVERAGE["fields filled with them"] += 11

    with app.app_context():
        round_id = db.session.scalar(select(PeerReview.round_id))
    pages = [(learner, f"{base}"), (learner, f"{base}/m-first"), (learner, thread), (other, thread),
             (learner, f"{base}/posts/{first_id}/edit"), (learner, f"{base}/posts/{post_id}/report"),
             (learner, "/notifications"), (learner, f"/cohorts/{cohort_id}/my-peer-review"),
             (other, f"/cohorts/{cohort_id}/my-peer-review/{reviews[peers[0].id]}"),
             (facilitator, thread), (facilitator, f"/cohorts/{cohort_id}/discussion-reports"),
             (facilitator, f"/cohorts/{cohort_id}/peer-review"),
             (facilitator, f"/cohorts/{cohort_id}/peer-review/{round_id}"),
             (facilitator, f"/cohorts/{cohort_id}/groups"), (facilitator, f"/cohorts/{cohort_id}/learners"),
             (other, f"/cohorts/{cohort_id}/messages"), (facilitator, f"/cohorts/{cohort_id}/messages"),
             (other, "/notifications")]
    with app.app_context():
        from lms.community.models import Conversation
        pages += [(facilitator, f"/cohorts/{cohort_id}/messages/{c}")
                  for c in db.session.scalars(select(Conversation.id))]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True), url)
        assert "javascript:alert" not in re.sub(r"&[a-z#0-9]+;", "", "".join(
            re.findall(r'(?:href|src)="([^"]*)"', response.get_data(as_text=True)))), url
    now.advance(days=1)
    assert app.test_cli_runner().invoke(args=["community", "digests"]).exit_code == 0
    with app.app_context():
        digests = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.contains("digest"))))
        assert digests, "the reply was not digested"
        for message in db.session.scalars(select(OutboxMessage)):
            assert_inert(message.body_html, f"the email “{message.subject}”")
        assert any(payload in message.body_text for message in digests)
