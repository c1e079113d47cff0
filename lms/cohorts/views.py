"""Running cohorts: staff create them; their facilitators (and staff) run them."""
from __future__ import annotations

import datetime as dt
import zoneinfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lms.centres.models import Region
from lms.cohorts import facilitation, queries, services
from lms.cohorts.calendar import feed
from lms.cohorts.forms import AnnouncementForm, CohortForm, SessionForm
from lms.cohorts.models import Announcement, Attendance, Cohort, Enrolment, LiveSession
from lms.core.forms import fill_choices, filled
from lms.core.i18n import localized
from lms.core.permissions import Role, require_manage, role_required
from lms.courses import queries as course_queries
from lms.core.urls import external_url
from lms.courses.models import Module, Programme
from lms.extensions import db
from lms.users.models import User

bp = Blueprint("cohorts", __name__)


def managed(cohort_id: int) -> Cohort:
    """The cohort, for its facilitators and staff: 404 if it does not exist, 403 for others.

    Its facilitators come in the same query, as the permission check reads them.
    """
    return require_manage(db.session.get(Cohort, cohort_id, options=[joinedload(Cohort.facilitators)]))


def of_cohort(model, object_id: int, cohort: Cohort):
    """A row (live session, submission) of this cohort, else 404: never one of another cohort."""
    row = db.session.get(model, object_id)
    if row is None or row.cohort_id != cohort.id:
        abort(404)
    return row


# Staff: create and edit ----------------------------------------------------------------

@bp.route("/staff/cohorts")
@role_required(Role.staff)
def staff_list():
    cohorts = db.session.scalars(select(Cohort).options(selectinload(Cohort.facilitators))
                                 .order_by(Cohort.starts_on.desc())).unique().all()
    counts = dict(db.session.execute(select(Enrolment.cohort_id, func.count(Enrolment.id))
                                     .group_by(Enrolment.cohort_id)).all())
    return render_template("cohorts/staff_list.html", cohorts=cohorts, counts=counts)


def _cohort_form(cohort: Cohort | None = None) -> CohortForm:
    form = CohortForm(obj=cohort)
    fill_choices(form)
    form.programme_id.choices = [(p.id, localized(p.title)[0]) for p in db.session.scalars(
        select(Programme).where(Programme.retired_at.is_(None)).order_by(Programme.id))]
    form.region.choices = [("", _("Not one region"))] + [(r.value, r.title) for r in Region]
    form.facilitators.choices = [(u.id, f"{u.full_name} <{u.email}>") for u in db.session.scalars(
        select(User).where(User.role == Role.facilitator, User.active.is_(True)).order_by(User.full_name))]
    if request.method == "GET":
        if cohort is not None:
            form.region.data = cohort.region.value if cohort.region else ""
            form.facilitators.data = [u.id for u in cohort.facilitators]
        else:
            form.timezone.data = "UTC"
    return form


def _cohort_values(form: CohortForm) -> dict:
    return dict(name=form.name.data, language=form.language.data, timezone=form.timezone.data,
                starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                region=Region(form.region.data) if form.region.data else None,
                facilitators=list(db.session.scalars(select(User).where(
                    User.id.in_(form.facilitators.data or []), User.role == Role.facilitator))))


@bp.route("/staff/cohorts/new", methods=["GET", "POST"])
@role_required(Role.staff)
def create():
    form = _cohort_form()
    if form.validate_on_submit():
        values = _cohort_values(form)
        programme = db.session.get(Programme, form.programme_id.data)
        if programme is None:  # gone since the form's choices were read
            abort(404)
        cohort = services.create_cohort(db.session, programme=programme,
                                        **{k: v for k, v in values.items() if k != "region"})
        cohort.region = values["region"]
        db.session.commit()
        flash(_("The cohort %(name)s has been created with a schedule spread over its dates; adjust it below.",
                name=cohort.name), "success")
        return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None), 400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(Role.staff)
def edit(cohort_id: int):
    cohort = managed(cohort_id)
    form = _cohort_form(cohort)
    del form.programme_id  # a cohort keeps its programme
    if form.validate_on_submit():
        services.update_cohort(db.session, cohort, **_cohort_values(form))
        db.session.commit()
        flash(_("The cohort %(name)s has been saved.", name=cohort.name), "success")
        return redirect(url_for("cohorts.overview", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort), 400 if form.errors else 200


# The cohort's own pages -----------------------------------------------------------------

@bp.route("/cohorts/<int:cohort_id>")
@role_required(Role.facilitator, Role.staff)
def overview(cohort_id: int):
    cohort = managed(cohort_id)
    if not cohort.calendar_token:
        services.calendar_token(cohort)
        db.session.commit()
    roster = queries.roster(db.session, cohort)
    return render_template("cohorts/overview.html", cohort=cohort, roster=roster,
                           waiting=queries.waiting_for_review(db.session, cohort),
                           calendar=external_url("cohorts.cohort_calendar", token=cohort.calendar_token))


@bp.route("/cohorts/<int:cohort_id>/schedule", methods=["GET", "POST"])
@role_required(Role.facilitator, Role.staff)
def schedule(cohort_id: int):
    cohort = managed(cohort_id)
    modules = db.session.scalars(select(Module).where(Module.programme_id == cohort.programme_id,
                                                      Module.retired_at.is_(None)).order_by(Module.position)).all()
    entries = {e.module_id: e for e in cohort.schedule}
    zone = zoneinfo.ZoneInfo(cohort.timezone)
    errors: dict[int, str] = {}
    values: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        dates = {}
        for module in modules:
            opens, due = request.form.get(f"opens-{module.id}", ""), request.form.get(f"due-{module.id}", "")
            values[module.id] = (opens, due)
            try:
                opens_on = dt.date.fromisoformat(opens)
                due_on = dt.date.fromisoformat(due) if due else None
            except ValueError:
                errors[module.id] = _("Enter dates such as 2026-09-01.")
                continue
            if due_on and due_on < opens_on:
                errors[module.id] = _("The due date comes before the opening date.")
                continue
            dates[module.id] = (opens_on, due_on)
        if not errors:
            services.set_schedule(db.session, cohort, dates)
            db.session.commit()
            flash(_("The schedule has been saved."), "success")
            return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))
    else:
        for module in modules:
            entry = entries.get(module.id)
            values[module.id] = (entry.opens_at.astimezone(zone).date().isoformat() if entry else "",
                                 entry.due_at.astimezone(zone).date().isoformat() if entry and entry.due_at else "")
    return render_template("cohorts/schedule.html", cohort=cohort, modules=modules, values=values,
                           errors=errors), 400 if errors else 200


