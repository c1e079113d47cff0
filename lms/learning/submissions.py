"""Reflections and action plans: drafts, submission, attachments and the facilitator's review."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort
from lms.core import clock, events
from lms.core.i18n import current_language, in_language, localized
from lms.core.storage import storage
from lms.core.urls import external_url
from lms.courses.activities import ACTIVITY_TYPES
from lms.courses.models import Activity
from lms.courses.lengths import measure
from lms.learning.files import EXTENSIONS, sniff
from lms.learning.models import Attachment, Submission, SubmissionReview, SubmissionVersion
from lms.learning.status import Decision, WorkStatus
from lms.mail.services import queue_email
from lms.users.models import User

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10


class Refused(ValueError):
    """A change the learner must correct; the message says how."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def find(session: Session, user: User, activity: Activity) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.user_id == user.id,
                                                   Submission.activity_id == activity.id))


def find_or_start(session: Session, user: User, activity: Activity, cohort: Cohort) -> Submission:
    """The learner's work on `activity`, begun now if there is none. Two first saves at once (a
    double click) make one: the second meets the unique (learner, activity) row and takes it."""
    submission = find(session, user, activity)
    if submission is None:
        try:
            with session.begin_nested():
                submission = Submission(user_id=user.id, activity_id=activity.id, cohort_id=cohort.id,
                                        status=WorkStatus.draft, content={})
                session.add(submission)
        except IntegrityError:
            submission = session.scalars(select(Submission).where(Submission.user_id == user.id,
                                                                  Submission.activity_id == activity.id)
                                         .execution_options(populate_existing=True)).one()
    return submission


def _locked(session: Session, submission: Submission) -> Submission:
    """The submission with its row locked until the transaction ends, read again: of two saves at
    once (two tabs, a double click on "Submit"), the second sees what the first did."""
    session.execute(update(Submission).where(Submission.id == submission.id).values(id=Submission.id))
    session.refresh(submission)
    return submission


class Problem(str):
    """What stops a submission, as text, and the part of the work it is about (`text`, a
    section's id, `attachments`), so that the form shows it beside that field."""

    field: str | None

    def __new__(cls, message: object, field: str | None = None) -> Problem:
        problem = super().__new__(cls, str(message))
        problem.field = field
        return problem


def problems_before_submitting(activity: Activity, content: dict) -> list[str]:
    """What keeps `content` from being submitted: too short, a required section empty."""
    definition = activity.definition
    problems: list[str] = []
    language = current_language()
    if activity.type == "reflection":
        length = measure(content.get("text", ""), definition.get("min_words", 0), language)
        if length.short:
            problems.append(Problem(_l("Your reflection is too short: %(length)s.", length=length.label), "text"))
    else:
        for section in definition.get("sections", []):
            text = content.get(section["id"], "")
            title = localized(section["title"])[0]
            length = measure(text, section.get("min_words", 0), language)
            if section.get("required") and not text.strip():
                problems.append(Problem(_l("The section “%(section)s” is required.", section=title), section["id"]))
            elif text.strip() and length.short:
                problems.append(Problem(_l("The section “%(section)s” is too short: %(length)s.", section=title,
                                           length=length.label), section["id"]))
    return problems


def save(session: Session, submission: Submission, activity: Activity, content: dict, *,
         submit: bool) -> list[str]:
    """Keep what was written; submit it when asked and complete. Returns what stops submitting."""
    submission = _locked(session, submission)
    if not WorkStatus(submission.status).editable:
        raise Refused(_l("This has been submitted already and cannot be changed now."))
    submission.content = dict(content)
    submission.updated_at = clock.utcnow()
    problems = problems_before_submitting(activity, content) if submit else []
    if submit and not problems:
        submission.status = WorkStatus.submitted
        submission.submitted_at = clock.utcnow()
        submission.definition = activity.definition
        session.add(SubmissionVersion(submission=submission, number=len(submission.versions) + 1,
                                      content=dict(content), submitted_at=submission.submitted_at))
    session.flush()
    if submit and not problems:
        events.send(events.work_submitted, session, user=session.get_one(User, submission.user_id),
                    activity=activity, submission=submission)
    return problems


