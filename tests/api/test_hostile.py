"""The API's own fuzzing, with a token that passes the edge (the route-wide fuzz test's browsers
are refused at it): hostile addresses, parameters, headers and bodies are problems, never a 500."""
from __future__ import annotations

import base64

from lms.api.edge import OPERATIONS
from tests.api.conftest import ALL_SCOPES, bearer
from tests.conftest import COVERAGE

HOSTILE = ["\x00", "9" * 400, "-1", "0", "x" * 20_000, "長" * 3000, "%", "' OR 1=1 --", "../../etc/passwd",
           "\r\nSet-Cookie: x=1", "1e9", "NaN"]
ARGS = ["limit", "cursor", "page", "programme", "language", "region", "status", "serial", "cohort", "by", "view",
        "year", "country", "gender", "centre_type"]


def test_no_api_operation_answers_500_to_hostile_input(app, client, site, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 100_000)
    token = site.make_token(site.staff, ALL_SCOPES)
    answered: dict[int, int] = {}
    for operation in OPERATIONS:
        for value in HOSTILE:
            path = operation.rule
            for part in ("<int:programme_id>", "<int:cohort_id>", "<int:certificate_id>", "<int:call_id>"):
                path = path.replace(part, "2147483648" if value.startswith("9") else str(site.cohort_id))
            path = path.replace("<code>", value.replace("/", "").replace("%", "") or "x")
            query = {name: value for name in ARGS}
            kwargs = {"query_string": query, "headers": bearer(token, **{"Accept-Language": value[:200]
                                                                         .encode("latin-1", "replace").decode("latin-1")
                                                                         .replace("\r\n", "")})}
            if operation.method == "POST":
                kwargs["data"] = "[" * 100_000 + "]" * 100_000 if value == "NaN" else \
                    '{"learners": [{"email": "%s", "full_name": "%s", "centre": "%s"}]}' % ((value.replace(
                        '"', "").replace("\\", ""),) * 3)
                kwargs["content_type"] = "application/json"
            response = client.raw.open(path, method=operation.method, **kwargs)
            answered[response.status_code] = answered.get(response.status_code, 0) + 1
            assert response.status_code < 500, (operation.method, path, value[:20], response.get_data()[:300])
            if response.status_code >= 400:
                assert response.mimetype in ("application/problem+json", "application/json"), path
            COVERAGE["hostile payloads tried"] = COVERAGE.get("hostile payloads tried", 0) + 1
    assert {200, 400, 404} <= set(answered), answered


def test_hostile_credentials_at_the_token_endpoint_are_refused(client, site):
    for header in ("Basic " + "長" * 10, "Basic ===", "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
                   "Basic " + base64.b64encode(b"\x00:\x00").decode(), "Bearer x", "Basic"):
        response = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                                   headers={"Authorization": header.encode("utf-8").decode("latin-1")})
        assert response.status_code in (400, 401), header
    for bearer_value in ("lmsp_" + "\x00" * 40, "lmsp_" + "x" * 5000, "長" * 10, ""):
        response = client.get("/api/v1/me", headers={"Authorization": "Bearer " + bearer_value.encode("utf-8")
                                                     .decode("latin-1")})
        assert response.status_code == 401 and response.mimetype == "application/problem+json"
