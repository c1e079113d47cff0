"""Every route, every role: the answer each one gets is declared here.

The routes come from the app's URL map, so a new route without a line in EXPECTED
fails this test until someone decides who may open it.
"""
from __future__ import annotations


import datetime as dt

import pytest

from lms.applications.models import Call
from lms.cohorts.services import create_cohort
from lms.core.permissions import Role
from lms.courses.models import Programme
from lms.extensions import db
from tests.conftest import COVERAGE

ANON, LEARNER, FACILITATOR, STAFF = "anonymous", "learner", "facilitator", "staff"
OK, LOGIN, FORBIDDEN, TO_HOME = 200, "login", 403, "home"

# endpoint: expected answer to a GET for each kind of visitor.
EXPECTED = {
    "home.index": {ANON: LOGIN, LEARNER: TO_HOME, FACILITATOR: TO_HOME, STAFF: TO_HOME},
    "learning.dashboard": {ANON: LOGIN, LEARNER: OK, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    # A cohort none of the visitors belongs to: learners may not look in; staff see 404 for
    # the module, lesson and quiz IDs that do not exist in it.
    "learning.module": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.module_pdf": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.module_offline": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.lesson": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.mark_done": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "learning.quiz": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.attempt": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.programme_lesson": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "learning.reflection": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.action_plan": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.self_assessment": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    # Object-level cases (someone else's attachment) are in tests/learning/test_work.py.
    "learning.tool_xlsx": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "learning.attachment": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "learning.remove_attachment": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "home.facilitator": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: FORBIDDEN},
    "home.staff": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "home.style": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "auth.login": {ANON: OK, LEARNER: TO_HOME, FACILITATOR: TO_HOME, STAFF: TO_HOME},
    "auth.logout": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "auth.reset_request": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "auth.reset_password": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "auth.accept_invitation": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "users.profile": {ANON: LOGIN, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "users.staff_list": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "users.staff_create": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "users.staff_edit": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "users.staff_resend_invitation": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "centres.index": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "centres.create": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "centres.edit": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.staff_list": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.create": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.edit": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    # Someone else's cohort: a facilitator of another cohort gets 403 on every page and export.
    "cohorts.overview": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.schedule": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.sessions": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.edit_session": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "cohorts.attendance": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "cohorts.delete_session": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "cohorts.edit_announcement": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "cohorts.delete_announcement": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "cohorts.remove_learner": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    # Someone who is not in the cohort: there is no page of theirs to see.
    "cohorts.learner_work": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "cohorts.extend_deadline": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "cohorts.withdraw_extension": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "cohorts.grant_attempt": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "cohorts.webinar_plan": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "cohorts.announcements": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.learners": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.import_learners": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "cohorts.import_template": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "cohorts.progress": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.grading": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.review": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "cohorts.gradebook_csv": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.gradebook_xlsx": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "cohorts.cohort_calendar": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "cohorts.person_calendar": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "certificates.cohort": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "certificates.staff_list": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "certificates.detail": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "certificates.pdf": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "certificates.credential": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "certificates.issuer": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "certificates.status_list": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},  # no certificate yet
    "certificates.context": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "certificates.verify": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "certificates.verify_json": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "certificates.check_credential": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "reports.network": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "reports.export_csv": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "reports.export_xlsx": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "users.my_data": {ANON: LOGIN, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "users.staff_anonymise": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "users.sign_out_everywhere": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "users.audit_log": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "health.healthz": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "health.live": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "assets.asset": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},  # a stale fingerprint
    "assets.favicon": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "courses.asset": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    # An open call: its public pages are everyone's; an applicant's and an endorser's links are secrets.
    "applications.call_page": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "applications.apply": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "applications.continue_application": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "applications.answer_place": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "applications.endorse": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "applications.staff_calls": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.create_call": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.edit_call": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.call_overview": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.staff_application": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "applications.add_reviewer": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "applications.assign_reviewers": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "applications.board": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.send_decisions": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "applications.call_funnel": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.funnel_csv": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.funnel_xlsx": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "applications.my_reviews": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "applications.review": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: 404, STAFF: 404},
    # Discussions, peer review and groups of someone else's cohort: its people only.
    "community.index": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "community.forum": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "community.thread": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "community.moderate": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.edit_post": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "community.report_post": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "community.hide_post": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.reports": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "community.resolve_report": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.notifications_list": {ANON: LOGIN, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "community.mark_read": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.settings": {ANON: LOGIN, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "community.unsubscribe": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},  # a token not signed here
    "community.rounds": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "community.round_detail": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "community.flag_review": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.close_round": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.my_reviews": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "community.write_review": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "community.group_list": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "community.change_group": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "community.messages_list": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "community.conversation": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    # Alumni: the directory is for graduates, current learners, facilitators and staff (the learner
    # here is neither graduate nor enrolled); a profile and mentoring are a learner's own.
    "alumni.directory": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "alumni.profile": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "alumni.withdraw": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "alumni.mentoring": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "alumni.match_page": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "alumni.cohort_mentors": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "alumni.match": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "alumni.end_match": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "integrations.index": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "integrations.new_endpoint": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "integrations.edit_endpoint": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "integrations.rotate_secret": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "integrations.send_test": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "integrations.endpoint_log": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "integrations.xapi_log": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "integrations.retry": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    # API tokens: a person's own, on their profile; clients: staff's. Revoking is a POST (below).
    "api.tokens_page": {ANON: LOGIN, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "api.revoke_token": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "api.clients_page": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "api.revoke_client": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    # The REST API never reads the session cookie: signed in or not, a browser gets 401 (tests/api).
    "api.openapi": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "api.token": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    **{f"api.{name}": {ANON: 401, LEARNER: 401, FACILITATOR: 401, STAFF: 401}
       for name in ("me", "programmes", "programme", "cohorts", "cohort", "enrolments", "enrol", "progress",
                    "submissions", "certificates", "certificate", "verify", "calls", "applications", "report")},
    # Impact: the graduate's pages are learners' (a check-in that does not exist: 404); the cohort's
    # follow-up is for those who run it (staff, not this cohort's facilitator).
    "impact.mine": {ANON: LOGIN, LEARNER: OK, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "impact.evaluation": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "impact.knowledge_check": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "impact.check_in": {ANON: LOGIN, LEARNER: 404, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "impact.third_round": {ANON: LOGIN, LEARNER: 404, FACILITATOR: FORBIDDEN, STAFF: FORBIDDEN},
    "impact.evidence": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "impact.cohort_follow_ups": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "impact.network_follow_ups": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "impact.institutions": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "impact.impact_report": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "impact.report_csv": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    "impact.report_xlsx": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: OK, STAFF: OK},
    # No identity provider has the id: nothing to start or come back from.
    "sso.start": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "sso.callback": {ANON: 404, LEARNER: 404, FACILITATOR: 404, STAFF: 404},
    "sso.providers": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "sso.create_provider": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "sso.edit_provider": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    # Platforms call these: a login initiation without its parameters is a 400, the others are POST.
    "lti.login": {ANON: 400, LEARNER: 400, FACILITATOR: 400, STAFF: 400},
    "lti.launch": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "lti.deep_link": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "lti.jwks": {ANON: OK, LEARNER: OK, FACILITATOR: OK, STAFF: OK},
    "lti.sync_roster": {ANON: 405, LEARNER: 405, FACILITATOR: 405, STAFF: 405},
    "lti.platforms": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "lti.create_platform": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: OK},
    "lti.edit_platform": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
}

# POST-only routes: who may post (with a valid form token).
POST_EXPECTED = {
    "applications.assign_reviewers": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 302},
    "users.staff_resend_invitation": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 302},
    "api.revoke_token": {ANON: LOGIN, LEARNER: 404, FACILITATOR: 404, STAFF: 404},  # no such token
    "api.revoke_client": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: FORBIDDEN, STAFF: 404},
    "lti.sync_roster": {ANON: LOGIN, LEARNER: FORBIDDEN, FACILITATOR: 404, STAFF: 404},  # no such link
}


