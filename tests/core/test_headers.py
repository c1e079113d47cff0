"""Every response carries the security headers; HSTS only over https."""
from __future__ import annotations

from lms import create_app
from tests.conftest import test_config
from tests.learning.conftest import classroom  # noqa: F401


def test_pages_forbid_inline_script_framing_and_sniffing(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_no_page_carries_inline_script_or_style(client, make_user):
    client.login(make_user())
    for url in ("/login", "/learn", "/profile"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html and "<style" not in html, url


def test_hsts_when_served_over_https(database_url, smtp_server, tmp_path):
    app = create_app({**test_config(database_url, tmp_path, smtp_server[1]), "BASE_URL": "https://lms.example.org"})
    response = app.test_client().get("/healthz", base_url="https://lms.example.org")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    app.extensions["lms-db"].engine.dispose()


def test_personal_pages_and_exports_are_never_kept_by_a_shared_cache(client, classroom, make_client):  # noqa: F811
    assert "private" not in client.get("/login").headers.get("Cache-Control", "")  # a public page
    client.login(classroom.learner)
    for path in ("/learn", "/profile", f"/learn/cohorts/{classroom.cohort_id}/modules/first"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "private, no-cache", path
        assert "Cookie" in response.headers["Vary"], path
    assert client.get("/profile/data.json").headers["Cache-Control"] == "private, no-store"
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    for path in (f"/cohorts/{classroom.cohort_id}/gradebook.csv", f"/cohorts/{classroom.cohort_id}/gradebook.xlsx"):
        assert facilitator.get(path).headers["Cache-Control"] == "private, no-store", path