def check_attachment(filename: str, data: bytes) -> tuple[str, str]:
    """The kind of an acceptable file; Refused, saying why, for any other."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise Refused(_l("“%(name)s” is larger than 10 MB. Make it smaller (for example, save it as a "
                         "PDF) and add it again.", name=filename))
    if not data:
        raise Refused(_l("“%(name)s” is empty.", name=filename))
    kind = sniff(data)
    if kind is None:
        raise Refused(_l("“%(name)s” is not a PDF, DOCX, ODT, XLSX, PNG or JPEG file, whatever its name "
                         "says. Only these kinds of files can be attached.", name=filename))
    return kind


def add_attachment(session: Session, submission: Submission, filename: str, data: bytes) -> Attachment:
    if not WorkStatus(submission.status).editable:
        raise Refused(_l("This has been submitted already and cannot be changed now."))
    kind = check_attachment(filename, data)
    if len(submission.attachments) >= MAX_ATTACHMENTS:
        raise Refused(lazy_ngettext("An action plan can have at most %(num)d attachment.",
                                     "An action plan can have at most %(num)d attachments.", MAX_ATTACHMENTS))
    safe_name = "".join(c for c in filename.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:200]
    stem = safe_name.rsplit(".", 1)[0] if "." in safe_name else safe_name
    attachment = Attachment(submission=submission, filename=(stem or "attachment") + EXTENSIONS[kind],
                            stored_name=storage().save(data, session), content_type=kind[1], size=len(data))
    session.add(attachment)
    session.flush()
    return attachment


def save_with_attachments(session: Session, submission: Submission, activity: Activity, content: dict,
                          uploads: list[tuple[str, bytes]], *, submit: bool) -> list[str]:
    """Keep the text, add the files and submit when asked; returns what stops it.

    Every file is checked before any is stored, and a refused file never costs the learner the
    text they typed: it is kept as a draft and the problem returned.
    """
    try:
        for name, data in uploads:
            check_attachment(name, data)
        if len(submission.attachments) + len(uploads) > MAX_ATTACHMENTS:
            raise Refused(_l("An action plan can have at most %(num)d attachments.", num=MAX_ATTACHMENTS))
    except Refused as refused:
        if WorkStatus(submission.status).editable:
            save(session, submission, activity, content, submit=False)
        return [Problem(refused.message, "attachments")]
    for name, data in uploads:
        add_attachment(session, submission, name, data)
    return save(session, submission, activity, content, submit=submit)


def remove_attachment(session: Session, attachment: Attachment) -> None:
    if not WorkStatus(attachment.submission.status).editable:
        raise Refused(_l("This has been submitted already and cannot be changed now."))
    storage().delete(attachment.stored_name, session)
    session.delete(attachment)
    session.flush()


def review(session: Session, submission: Submission, reviewer: User, decision: Decision | str, comment: str,
           scores: dict | None = None) -> SubmissionReview:
    """Accept or return a submitted piece of work, keep the decision, and tell the learner."""
    decision = Decision(decision)
    if submission.status != WorkStatus.submitted:
        raise Refused(_l("Only submitted work can be reviewed."))
    entry = SubmissionReview(submission=submission, reviewer=reviewer, decision=decision,
                             comment=comment.strip(), scores=scores or {})
    submission.status = WorkStatus(decision.value)
    session.add(entry)
    learner = session.get_one(User, submission.user_id)
    activity = session.get_one(Activity, submission.activity_id)
    endpoint = ACTIVITY_TYPES[activity.type].endpoint
    with in_language(learner.language):
        title = localized(activity.title, learner.language)[0]
        subject = (_l("Your work “%(title)s” has been accepted", title=title) if decision is Decision.accepted
                   else _l("Your work “%(title)s” has been returned for revision", title=title))
        queue_email(session, recipient=learner.email, language=learner.language, template="submission_reviewed",
                    subject=subject, user=learner, reviewer=reviewer, title=title, decision=decision,
                    comment=entry.comment,
                    link=external_url(endpoint, cohort_id=submission.cohort_id, slug=activity.slug))
    session.flush()
    events.send(events.work_reviewed, session, user=learner, activity=activity, submission=submission,
                review=entry, reviewer=reviewer)
    if decision is Decision.accepted:
        events.step_completed(session, learner, activity.module_id)
    return entry
