"""Staff pages to list, create and edit UNEVOC Centres."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lms.centres import services
from lms.centres.forms import CentreForm
from lms.centres.models import Centre, MemberType, Region
from lms.centres.queries import centre_search, people_per_centre
from lms.core.forms import add_error, filled
from lms.core.permissions import Role, require_manage, role_required
from lms.extensions import db
from lms.core.pagination import paginate

bp = Blueprint("centres", __name__, url_prefix="/staff/centres")


@bp.route("/")
@role_required(Role.staff)
def index():
    text = request.args.get("q", "").strip()[:100]
    region = request.args.get("region", "")
    region_filter = Region(region) if region in {r.value for r in Region} else None
    page = paginate(db.session, centre_search(text, region_filter),
                    request.args.get("page", 1, type=int), current_app.config["USERS_PER_PAGE"])
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
    db.session.commit()
    flash(_("The centre %(name)s has been saved.", name=saved.name), "success")
    return redirect(url_for("centres.index"))


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.staff)
def create():
    form = CentreForm()
    if form.validate_on_submit():
        response = _save(form, None)
        if response is not None:
            return response
    return render_template("centres/form.html", form=form, centre=None), 400 if form.errors else 200


@bp.route("/<int:centre_id>", methods=["GET", "POST"])
@role_required(Role.staff)
def edit(centre_id: int):
    centre = require_manage(db.session.get(Centre, centre_id))
    form = CentreForm(obj=centre)
    if request.method == "GET":
        form.region.data = centre.region.value
        form.member_type.data = centre.member_type.value
    if form.validate_on_submit():
        response = _save(form, centre)
        if response is not None:
            return response
    return render_template("centres/form.html", form=form, centre=centre), 400 if form.errors else 200
