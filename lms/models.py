"""Every model, imported once so that the metadata (and Alembic) knows every table."""
from lms.alumni.models import AlumniProfile, MentoringWish, MentorMatch
from lms.api.models import ApiClient, ApiToken
from lms.applications.models import Application, Call, Review, call_cohorts
from lms.audit.models import AuditEvent
from lms.auth.models import AccountToken, LoginAttempt
from lms.centres.models import Centre
from lms.certificates.models import Certificate, CertificateCounter, CertificateEvent, Recommendation
from lms.community.models import (Conversation, Digest, Group, Message, Notification, NotificationSetting, PeerReview,
                                  Post, PostReport, ReviewRound, Thread, conversation_members, group_members)
from lms.cohorts.models import (Announcement, Attendance, Cohort, Enrolment, LiveSession, ModuleSchedule,
                                cohort_facilitators)
from lms.core.db import Base
from lms.core.kept_writing import KeptForm
from lms.core.ratelimit import RateEvent
from lms.impact.models import (EvaluationInvitation, EvaluationResponse, FollowUp, FollowUpAction,
                               InstitutionIndicators, KnowledgeCheck)
from lms.courses.models import Activity, Lesson, LessonText, Module, Programme, ReadingItem, Tool
from lms.integrations.models import Delivery, WebhookEndpoint
from lms.learning.models import (Attachment, LessonProgress, QuizAttempt, SelfAssessmentResponse, Submission,
                                 SubmissionReview, SubmissionVersion)
from lms.mail.models import OutboxMessage
from lms.lti.models import LtiLink, LtiLogin, LtiPlatform, LtiScore, link_users
from lms.reports.models import ReportFact, ReportSnapshot
from lms.sso.models import ExternalIdentity, IdentityProvider
from lms.users.models import User

metadata = Base.metadata

__all__ = [
    "AccountToken", "Activity", "AlumniProfile", "Announcement", "ApiClient", "ApiToken", "Application",
    "Attachment", "Attendance", "AuditEvent", "Call",
    "Centre", "Certificate", "CertificateCounter", "CertificateEvent", "Cohort", "Conversation", "Delivery", "Digest",
    "Enrolment", "Group", "KeptForm", "Lesson", "LessonProgress", "LessonText", "LiveSession", "LoginAttempt",
    "MentorMatch", "MentoringWish",
    "Message", "Module", "ModuleSchedule", "Notification", "NotificationSetting", "OutboxMessage", "PeerReview",
    "Post", "PostReport", "Programme", "QuizAttempt", "RateEvent", "ReadingItem", "Recommendation", "ReportFact",
    "ReportSnapshot", "Review", "ReviewRound", "SelfAssessmentResponse", "Submission", "SubmissionReview",
    "SubmissionVersion", "Thread", "Tool", "User", "WebhookEndpoint", "call_cohorts", "cohort_facilitators",
    "conversation_members", "group_members", "metadata",
]

# Impact beyond the certificate (lms/impact).
__all__ += ["EvaluationInvitation", "EvaluationResponse", "FollowUp", "FollowUpAction", "InstitutionIndicators",
            "KnowledgeCheck"]
__all__ += ["ExternalIdentity", "IdentityProvider",  # single sign-on (lms/sso) and LTI launches
            "LtiLink", "LtiLogin", "LtiPlatform", "LtiScore", "link_users"]  # the LTI 1.3 tool (lms/lti)
