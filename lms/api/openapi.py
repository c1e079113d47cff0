"""The OpenAPI 3.1 document of the API, built from the operations' declarations (lms/api/edge.py)
and the schemas here, so that a route cannot exist without being described."""
from __future__ import annotations

import re
from typing import Any

from flask import current_app

from lms.api.edge import OPERATIONS, PREFIX, Operation, operation
from lms.api.problems import PROBLEM_JSON, TYPE
from lms.api.scopes import DESCRIPTIONS

NULLABLE_STRING = {"type": ["string", "null"]}
DATE_TIME = {"type": "string", "format": "date-time"}
MAYBE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
TEXTS = {"type": "object", "additionalProperties": {"type": "string"},
         "description": "A text in each language it exists in: {\"en\": ..., \"zh\": ..., \"fr\": ...}."}
INTEGER = {"type": "integer"}


def _object(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required, **extra}


def _list_of(item: str) -> dict[str, Any]:
    return _object({"items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
                    "next": {"type": ["string", "null"], "format": "uri",
                             "description": "The next page's address (also in the `Link` header), null at the end."}})


PERSON = _object({"id": INTEGER, "full_name": {"type": "string"}})
MEASURE = _object({"value": {"type": ["integer", "null"], "description": "null when suppressed"},
                   "shown": {"type": "string", "description": "as the page's tables show it: a number, `<5` or `x`"}})
MEASURES = {m: {"$ref": "#/components/schemas/Measure"} for m in ("enrolled", "active", "completed", "certified")}
GENDERS = ("female", "male", "other", "undisclosed", "not_stated")
CELLS = _object({**MEASURES,
                 "by_gender": _object({g: _object(MEASURES) for g in GENDERS}),
                 "enrolment_gpi": {"type": ["number", "null"]}, "completion_gpi": {"type": ["number", "null"]}})

