"""The OpenAPI document, checked by independent implementations: openapi-spec-validator says it is
valid OpenAPI 3.1, and Schemathesis generates requests from it to every operation of the live app
(through WSGI) and checks every answer against it: its status, content type, headers and schema,
and never a 500."""
from __future__ import annotations

import re

import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
from schemathesis import checks

from lms.api.edge import OPERATIONS
from tests.api.conftest import ALL_SCOPES, bearer
from tests.conftest import COVERAGE

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance]


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.1")
    validate(document, cls=OpenAPIV31SpecValidator)
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    flow = schemes["clientCredentials"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"].endswith("/api/v1/oauth/token")
    assert set(flow["scopes"]) == set(ALL_SCOPES)


def test_every_api_route_is_in_the_document_and_every_documented_one_is_a_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
            routed |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented
    # And each documented operation declares its problems, a 401 with the Bearer challenge among them.
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if operation.get("security") != []:
                assert operation["responses"]["401"]["headers"]["WWW-Authenticate"]["required"], (method, path)
                assert "429" in operation["responses"], (method, path)


def test_every_declared_operation_is_reachable_through_the_edge(app):
    """No /api/v1 route bypasses the API's edge (which authenticates, counts and answers problems)."""
    declared = {op.endpoint for op in OPERATIONS}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            assert rule.endpoint in declared
            assert hasattr(app.view_functions[rule.endpoint], "operation")


def test_every_operations_answers_conform_to_the_document(app, site, monkeypatch):
    """Hypothesis draws each operation's cases from the document (Schemathesis' strategies); each
    answer is checked against the document by Schemathesis."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 100_000)
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    token = site.make_token(site.staff, ALL_SCOPES)
    failures: list = []
    answered: dict[int, int] = {}
    operations = [result.ok() for result in loaded.get_all_operations()]
    declared = {f"{op.method} " + re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", op.rule).removeprefix("/api/v1")
                for op in OPERATIONS}
    assert {o.label for o in operations} == declared - {"GET /openapi.json"}  # (its own address: left out)
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            # Schemathesis' WSGI transport does not undo gzip, which the app applies to large answers.
            response = case.call(headers=bearer(token, **{"Accept-Encoding": "identity"}))
            answered[response.status_code] = answered.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as error:  # every failure of every operation, for whoever fixes them
                failures.append((case.operation.label, response.status_code, str(error)[:600]))
            COVERAGE["API requests checked by Schemathesis"] = \
                COVERAGE.get("API requests checked by Schemathesis", 0) + 1

        check()
    assert failures == []
    assert answered.get(200, 0) > len(operations) and not any(status >= 500 for status in answered), answered
    assert {400, 404} <= set(answered), answered


def test_real_answers_of_each_operation_conform_to_the_document(app, client, site, make_centre):
    """The generated cases mostly meet unknown ids; here each operation answers about real rows,
    and Schemathesis checks those answers too."""
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    centre = make_centre(name="Centre for the check")
    token = site.make_token(site.staff, ALL_SCOPES)
    cohort = site.cohort_id
    calls = [("GET", "/me", {}), ("GET", "/programmes", {}), ("GET", "/programmes/{programme_id}",
                                                                {"programme_id": 1}),
             ("GET", "/cohorts", {}), ("GET", "/cohorts/{cohort_id}", {"cohort_id": cohort}),
             ("GET", "/cohorts/{cohort_id}/enrolments", {"cohort_id": cohort}),
             ("GET", "/cohorts/{cohort_id}/progress", {"cohort_id": cohort}),
             ("GET", "/cohorts/{cohort_id}/submissions", {"cohort_id": cohort}),
             ("GET", "/certificates", {}), ("GET", "/calls", {}), ("GET", "/reports", {}),
             ("GET", "/openapi.json", {})]
    for method, path, path_parameters in calls:
        operation = loaded[path][method]
        case = operation.Case(path_parameters=path_parameters)
        response = case.call(headers=bearer(token, **{"Accept-Encoding": "identity"}))
        assert response.status_code == 200, (path, response.text[:300])
        case.validate_response(response, checks=CHECKS)
    enrol = loaded["/cohorts/{cohort_id}/enrolments"]["POST"]
    for body in ({"learners": [{"email": "new@example.org", "full_name": "New Learner", "centre": centre.name}]},
                 {"learners": [{"email": "bad", "full_name": "", "centre": "?"}]}):
        case = enrol.Case(path_parameters={"cohort_id": cohort}, body=body, media_type="application/json")
        response = case.call(headers=bearer(token, **{"Accept-Encoding": "identity"}))
        assert response.status_code in (200, 422)
        case.validate_response(response, checks=CHECKS)
