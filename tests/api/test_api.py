"""The REST API as an integrator's program meets it: tokens, scopes, what a token's owner sees,
lists, bulk enrolment, client credentials, revocation, ETags, rate limits and problems."""
from __future__ import annotations

import base64
import datetime as dt

from sqlalchemy import func, select

from lms.api.models import ApiToken
from lms.audit.models import AuditEvent
from lms.cohorts.models import Cohort, Enrolment
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.api.conftest import ALL_SCOPES, bearer

PROBLEM = "application/problem+json"


def audited(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# Tokens and scopes ---------------------------------------------------------------------------

def test_a_token_with_the_read_scope_lists_cohorts(client, site):
    token = site.make_token(site.staff, ["read"])
    response = client.get("/api/v1/cohorts", headers=bearer(token))
    assert response.status_code == 200 and response.mimetype == "application/json"
    names = [c["name"] for c in response.json["items"]]
    assert names == ["2026 online edition", "Another facilitator's cohort"]
    assert response.json["next"] is None


def test_without_a_token_the_answer_is_a_401_problem(client, site):
    response = client.get("/api/v1/cohorts")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    problem = response.json
    assert problem["status"] == 401 and problem["type"].endswith("invalid-token")
    assert problem["title"] and problem["detail"] and problem["instance"] == "/api/v1/cohorts"
    # A token that is not one: the same, with the error RFC 6750 names.
    response = client.get("/api/v1/cohorts", headers=bearer("lmsp_" + "x" * 43))
    assert response.status_code == 401 and 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_browser_signed_in_cannot_call_the_api(client, site):
    """The API never reads the session cookie: a page of another site cannot make the browser call it."""
    client.login(site.staff)
    assert client.get("/profile").status_code == 200
    response = client.get("/api/v1/cohorts")
    assert response.status_code == 401 and response.mimetype == PROBLEM
    response = client.raw.post(f"/api/v1/cohorts/{site.cohort_id}/enrolments",
                               json={"learners": [{"email": "x@example.org", "full_name": "X", "centre": "C"}]})
    assert response.status_code == 401


def test_a_token_without_the_scope_gets_403_and_the_refusal_is_audited(app, client, site):
    token = site.make_token(site.staff, ["read"])
    response = client.get("/api/v1/reports", headers=bearer(token))
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert response.json["type"].endswith("insufficient-scope")
    assert 'scope="reports:read"' in response.headers["WWW-Authenticate"]
    [event] = audited(app, "api_token_refused")
    assert event.target == token[:12] and "reports:read" in event.details["reason"]


def test_problem_titles_follow_accept_language_and_field_names_stay_english(client, site):
    english = client.get("/api/v1/cohorts").json
    french = client.get("/api/v1/cohorts", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    chinese = client.get("/api/v1/cohorts", headers={"Accept-Language": "zh-CN"})
    assert french.headers["Content-Language"] == "fr" and chinese.headers["Content-Language"] == "zh"
    assert set(french.json) == set(english) == set(chinese.json)
    assert french.json["title"] != english["title"] and chinese.json["title"] != english["title"]
    assert "jeton" in french.json["title"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.json["title"])


def test_every_status_of_the_api_is_a_problem(client, site):
    token = site.make_token(site.staff, ["read"])
    not_found = client.get("/api/v1/cohorts/999999", headers=bearer(token))
    assert not_found.status_code == 404 and not_found.mimetype == PROBLEM
    unknown = client.get("/api/v1/no-such-thing", headers=bearer(token))
    assert unknown.status_code == 404 and unknown.mimetype == PROBLEM
    wrong_method = client.raw.delete("/api/v1/cohorts", headers=bearer(token))
    assert wrong_method.status_code == 405 and wrong_method.mimetype == PROBLEM
    assert "GET" in wrong_method.headers["Allow"]
    bad_limit = client.get("/api/v1/cohorts?limit=1000", headers=bearer(token))
    assert bad_limit.status_code == 400 and bad_limit.json["errors"][0]["parameter"] == "limit"
    nul = client.get("/api/v1/cohorts?region=%00", headers=bearer(token))
    assert nul.status_code == 400 and nul.mimetype == PROBLEM


# What a token's owner sees -------------------------------------------------------------------

def test_a_facilitators_token_sees_only_their_cohorts(client, site):
    token = site.make_token(site.facilitator, ["read"])
    listed = client.get("/api/v1/cohorts", headers=bearer(token)).json["items"]
    assert [c["id"] for c in listed] == [site.cohort_id]
    assert client.get(f"/api/v1/cohorts/{site.cohort_id}", headers=bearer(token)).status_code == 200
    for path in ("", "/enrolments", "/progress", "/submissions"):
        response = client.get(f"/api/v1/cohorts/{site.other_cohort_id}{path}", headers=bearer(token))
        assert response.status_code == 403 and response.mimetype == PROBLEM, path
    # The filters narrow what they see, never widen it.
    assert client.get("/api/v1/cohorts?language=fr", headers=bearer(token)).json["items"] == []
    assert client.get("/api/v1/cohorts?region=africa", headers=bearer(token)).json["items"] == []


def test_a_learners_token_sees_their_own_cohort_but_not_its_people(client, site):
    token = site.make_token(site.classroom.learner, ["read"])
    assert [c["id"] for c in client.get("/api/v1/cohorts", headers=bearer(token)).json["items"]] == [site.cohort_id]
    assert client.get(f"/api/v1/cohorts/{site.cohort_id}/enrolments", headers=bearer(token)).status_code == 403
    assert client.get(f"/api/v1/cohorts/{site.other_cohort_id}", headers=bearer(token)).status_code == 403


def test_staff_filter_cohorts_by_programme_language_and_region(client, site):
    token = site.make_token(site.staff, ["read"])

    def names(query: str) -> list[str]:
        return [c["name"] for c in client.get(f"/api/v1/cohorts?{query}", headers=bearer(token)).json["items"]]

    assert names("language=fr") == names("region=africa") == ["Another facilitator's cohort"]
    assert names("programme=demo-programme&language=en") == ["2026 online edition"]
    assert names("programme=no-such-programme") == []


def test_lists_are_paged_with_a_cursor_a_next_link_or_page_numbers(app, client, site, now):
    with app.app_context():
        programme = db.session.get(Cohort, site.cohort_id).programme
        for n in range(5):
            db.session.add(Cohort(programme=programme, name=f"Extra {n}", language="en", timezone="UTC",
                                  starts_on=now.day(n), ends_on=now.day(90)))
        db.session.commit()
    token = site.make_token(site.staff, ["read"])
    seen, url, pages = [], "/api/v1/cohorts?limit=3", 0
    while url:
        response = client.get(url, headers=bearer(token))
        assert response.status_code == 200
        seen += [c["name"] for c in response.json["items"]]
        url = response.json["next"]
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
            assert "limit=3" in url and "cursor=" in url
        pages += 1
    assert pages == 3 and len(seen) == 7 == len(set(seen))
    second = client.get("/api/v1/cohorts?limit=3&page=2", headers=bearer(token)).json
    assert [c["name"] for c in second["items"]] == seen[3:6] and "page=3" in second["next"]
    broken = client.get("/api/v1/cohorts?cursor=not-a-cursor", headers=bearer(token))
    assert broken.status_code == 400 and broken.json["errors"][0]["parameter"] == "cursor"


# Bulk enrolment ------------------------------------------------------------------------------

def test_bulk_enrolment_is_all_or_nothing(app, client, site, make_centre, mailbox):
    centre = make_centre(name="Kenya Technical Trainers College")
    token = site.make_token(site.facilitator, ["read", "enrolments:write"])
    url = f"/api/v1/cohorts/{site.cohort_id}/enrolments"
    batch = [{"email": "amina@example.org", "full_name": "Amina Odhiambo", "centre": centre.name},
             {"email": "not an address", "full_name": "Broken Row", "centre": centre.name},
             {"email": "li@example.org", "full_name": "", "centre": "No such centre"},
             {"email": site.classroom.learner.email, "full_name": "Awa Sarr", "centre": centre.name}]
    refused = client.raw.post(url, json={"learners": batch}, headers=bearer(token))
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    pointers = [e["pointer"] for e in refused.json["errors"]]
    assert pointers == ["/learners/1", "/learners/2", "/learners/2"]  # every bad row, each problem
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrolment.id))
                                 .where(Enrolment.cohort_id == site.cohort_id)) == 1  # nobody was enrolled
        assert db.session.scalar(select(User).where(User.email == "amina@example.org")) is None

    good = [batch[0], {"email": "li@example.org", "full_name": "Li Wei", "centre": centre.name, "language": "zh"},
            batch[3]]
    done = client.raw.post(url, json={"learners": good}, headers=bearer(token), buffered=True)
    assert done.status_code == 200, done.json
    assert done.json == {"enrolled": [], "invited": ["amina@example.org", "li@example.org"],
                         "skipped": [{"email": site.classroom.learner.email, "reason": "already_enrolled"}]}
    listed = client.get(url, headers=bearer(token)).json["items"]
    assert sorted(e["learner"]["email"] for e in listed) == ["amina@example.org", site.classroom.learner.email,
                                                             "li@example.org"]
    assert len(mailbox.wait_for(2)) == 2  # the invitations, as from the learners' page


