"""The profile page, and the staff pages that list, invite and edit people."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from lms.audit import services as audit
from lms.audit.titles import ACTIONS, action_title, detail_items
from lms.auth import sessions
from lms.auth.services import pending_invitation, send_invitation
from lms.centres.models import Centre
from lms.centres.queries import centre_choices
from lms.core.edge import SIGNED_IN, Load, page
from lms.core.forms import add_error, fill_choices, filled
from lms.core.pagination import paginate
from lms.core.permissions import Role
from lms.extensions import db
from lms.users import bp, services
from lms.users.forms import ChangePasswordForm, ProfileForm, UserForm
from lms.users.models import User
from lms.users.queries import user_search

STAFF = [Role.staff]
PERSON = {"user": Load(User, "user_id")}
MANAGES_PERSON = [("manage", "user")]


@page(bp, "/profile", methods=["GET", "POST"], roles=SIGNED_IN)
def profile():
    form = ProfileForm(obj=current_user, prefix="profile")
    password_form = ChangePasswordForm(prefix="password")
    fill_choices(form)
    status = 200
    if request.method == "POST" and "profile-submit" in request.form:
        if form.validate():
            form.populate_obj(current_user)
            flash(_("Your profile has been saved."), "success")
            # The new language takes over from any language chosen earlier in this session.
            return redirect(url_for("users.profile", lang=current_user.language))
        status = 400
    elif request.method == "POST" and "password-submit" in request.form:
        if password_form.validate():
            if current_user.check_password(password_form.current_password.data):
                person = current_user._get_current_object()
                person.set_password(password_form.password.data)
                sessions.end_all(db.session, person)  # every sign-in, this one too: a new one follows
                sessions.start(db.session, person, remember=bool(getattr(sessions.current(), "remember", False)))
                login_user(person)
                flash(_("Your password has been changed. Other devices have been signed out."),
                      "success")
                return redirect(url_for("users.profile"))
            add_error(password_form.current_password, _("This is not your current password."))
        status = 400
    elif request.method == "POST":
        abort(400)
    return render_template("users/profile.html", form=form, password_form=password_form), status


@page(bp, "/profile/sign-out-everywhere", methods=["POST"], roles=SIGNED_IN)
def sign_out_everywhere():
    """End every other sign-in of the person (another browser, a lost phone, a shared computer)."""
    ended = sessions.end_all(db.session, current_user, keep=sessions.current())
    audit.record(db.session, "signed_out_everywhere", current_user.email, sessions=ended)
    flash(_("You have been signed out everywhere else."), "success")
    return redirect(url_for("users.profile"))


# Staff pages ---------------------------------------------------------------------------

def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user)
    fill_choices(form)
    if user is not None and request.method == "GET":
        form.role.data = user.role.value
    form.centre_id.choices = [("", _("No centre")), *centre_choices(db.session)]
    if user is None and request.method == "GET":
        form.language.data = form.language.data or "en"
        form.timezone.data = form.timezone.data or "UTC"
    return form


@page(bp, "/staff/users", roles=STAFF)
def staff_list():
    text = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    role_filter = Role(role) if role in {r.value for r in Role} else None
    page = paginate(db.session, user_search(text, role_filter), request.args.get("page"),
                    current_app.config["USERS_PER_PAGE"])
    return render_template("users/staff_list.html", page=page, q=text, role=role, roles=list(Role))


@page(bp, "/staff/users/new", methods=["GET", "POST"], roles=STAFF)
def staff_create():
    form = _user_form()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                db.session, email=filled(form.email.data), full_name=filled(form.full_name.data),
                role=Role(form.role.data), language=form.language.data,
                timezone=form.timezone.data, position=form.position.data or "",
                gender=form.gender.data, centre=_centre(form.centre_id.data))
        except services.EmailTaken:
            add_error(form.email, _("Another account already uses this email address."))
        else:
            user.active = form.active.data
            send_invitation(db.session, user, invited_by=current_user)
            flash(_("%(name)s has been added and invited by email.", name=user.full_name), "success")
            return redirect(url_for("users.staff_edit", user_id=user.id))
    return render_template("users/staff_form.html", form=form, user=None), 400 if form.errors else 200


@page(bp, "/staff/users/<int:user_id>", methods=["GET", "POST"], roles=STAFF, load=PERSON, allow=MANAGES_PERSON)
def staff_edit(user: User):
    form = _user_form(user)
    if form.validate_on_submit():
        new_role = Role(form.role.data)
        if user.id == current_user.id and (new_role is not Role.staff or not form.active.data):
            add_error(form.role, _("You cannot take away your own staff access."))
        else:
            try:
                services.change_email(db.session, user, filled(form.email.data))
            except services.EmailTaken:
                add_error(form.email, _("Another account already uses this email address."))
            else:
                for field in ("full_name", "language", "timezone", "position", "gender", "active"):
                    setattr(user, field, getattr(form, field).data)
                if user.role is not new_role:
                    audit.record(db.session, "role_changed", user.email, before=user.role.value, after=new_role.value)
                user.role = new_role
                user.centre = _centre(form.centre_id.data)
                flash(_("The account of %(name)s has been saved.", name=user.full_name), "success")
                return redirect(url_for("users.staff_edit", user_id=user.id))
    return render_template("users/staff_form.html", form=form, user=user,
                           invitation=pending_invitation(db.session, user)), 400 if form.errors else 200


@page(bp, "/staff/users/<int:user_id>/invite", methods=["POST"], roles=STAFF, load=PERSON, allow=MANAGES_PERSON)
def staff_resend_invitation(user: User):
    if user.has_password:
        flash(_("%(name)s has already set a password.", name=user.full_name), "info")
    else:
        send_invitation(db.session, user, invited_by=current_user)
        flash(_("A new invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("users.staff_edit", user_id=user.id))


def _centre(centre_id: int | None) -> Centre | None:
    return db.session.get(Centre, centre_id) if centre_id else None


# The download is recorded in the audit log: a GET declared to write.
@page(bp, "/profile/data.json", roles=SIGNED_IN, writes_on_get=True)
def my_data():
    """Everything the platform holds about the signed-in person, as a file to keep."""
    from flask import jsonify

    from lms.users.personal_data import export
    response = jsonify(export(db.session, current_user))
    audit.record(db.session, "personal_data_download", current_user.email)
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@page(bp, "/staff/users/<int:user_id>/anonymise", methods=["POST"], roles=STAFF, load=PERSON,
      allow=MANAGES_PERSON)
def staff_anonymise(user: User):
    from lms.users.personal_data import anonymise
    if user.id == current_user.id:
        abort(400)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm: anonymising cannot be undone."), "error")
        return redirect(url_for("users.staff_edit", user_id=user.id))
    anonymise(db.session, user, current_user)
    flash(_("The person has been anonymised; their figures still count in reports."), "success")
    return redirect(url_for("users.staff_edit", user_id=user.id))


@page(bp, "/staff/audit", roles=STAFF)
def audit_log():
    from sqlalchemy import select

    from lms.audit.models import AuditEvent
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    action = request.args.get("action", "")
    if action:
        query = query.where(AuditEvent.action == action)
    page = paginate(db.session, query, request.args.get("page"), 100)
    return render_template("users/audit.html", page=page, action=action, actions=list(ACTIONS),
                           action_title=action_title, detail_items=detail_items)
