"""The tool against an LTI 1.3 platform on loopback built on lti1p3platform (tests/lti/platform.py):
a launch opens the module, Deep Linking returns a module, quiz scores go back, the roster is read."""
from __future__ import annotations

import re
import urllib.parse

import pytest
from sqlalchemy import func, select

from lms.cohorts.models import Enrolment
from lms.core.permissions import Role
from lms.extensions import db
from lms.lti.models import LtiLink, LtiPlatform, LtiScore
from lms.sso.models import ExternalIdentity
from lms.users.models import User
from tests.conftest import visible_text
from tests.learning.conftest import classroom  # noqa: F401  (a fixture)
from tests.learning.test_quiz import ALL_RIGHT
from tests.lti.platform import INSTRUCTOR, LEARNER, Platform, launch_form


@pytest.fixture()
def platform(app, client, classroom):  # noqa: F811
    """A platform registered with the tool (its learners join the classroom's cohort)."""
    running = Platform(tool_jwks=client.get("/lti/jwks").get_json())
    with app.app_context():
        db.session.add(LtiPlatform(name="Moodle of the Kenya Centre", issuer=running.issuer,
                                   client_id=running.client_id, auth_url=f"{running.issuer}/auth",
                                   token_url=f"{running.issuer}/token", jwks_url=f"{running.issuer}/jwks",
                                   deployment_ids=f"other {running.deployment_id}", cohort_id=classroom.cohort_id))
        db.session.commit()
    running.people["moodle-17"] = {"name": "Amina Otieno", "email": "amina@centre.example", "roles": [LEARNER]}
    running.people["moodle-2"] = {"name": "Teacher Tom", "email": "tom@centre.example", "roles": [INSTRUCTOR]}
    running.links["rl-1"] = {"title": "Module 1 of the programme", "custom": {"module": "first"}}
    yield running
    running.stop()


def launch(client, platform, sub: str, hint: str):
    """The browser's way through a launch: platform → tool's login → platform's auth → tool's launch."""
    login = urllib.parse.urlsplit(platform.login_url(sub, hint))
    assert f"{login.scheme}://{login.netloc}" == "http://lms.test"
    to_platform = client.get(f"{login.path}?{login.query}")
    assert to_platform.status_code == 302, to_platform.get_data(as_text=True)
    action, fields = launch_form(platform.open(to_platform.headers["Location"]))
    assert action == "http://lms.test/lti/launch"
    return client.raw.post("/lti/launch", data=fields, buffered=True)


def test_a_launch_opens_the_module_and_the_quiz_score_goes_back_to_the_platform(app, client, platform, classroom):  # noqa: F811
    answer = launch(client, platform, "moodle-17", "rl-1")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/learn/cohorts/{classroom.cohort_id}/modules/first"
    module_page = client.get(answer.headers["Location"])
    assert module_page.status_code == 200 and "Module first" in visible_text(module_page.get_data(as_text=True))
    with app.app_context():
        amina = db.session.scalar(select(User).where(User.email == "amina@centre.example"))
        assert amina.role is Role.learner and amina.full_name == "Amina Otieno"
        assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == amina.id)) == 1
        identity = db.session.scalar(select(ExternalIdentity).where(ExternalIdentity.user_id == amina.id))
        assert (identity.issuer, identity.subject) == (platform.issuer, "moodle-17")
        link = db.session.scalar(select(LtiLink))
        assert link.lineitem_url == f"{platform.issuer}/lineitems/rl-1"
        assert link.memberships_url == f"{platform.issuer}/memberships"

    quiz = f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz"
    assert client.submit(quiz, {**ALL_RIGHT, "q-unemployed": "m10"}).status_code == 302
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lti", "send-scores"])
    assert "1 scores sent, 0 failed" in result.output, result.output
    [score] = platform.scores
    assert (score["line_item"], score["userId"], score["scoreMaximum"]) == ("rl-1", "moodle-17", 100)
    assert 0 < score["scoreGiven"] < 100 and score["activityProgress"] == "Completed"
    assert platform.tokens_issued == ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]
    # Run again (cron, or two workers): nothing goes twice.
    assert "0 scores sent" in runner.invoke(args=["lti", "send-scores"]).output
    assert len(platform.scores) == 1
    # The same person's next launch is the same account, found by (issuer, sub).
    assert launch(client, platform, "moodle-17", "rl-1").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 3  # classroom's two and Amina


