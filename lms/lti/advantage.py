"""LTI Advantage services the tool calls: Assignment and Grade Services (quiz scores go to the
platform's line item) and Names and Role Provisioning Services (the context's members).

Scores are queued as rows by a listener of `quiz_attempted`, in the attempt's transaction, and
sent by `flask lti send-scores`, which claims rows with SKIP LOCKED on PostgreSQL so that two
runs never send one row twice, and commits after each. Each call first gets an access token
from the platform's token endpoint: the client-credentials grant with a JWT signed by the
tool's key (1EdTech Security Framework).
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import urllib.parse
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lms.core import clock, events
from lms.core.db import rowcount
from lms.courses.models import Activity
from lms.learning.models import QuizAttempt
from lms.lti import keys
from lms.lti.models import LtiLink, LtiPlatform, LtiScore, link_users
from lms.lti.services import Refused, account_for, join_link, teaches
from lms.sso import oidc
from lms.sso.models import ExternalIdentity
from lms.users.models import User

log = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
ROSTER_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MAX_TRIES = 8
CLAIM_FOR = dt.timedelta(minutes=5)


def access_token(platform: LtiPlatform, scope: str) -> str:
    now = keys.wall_time()
    assertion = keys.sign({"iss": platform.client_id, "sub": platform.client_id, "aud": platform.token_url,
                           "iat": now, "exp": now + 300, "jti": secrets.token_urlsafe(16)})
    answer = oidc.fetch_json(platform.token_url, data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion, "scope": scope})
    if not isinstance(answer, dict) or not isinstance(answer.get("access_token"), str):
        raise oidc.ProviderError(f"{platform.token_url} gave no access token")
    return answer["access_token"]


def scores_url(lineitem_url: str) -> str:
    """The line item's scores endpoint: its path with /scores appended, before any query."""
    parts = urllib.parse.urlsplit(lineitem_url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def queue_scores(session: Session, user: User, activity: Activity, attempt: QuizAttempt) -> int:
    """A score row for each link of the quiz's module that `user` learns through, with a line item."""
    links = session.scalars(select(LtiLink).join(link_users, link_users.c.link_id == LtiLink.id)
                            .where(link_users.c.user_id == user.id, LtiLink.module_id == activity.module_id,
                                   LtiLink.lineitem_url.is_not(None))).all()
    queued = 0
    for link in links:
        subject = session.scalar(select(ExternalIdentity.subject)
                                 .where(ExternalIdentity.user_id == user.id,
                                        ExternalIdentity.issuer == link.platform.issuer)
                                 .order_by(ExternalIdentity.last_used_at.desc()).limit(1))
        if subject is None:
            continue
        session.add(LtiScore(link_id=link.id, attempt_id=attempt.id, payload={
            "userId": subject, "scoreGiven": attempt.score, "scoreMaximum": 100,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": clock.utcnow().isoformat(timespec="milliseconds"),
            "comment": activity.slug}))
        queued += 1
    return queued


@events.quiz_attempted.connect
def _on_quiz_attempted(session: Session, *, user: User, activity: Activity, attempt: QuizAttempt,
                       **_: Any) -> None:
    """Rows in the attempt's own transaction; the sending is `flask lti send-scores`'s."""
    queue_scores(session, user, activity, attempt)


def _claim(session: Session, score_id: int) -> LtiScore | None:
    """Take one row for this run, committed before anything is sent; None if another run has it."""
    now = clock.utcnow()
    free = (LtiScore.id == score_id, LtiScore.sent_at.is_(None),
            or_(LtiScore.claimed_until.is_(None), LtiScore.claimed_until < now))
    query = select(LtiScore.id).where(*free)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # another run is claiming it: left to it
    if session.scalar(query) is None:
        session.rollback()
        return None
    claimed = rowcount(session.execute(update(LtiScore).where(*free).values(claimed_until=now + CLAIM_FOR)
                                       .execution_options(synchronize_session=False)))
    session.commit()
    return session.get(LtiScore, score_id) if claimed == 1 else None


def send_scores(session: Session, limit: int = 500) -> tuple[int, int]:
    """Send what is queued: (sent, failed). A worker: commits after each row."""
    ids = list(session.scalars(select(LtiScore.id).where(LtiScore.sent_at.is_(None), LtiScore.tries < MAX_TRIES)
                               .order_by(LtiScore.id).limit(limit)))
    session.commit()
    tokens: dict[int, str] = {}
    sent = failed = 0
    for score_id in ids:
        row = _claim(session, score_id)
        if row is None:
            continue
        platform = row.link.platform
        try:
            if platform.id not in tokens:
                tokens[platform.id] = access_token(platform, SCORE_SCOPE)
            assert row.link.lineitem_url is not None
            oidc.fetch_json(scores_url(row.link.lineitem_url), json_body=row.payload,
                            content_type="application/vnd.ims.lis.v1.score+json", expect_json=False,
                            headers={"Authorization": f"Bearer {tokens[platform.id]}"})
        except oidc.ProviderError as error:
            row.tries += 1
            row.last_error = str(error)[:2000]
            failed += 1
            log.warning("LTI score %s not sent: %s", row.id, error)
            row.claimed_until = None
        else:
            row.sent_at = clock.utcnow()
            sent += 1
        session.commit()
    return sent, failed


def sync_roster(session: Session, link: LtiLink) -> tuple[int, int]:
    """Read the context's members (NRPS) and enrol its learners: (learners enrolled, members read).
    Instructors are read and left alone: the platform's roles never make anyone staff here."""
    if not link.memberships_url:
        raise oidc.ProviderError("this link's launches gave no Names and Role Provisioning Services address")
    token = access_token(link.platform, ROSTER_SCOPE)
    answer = oidc.fetch_json(link.memberships_url, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"})
    members = answer.get("members") if isinstance(answer, dict) else None
    if not isinstance(members, list):
        raise oidc.ProviderError("the memberships answer has no members")
    enrolled = 0
    for member in members:
        if not isinstance(member, dict) or not isinstance(member.get("user_id"), str):
            continue
        if member.get("status", "Active") != "Active":
            continue
        claims = {**member, "sub": member["user_id"],
                  "https://purl.imsglobal.org/spec/lti/claim/roles": member.get("roles") or []}
        if teaches(claims):
            continue
        try:
            user = account_for(session, link.platform, claims, link.platform.cohort.language)
        except Refused:
            continue
        join_link(session, link, user)
        enrolled += 1
    session.flush()
    return enrolled, len(members)
