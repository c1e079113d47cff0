"""A cohort's discussions: its forums, threads and replies, reports and moderation."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from lms.cohorts.models import Cohort
from lms.community import bp, discussions, loaders
from lms.community.forms import EditForm, ReplyForm, ReportForm, ThreadForm
from lms.community.models import Post, PostReport, Thread
from lms.core.edge import SIGNED_IN, page
from lms.core.forms import fill_choices, filled
from lms.core.i18n import current_language
from lms.core.pagination import paginate
from lms.core.permissions import Role, can, can_manage
from lms.extensions import db

IN_COHORT = {"cohort": loaders.cohort}
SEES_COHORT = [("view", "cohort")]
RUNS_COHORT = [("manage", "cohort")]
RUNNERS = [Role.facilitator, Role.staff]


def _language_form(form_class, **kwargs):
    form = form_class(**kwargs)
    fill_choices(form)
    if request.method == "GET" and not form.language.data:
        form.language.data = current_user.language
    return form


def _too_fast() -> str:
    return _("You have posted several messages in a short time. Please wait a few minutes and send it "
             "again: your text is kept below.")


@page(bp, "/cohorts/<int:cohort_id>/discussions", roles=SIGNED_IN, load=IN_COHORT, allow=SEES_COHORT)
def index(cohort: Cohort):
    listed = discussions.forums(db.session, cohort, current_user)
    manager = can_manage(current_user, cohort)
    counts = {}
    for module_id, group_id, threads, latest in db.session.execute(
            select(Thread.module_id, Thread.group_id, func.count(Thread.id), func.max(Thread.last_post_at))
            .where(Thread.cohort_id == cohort.id, *(() if manager else (Thread.hidden_at.is_(None),)))
            .group_by(Thread.module_id, Thread.group_id)):
        counts[(module_id, group_id)] = (threads, latest)
    rows = [(f, counts.get((f.module.id if f.module else None, f.group.id if f.group else None), (0, None)))
            for f in listed]
    open_reports = db.session.scalar(
        select(func.count(PostReport.id)).join(Post, Post.id == PostReport.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Thread.cohort_id == cohort.id, PostReport.resolved_at.is_(None))) if manager else 0
    return render_template("community/index.html", cohort=cohort, rows=rows, manager=manager,
                           open_reports=open_reports)


@page(bp, "/cohorts/<int:cohort_id>/discussions/<forum>", methods=["GET", "POST"], roles=SIGNED_IN,
      load={**IN_COHORT, "forum": loaders.forum}, allow=[*SEES_COHORT, ("view", "forum")])
def forum(cohort: Cohort, forum: discussions.Forum):
    form = _language_form(ThreadForm)
    status = 200
    if form.validate_on_submit():
        try:
            thread = discussions.start_thread(db.session, forum, current_user, title=filled(form.title.data),
                                              body=filled(form.body.data), language=filled(form.language.data))
        except discussions.PostingTooFast:
            flash(_too_fast(), "error")
            status = 429
        else:
            flash(_("Your thread has been posted."), "success")
            return redirect(url_for("community.thread", cohort_id=cohort.id, thread_id=thread.id))
    manager = can_manage(current_user, cohort)
    query = select(Thread).options(joinedload(Thread.author)).where(
        Thread.cohort_id == cohort.id,
        Thread.module_id.is_(None) if forum.module is None else Thread.module_id == forum.module.id,
        Thread.group_id.is_(None) if forum.group is None else Thread.group_id == forum.group.id)
    if not manager:
        query = query.where(Thread.hidden_at.is_(None))
    listed = paginate(db.session, query.order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc()),
                      request.args.get("page"), current_app.config["POSTS_PER_PAGE"])
    counts = dict(db.session.execute(select(Post.thread_id, func.count(Post.id))
                                     .where(Post.thread_id.in_([t.id for t in listed.items]))
                                     .group_by(Post.thread_id)).all()) if listed.items else {}
    if form.errors and status == 200:
        status = 400
    return render_template("community/forum.html", cohort=cohort, forum=forum, form=form, page=listed,
                           counts=counts, manager=manager), status


def _posts_page(thread: Thread, first_mine: bool):
    query = select(Post).options(joinedload(Post.author)).where(Post.thread_id == thread.id)
    order: list = [Post.created_at, Post.id]
    if first_mine:
        order = [case((Post.language == current_language(), 0), else_=1), *order]
    return paginate(db.session, query.order_by(*order), request.args.get("page"),
                    current_app.config["POSTS_PER_PAGE"])


@page(bp, "/cohorts/<int:cohort_id>/discussions/threads/<int:thread_id>", methods=["GET", "POST"],
      roles=SIGNED_IN, load={**IN_COHORT, "thread": loaders.thread}, allow=[*SEES_COHORT, ("view", "thread")])
def thread(cohort: Cohort, thread: Thread):
    form = _language_form(ReplyForm)
    status = 200
    if request.method == "POST":
        if not can(current_user, "reply", thread):
            abort(403)
        if form.validate_on_submit():
            try:
                post = discussions.reply(db.session, thread, current_user, body=filled(form.body.data),
                                         language=filled(form.language.data))
            except discussions.PostingTooFast:
                flash(_too_fast(), "error")
                status = 429
            else:
                flash(_("Your reply has been posted."), "success")
                total = db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread.id)) or 1
                last = -(-total // current_app.config["POSTS_PER_PAGE"])
                return redirect(url_for("community.thread", cohort_id=cohort.id, thread_id=thread.id,
                                        page=last if last > 1 else None, _anchor=f"post-{post.id}"))
        else:
            status = 400
    first_mine = request.args.get("first") == "mine"
    listed = _posts_page(thread, first_mine)
    forum = discussions.forum_of(db.session, thread)
    manager = can_manage(current_user, cohort)
    targets = discussions.forums(db.session, cohort, current_user) if manager else []
    title_language = db.session.scalar(select(Post.language).where(Post.thread_id == thread.id)
                                       .order_by(Post.created_at, Post.id).limit(1))
    return render_template("community/thread.html", cohort=cohort, thread=thread, forum=forum, form=form,
                           page=listed, manager=manager, first_mine=first_mine, targets=targets,
                           title_language=title_language or current_language(),
                           can_reply=can(current_user, "reply", thread),
                           editable=lambda p: discussions.editable(p, current_user)), status


@page(bp, "/cohorts/<int:cohort_id>/discussions/threads/<int:thread_id>/moderate", methods=["POST"],
      roles=RUNNERS, load={**IN_COHORT, "thread": loaders.thread}, allow=[*RUNS_COHORT, ("manage", "thread")])
def moderate(cohort: Cohort, thread: Thread):
    action = request.form.get("action", "")
    if action == "move":
        target = discussions.find_forum(db.session, cohort, request.form.get("forum", ""))
        if target is None:
            flash(_("Choose the forum to move the thread to."), "error")
        else:
            discussions.move(db.session, thread, current_user, target)
            flash(_("The thread has been moved to %(forum)s.", forum=target.title), "success")
    elif action in discussions.THREAD_ACTIONS:
        discussions.moderate(db.session, thread, current_user, action)
        flash(_("The thread has been changed."), "success")
    else:
        abort(400)
    return redirect(url_for("community.thread", cohort_id=cohort.id, thread_id=thread.id))


@page(bp, "/cohorts/<int:cohort_id>/discussions/posts/<int:post_id>/edit", methods=["GET", "POST"],
      roles=SIGNED_IN, load={**IN_COHORT, "post": loaders.post}, allow=[*SEES_COHORT, ("edit", "post")])
def edit_post(cohort: Cohort, post: Post):
    opening = db.session.scalar(select(Post.id).where(Post.thread_id == post.thread_id)
                                .order_by(Post.created_at, Post.id).limit(1)) == post.id
    form = _language_form(EditForm, obj=post)
    title = request.form.get("title", post.thread.title).strip()[:200] if opening else None
    if form.validate_on_submit() and (title is None or title):
        discussions.edit_post(db.session, post, body=filled(form.body.data), language=filled(form.language.data),
                              title=title)
        flash(_("Your post has been corrected."), "success")
        return redirect(url_for("community.thread", cohort_id=cohort.id, thread_id=post.thread_id,
                                _anchor=f"post-{post.id}"))
    return render_template("community/edit.html", cohort=cohort, post=post, form=form, title=title), \
        400 if request.method == "POST" else 200


@page(bp, "/cohorts/<int:cohort_id>/discussions/posts/<int:post_id>/report", methods=["GET", "POST"],
      roles=SIGNED_IN, load={**IN_COHORT, "post": loaders.post}, allow=[*SEES_COHORT, ("report", "post")])
def report_post(cohort: Cohort, post: Post):
    form = ReportForm()
    if form.validate_on_submit():
        if discussions.report(db.session, post, current_user, filled(form.reason.data)):
            flash(_("Thank you: the facilitators will look at this post."), "success")
        else:
            flash(_("You had reported this post already; the facilitators will look at it."), "info")
        return redirect(url_for("community.thread", cohort_id=cohort.id, thread_id=post.thread_id))
    return render_template("community/report.html", cohort=cohort, post=post, form=form), \
        400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/discussions/posts/<int:post_id>/hide", methods=["POST"],
      roles=RUNNERS, load={**IN_COHORT, "post": loaders.post}, allow=[*RUNS_COHORT, ("manage", "post")])
def hide_post(cohort: Cohort, post: Post):
    hidden = request.form.get("hidden") != "0"
    discussions.set_post_hidden(db.session, post, current_user, hidden)
    flash(_("The post has been hidden.") if hidden else _("The post is shown again."), "success")
    back = request.form.get("back")
    if back == "reports":
        return redirect(url_for("community.reports", cohort_id=cohort.id))
    return redirect(url_for("community.thread", cohort_id=cohort.id, thread_id=post.thread_id,
                            _anchor=f"post-{post.id}"))


@page(bp, "/cohorts/<int:cohort_id>/discussion-reports", roles=RUNNERS, load=IN_COHORT, allow=RUNS_COHORT)
def reports(cohort: Cohort):
    query = (select(PostReport).options(joinedload(PostReport.post).joinedload(Post.author),
                                        joinedload(PostReport.reporter))
             .join(Post, Post.id == PostReport.post_id).join(Thread, Thread.id == Post.thread_id)
             .where(Thread.cohort_id == cohort.id, PostReport.resolved_at.is_(None))
             .order_by(PostReport.created_at, PostReport.id))
    listed = paginate(db.session, query, request.args.get("page"), current_app.config["POSTS_PER_PAGE"])
    return render_template("community/reports.html", cohort=cohort, page=listed)


@page(bp, "/cohorts/<int:cohort_id>/discussion-reports/<int:report_id>/resolve", methods=["POST"], roles=RUNNERS,
      load={**IN_COHORT, "report": loaders.report}, allow=RUNS_COHORT)
def resolve_report(cohort: Cohort, report: PostReport):
    if report.resolved_at is None:
        discussions.resolve_report(db.session, report, current_user)
    flash(_("The report has been dealt with."), "success")
    return redirect(url_for("community.reports", cohort_id=cohort.id))
