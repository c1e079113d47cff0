"""Staff pages to list, create and edit UNEVOC Centres."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lms.centres import bp, services
from lms.centres.forms import CentreForm
from lms.centres.models import Centre, MemberType, Region
from lms.centres.queries import centre_search, people_per_centre
from lms.core.forms import add_error, filled
from lms.core.edge import Load, page
from lms.core.pagination import paginate
from lms.core.permissions import Role
from lms.extensions import db

STAFF = [Role.staff]


@page(bp, "/", roles=STAFF)
def index():
    text = request.args.get("q", "").strip()[:100]
    region = request.args.get("region", "")
    region_filter = Region(region) if region in {r.value for r in Region} else None
    page = paginate(db.session, centre_search(text, region_filter),
                    request.args.get("page"), current_app.config["USERS_PER_PAGE"])
    people = people_per_centre(db.session, [c.id for c in page.items])
    return render_template("centres/index.html", page=page, people=people, q=text,
                           region=region, regions=list(Region))


def _save(form: CentreForm, centre: Centre | None):
    try:
        saved = services.save_centre(db.session, centre, name=filled(form.name.data),
                                     country=form.country.data, region=Region(form.region.data),
                                     member_type=MemberType(form.member_type.data),
                                     city=form.city.data or "")
    except services.CentreNameTaken:
        add_error(form.name, _("Another centre already has this name."))
        return None
    flash(_("The centre %(name)s has been saved.", name=saved.name), "success")
    return redirect(url_for("centres.index"))


@page(bp, "/new", methods=["GET", "POST"], roles=STAFF)
def create():
    form = CentreForm()
    if form.validate_on_submit():
        response = _save(form, None)
        if response is not None:
            return response
    return render_template("centres/form.html", form=form, centre=None), 400 if form.errors else 200


@page(bp, "/<int:centre_id>", methods=["GET", "POST"], roles=STAFF, load={"centre": Load(Centre, "centre_id")},
      allow=[("manage", "centre")])
def edit(centre: Centre):
    form = CentreForm(obj=centre)
    if request.method == "GET":
        form.region.data = centre.region.value
        form.member_type.data = centre.member_type.value
    if form.validate_on_submit():
        response = _save(form, centre)
        if response is not None:
            return response
    return render_template("centres/form.html", form=form, centre=centre), 400 if form.errors else 200
