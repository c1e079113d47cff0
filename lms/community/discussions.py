"""What changes a cohort's discussions: threads, replies, edits, reports and moderation."""
from __future__ import annotations

import dataclasses
import datetime as dt

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.cohorts.models import Cohort, Enrolment
from lms.community import notifications
from lms.community.models import Group, Kind, Post, PostReport, Thread
from lms.core import clock, ratelimit
from lms.core.i18n import localized
from lms.core.permissions import can_manage
from lms.courses.models import Module
from lms.users.models import User

GENERAL = "general"


@dataclasses.dataclass(frozen=True)
class Forum:
    """One of a cohort's forums: the general one, a module's or a group's. Not a table: a thread
    says which forum it is in by its module and group, so moving one changes those."""

    cohort: Cohort
    module: Module | None = None
    group: Group | None = None

    @property
    def key(self) -> str:
        """How the forum is named in addresses: `general`, `m-<module slug>` or `g-<group id>`."""
        if self.module is not None:
            return f"m-{self.module.slug}"
        if self.group is not None:
            return f"g-{self.group.id}"
        return GENERAL

    @property
    def title(self) -> str:
        if self.module is not None:
            return localized(self.module.title)[0]
        if self.group is not None:
            return _("Group: %(name)s", name=self.group.name)
        return _("General discussion")

    def holds(self, thread: Thread) -> bool:
        return (thread.module_id == (self.module.id if self.module else None)
                and thread.group_id == (self.group.id if self.group else None))


def find_forum(session: Session, cohort: Cohort, key: str) -> Forum | None:
    """The forum named `key` in this cohort, or None (for any key no forum could have, such as
    one holding a NUL, which PostgreSQL refuses in a query)."""
    if not key.isprintable() or len(key) > 110:
        return None
    if key == GENERAL:
        return Forum(cohort)
    if key.startswith("m-"):
        module = session.scalar(select(Module).where(Module.programme_id == cohort.programme_id,
                                                     Module.slug == key[2:], Module.retired_at.is_(None)))
        return Forum(cohort, module=module) if module is not None else None
    if key.startswith("g-") and key[2:].isascii() and key[2:].isdigit() and len(key) < 12:
        group = session.get(Group, int(key[2:]))
        return Forum(cohort, group=group) if group is not None and group.cohort_id == cohort.id else None
    return None


def forum_of(session: Session, thread: Thread) -> Forum:
    cohort = session.get(Cohort, thread.cohort_id)
    assert cohort is not None
    module = session.get(Module, thread.module_id) if thread.module_id else None
    group = session.get(Group, thread.group_id) if thread.group_id else None
    return Forum(cohort, module=module, group=group)


def forums(session: Session, cohort: Cohort, user: User) -> list[Forum]:
    """The forums `user` may read in `cohort`: the general one, one per module, and their groups'
    (every group's, for those who run the cohort)."""
    modules = session.scalars(select(Module).where(Module.programme_id == cohort.programme_id,
                                                   Module.retired_at.is_(None)).order_by(Module.position))
    groups = select(Group).where(Group.cohort_id == cohort.id).order_by(Group.name, Group.id)
    if not can_manage(user, cohort):
        groups = groups.where(Group.members.any(User.id == user.id))
    return [Forum(cohort), *(Forum(cohort, module=m) for m in modules),
            *(Forum(cohort, group=g) for g in session.scalars(groups))]


class PostingTooFast(Exception):
    """More posts in the window than POSTS_PER_WINDOW: the text is kept and the person asked to wait."""


def _check_rate(session: Session, user: User) -> None:
    config = current_app.config
    window = dt.timedelta(minutes=config["POSTS_WINDOW_MINUTES"])
    if ratelimit.exceeded(session, "post", str(user.id), config["POSTS_PER_WINDOW"], window):
        raise PostingTooFast()
    ratelimit.record(session, "post", str(user.id))


def start_thread(session: Session, forum: Forum, author: User, *, title: str, body: str,
                 language: str) -> Thread:
    """A new thread in `forum`, its opening post written by `author`."""
    _check_rate(session, author)
    now = clock.utcnow()
    thread = Thread(cohort_id=forum.cohort.id, module_id=forum.module.id if forum.module else None,
                    group_id=forum.group.id if forum.group else None, author_id=author.id,
                    title=title.strip(), created_at=now, last_post_at=now)
    thread.posts.append(Post(author_id=author.id, body=body.strip(), language=language, created_at=now))
    session.add(thread)
    session.flush()
    _tell(session, thread, thread.posts[0], author, set())
    return thread


def reply(session: Session, thread: Thread, author: User, *, body: str, language: str) -> Post:
    """A reply to `thread`; everyone else who wrote in it is notified, in their own language."""
    _check_rate(session, author)
    now = clock.utcnow()
    post = Post(thread=thread, author_id=author.id, body=body.strip(), language=language, created_at=now)
    session.add(post)
    thread.last_post_at = now
    session.flush()
    participants = set(session.scalars(select(Post.author_id).where(Post.thread_id == thread.id,
                                                                    Post.removed.is_(False))))
    _tell(session, thread, post, author, participants)
    return post