@bp.route("/cohorts/<int:cohort_id>/sessions", methods=["GET", "POST"])
@bp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>", methods=["GET", "POST"], endpoint="edit_session")
@role_required(Role.facilitator, Role.staff)
def sessions(cohort_id: int, session_id: int | None = None):
    cohort = managed(cohort_id)
    live = of_cohort(LiveSession, session_id, cohort) if session_id is not None else None
    form = SessionForm()
    if request.method == "GET" and live is not None:
        form.title.data, form.duration.data, form.link.data = live.title, live.duration_minutes, live.link
        form.starts.data = live.starts_at.astimezone(zoneinfo.ZoneInfo(cohort.timezone)).replace(tzinfo=None)
    if form.validate_on_submit():
        facilitation.save_session(db.session, cohort, live, title=filled(form.title.data),
                                  starts_local=filled(form.starts.data), duration_minutes=filled(form.duration.data),
                                  link=filled(form.link.data))
        db.session.commit()
        flash(_("The live session has been saved."), "success")
        return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))
    present = select(func.count(Attendance.user_id)).where(Attendance.session_id == LiveSession.id) \
        .correlate(LiveSession).scalar_subquery()
    listed = db.session.execute(select(LiveSession, present).where(LiveSession.cohort_id == cohort.id)
                                .order_by(LiveSession.starts_at)).all()
    return render_template("cohorts/sessions.html", cohort=cohort, form=form, live=live, listed=listed,
                           plans=course_queries.webinar_plans(db.session, cohort.programme_id)), \
        400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@role_required(Role.facilitator, Role.staff)
def attendance(cohort_id: int, session_id: int):
    cohort = managed(cohort_id)
    live = of_cohort(LiveSession, session_id, cohort)
    learners = db.session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                  .where(Enrolment.cohort_id == cohort.id).order_by(User.full_name)).all()
    if request.method == "POST":
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        facilitation.record_attendance(db.session, live, present, current_user)
        db.session.commit()
        flash(_("Attendance has been recorded."), "success")
        return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))
    return render_template("cohorts/attendance.html", cohort=cohort, live=live, learners=learners,
                           present={u.id for u in live.attendees})


@bp.route("/cohorts/<int:cohort_id>/announcements", methods=["GET", "POST"])
@role_required(Role.facilitator, Role.staff)
def announcements(cohort_id: int):
    cohort = managed(cohort_id)
    form = AnnouncementForm()
    if form.validate_on_submit():
        facilitation.announce(db.session, cohort, current_user, filled(form.title.data), filled(form.body.data))
        db.session.commit()
        flash(_("The announcement has been posted and emailed to the learners."), "success")
        return redirect(url_for("cohorts.announcements", cohort_id=cohort.id))
    posted = db.session.scalars(select(Announcement).options(joinedload(Announcement.author))
                                .where(Announcement.cohort_id == cohort.id)
                                .order_by(Announcement.created_at.desc(), Announcement.id.desc())).all()
    return render_template("cohorts/announcements.html", cohort=cohort, form=form, posted=posted), \
        400 if form.errors else 200


# Calendars: private addresses, readable without signing in ---------------------------

def _ics(name: str, rows) -> Response:
    return Response(feed(name, rows), mimetype="text/calendar",
                    headers={"Cache-Control": "private, max-age=900"})


@bp.route("/calendar/cohorts/<token>.ics")
def cohort_calendar(token: str):
    cohort = db.session.scalar(select(Cohort).where(Cohort.calendar_token == token))
    if cohort is None or len(token) < 20:
        abort(404)
    sessions = db.session.scalars(select(LiveSession).where(LiveSession.cohort_id == cohort.id)
                                  .order_by(LiveSession.starts_at)).all()
    return _ics(cohort.name, [(s, cohort.name) for s in sessions])


@bp.route("/calendar/people/<token>.ics")
def person_calendar(token: str):
    user = db.session.scalar(select(User).where(User.calendar_token == token, User.active.is_(True)))
    if user is None or len(token) < 20:
        abort(404)
    rows = db.session.execute(select(LiveSession, Cohort.name).join(Cohort, Cohort.id == LiveSession.cohort_id)
                              .join(Enrolment, Enrolment.cohort_id == Cohort.id)
                              .where(Enrolment.user_id == user.id).order_by(LiveSession.starts_at)).all()
    return _ics(user.full_name, [(live, name) for live, name in rows])




# The other pages of a cohort register on this blueprint too.
from lms.cohorts import grading_views, people_views  # noqa: E402,F401


# The webinar plans' pages register on this blueprint too.
from lms.cohorts import webinar_views  # noqa: E402,F401