def test_every_route_has_a_declared_answer(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(EXPECTED) == set(), "declare who may open these routes"
    assert set(EXPECTED) - endpoints == set(), "these routes no longer exist"


@pytest.fixture()
def visitors(app, make_client, make_user, make_centre, now):
    centre = make_centre()
    target = make_user(role=Role.learner, centre_id=centre.id)
    with app.app_context():
        programme = Programme(slug="p", title={"en": "P"}, summary={}, languages=["en"], completion={})
        cohort = create_cohort(db.session, programme=programme, name="Someone else's cohort",
                               language="en", timezone="UTC", starts_on=now.day(-330),
                               ends_on=now.day(-150))
        call = Call(programme=programme, cohorts=[cohort], title={"en": "An open call"}, description={"en": "D"},
                    opens_at=now.current - dt.timedelta(days=1), closes_at=now.current + dt.timedelta(days=9),
                    languages=["en"])
        db.session.add(call)
        db.session.commit()
    clients = {ANON: make_client()}
    for role in Role:
        client = make_client()
        client.login(make_user(role=role))
        clients[role.value] = client
    values = {"user_id": target.id, "centre_id": centre.id, "token": "x" * 43,
              "cohort_id": cohort.id, "slug": "no-such-item", "number": 1, "programme": "p",
              "attachment_id": 999_999, "name": "style.000000000000.css",
              "session_id": 999_999, "submission_id": 999_999, "announcement_id": 999_999, "certificate_id": 999_999,
              "code": "no-such-certificate", "dimension": "region",
              "filename": "style.css",  # for courses.asset: not an image, so 404
              "call_id": call.id, "application_id": 999_999, "review_id": 999_999,
              "forum": "no-such-forum", "thread_id": 999_999, "post_id": 999_999, "report_id": 999_999,
               "round_id": 999_999, "group_id": 999_999, "conversation_id": 999_999, "extension_id": 999_999,
               "match_id": 999_999, "webhook_id": 999_999, "delivery_id": 999_999,
               "token_id": 999_999, "client_id": 999_999, "programme_id": 999_999,
               "follow_up_id": 999_999, "stage": "before", "action_id": 999_999,
               "provider_id": 999_999, "platform_id": 999_999, "link_id": 999_999}
    return clients, values


def answers_as_expected(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response.headers["Location"].startswith("/login")
    if expected == TO_HOME:
        return response.status_code == 302 and not response.headers["Location"].startswith("/login")
    return response.status_code == expected


def url_for_rule(rule, values):
    return rule.build({arg: values[arg] for arg in rule.arguments})[1]


@pytest.mark.parametrize("visitor", [ANON, LEARNER, FACILITATOR, STAFF])
def test_each_visitor_gets_the_declared_answer_on_every_route(app, visitors, visitor):
    clients, values = visitors
    client = clients[visitor]
    wrong = []
    for rule in app.url_map.iter_rules():
        url = url_for_rule(rule, values)
        response = client.get(url)
        expected = EXPECTED[rule.endpoint][visitor]
        if not answers_as_expected(response, expected):
            wrong.append((url, response.status_code, expected))
        COVERAGE["routes × roles checked"] += 1
    assert wrong == []


@pytest.mark.parametrize("visitor", [ANON, LEARNER, FACILITATOR, STAFF])
def test_post_only_routes_check_the_role_too(app, visitors, visitor):
    clients, values = visitors
    client = clients[visitor]
    for endpoint, expected_by_visitor in POST_EXPECTED.items():
        [rule] = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
        url = url_for_rule(rule, values)
        response = client.submit(url, {}, page="/reset-password")
        assert answers_as_expected(response, expected_by_visitor[visitor]), url


def test_error_pages_say_what_happened_in_the_viewers_language(client):
    response = client.get("/no-such-page?lang=zh")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="zh">' in html and "未找到页面" in html
    response = client.get("/no-such-page?lang=fr")
    assert "Page introuvable" in response.get_data(as_text=True)
