"""Messages in a cohort: facilitators to one learner or a filtered set, learners to their facilitators."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.cohorts import queries as cohort_queries
from lms.cohorts.models import Cohort
from lms.community import bp, groups, loaders, messages
from lms.community.forms import AnswerForm, MessageForm
from lms.community.models import Conversation, Group, Message
from lms.core.edge import SIGNED_IN, page
from lms.core.forms import filled
from lms.core.pagination import paginate
from lms.core.permissions import can_manage
from lms.extensions import db
from lms.users.models import User

IN_COHORT = {"cohort": loaders.cohort}


def _recipients(cohort: Cohort) -> tuple[list[tuple[str, str]], dict[str, list[User]]]:
    """What a facilitator may write to: every learner, those at risk, a group, or one learner."""
    learners = groups.learners(db.session, cohort)
    by_id = {u.id: u for u in learners}
    at_risk = [by_id[row.learner.id] for row in cohort_queries.roster(db.session, cohort).rows
               if row.at_risk and row.learner.id in by_id]
    sets: dict[str, list[User]] = {"all": learners, "at-risk": at_risk}
    choices = [("all", _("Every learner (%(count)s)", count=len(learners))),
               ("at-risk", _("Learners at risk (%(count)s)", count=len(at_risk)))]
    for group in db.session.scalars(select(Group).options(selectinload(Group.members))
                                    .where(Group.cohort_id == cohort.id).order_by(Group.name)):
        sets[f"g-{group.id}"] = [m for m in group.members if m.id in by_id]
        choices.append((f"g-{group.id}", _("Group: %(name)s", name=group.name)))
    for learner in learners:
        sets[f"u-{learner.id}"] = [learner]
        choices.append((f"u-{learner.id}", learner.full_name))
    return choices, sets


@page(bp, "/cohorts/<int:cohort_id>/messages", methods=["GET", "POST"], roles=SIGNED_IN, load=IN_COHORT,
      allow=[("view", "cohort")])
def messages_list(cohort: Cohort):
    manager = can_manage(current_user, cohort)
    form = MessageForm()
    sets: dict[str, list[User]] = {}
    if manager:
        form.to.choices, sets = _recipients(cohort)
    else:
        del form.to
    if form.validate_on_submit():
        if manager:
            chosen = sets.get(filled(form.to.data), [])
            for learner in chosen:
                messages.start(db.session, cohort, current_user, [learner], filled(form.subject.data),
                               filled(form.body.data))
            flash(_("Your message has been sent to %(count)s learners, each in a conversation of their own.",
                    count=len(chosen)), "success")
        else:
            conversation = messages.start(db.session, cohort, current_user, list(cohort.facilitators),
                                          filled(form.subject.data), filled(form.body.data))
            flash(_("Your message has been sent to your facilitators."), "success")
            return redirect(url_for("community.conversation", cohort_id=cohort.id, conversation_id=conversation.id))
        return redirect(url_for("community.messages_list", cohort_id=cohort.id))
    query = (select(Conversation).options(selectinload(Conversation.members))
             .where(Conversation.cohort_id == cohort.id, Conversation.members.any(User.id == current_user.id))
             .order_by(Conversation.last_message_at.desc(), Conversation.id.desc()))
    listed = paginate(db.session, query, request.args.get("page"), current_app.config["POSTS_PER_PAGE"])
    return render_template("community/messages.html", cohort=cohort, form=form, page=listed, manager=manager), \
        400 if form.errors else 200


def _conversation(cohort: Cohort, conversation_id: int) -> Conversation | None:
    """A conversation of this cohort that the reader takes part in (anyone else: not found)."""
    found = db.session.get(Conversation, conversation_id)
    if found is None or found.cohort_id != cohort.id or current_user not in found.members:
        return None
    return found


@page(bp, "/cohorts/<int:cohort_id>/messages/<int:conversation_id>", methods=["GET", "POST"], roles=SIGNED_IN,
      load=IN_COHORT, allow=[("view", "cohort")])
def conversation(cohort: Cohort, conversation_id: int):
    found = _conversation(cohort, conversation_id)
    if found is None:
        from flask import abort
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        messages.write(db.session, found, current_user, filled(form.body.data))
        flash(_("Your answer has been sent."), "success")
        return redirect(url_for("community.conversation", cohort_id=cohort.id, conversation_id=found.id))
    shown = db.session.scalars(select(Message).options(selectinload(Message.author))
                               .where(Message.conversation_id == found.id)
                               .order_by(Message.created_at, Message.id)).all()
    return render_template("community/conversation.html", cohort=cohort, conversation=found, shown=shown,
                           form=form, manager=can_manage(current_user, cohort)), 400 if form.errors else 200