def test_an_instructor_never_becomes_staff_nor_opens_a_staff_account(app, client, make_client, platform,
                                                                     make_user):
    answer = launch(client, platform, "moodle-2", "rl-1")
    assert answer.status_code == 200
    assert "gives no facilitator or staff rights here" in visible_text(answer.get_data(as_text=True))
    with app.app_context():
        tom = db.session.scalar(select(User).where(User.email == "tom@centre.example"))
        assert tom.role is Role.learner
        assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == tom.id)) == 0
    # The platform gives the address of a staff account here: that account is not opened.
    make_user(role=Role.staff, email="boss@centre.example")
    platform.people["moodle-3"] = {"name": "Boss", "email": "boss@centre.example", "roles": [INSTRUCTOR]}
    refused = launch(make_client(), platform, "moodle-3", "rl-1")
    assert refused.status_code == 403
    assert "No account of this platform can be opened for you" in visible_text(refused.get_data(as_text=True))


def test_deep_linking_returns_the_chosen_module_signed_by_the_tool(app, client, platform):
    picker = launch(client, platform, "moodle-2", "deep-linking")
    assert picker.status_code == 200
    html = picker.get_data(as_text=True)
    assert "Module first" in html and "Module second" in html
    ticket = re.search(r'name="ticket" value="([^"]+)"', html).group(1)
    missing = client.raw.post("/lti/deep-link", data={"ticket": ticket}, buffered=True)
    assert missing.status_code == 400 and "Choose one of the modules." in missing.get_data(as_text=True)
    chosen = client.raw.post("/lti/deep-link", data={"ticket": ticket, "module": "second"}, buffered=True)
    assert chosen.status_code == 200
    assert f"form-action {platform.issuer}" in chosen.headers["Content-Security-Policy"]
    page = chosen.get_data(as_text=True)
    assert "Return to your platform" in page  # the button, for a browser without JavaScript
    action, fields = launch_form(page)
    assert action == f"{platform.issuer}/deep-link-return"
    assert "Linked" in platform.open(action, {"JWT": fields["JWT"]})
    [item] = platform.deep_linked
    assert item["type"] == "ltiResourceLink" and item["custom"] == {"module": "second"}
    assert item["url"] == "http://lms.test/lti/launch" and item["lineItem"]["scoreMaximum"] == 100
    # The platform places it; a learner's launch of that link opens the chosen module.
    platform.links["rl-2"] = {"title": item["title"], "custom": item["custom"]}
    opened = launch(client, platform, "moodle-17", "rl-2")
    assert opened.headers["Location"].endswith("/modules/second")


def test_the_roster_enrols_the_contexts_learners_and_leaves_its_instructors(app, client, platform, classroom):  # noqa: F811
    launch(client, platform, "moodle-17", "rl-1")
    platform.people["moodle-40"] = {"name": "Baraka Njoroge", "email": "baraka@centre.example", "roles": [LEARNER]}
    with app.app_context():
        link_id = db.session.scalar(select(LtiLink.id))
    result = app.test_cli_runner().invoke(args=["lti", "sync-roster", str(link_id)])
    assert "3 members read, 2 learners enrolled" in result.output, result.output
    with app.app_context():
        baraka = db.session.scalar(select(User).where(User.email == "baraka@centre.example"))
        assert db.session.scalar(select(Enrolment).where(Enrolment.user_id == baraka.id)).cohort_id \
            == classroom.cohort_id
        assert db.session.scalar(select(User).where(User.email == "tom@centre.example")) is None


def test_bad_launches_get_a_clear_page_not_an_error(app, client, platform):
    assert client.get("/lti/login").status_code == 400
    unknown = client.get("/lti/login?iss=https%3A%2F%2Fnobody.example&login_hint=x&target_link_uri=x")
    assert unknown.status_code == 403 and "No platform is registered" in visible_text(unknown.get_data(as_text=True))
    other_deployment = platform.login_url("moodle-17", "rl-1").replace("lti_deployment_id=deployment-1",
                                                                        "lti_deployment_id=deployment-9")
    refused = client.get(urllib.parse.urlsplit(other_deployment)._replace(scheme="", netloc="").geturl())
    assert refused.status_code == 400 and "deployment of the tool is not registered" in visible_text(
        refused.get_data(as_text=True))
    forged = client.raw.post("/lti/launch", data={"state": "made-up", "id_token": "a.b.c"}, buffered=True)
    assert forged.status_code == 400 and "does not belong to a login started here" in forged.get_data(as_text=True)
    # A real login, then a token signed by someone else's key: refused as unverifiable.
    login = urllib.parse.urlsplit(platform.login_url("moodle-17", "rl-1"))
    to_platform = client.get(f"{login.path}?{login.query}")
    _action, fields = launch_form(platform.open(to_platform.headers["Location"]))
    impostor = Platform(tool_jwks={"keys": []}, client_id=platform.client_id)
    impostor.issuer = platform.issuer
    impostor.people = platform.people
    impostor.links = platform.links
    try:
        state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(to_platform.headers["Location"]).query))
        _a, forged_fields = launch_form(impostor._launch(state))
    finally:
        impostor.stop()
    answer = client.raw.post("/lti/launch", data={**forged_fields, "state": fields["state"]}, buffered=True)
    assert answer.status_code == 401
    assert "could not be verified" in visible_text(answer.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LtiScore)) == 0
        assert db.session.scalar(select(User).where(User.email == "amina@centre.example")) is None
    # The genuine launch still works once (its state was not spent by the forgery).
    assert client.raw.post("/lti/launch", data=fields, buffered=True).status_code == 302
    assert client.raw.post("/lti/launch", data=fields, buffered=True).status_code == 400  # replayed


