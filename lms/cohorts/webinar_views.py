"""The plan of each module's live session (webinar.yaml), for the cohort's facilitators and staff."""
from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from lms.cohorts.views import bp, managed
from lms.core.permissions import Role, role_required
from lms.courses.models import Module
from lms.extensions import db


@bp.route("/cohorts/<int:cohort_id>/webinars/<slug>")
@role_required(Role.facilitator, Role.staff)
def webinar_plan(cohort_id: int, slug: str):
    cohort = managed(cohort_id)
    module = db.session.scalar(select(Module).where(Module.programme_id == cohort.programme_id, Module.slug == slug,
                                                    Module.retired_at.is_(None)))
    if module is None or module.webinar_plan is None:
        abort(404)
    return render_template("cohorts/webinar_plan.html", cohort=cohort, module=module, plan=module.webinar_plan)
