"""Where each role lands: the learner's, the facilitator's and the staff dashboard."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from lms.centres.queries import count_by_region
from lms.cohorts.queries import facilitated_by
from lms.core.edge import PUBLIC, page
from lms.core.permissions import Role
from lms.extensions import db
from lms.home import bp
from lms.mail.services import pending_count
from lms.users.queries import count_by_role

DASHBOARDS = {Role.learner: "learning.dashboard", Role.facilitator: "home.facilitator",
              Role.staff: "home.staff"}


@page(bp, "/", roles=PUBLIC)
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(DASHBOARDS[current_user.role]))


@page(bp, "/facilitate", roles=[Role.facilitator])
def facilitator():
    return render_template("home/facilitator.html", cohorts=facilitated_by(db.session, current_user.id))


@page(bp, "/staff", roles=[Role.staff])
def staff():
    return render_template("home/staff.html", people=count_by_role(db.session),
                           regions=count_by_region(db.session),
                           outbox_pending=pending_count(db.session))