def test_three_score_runs_at_once_send_each_score_once(app, client, platform, classroom):  # noqa: F811
    from tests.security.test_concurrency import at_once

    assert launch(client, platform, "moodle-17", "rl-1").status_code == 302
    quiz = f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz"
    assert client.submit(quiz, {**ALL_RIGHT, "q-unemployed": "m10"}).status_code == 302
    assert client.submit(quiz, ALL_RIGHT).status_code == 302

    def work(_index):
        from lms.lti import advantage
        with app.app_context():
            advantage.send_scores(db.session)

    assert at_once(3, work) == []
    assert sorted(s["scoreGiven"] for s in platform.scores)[-1] == 100
    assert len(platform.scores) == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LtiScore).where(LtiScore.sent_at.is_(None))) == 0


def test_the_cohorts_facilitator_reads_the_roster_from_the_learners_page(app, client, make_client, platform,
                                                                          classroom, make_user):  # noqa: F811
    launch(client, platform, "moodle-17", "rl-1")
    platform.people["moodle-40"] = {"name": "Baraka Njoroge", "email": "baraka@centre.example", "roles": [LEARNER]}
    with app.app_context():
        link_id = db.session.scalar(select(LtiLink.id))
    outsider = make_client()
    outsider.login(make_user(role=Role.facilitator))
    assert outsider.submit(f"/lti/links/{link_id}/roster", {}, page="/profile").status_code == 403
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    learners = f"/cohorts/{classroom.cohort_id}/learners"
    page = visible_text(facilitator.get(learners).get_data(as_text=True))
    assert "Moodle of the Kenya Centre: Leading TVET institutions" in page
    answer = facilitator.submit(f"/lti/links/{link_id}/roster", {}, page=learners)
    assert answer.status_code == 302 and answer.headers["Location"] == learners
    page = visible_text(facilitator.get(learners).get_data(as_text=True))
    assert "3 members read from the platform; 2 learners are in the cohort." in page
    assert "Baraka Njoroge" in page


def test_staff_register_a_platform_and_see_what_to_enter_in_moodle(app, client, make_user, classroom):  # noqa: F811
    client.login(make_user(role=Role.staff))
    listing = visible_text(client.get("/staff/lti-platforms").get_data(as_text=True))
    for address in ("http://lms.test/lti/launch", "http://lms.test/lti/login", "http://lms.test/lti/jwks"):
        assert address in listing
    form = {"name": "Moodle of the Kenya Centre", "issuer": "https://moodle.centre.example", "client_id": "abc",
            "auth_url": "https://moodle.centre.example/mod/lti/auth.php",
            "token_url": "https://moodle.centre.example/mod/lti/token.php",
            "jwks_url": "https://moodle.centre.example/mod/lti/certs.php", "deployment_ids": "3, 4",
            "cohort_id": str(classroom.cohort_id), "active": "y"}
    bad = client.submit("/staff/lti-platforms/new", {**form, "auth_url": "not an address", "cohort_id": ""})
    assert bad.status_code == 400
    text = visible_text(bad.get_data(as_text=True))
    assert "Enter a web address starting with https://." in text and 'value="not an address"' in bad.get_data(
        as_text=True)
    assert client.submit("/staff/lti-platforms/new", form).status_code == 302
    again = client.submit("/staff/lti-platforms/new", form)
    assert again.status_code == 400
    assert "Another platform is registered with this issuer and client ID." in again.get_data(as_text=True)
    with app.app_context():
        saved = db.session.scalar(select(LtiPlatform))
        assert (saved.deployments, saved.cohort_id) == (["3", "4"], classroom.cohort_id)
        platform_id = saved.id
    assert client.submit(f"/staff/lti-platforms/{platform_id}", {**form, "name": "Moodle (Nairobi)"}).status_code == 302
    assert "Moodle (Nairobi)" in visible_text(client.get("/staff/lti-platforms").get_data(as_text=True))
