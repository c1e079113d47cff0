"""What a token may be used for: each scope opens a set of operations (the OpenAPI document lists them)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Scope: what it allows, for the token and client forms and the OpenAPI document.
SCOPES = {
    "read": _l("Read programmes, cohorts, enrolments, progress and the status of submitted work"),
    "submissions:read": _l("Read the text of submitted work (with “read”)"),
    "enrolments:write": _l("Enrol learners in cohorts"),
    "certificates:read": _l("Read and verify certificates"),
    "reports:read": _l("Read the network report's figures"),
    "applications:read": _l("Read calls for applications and their applications (staff only)"),
}

# In English for the OpenAPI document, which is read by programs and developers.
DESCRIPTIONS = {
    "read": "Programmes, cohorts, enrolments, learners' progress and the status of submitted work.",
    "submissions:read": "The text of submitted work, in addition to `read`.",
    "enrolments:write": "Enrol learners in cohorts (bulk, all or nothing).",
    "certificates:read": "Certificates: list, read, verify.",
    "reports:read": "The network report's figures, with small cells suppressed as on the page.",
    "applications:read": "Calls for applications and their applications (the token's owner must be staff).",
}


def choices() -> list[tuple[str, str]]:
    return [(name, str(title)) for name, title in SCOPES.items()]