SCHEMAS: dict[str, Any] = {
    "Problem": _object({
        "type": {"type": "string", "format": "uri-reference",
                 "description": f"`about:blank` for a plain HTTP status, else `{TYPE}<name>`"},
        "title": {"type": "string", "description": "In the language of Accept-Language (en, zh or fr)"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"}, "instance": {"type": "string"},
        "errors": {"type": "array", "items": _object({"pointer": {"type": "string"}, "parameter": {"type": "string"},
                                                      "detail": {"type": "string"}}, ["detail"])},
    }, ["type", "title", "status"], description="RFC 9457 problem details"),
    "OAuthError": _object({"error": {"type": "string", "enum": ["invalid_request", "invalid_client",
                                                                  "unsupported_grant_type", "invalid_scope"]},
                           "error_description": {"type": "string"}, "type": {"type": "string"},
                           "title": {"type": "string"}, "status": INTEGER, "detail": {"type": "string"}},
                          ["error", "error_description"], description="RFC 6749 §5.2, with problem-details members"),
    "OpenApiDocument": {"type": "object"},
    "Me": _object({"id": INTEGER, "full_name": {"type": "string"}, "email": {"type": "string"},
                   "role": {"type": "string", "enum": ["learner", "facilitator", "staff"]},
                   "scopes": {"type": "array", "items": {"type": "string", "enum": list(DESCRIPTIONS)}},
                   "token_prefix": {"type": "string"}, "expires_at": MAYBE_DATE_TIME}),
    "TokenRequest": _object({"grant_type": {"type": "string", "enum": ["client_credentials"]},
                             "client_id": {"type": "string"}, "client_secret": {"type": "string"},
                             "scope": {"type": "string", "description": "space-separated"}}, ["grant_type"]),
    "AccessToken": _object({"access_token": {"type": "string"}, "token_type": {"type": "string", "enum": ["Bearer"]},
                            "expires_in": INTEGER, "scope": {"type": "string"}}),
    "Module": _object({"id": INTEGER, "slug": {"type": "string"}, "position": INTEGER, "title": TEXTS,
                       "summary": TEXTS}),
    "Programme": _object({"id": INTEGER, "slug": {"type": "string"}, "title": TEXTS, "summary": TEXTS,
                          "languages": {"type": "array", "items": {"type": "string"}},
                          "modules": {"type": "array", "items": {"$ref": "#/components/schemas/Module"}}}),
    "ProgrammeList": _list_of("Programme"),
    "Cohort": _object({"id": INTEGER, "name": {"type": "string"},
                       "programme": _object({"id": INTEGER, "slug": {"type": "string"}}),
                       "language": {"type": "string"}, "region": NULLABLE_STRING, "timezone": {"type": "string"},
                       "starts_on": {"type": "string", "format": "date"},
                       "ends_on": {"type": "string", "format": "date"},
                       "facilitators": {"type": "array", "items": PERSON},
                       "learners": {"type": "integer", "description": "in a cohort's own answer only"}},
                      ["id", "name", "programme", "language", "region", "timezone", "starts_on", "ends_on",
                       "facilitators"]),
    "CohortList": _list_of("Cohort"),
    "Enrolment": _object({"id": INTEGER, "enrolled_at": DATE_TIME,
                          "learner": _object({"id": INTEGER, "full_name": {"type": "string"},
                                              "email": {"type": "string"}})}),
    "EnrolmentList": _list_of("Enrolment"),
    "EnrolmentRequest": _object({"learners": {"type": "array", "minItems": 1, "maxItems": 5000, "items": _object({
        "email": {"type": "string"}, "full_name": {"type": "string"},
        "centre": {"type": "string", "description": "a UNEVOC Centre's name as the platform lists it"},
        "position": {"type": "string"}, "language": {"type": "string", "enum": ["", "en", "zh", "fr"]},
        "gender": {"type": "string"}}, ["email", "full_name", "centre"])}}),
    "EnrolmentResult": _object({
        "enrolled": {"type": "array", "items": {"type": "string"}, "description": "people with an account, enrolled"},
        "invited": {"type": "array", "items": {"type": "string"},
                    "description": "people without one: an account made, enrolled and invited by email"},
        "skipped": {"type": "array", "items": _object({"email": {"type": "string"},
                                                       "reason": {"type": "string", "enum": ["already_enrolled"]}})}}),
    "Progress": _object({
        "modules": {"type": "array", "items": _object({"id": INTEGER, "slug": {"type": "string"}, "title": TEXTS})},
        "learners": {"type": "array", "items": _object({
            "learner": _object({"id": INTEGER, "full_name": {"type": "string"}, "email": {"type": "string"}}),
            "percent": {"type": "integer", "minimum": 0, "maximum": 100}, "modules_done": INTEGER,
            "at_risk": {"type": "boolean"}, "last_active": MAYBE_DATE_TIME, "sessions_attended": INTEGER,
            "modules": {"type": "array", "items": _object({
                "module_id": INTEGER, "status": {"type": "string", "enum": ["done", "in_progress", "overdue",
                                                                            "not_started"]},
                "done": INTEGER, "total": INTEGER})}})}}),
    "Submission": _object({"id": INTEGER, "learner_id": INTEGER,
                           "activity": _object({"id": INTEGER, "slug": NULLABLE_STRING, "type": NULLABLE_STRING}),
                           "status": {"type": "string", "enum": ["draft", "submitted", "returned", "accepted"]},
                           "submitted_at": MAYBE_DATE_TIME, "updated_at": DATE_TIME,
                           "content": {"type": ["object", "null"],
                                       "description": "only with the submissions:read scope, never for a draft"}}),
    "SubmissionList": _list_of("Submission"),
    "Verification": _object({"status": {"type": "string", "enum": ["valid", "revoked"]},
                             "serial": {"type": "string"}, "holder": {"type": "string"},
                             "programme": {"type": "string"}, "cohort": {"type": "string"},
                             "issued_on": {"type": "string", "format": "date"},
                             "revoked_on": {"type": ["string", "null"], "format": "date"},
                             "revocation_reason": NULLABLE_STRING, "replaced_by": NULLABLE_STRING,
                             "replaces": NULLABLE_STRING, "credential_status": {"type": "object"}}),
    "Call": _object({"id": INTEGER, "title": TEXTS, "programme_id": {"type": ["integer", "null"]},
                     "opens_at": DATE_TIME, "closes_at": DATE_TIME, "places": INTEGER,
                     "languages": {"type": "array", "items": {"type": "string"}},
                     "cohort_ids": {"type": "array", "items": INTEGER},
                     "figures": {"type": "object", "additionalProperties": {"type": "integer"}}}),
    "CallList": _list_of("Call"),
    "Application": _object({"id": INTEGER, "full_name": {"type": "string"}, "email": {"type": "string"},
                            "institution": {"type": "string"}, "country": NULLABLE_STRING, "region": NULLABLE_STRING,
                            "language": {"type": "string"}, "status": {"type": "string"},
                            "submitted_at": MAYBE_DATE_TIME, "eligible": {"type": "boolean"},
                            "endorsed": {"type": "boolean"}, "decision": NULLABLE_STRING,
                            "selected": {"type": "boolean"}, "user_id": {"type": ["integer", "null"]}}),
    "ApplicationList": _list_of("Application"),
    "Measure": MEASURE,
    "Report": _object({"scope": {"type": "string", "enum": ["network", "own_cohorts"]},
                       "built_at": MAYBE_DATE_TIME, "by": {"type": "string"}, "total": CELLS,
                       "breakdown": {"type": "array", "items": {
                           "allOf": [CELLS, _object({"key": NULLABLE_STRING, "label": {"type": "string"}})]}}}),
}
SCHEMAS["Certificate"] = {"allOf": [{"$ref": "#/components/schemas/Verification"},
                                    _object({"id": INTEGER, "cohort_id": INTEGER, "holder_id": INTEGER,
                                             "verification_url": {"type": "string", "format": "uri"}})]}
SCHEMAS["CertificateList"] = _list_of("Certificate")

PROBLEM_TITLES = {400: "A parameter is not valid", 401: "No valid token",
                  403: "Not allowed (scope, role or permission)",
                  404: "Not found", 409: "Conflicts with the current state", 415: "Not JSON",
                  422: "The data sent is not valid", 429: "Too many requests"}


def _problem(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {"description": PROBLEM_TITLES[status],
                                "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"required": True, "schema": {"type": "string"},
                                                    "description": "Bearer"}}
    if status == 429:
        response["headers"] = {"Retry-After": {"required": True, "schema": {"type": "integer"},
                                               "description": "seconds to wait"}}
    return response


def _path(rule: str) -> tuple[str, list[str]]:
    names = re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule)
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule), names


