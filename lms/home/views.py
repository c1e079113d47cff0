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


@page(bp, "/style", roles=PUBLIC)
def style():
    """The design system: tokens, their contrast, and every component as the pages use it."""
    from flask_babel import gettext as _

    from lms.core import design
    from lms.core.charts import Series, bar_chart
    tokens = design.tokens()
    labels = [_("Module 1"), _("Module 2"), _("Module 3")]
    chart = bar_chart("style-chart", _("Learners per module"), _("Done, in progress and overdue, per module."),
                      labels, [Series(_("Done"), [12, 8, 3]), Series(_("In progress"), [5, 9, 10]),
                               Series(_("Overdue"), [1, 2, 4])], stacked=True)
    return render_template("home/style.html", tokens=tokens, colours=design.colours(),
                           pairs=[(pair, pair.ratio(tokens)) for pair in design.PAIRS], chart=chart,
                           labels=labels, chart_values=[(12, 5, 1), (8, 9, 2), (3, 10, 4)])
