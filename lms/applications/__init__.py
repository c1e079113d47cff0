"""Applications and selection: a public call, applying without an account, endorsement, review,
a balanced selection and the decisions that turn the selected into enrolled learners.

The pages (public_views.py for applicants and endorsers, staff_views.py for the programme team,
review_views.py for reviewers) register on the blueprint declared here.
"""
from flask import Blueprint

bp = Blueprint("applications", __name__)


@bp.app_context_processor
def _open_calls() -> dict:
    """In every template: `open_calls()`, for the sign-in page's link, and a call's rules in words."""
    def open_calls() -> list:
        from lms.applications.queries import open_calls as query
        from lms.extensions import db
        return query(db.session)
    def all_calls() -> list:
        from lms.applications.queries import all_calls as query
        from lms.extensions import db
        return query(db.session)

    def eligible_roles(call) -> list[str]:
        from lms.applications.models import ApplicantRole
        return [ApplicantRole(v).title for v in call.eligible_roles]

    def eligible_types(call) -> list[str]:
        from lms.applications.models import InstitutionType
        return [InstitutionType(v).title for v in call.eligible_institution_types]

    def eligible_lists(call) -> list[str]:
        from lms.applications.forms import LIST_TITLES
        return [str(LIST_TITLES[v]) for v in call.country_lists if v in LIST_TITLES]

    return {"open_calls": open_calls, "all_calls": all_calls, "eligible_roles": eligible_roles,
            "eligible_types": eligible_types, "eligible_lists": eligible_lists}
