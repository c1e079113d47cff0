"""Private messages: a facilitator writes to one learner or to a chosen set of them (each gets a
conversation of their own, so that replies come back privately); a learner writes to the
cohort's facilitators."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort
from lms.community import notifications
from lms.community.models import Conversation, Kind, Message
from lms.core import clock
from lms.core.urls import external_url
from lms.users.models import User


def start(session: Session, cohort: Cohort, author: User, others: list[User], subject: str,
          body: str) -> Conversation:
    """A conversation of `author` with `others` in `cohort`, opened by its first message."""
    conversation = Conversation(cohort_id=cohort.id, subject=subject.strip(),
                                members=sorted({author, *others}, key=lambda u: u.id))
    session.add(conversation)
    session.flush()
    write(session, conversation, author, body)
    return conversation


def write(session: Session, conversation: Conversation, author: User, body: str, *,
          link: str | None = None) -> Message:
    """A message in `conversation`; every other member is told, in their language. `link` is where
    they read it, when that is not the cohort's messages (a mentor's, lms/alumni)."""
    now = clock.utcnow()
    message = Message(conversation=conversation, author_id=author.id, body=body.strip(), created_at=now)
    session.add(message)
    conversation.last_message_at = now
    session.flush()
    cohort = session.get(Cohort, conversation.cohort_id)
    link = link or external_url("community.conversation", cohort_id=conversation.cohort_id,
                                conversation_id=conversation.id)
    for member in conversation.members:
        if member.id != author.id and member.active:
            notifications.notify(session, member, Kind.message, link=link,
                                 data={"actor": author.full_name, "title": conversation.subject,
                                       "cohort": cohort.name if cohort else "", "excerpt": message.body[:300]})
    return message


def anonymise_author(session: Session, user: User) -> None:
    for message in session.scalars(select(Message).where(Message.author_id == user.id)):
        message.author_id, message.body = None, ""
    session.flush()
