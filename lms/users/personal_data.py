"""A person's data: everything about them as JSON, and anonymising someone who has left."""
from __future__ import annotations

import json
import secrets

from sqlalchemy import String, delete, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.audit import services as audit
from lms.auth.models import AccountToken, LoginAttempt
from lms.certificates.models import Certificate
from lms.cohorts.models import Attendance, Cohort, Enrolment, LiveSession
from lms.core.i18n import localized
from lms.courses.models import Activity, Lesson
from lms.learning.models import (Attachment, LessonProgress, QuizAttempt, SelfAssessmentResponse, Submission,
                                 SubmissionReview)
from lms.users.models import User


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def export(session: Session, user: User) -> dict:
    """Everything the platform holds about `user`, in one document they can keep: what they did in
    the programme, with their cohort and after it (a fixed number of queries, whatever they wrote)."""
    mine = select(Submission.id).where(Submission.user_id == user.id).scalar_subquery()
    # What was said and sent about each piece of work: its attachments and reviews, in one query.
    notes: dict[int, dict[str, list]] = {}
    for submission_id, kind, text, comment, moment in session.execute(union_all(
            select(Attachment.submission_id, literal("attachment"), Attachment.filename, literal(""),
                   Attachment.uploaded_at).where(Attachment.submission_id.in_(mine)),
            select(SubmissionReview.submission_id, literal("review"), SubmissionReview.decision,
                   SubmissionReview.comment, SubmissionReview.created_at)
            .where(SubmissionReview.submission_id.in_(mine))).order_by(literal_column("5"))):
        entry = notes.setdefault(submission_id, {"attachments": [], "feedback": []})
        if kind == "attachment":
            entry["attachments"].append(text)
        else:
            entry["feedback"].append({"decision": text, "comment": comment, "at": _iso(moment)})
    # The cohorts joined and the live sessions attended: names with a moment each, in one query.
    timeline: dict[str, list[dict]] = {"cohort": [], "session": []}
    for kind, name, moment in session.execute(union_all(
            select(literal("cohort"), Cohort.name, Enrolment.enrolled_at)
            .join(Enrolment, Enrolment.cohort_id == Cohort.id).where(Enrolment.user_id == user.id),
            select(literal("session"), LiveSession.title, LiveSession.starts_at)
            .join(Attendance, Attendance.session_id == LiveSession.id).where(Attendance.user_id == user.id))):
        timeline[kind].append({"name": name, "at": _iso(moment)})
    return {
        "account": {"email": user.email, "full_name": user.full_name, "role": user.role.value,
                    "language": user.language, "time_zone": user.timezone, "position": user.position,
                    "gender": user.gender.value if user.gender else None,
                    "centre": user.centre.name if user.centre else None, "created_at": _iso(user.created_at),
                    "last_sign_in": _iso(user.last_login_at)},
        "cohorts": [{"name": c["name"], "enrolled_at": c["at"]} for c in timeline["cohort"]],
        "lessons": [{"lesson": slug, "first_viewed_at": _iso(p.first_viewed_at), "completed_at": _iso(p.completed_at)}
                    for p, slug in session.execute(select(LessonProgress, Lesson.slug)
                                                   .join(Lesson, Lesson.id == LessonProgress.lesson_id)
                                                   .where(LessonProgress.user_id == user.id))],
        "quiz_attempts": [{"quiz": slug, "number": a.number, "score": a.score, "passed": a.passed,
                           "answers": a.answers, "submitted_at": _iso(a.submitted_at)}
                          for a, slug in session.execute(select(QuizAttempt, Activity.slug)
                                                         .join(Activity, Activity.id == QuizAttempt.activity_id)
                                                         .where(QuizAttempt.user_id == user.id))],
        "written_work": [{"activity": slug, "status": s.status, "content": s.content,
                          **notes.get(s.id, {"attachments": [], "feedback": []})}
                         for s, slug in session.execute(select(Submission, Activity.slug)
                                                        .join(Activity, Activity.id == Submission.activity_id)
                                                        .where(Submission.user_id == user.id))],
        "self_assessment": [{"round": r.round, "answers": r.answers, "submitted_at": _iso(r.submitted_at)}
                            for r in session.scalars(select(SelfAssessmentResponse)
                                                     .where(SelfAssessmentResponse.user_id == user.id))],
        "live_sessions_attended": [{"title": s["name"], "starts_at": s["at"]} for s in timeline["session"]],
        "certificates": [{"serial": c.serial, "issued_at": _iso(c.issued_at), "revoked_at": _iso(c.revoked_at)}
                         for c in session.scalars(select(Certificate).where(Certificate.user_id == user.id))],
        **_together(session, user),
        **_after(session, user),
    }


