"""Every model, imported once so that the metadata (and Alembic) knows every table."""
from lms.audit.models import AuditEvent
from lms.auth.models import AccountToken, LoginAttempt
from lms.centres.models import Centre
from lms.certificates.models import Certificate, CertificateCounter, CertificateEvent, Recommendation
from lms.cohorts.models import (Announcement, Attendance, Cohort, Enrolment, LiveSession, ModuleSchedule,
                                cohort_facilitators)
from lms.core.db import Base
from lms.core.ratelimit import RateEvent
from lms.courses.models import Activity, Lesson, LessonText, Module, Programme
from lms.learning.models import (Attachment, LessonProgress, QuizAttempt, SelfAssessmentResponse, Submission,
                                 SubmissionReview, SubmissionVersion)
from lms.mail.models import OutboxMessage
from lms.reports.models import ReportFact, ReportSnapshot
from lms.users.models import User

metadata = Base.metadata

__all__ = ["AuditEvent", "RateEvent", "Certificate", "CertificateCounter", "CertificateEvent", "Recommendation", "Announcement", "Attendance", "LiveSession", "AccountToken", "Activity", "Attachment", "SelfAssessmentResponse", "SubmissionReview", "SubmissionVersion", "Centre", "Cohort", "Enrolment", "ModuleSchedule",
           "cohort_facilitators", "Lesson", "LessonProgress", "LessonText",
           "LoginAttempt", "Module", "OutboxMessage", "ReportFact", "ReportSnapshot", "Programme", "QuizAttempt", "Submission",
           "User", "metadata"]
