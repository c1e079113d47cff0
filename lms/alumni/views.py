"""The alumni directory, a graduate's profile in it, and leaving it."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.alumni import bp, loaders, services
from lms.alumni.forms import ProfileForm, SearchForm
from lms.alumni.models import THEMES, WORK_LANGUAGES
from lms.alumni.permissions import Alumnus, Directory
from lms.centres.models import Region
from lms.core.edge import SIGNED_IN, page
from lms.core.pagination import paginate
from lms.core.permissions import Role
from lms.extensions import db


def _known(value: str | None, known) -> str | None:
    """A search value the directory knows, else None (anything typed into the address is ignored)."""
    return value if value in known else None


@page(bp, "/alumni", roles=SIGNED_IN, load={"directory": loaders.directory}, allow=[("view", "directory")])
def directory(directory: Directory):
    form = SearchForm(request.args)
    region = _known(request.args.get("region"), {r.value for r in Region})
    language = _known(request.args.get("language"), WORK_LANGUAGES)
    theme = _known(request.args.get("theme"), THEMES)
    text = (form.q.data or "")[:100]
    query = services.directory_query(region=Region(region) if region else None, language=language, theme=theme,
                                     text=text)
    listed = paginate(db.session, query, request.args.get("page"), current_app.config["POSTS_PER_PAGE"])
    graduate = current_user.role is Role.learner and services.is_graduate(db.session, current_user)
    own = services.profile_of(db.session, current_user) if graduate else None
    return render_template("alumni/directory.html", form=form, page=listed, graduate=graduate, own=own,
                           searched=bool(region or language or theme or text), theme_titles=services.theme_titles)


@page(bp, "/alumni/profile", methods=["GET", "POST"], roles=[Role.learner], load={"me": loaders.me},
      allow=[("join", "me")])
def profile(me: Alumnus):
    own = services.profile_of(db.session, me.user)
    form = ProfileForm(obj=None)
    if request.method == "GET" and own is not None:
        form.listed.data, form.languages.data = own.listed, own.languages
        form.themes.data, form.achievements.data = own.themes, own.achievements
    if form.validate_on_submit():
        saved = services.save_profile(db.session, me.user, listed=bool(form.listed.data),
                                      languages=form.languages.data or [], themes=form.themes.data or [],
                                      achievements=form.achievements.data or "")
        flash(_("You are in the alumni directory.") if saved.listed
              else _("Your profile is saved; you are not in the alumni directory."), "success")
        return redirect(url_for("alumni.profile"))
    return render_template("alumni/profile.html", form=form, own=own), 400 if form.errors else 200


@page(bp, "/alumni/profile/withdraw", methods=["POST"], roles=[Role.learner], load={"me": loaders.me},
      allow=[("join", "me")])
def withdraw(me: Alumnus):
    services.withdraw(db.session, me.user)
    flash(_("You have left the alumni directory: nobody sees your profile any more."), "success")
    return redirect(url_for("alumni.profile"))
