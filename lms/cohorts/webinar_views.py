"""The plan of each module's live session (webinar.yaml), for the cohort's facilitators and staff."""
from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from lms.cohorts import bp
from lms.cohorts.loaders import MANAGED, RUNS_COHORT
from lms.cohorts.models import Cohort
from lms.core.edge import page
from lms.core.permissions import Role
from lms.courses.models import Module
from lms.extensions import db


@page(bp, "/cohorts/<int:cohort_id>/webinars/<slug>", roles=[Role.facilitator, Role.staff], load=MANAGED,
      allow=RUNS_COHORT)
def webinar_plan(cohort: Cohort, slug: str):
    module = db.session.scalar(select(Module).where(Module.programme_id == cohort.programme_id, Module.slug == slug,
                                                    Module.retired_at.is_(None)))
    if module is None or module.webinar_plan is None:
        abort(404)
    return render_template("cohorts/webinar_plan.html", cohort=cohort, module=module, plan=module.webinar_plan)
