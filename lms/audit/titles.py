"""What the audit log's events and their details are called, written once (the log page and its filter)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Failed sign-in"),
    "signed_out_everywhere": _l("Signed out everywhere else"),
    "role_changed": _l("Role changed"),
    "certificate_issued": _l("Certificate issued"),
    "certificate_revoked": _l("Certificate revoked"),
    "certificate_reissued": _l("Certificate reissued"),
    "export": _l("Export of personal data"),
    "personal_data_download": _l("Personal data downloaded"),
    "person_anonymised": _l("Person anonymised"),
    "enrolled_existing_account": _l("Existing account enrolled"),
    "unenrolled": _l("Removed from a cohort"),
    "deadline_extended": _l("More time given to one learner"),
    "deadline_extension_withdrawn": _l("More time for one learner withdrawn"),
    "attempt_granted": _l("Another quiz attempt given to one learner"),
    "live_session_deleted": _l("Live session deleted"),
    "announcement_deleted": _l("Announcement deleted"),
    "group_created": _l("Group created"),
    "group_changed": _l("Group membership changed"),
    "group_deleted": _l("Group deleted"),
    "peer_review_opened": _l("Peer-review round opened"),
    "peer_review_closed": _l("Peer-review round closed"),
    "peer_review_flagged": _l("Peer review flagged as unhelpful"),
    "post_hidden": _l("Post hidden"),
    "post_reported": _l("Post reported"),
    "post_report_resolved": _l("Report on a post resolved"),
    "thread_moved": _l("Thread moved"),
    "thread_pin": _l("Thread pinned"),
    "thread_unpin": _l("Thread unpinned"),
    "thread_lock": _l("Thread locked"),
    "thread_unlock": _l("Thread unlocked"),
    "thread_hide": _l("Thread hidden"),
    "thread_show": _l("Thread shown again"),
    "mentor_matched": _l("Mentor matched to a participant"),
    "mentor_unmatched": _l("Mentoring match ended"),
    "webhook_created": _l("Webhook endpoint added"),
    "webhook_changed": _l("Webhook endpoint changed"),
    "webhook_secret_rotated": _l("Webhook secret replaced"),
    "api_token_created": _l("API token made"),
    "api_token_revoked": _l("API token revoked"),
    "api_token_refused": _l("API token refused"),
    "api_client_created": _l("API client registered"),
    "api_client_revoked": _l("API client revoked"),
    "api_client_refused": _l("API client refused"),
    "api_access_token_issued": _l("API access token issued to a client"),
    "external_identity_linked": _l("Outside sign-in linked to an account"),
    "account_created_by_sign_in": _l("Learner account created at an outside sign-in"),
    "identity_provider_added": _l("Identity provider added"),
    "identity_provider_changed": _l("Identity provider changed"),
    "lti_launch": _l("Launched from an LTI platform"),
    "lti_platform_added": _l("LTI platform registered"),
    "lti_platform_changed": _l("LTI platform changed"),
}

DETAILS = {
    "reason": _l("Reason"), "before": _l("Before"), "after": _l("After"), "cohort": _l("Cohort"),
    "rows": _l("Rows"), "holder": _l("Holder"), "sessions": _l("Sign-ins ended"), "starts_at": _l("Starts"),
    "scopes": _l("Scopes"), "name": _l("Name"), "client": _l("Client"),
    "provider": _l("Identity provider"), "issuer": _l("Issuer"), "source": _l("Through"),
    "module": _l("Module"),
}


def action_title(action: str) -> str:
    return str(ACTIONS.get(action, action.replace("_", " ")))


def detail_items(details: dict[str, Any] | None) -> list[tuple[str, str]]:
    """An event's details as (name, value) pairs for people, not JSON."""
    return [(str(DETAILS.get(key, key.replace("_", " "))), str(value))
            for key, value in sorted((details or {}).items())]