def _together(session: Session, user: User) -> dict:
    """Their application, and what they wrote with their cohort: posts, messages, peer reviews."""
    from lms.applications.models import Application
    from lms.community.models import Message, PeerReview, Post, Thread
    return {
        "applications": [{"call": localized(a.call.title, user.language)[0], "status": a.status.value,
                          "full_name": a.full_name, "institution": a.institution, "country": a.country,
                          "motivation": a.motivation, "challenge": a.challenge, "answers": a.answers,
                          "endorser": a.endorser_name, "submitted_at": _iso(a.submitted_at),
                          "decision": a.decision.value if a.decision else None}
                         for a in session.scalars(select(Application).options(joinedload(Application.call))
                                                  .where((Application.user_id == user.id)
                                                         | (Application.email == user.email)))],
        "discussion_posts": [{"thread": title, "body": p.body, "language": p.language, "written_at": _iso(p.created_at),
                              "edited_at": _iso(p.edited_at)}
                             for p, title in session.execute(select(Post, Thread.title)
                                                             .join(Thread, Thread.id == Post.thread_id)
                                                             .where(Post.author_id == user.id)
                                                             .order_by(Post.created_at, Post.id))],
        "messages_sent": [{"body": m.body, "sent_at": _iso(m.created_at)}
                          for m in session.scalars(select(Message).where(Message.author_id == user.id)
                                                   .order_by(Message.created_at, Message.id))],
        "peer_reviews_written": [{"scores": r.scores, "comment": r.comment, "submitted_at": _iso(r.submitted_at)}
                                 for r in session.scalars(select(PeerReview).where(
                                     PeerReview.reviewer_id == user.id, PeerReview.submitted_at.is_not(None)))],
    }


def _after(session: Session, user: User) -> dict:
    """After the certificate: knowledge checks, follow-ups on the plan, the alumni profile, mentoring."""
    from lms.alumni.models import AlumniProfile, MentoringWish, MentorMatch
    from lms.impact.models import FollowUp, KnowledgeCheck
    profile, wish = session.execute(
        select(AlumniProfile, MentoringWish).select_from(User)
        .outerjoin(AlumniProfile, AlumniProfile.user_id == User.id)
        .outerjoin(MentoringWish, MentoringWish.user_id == User.id).where(User.id == user.id)).one()
    return {
        "knowledge_checks": [{"stage": k.stage, "answers": k.answers, "score": k.score,
                              "submitted_at": _iso(k.submitted_at)}
                             for k in session.scalars(select(KnowledgeCheck).where(KnowledgeCheck.user_id == user.id))],
        "follow_ups": [{"months": f.months, "due_at": _iso(f.due_at), "answered_at": _iso(f.answered_at),
                        "actions": [{"action": localized(a.title, user.language)[0],
                                     "status": a.status.value, "note": a.note, "evidence_url": a.evidence_url,
                                     "evidence_file": a.evidence_filename} for a in f.actions],
                        "institution": ({"courses_updated": f.indicators.courses_updated,
                                         "staff_trained": f.indicators.staff_trained,
                                         "partnerships_signed": f.indicators.partnerships_signed}
                                        if f.indicators else None)}
                       for f in session.scalars(select(FollowUp).options(selectinload(FollowUp.actions),
                                                                         joinedload(FollowUp.indicators))
                                                .where(FollowUp.user_id == user.id).order_by(FollowUp.due_at))],
        "alumni_profile": ({"listed": profile.listed, "languages": profile.languages, "themes": profile.themes,
                            "achievements": profile.achievements, "mentoring": profile.mentoring,
                            "capacity": profile.capacity} if profile else None),
        "mentoring_wish": {"themes": wish.themes} if wish else None,
        "mentoring": [{"mentor": m.mentor.full_name, "mentee": m.mentee.full_name, "since": _iso(m.created_at),
                       "ended_at": _iso(m.ended_at)}
                      for m in session.scalars(select(MentorMatch)
                                               .options(joinedload(MentorMatch.mentor), joinedload(MentorMatch.mentee))
                                               .where((MentorMatch.mentor_id == user.id)
                                                      | (MentorMatch.mentee_id == user.id)))],
    }


def anonymise(session: Session, user: User, actor: User) -> None:
    """Remove what identifies someone who has left, keeping the figures they count in.

    Their centre, gender and progress stay, anonymous, so reports do not change; their
    written work is emptied; issued certificates stay as issued, so that whoever holds
    one can still have it verified.
    """
    former = user.email
    user.full_name = f"Former participant {user.id}"
    user.email = f"anonymised-{user.id}-{secrets.token_hex(4)}@invalid"
    user.position = ""
    user.password_hash = None
    from lms.auth import sessions
    sessions.end_all(session, user)
    user.calendar_token = None
    user.active = False
    for submission in session.scalars(select(Submission).where(Submission.user_id == user.id)):
        submission.content = {}
        for version in submission.versions:  # every version submitted, not only the last one
            version.content = {}
        for attachment in list(submission.attachments):
            from lms.core.storage import storage
            storage().delete(attachment.stored_name, session)
            session.delete(attachment)
    from lms.community import discussions, messages, peer_review
    discussions.anonymise_author(session, user)  # their posts lose their author and their text
    peer_review.anonymise_reviewer(session, user)
    messages.anonymise_author(session, user)
    from lms.alumni import services as alumni
    alumni.forget(session, user)  # out of the directory, no longer mentoring
    session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == former))
    # Their address in the audit log (as the target of events, or in their details) and the
    # mail addressed to them: the log keeps what happened, not to whom.
    from lms.audit.models import AuditEvent
    from lms.mail.models import OutboxMessage
    pseudonym = f"user {user.id}"
    for event in session.scalars(select(AuditEvent).where(
            (AuditEvent.target == former) | AuditEvent.target.contains(former))):
        event.target = event.target.replace(former, pseudonym)
    for event in session.scalars(select(AuditEvent).where(func.cast(AuditEvent.details, String).contains(former))):
        event.details = json.loads(json.dumps(event.details).replace(json.dumps(former)[1:-1], pseudonym))
    session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == former))
    audit.record(session, "person_anonymised", f"user {user.id}", actor=actor)
    session.flush()