def _operation(op: Operation) -> dict[str, Any]:
    _template, names = _path(op.rule)
    parameters = []
    for name in names:
        schema = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1} if f"<int:{name}>" in op.rule \
            else {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "^[A-Za-z0-9_-]+$"}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    for param in op.query:
        parameters.append({"name": param.name, "in": "query", "required": param.required,
                           "description": param.description, "schema": dict(param.schema)})
    if not op.public:
        parameters.append({"name": "Accept-Language", "in": "header", "required": False,
                           "description": "The language of problems' titles: en, zh or fr.",
                           "schema": {"type": "string", "enum": ["en", "zh", "fr"]}})
    ok: dict[str, Any] = {"description": op.summary,
                          "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.response}"}}}}
    if op.method == "GET":
        ok["headers"] = {"ETag": {"required": True, "schema": {"type": "string"}}}
        if op.paginated:
            ok["headers"]["Link"] = {"required": False, "schema": {"type": "string"},
                                     "description": 'rel="next", when there is a next page'}
    responses: dict[str, Any] = {str(op.status): ok}
    if op.method == "GET":
        responses["304"] = {"description": "Not modified: the If-None-Match ETag is current"}
    statuses = set(op.problems)
    if op.query or op.paginated:
        statuses.add(400)
    if not op.public:
        statuses.update({401, 403, 429})
    if op.load or names:
        statuses.add(404)
    if op.method == "POST" and not op.public:
        statuses.update({409, 422})
    for status in sorted(statuses):
        responses[str(status)] = _problem(status)
    if op.endpoint == "api.token":
        responses = {"200": ok, **{str(s): {"description": d, "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/OAuthError"}}}} for s, d in ((400, "invalid_request, "
                                                                             "unsupported_grant_type or invalid_scope"),
                                                                            (401, "invalid_client"),
                                                                            (429, "too many failed attempts"))}}
    document: dict[str, Any] = {"operationId": op.endpoint.removeprefix("api."), "summary": op.summary,
                                "tags": [op.tag], "parameters": parameters, "responses": responses}
    if op.description:
        document["description"] = op.description
    if op.public:
        document["security"] = []
    elif op.scope:
        document["security"] = [{"bearer": []}, {"clientCredentials": [op.scope]}]
        document["description"] = (document.get("description", "") + f"\n\nScope: `{op.scope}`.").strip()
    if op.body == "TokenRequest":
        document["requestBody"] = {"required": True, "content": {"application/x-www-form-urlencoded": {
            "schema": {"$ref": "#/components/schemas/TokenRequest"}}}}
    elif op.body:
        document["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{op.body}"}}}}
    return document


def document() -> dict[str, Any]:
    base = current_app.config["BASE_URL"].rstrip("/")
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        path, _names = _path(op.rule)
        paths.setdefault(path.removeprefix(PREFIX) or "/", {})[op.method.lower()] = _operation(op)
    scopes = "\n".join(f"- `{name}`: {text}" for name, text in DESCRIPTIONS.items())
    return {
        "openapi": "3.1.0",
        "info": {"title": "UNEVOC TVET Leadership Programme platform API", "version": "1",
                 "description": "Programmes, cohorts, enrolments, progress, certificates, applications and the "
                                "network report, for the systems around the platform. A token acts as its owner: "
                                "it sees what its owner sees on the pages.\n\nScopes:\n" + scopes +
                                "\n\nEvery error is an RFC 9457 problem (`application/problem+json`); a method an "
                                "address does not accept is a 405 problem with an `Allow` header."},
        "servers": [{"url": base + PREFIX}],
        "security": [{"bearer": []}, {"clientCredentials": []}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "A personal access token (made on the profile page, `lmsp_...`) or an "
                                          "access token from /oauth/token (`lmsa_...`)."},
                "clientCredentials": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": base + PREFIX + "/oauth/token", "scopes": DESCRIPTIONS}}},
            },
        },
    }


@operation("/openapi.json", public=True, summary="This document", tag="meta", response="OpenApiDocument")
def openapi():
    return document()