def test_bulk_enrolment_needs_its_scope_and_the_cohort(client, site):
    body = {"learners": [{"email": "a@example.org", "full_name": "A", "centre": "C"}]}
    read_only = site.make_token(site.facilitator, ["read"])
    url = f"/api/v1/cohorts/{site.cohort_id}/enrolments"
    assert client.raw.post(url, json=body, headers=bearer(read_only)).status_code == 403
    writer = site.make_token(site.facilitator, ["enrolments:write"])
    other = client.raw.post(f"/api/v1/cohorts/{site.other_cohort_id}/enrolments", json=body, headers=bearer(writer))
    assert other.status_code == 403
    assert client.raw.post(url, data="not json", headers=bearer(writer)).status_code == 415
    empty = client.raw.post(url, json={"learners": []}, headers=bearer(writer))
    assert empty.status_code == 422 and empty.json["errors"][0]["pointer"] == "/learners"


# OAuth 2 client credentials ------------------------------------------------------------------

def register(app, site, scopes=("read",)):
    from lms.api import tokens
    with app.app_context():
        client, secret = tokens.register_client(db.session, db.session.get(User, site.staff.id), "Centre Moodle",
                                                list(scopes))
        db.session.commit()
        return client.client_id, secret, client.id


def test_client_credentials_flow(app, client, site, now):
    client_id, secret, _ = register(app, site, ["read", "reports:read"])
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "scope": "read"},
                               headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    issued = response.json
    assert issued["token_type"] == "Bearer" and issued["expires_in"] == 3600 and issued["scope"] == "read"
    listed = client.get("/api/v1/cohorts", headers=bearer(issued["access_token"]))
    assert listed.status_code == 200 and len(listed.json["items"]) == 2
    # Asked for read only: the report stays closed to this token.
    assert client.get("/api/v1/reports", headers=bearer(issued["access_token"])).status_code == 403
    # In the form instead of Basic; every scope of the client when none is asked for.
    form = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                         "client_secret": secret})
    assert form.status_code == 200 and form.json["scope"] == "read reports:read"
    # RFC 6749 §5.2 errors.
    wrong = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                            headers={"Authorization": "Basic " + base64.b64encode(f"{client_id}:nope".encode())
                                     .decode()})
    assert wrong.status_code == 401 and wrong.json["error"] == "invalid_client"
    assert wrong.headers["WWW-Authenticate"].startswith("Basic")
    grant = client.raw.post("/api/v1/oauth/token", data={"grant_type": "password", "client_id": client_id,
                                                          "client_secret": secret})
    assert grant.status_code == 400 and grant.json["error"] == "unsupported_grant_type"
    scope = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                          "client_secret": secret, "scope": "enrolments:write"})
    assert scope.status_code == 400 and scope.json["error"] == "invalid_scope"
    # An access token lasts an hour.
    now.advance(minutes=61)
    expired = client.get("/api/v1/cohorts", headers=bearer(issued["access_token"]))
    assert expired.status_code == 401 and expired.mimetype == PROBLEM


