"""The facilitator's page for a cohort's groups."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.cohorts.models import Cohort
from lms.community import bp, groups, loaders
from lms.community.forms import GroupForm, SplitForm
from lms.community.models import Group
from lms.core.edge import page
from lms.core.forms import filled
from lms.core.permissions import Role
from lms.extensions import db

IN_COHORT = {"cohort": loaders.cohort}
RUNNERS = [Role.facilitator, Role.staff]
RUNS_COHORT = [("manage", "cohort")]


def _chosen(cohort: Cohort) -> list:
    wanted = {int(v) for v in request.form.getlist("member") if v.isascii() and v.isdigit() and len(v) < 12}
    return [u for u in groups.learners(db.session, cohort) if u.id in wanted]


@page(bp, "/cohorts/<int:cohort_id>/groups", methods=["GET", "POST"], roles=RUNNERS, load=IN_COHORT,
      allow=RUNS_COHORT)
def group_list(cohort: Cohort):
    form, split_form = GroupForm(prefix="one"), SplitForm(prefix="split")
    if request.method == "POST" and request.form.get("make") == "one" and form.validate():
        group = groups.create(db.session, cohort, filled(form.name.data), _chosen(cohort), current_user)
        flash(_("The group %(name)s has been created.", name=group.name), "success")
        return redirect(url_for("community.group_list", cohort_id=cohort.id))
    if request.method == "POST" and request.form.get("make") == "split" and split_form.validate():
        made = groups.split(db.session, cohort, filled(split_form.how.data), current_user,
                            size=split_form.size.data or 5)
        flash(_("%(count)s groups have been created.", count=len(made)), "success")
        return redirect(url_for("community.group_list", cohort_id=cohort.id))
    listed = db.session.query(Group).filter(Group.cohort_id == cohort.id).order_by(Group.name, Group.id).all()
    failed = request.method == "POST"
    return render_template("community/groups.html", cohort=cohort, form=form, split_form=split_form, groups=listed,
                           learners=groups.learners(db.session, cohort)), 400 if failed else 200


@page(bp, "/cohorts/<int:cohort_id>/groups/<int:group_id>", methods=["POST"], roles=RUNNERS,
      load={**IN_COHORT, "group": loaders.group}, allow=RUNS_COHORT)
def change_group(cohort: Cohort, group: Group):
    if request.form.get("delete") == "yes":
        groups.delete(db.session, group, current_user)
        flash(_("The group has been deleted."), "success")
    else:
        groups.set_members(db.session, group, _chosen(cohort), current_user)
        flash(_("The group's members have been saved."), "success")
    return redirect(url_for("community.group_list", cohort_id=cohort.id))
