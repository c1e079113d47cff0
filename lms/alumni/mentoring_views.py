"""Mentoring: a graduate offers to mentor, a participant says what they want help with, the
facilitators of a cohort match them, and the two write to each other."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.alumni import bp, loaders, services
from lms.alumni.forms import MatchForm, VolunteerForm, WishForm
from lms.alumni.models import MentoringWish, MentorMatch
from lms.alumni.permissions import Alumnus
from lms.cohorts import loaders as cohort_loaders
from lms.cohorts.models import Cohort
from lms.community import groups, messages
from lms.community.forms import AnswerForm
from lms.community.models import Conversation, Message
from lms.core import clock
from lms.core.edge import SIGNED_IN, page
from lms.core.forms import filled
from lms.core.permissions import Role
from lms.core.urls import external_url
from lms.extensions import db
from lms.users.models import User

IN_COHORT = {"cohort": cohort_loaders.cohort}
RUNS_COHORT = [("manage", "cohort")]
# How many suggestions the facilitator sees for each participant.
SHOWN_SUGGESTIONS = 3


@page(bp, "/alumni/mentoring", methods=["GET", "POST"], roles=[Role.learner], load={"me": loaders.me},
      allow=[("mentoring", "me")])
def mentoring(me: Alumnus):
    graduate = services.is_graduate(db.session, me.user)
    own = services.profile_of(db.session, me.user)
    wish = db.session.get(MentoringWish, me.user.id)
    form: VolunteerForm | WishForm = VolunteerForm() if graduate else WishForm()
    if request.method == "GET":
        if isinstance(form, VolunteerForm) and own is not None:
            form.mentoring.data, form.capacity.data = own.mentoring, own.capacity
            form.languages.data, form.themes.data = own.languages, own.themes
        elif isinstance(form, WishForm) and wish is not None:
            form.themes.data = wish.themes
    if form.validate_on_submit():
        if isinstance(form, VolunteerForm):
            saved = services.volunteer(db.session, me.user, mentoring=bool(form.mentoring.data),
                                       capacity=filled(form.capacity.data), languages=form.languages.data or [],
                                       themes=form.themes.data or [])
            flash(_("Thank you: facilitators can now match you to a participant.") if saved.mentoring
                  else _("You no longer offer to mentor; your current mentees keep you."), "success")
        else:
            services.save_wish(db.session, me.user, form.themes.data or [])
            flash(_("Your facilitators will see what you would like help with."), "success")
        return redirect(url_for("alumni.mentoring"))
    return render_template("alumni/mentoring.html", form=form, graduate=graduate,
                           mentees=services.current_matches(db.session, mentor=me.user),
                           mentors=services.current_matches(db.session, mentee=me.user),
                           theme_titles=services.theme_titles), 400 if form.errors else 200


def _conversation(found: MentorMatch) -> Conversation:
    conversation = db.session.get(Conversation, found.conversation_id) if found.conversation_id else None
    if conversation is None:
        abort(404)
    return conversation


@page(bp, "/alumni/mentoring/<int:match_id>", methods=["GET", "POST"], roles=SIGNED_IN,
      load={"found": loaders.match}, allow=[("converse", "found")])
def match_page(found: MentorMatch):
    conversation = _conversation(found)
    form = AnswerForm()
    if found.current and form.validate_on_submit():
        messages.write(db.session, conversation, current_user, filled(form.body.data),
                       link=external_url("alumni.match_page", match_id=found.id))
        flash(_("Your message has been sent."), "success")
        return redirect(url_for("alumni.match_page", match_id=found.id))
    shown = db.session.scalars(select(Message).options(selectinload(Message.author))
                               .where(Message.conversation_id == conversation.id)
                               .order_by(Message.created_at, Message.id)).all()
    return render_template("alumni/match.html", found=found, conversation=conversation, shown=shown, form=form,
                           cohort=db.session.get(Cohort, found.cohort_id)), 400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/mentors", roles=[Role.facilitator, Role.staff], load=IN_COHORT,
      allow=RUNS_COHORT)
def cohort_mentors(cohort: Cohort):
    participants = groups.learners(db.session, cohort)
    matches = {m.mentee_id: m for m in services.current_matches(db.session, cohort=cohort)}
    offers = services.volunteers(db.session)
    load = services.mentee_counts(db.session)
    wishes = {w.user_id: w for w in db.session.scalars(
        select(MentoringWish).where(MentoringWish.user_id.in_([p.id for p in participants])))}
    waiting = [(p, wishes.get(p.id),
                services.suggestions(cohort, p, wishes.get(p.id), offers, load)[:SHOWN_SUGGESTIONS])
               for p in participants if p.id not in matches]
    return render_template("alumni/cohort_mentors.html", cohort=cohort, matches=list(matches.values()),
                           waiting=waiting, offers=offers, load=load, theme_titles=services.theme_titles,
                           points=(services.REGION_POINTS, services.LANGUAGE_POINTS, services.THEME_POINTS))


@page(bp, "/cohorts/<int:cohort_id>/mentors/match", methods=["POST"], roles=[Role.facilitator, Role.staff],
      load=IN_COHORT, allow=RUNS_COHORT)
def match(cohort: Cohort):
    participants = {str(p.id): p for p in groups.learners(db.session, cohort)}
    offers = {str(o.user_id): o.user for o in services.volunteers(db.session)}
    form = MatchForm()
    form.mentee.choices = [(key, p.full_name) for key, p in participants.items()]
    form.mentor.choices = [(key, u.full_name) for key, u in offers.items()]
    if not form.validate_on_submit():
        flash(_("Choose a participant and a mentor who offers to mentor."), "error")
        return redirect(url_for("alumni.cohort_mentors", cohort_id=cohort.id))
    mentor: User = offers[filled(form.mentor.data)]
    mentee: User = participants[filled(form.mentee.data)]
    try:
        services.match(db.session, cohort, mentor, mentee, current_user)
    except services.MatchRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("alumni.cohort_mentors", cohort_id=cohort.id))
    flash(_("%(mentor)s now mentors %(mentee)s; both have been told.", mentor=mentor.full_name,
            mentee=mentee.full_name), "success")
    return redirect(url_for("alumni.cohort_mentors", cohort_id=cohort.id))


@page(bp, "/cohorts/<int:cohort_id>/mentors/<int:match_id>/end", methods=["POST"],
      roles=[Role.facilitator, Role.staff], load={**IN_COHORT, "found": loaders.cohort_match},
      allow=[*RUNS_COHORT, ("manage", "found")])
def end_match(cohort: Cohort, found: MentorMatch):
    services.end_match(db.session, found, current_user)
    flash(_("The mentoring of %(mentee)s by %(mentor)s has ended.", mentee=found.mentee.full_name,
            mentor=found.mentor.full_name), "success")
    return redirect(url_for("alumni.cohort_mentors", cohort_id=cohort.id))


@bp.app_context_processor
def _mentoring_on_pages() -> dict:
    """The dashboard shows a learner's mentor and mentees, and the way to the directory to those
    who may open it (graduates and current learners: read from what the dashboard shows already,
    so that it costs one query)."""
    def mentoring_summary(certificates: list, overviews: list) -> dict:
        if not current_user.is_authenticated or current_user.role is not Role.learner:
            return {}
        matches = services.matches_of(db.session, current_user)
        today = clock.utcnow().date()
        return {"mentors": [m for m in matches if m.mentee_id == current_user.id],
                "mentees": [m for m in matches if m.mentor_id == current_user.id],
                "graduate": any(not c.revoked for c in certificates),
                "current": any(o.cohort.ends_on >= today for o in overviews)}
    return {"mentoring_summary": mentoring_summary}