# Revocation ----------------------------------------------------------------------------------

def test_revoking_a_token_works_at_once(app, client, site):
    token = site.make_token(site.facilitator, ["read"])
    assert client.get("/api/v1/cohorts", headers=bearer(token)).status_code == 200
    client.login(site.facilitator)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    page = client.submit(f"/profile/api-tokens/{token_id}/revoke", {}, page="/profile/api-tokens")
    assert page.status_code == 303
    response = client.get("/api/v1/cohorts", headers=bearer(token))
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert [e.details["reason"] for e in audited(app, "api_token_refused")] == ["revoked"]
    assert len(audited(app, "api_token_revoked")) == 1


def test_revoking_a_client_stops_its_tokens_at_once(app, client, site):
    client_id, secret, row_id = register(app, site)
    issued = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                           "client_secret": secret}).json["access_token"]
    assert client.get("/api/v1/me", headers=bearer(issued)).status_code == 200
    client.login(site.staff)
    assert client.submit(f"/staff/api-clients/{row_id}/revoke", {}, page="/staff/api-clients").status_code == 303
    assert client.get("/api/v1/me", headers=bearer(issued)).status_code == 401
    again = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                          "client_secret": secret})
    assert again.status_code == 401 and again.json["error"] == "invalid_client"
    assert len(audited(app, "api_client_revoked")) == 1 and len(audited(app, "api_client_refused")) == 1