def _tell(session: Session, thread: Thread, post: Post, author: User, participants: set[int | None]) -> None:
    """Those who wrote in the thread hear of a reply; those named in it ("@Full Name") of the mention."""
    from lms.core.permissions import can_view
    from lms.core.urls import external_url
    link = external_url("community.thread", cohort_id=thread.cohort_id, thread_id=thread.id) + f"#post-{post.id}"
    cohort = session.get(Cohort, thread.cohort_id)
    if cohort is None:
        return
    people = session.scalars(select(User).where(User.active.is_(True), User.id != author.id, or_(
        User.id.in_(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)),
        User.id.in_([f.id for f in cohort.facilitators]),
        User.id.in_([p for p in participants if p]))).order_by(User.id))
    data = {"actor": author.full_name, "title": thread.title, "cohort": cohort.name, "excerpt": post.body[:300]}
    for person in people:
        mentioned = f"@{person.full_name}" in post.body
        if (mentioned or person.id in participants) and can_view(person, thread):
            # Someone since removed from the cohort or the group is not told.
            notifications.notify(session, person, Kind.mention if mentioned else Kind.reply, link=link, data=data)


def editable(post: Post, user: User) -> bool:
    """Its author may correct a post for EDIT_WINDOW_MINUTES after writing it."""
    window = dt.timedelta(minutes=current_app.config["POST_EDIT_WINDOW_MINUTES"])
    return (post.author_id == user.id and not post.removed and post.hidden_at is None
            and clock.utcnow() - post.created_at <= window)


def edit_post(session: Session, post: Post, *, body: str, language: str, title: str | None = None) -> None:
    post.body, post.language, post.edited_at = body.strip(), language, clock.utcnow()
    if title is not None:
        post.thread.title = title.strip()
    session.flush()


def report(session: Session, post: Post, reporter: User, reason: str) -> bool:
    """Put `post` in the cohort's report queue; False when this person had reported it already."""
    try:
        with session.begin_nested():
            session.add(PostReport(post_id=post.id, reporter_id=reporter.id, reason=reason.strip()))
    except IntegrityError:
        return False
    audit.record(session, "post_reported", f"post {post.id}", actor=reporter, thread=post.thread_id)
    session.flush()
    return True


def set_post_hidden(session: Session, post: Post, actor: User, hidden: bool) -> None:
    post.hidden_at = clock.utcnow() if hidden else None
    post.hidden_by_id = actor.id if hidden else None
    audit.record(session, "post_hidden" if hidden else "post_shown", f"post {post.id}", actor=actor,
                 thread=post.thread_id)
    session.flush()


# The actions a facilitator takes on a thread: (attribute, value) each.
THREAD_ACTIONS = {"pin": ("pinned", True), "unpin": ("pinned", False), "lock": ("locked", True),
                  "unlock": ("locked", False), "hide": ("hidden_at", True), "show": ("hidden_at", False)}


def moderate(session: Session, thread: Thread, actor: User, action: str) -> None:
    """Pin, unpin, lock, unlock, hide or show a thread; recorded in the audit log."""
    attribute, value = THREAD_ACTIONS[action]
    setattr(thread, attribute, (clock.utcnow() if value else None) if attribute == "hidden_at" else value)
    audit.record(session, f"thread_{action}", f"thread {thread.id}", actor=actor, cohort=thread.cohort_id)
    session.flush()


def move(session: Session, thread: Thread, actor: User, forum: Forum) -> None:
    """Move a thread to another forum of its cohort."""
    before = forum_of(session, thread).key
    thread.module_id = forum.module.id if forum.module else None
    thread.group_id = forum.group.id if forum.group else None
    audit.record(session, "thread_moved", f"thread {thread.id}", actor=actor, cohort=thread.cohort_id,
                 source=before, destination=forum.key)
    session.flush()


def resolve_report(session: Session, found: PostReport, actor: User) -> None:
    found.resolved_at, found.resolved_by_id = clock.utcnow(), actor.id
    audit.record(session, "post_report_resolved", f"post {found.post_id}", actor=actor)
    session.flush()


def anonymise_author(session: Session, user: User) -> None:
    """Someone anonymised: their posts lose their author and their text, their threads their
    title, their reports their reason (lms/users/personal_data.py)."""
    for post in session.scalars(select(Post).where(Post.author_id == user.id)):
        post.author_id, post.body, post.removed = None, "", True
    for thread in session.scalars(select(Thread).where(Thread.author_id == user.id)):
        thread.author_id, thread.title = None, ""
    for found in session.scalars(select(PostReport).where(PostReport.reporter_id == user.id)):
        found.reporter_id, found.reason = None, ""
    session.flush()