def test_a_deactivated_persons_tokens_stop_working(app, client, site):
    token = site.make_token(site.facilitator, ["read"])
    with app.app_context():
        db.session.get(User, site.facilitator.id).active = False
        db.session.commit()
    assert client.get("/api/v1/cohorts", headers=bearer(token)).status_code == 401
    assert [e.details["reason"] for e in audited(app, "api_token_refused")] == ["owner_deactivated"]


# ETags and rate limits -----------------------------------------------------------------------

def test_a_get_carries_an_etag_and_the_same_version_is_a_304(app, client, site):
    token = site.make_token(site.staff, ["read"])
    first = client.get(f"/api/v1/cohorts/{site.cohort_id}", headers=bearer(token))
    etag = first.headers["ETag"]
    assert etag and "Authorization" in first.headers["Vary"]
    same = client.get(f"/api/v1/cohorts/{site.cohort_id}", headers=bearer(token, **{"If-None-Match": etag}))
    assert same.status_code == 304 and same.get_data() == b"" and same.headers["ETag"] == etag
    with app.app_context():
        db.session.get(Cohort, site.cohort_id).name = "2026 online edition (renamed)"
        db.session.commit()
    changed = client.get(f"/api/v1/cohorts/{site.cohort_id}", headers=bearer(token, **{"If-None-Match": etag}))
    assert changed.status_code == 200 and changed.json["name"].endswith("(renamed)")
    assert changed.headers["ETag"] != etag


def test_a_token_over_its_rate_limit_gets_429_with_retry_after(app, client, site, monkeypatch, now):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 3)
    monkeypatch.setitem(app.config, "API_RATE_WINDOW_SECONDS", 60)
    token, other = site.make_token(site.staff, ["read"]), site.make_token(site.staff, ["read"])
    for _ in range(3):
        assert client.get("/api/v1/programmes", headers=bearer(token)).status_code == 200
        now.advance(seconds=5)
    limited = client.get("/api/v1/programmes", headers=bearer(token))
    assert limited.status_code == 429 and limited.mimetype == PROBLEM
    assert limited.headers["Retry-After"] == "45"  # the first of the three leaves the window then
    assert client.get("/api/v1/programmes", headers=bearer(other)).status_code == 200  # per token
    now.advance(seconds=46)
    assert client.get("/api/v1/programmes", headers=bearer(token)).status_code == 200


# What integrators read -----------------------------------------------------------------------

def test_submissions_show_their_status_and_their_text_only_with_the_scope(app, client, site):
    from lms.courses.models import Activity
    from lms.learning.models import Submission
    with app.app_context():
        activities = list(db.session.scalars(select(Activity).where(Activity.type.in_(("reflection", "action-plan",
                                                                                        "action_plan")))))
        assert activities, "the test programme has written activities"
        db.session.add(Submission(user_id=site.classroom.learner.id, activity_id=activities[0].id,
                                  cohort_id=site.cohort_id, status="submitted", content={"text": "My reflection"}))
        db.session.commit()
    url = f"/api/v1/cohorts/{site.cohort_id}/submissions"
    [plain] = client.get(url, headers=bearer(site.make_token(site.facilitator, ["read"]))).json["items"]
    assert plain["status"] == "submitted" and plain["content"] is None
    full = client.get(url, headers=bearer(site.make_token(site.facilitator, ["read", "submissions:read"])))
    assert full.json["items"][0]["content"] == {"text": "My reflection"}
    assert client.get(url + "?status=draft", headers=bearer(site.make_token(site.facilitator))).json["items"] == []


def test_progress_is_the_progress_pages_figures(client, site):
    token = site.make_token(site.facilitator, ["read"])
    progress = client.get(f"/api/v1/cohorts/{site.cohort_id}/progress", headers=bearer(token)).json
    [row] = progress["learners"]
    assert row["learner"]["full_name"] == "Awa Sarr" and row["percent"] == 0
    assert [m["status"] for m in row["modules"]] == ["not_started"] * len(progress["modules"])


def test_certificates_read_and_verify_as_the_public_page(app, client, site):
    from lms.certificates import services
    from lms.core import clock
    with app.app_context():
        cohort = db.session.get(Cohort, site.cohort_id)
        services._lock_counter(db.session, cohort.programme_id, clock.utcnow().year)
        certificate = services._create(db.session, cohort, db.session.get(User, site.classroom.learner.id),
                                       db.session.get(User, site.staff.id), clock.utcnow().year)
        db.session.commit()
        code, serial, certificate_id = certificate.code, certificate.serial, certificate.id
    token = site.make_token(site.facilitator, ["certificates:read"])
    verified = client.get(f"/api/v1/certificates/verify/{code}", headers=bearer(token))
    public = client.get(f"/verify/{code}.json")
    assert verified.status_code == 200 and verified.json == public.json and verified.json["status"] == "valid"
    [listed] = client.get(f"/api/v1/certificates?serial={serial}", headers=bearer(token)).json["items"]
    assert listed["id"] == certificate_id and listed["holder"] == "Awa Sarr"
    assert client.get(f"/api/v1/certificates/{certificate_id}", headers=bearer(token)).status_code == 200
    read_only = site.make_token(site.facilitator, ["read"])
    assert client.get("/api/v1/certificates", headers=bearer(read_only)).status_code == 403  # not its scope
    missing = client.get("/api/v1/certificates/verify/no-such-code", headers=bearer(token))
    assert missing.status_code == 404 and missing.mimetype == PROBLEM


def test_applications_are_for_staff_tokens_only(app, client, site, now):
    from lms.applications.models import Call
    with app.app_context():
        db.session.add(Call(title={"en": "2027 call"}, description={"en": "D"}, opens_at=now.current,
                            closes_at=now.current + dt.timedelta(days=30), languages=["en"]))
        db.session.commit()
    staff = client.get("/api/v1/calls", headers=bearer(site.make_token(site.staff, ["applications:read"])))
    assert [c["title"]["en"] for c in staff.json["items"]] == ["2027 call"]
    assert staff.json["items"][0]["figures"]["submitted"] == 0
    facilitator = client.get("/api/v1/calls", headers=bearer(site.make_token(site.facilitator, ["applications:read"])))
    assert facilitator.status_code == 403


def test_the_reports_figures_hide_small_cells_as_the_page_does(app, client, site):
    import csv
    import io
    client.login(site.staff)
    page_rows = list(csv.reader(io.StringIO(client.get("/reports/region.csv").get_data(as_text=True))))
    total_row = page_rows[-1]
    figures = client.get("/api/v1/reports", headers=bearer(site.make_token(site.staff, ["reports:read"]))).json
    total = figures["total"]
    assert [total[m]["shown"] for m in ("enrolled", "active", "completed", "certified")] == total_row[1:5]
    assert total["enrolled"] == {"value": None, "shown": "<5"}  # one learner: a small cell, hidden
    assert figures["scope"] == "network"
    mine = client.get("/api/v1/reports", headers=bearer(site.make_token(site.facilitator, ["reports:read"]))).json
    assert mine["scope"] == "own_cohorts"
    learner = client.get("/api/v1/reports", headers=bearer(site.make_token(site.classroom.learner, ["reports:read"])))
    assert learner.status_code == 403


def test_me_tells_whose_token_it_is(client, site):
    token = site.make_token(site.facilitator, ["read", "reports:read"])
    me = client.get("/api/v1/me", headers=bearer(token)).json
    assert me["email"] == site.facilitator.email and me["role"] == Role.facilitator.value
    assert me["scopes"] == ["read", "reports:read"] and token.startswith(me["token_prefix"])


def test_tokens_are_stored_hashed(app, site):
    token = site.make_token(site.staff, ALL_SCOPES)
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
        assert token.startswith(row.prefix) and len(token) > 40


def test_a_facilitators_token_lists_the_cohorts_of_their_dashboard(client, site):
    from tests.conftest import visible_text
    client.login(site.facilitator)
    dashboard = visible_text(client.get("/facilitate").get_data(as_text=True))
    token = site.make_token(site.facilitator, ["read"])
    listed = [c["name"] for c in client.get("/api/v1/cohorts", headers=bearer(token)).json["items"]]
    assert listed == ["2026 online edition"] and listed[0] in dashboard
    assert "Another facilitator's cohort" not in dashboard


def test_prune_forgets_old_rate_counts_and_long_expired_client_tokens(app, client, site, now):
    from lms.core.ratelimit import RateEvent
    client_id, secret, _ = register(app, site)
    issued = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                           "client_secret": secret}).json["access_token"]
    personal = site.make_token(site.staff, ["read"])
    for token in (issued, personal):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    now.advance(days=31)
    result = app.test_cli_runner().invoke(args=["api", "prune"])
    assert result.exit_code == 0 and "2 rate counts and 1 expired client tokens deleted." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(RateEvent.id))) == 0
        assert [t.name for t in db.session.scalars(select(ApiToken))] == ["test"]  # the personal one stays
