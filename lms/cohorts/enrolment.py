"""Enrolling learners one at a time or from a CSV file: checked row by row, then all or nothing."""
from __future__ import annotations

import csv
import dataclasses
import io

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.auth.services import send_invitation
from lms.centres.models import Centre
from lms.cohorts.models import Cohort, Enrolment
from lms.cohorts.services import enrol
from lms.core import events
from lms.core.i18n import format_list
from lms.core.permissions import Role
from lms.users.models import Gender, User, normalise_email
from lms.users.services import create_user

COLUMNS = ("email", "full_name", "centre", "position", "language", "gender")
REQUIRED = ("email", "full_name", "centre")
MAX_ROWS = 5000
GENDERS = {"female": Gender.female, "male": Gender.male, "other": Gender.other,
           "prefer not to say": Gender.undisclosed, "undisclosed": Gender.undisclosed,
           "femme": Gender.female, "homme": Gender.male, "女": Gender.female, "男": Gender.male}


@dataclasses.dataclass
class Row:
    line: int                     # the line of the file, the header being line 1
    values: dict[str, str]
    problems: list = dataclasses.field(default_factory=list)
    existing: User | None = None  # an account with this email, already on the platform
    centre: Centre | None = None
    already_enrolled: bool = False  # in this cohort: left as it is, and said so


@dataclasses.dataclass
class Preview:
    rows: list[Row]
    problems: list               # problems with the file as a whole

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(r.problems for r in self.rows)

    @property
    def bad_rows(self) -> list[Row]:
        return [r for r in self.rows if r.problems]

    @property
    def to_enrol(self) -> list[Row]:
        return [r for r in self.rows if not r.already_enrolled]

    @property
    def skipped(self) -> list[Row]:
        return [r for r in self.rows if r.already_enrolled]


def read_csv(data: bytes) -> tuple[list[dict[str, str]], list]:
    """The rows of a CSV file in UTF-8 (with or without the BOM Excel writes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_l("The file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”.")]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = []
    try:
        header = [h.strip().lower().replace(" ", "_") for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            return [], [_l("The first line must name the columns; missing: %(columns)s.",
                           columns=format_list(missing))]
        for raw in reader:
            values = {header[i]: (value or "").strip() for i, value in enumerate(raw.values()) if i < len(header)}
            rows.append(values)
            if len(rows) > MAX_ROWS:
                return [], [lazy_ngettext("The file has more than %(num)d row; split it.",
                                           "The file has more than %(num)d rows; split it.", MAX_ROWS)]
    except csv.Error:  # a field longer than the csv module's limit (128 KB), or a broken quote
        return [], [_l("The file cannot be read as CSV: a value is far too long or a quotation mark is not "
                       "closed. Check the file in a spreadsheet and save it again as CSV.")]
    if not rows:
        return [], [_l("The file has no rows under its header.")]
    return rows, []


def check(session: Session, cohort: Cohort, data: bytes) -> Preview:
    """Every row's problems, found before anything is written."""
    records, problems = read_csv(data)
    if problems:
        return Preview([], problems)
    return check_records(session, cohort, records)


def check_records(session: Session, cohort: Cohort, records: list[dict[str, str]]) -> Preview:
    """Every row's problems (rows as a file's or the API's: COLUMNS as keys), before anything is written."""
    centres = {c.name.casefold(): c for c in session.scalars(select(Centre))}
    emails = {normalise_email(r.get("email", "")) for r in records}
    accounts = {u.email: u for u in session.scalars(select(User).where(User.email.in_(emails)))}
    enrolled = set(session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)))
    seen: dict[str, int] = {}
    rows = []
    for index, values in enumerate(records):
        row = Row(line=index + 2, values=values)
        email = normalise_email(values.get("email", ""))
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            row.problems.append(_l("“%(email)s” is not a valid email address.", email=values.get("email", "")))
        else:
            if email in seen:
                row.problems.append(_l("Duplicate row: this email is already on line %(line)d.", line=seen[email]))
            seen.setdefault(email, row.line)
            row.existing = accounts.get(email)
            if row.existing is not None and row.existing.id in enrolled:
                row.already_enrolled = True  # a list exported again with new names added: fine
            elif row.existing is not None and row.existing.role is not Role.learner:
                row.problems.append(_l("This email belongs to a facilitator or staff account."))
        if not values.get("full_name"):
            row.problems.append(_l("The full name is missing."))
        elif len(values["full_name"]) > 200:
            row.problems.append(_l("The full name is longer than 200 characters."))
        row.centre = centres.get(values.get("centre", "").casefold())
        if row.centre is None:
            row.problems.append(_l("Unknown centre “%(centre)s”: use a centre's name as the platform lists it.",
                                   centre=values.get("centre", "")))
        language = values.get("language", "").lower()
        if language and language not in ("en", "zh", "fr"):
            row.problems.append(_l("Unknown language “%(language)s”: use en, zh or fr.", language=values["language"]))
        gender = values.get("gender", "").strip().casefold()
        if gender and gender not in GENDERS:
            row.problems.append(_l("Unknown gender “%(gender)s”: use female, male, other or prefer not to say, "
                                   "or leave it empty.", gender=values["gender"]))
        if len(values.get("position", "")) > 200:
            row.problems.append(_l("The position is longer than 200 characters."))
        rows.append(row)
    return Preview(rows, [])


def enrol_person(session: Session, cohort: Cohort, *, email: str, full_name: str, centre: Centre | None,
                 position: str, language: str, gender: Gender | None, invited_by: User) -> tuple[User, bool]:
    """Enrol an existing learner, or create the account and invite them. (user, invited)."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    invited = False
    if user is None:
        user = create_user(session, email=email, full_name=full_name, role=Role.learner,
                           language=language or cohort.language, timezone=cohort.timezone,
                           position=position, gender=gender, centre=centre)
        send_invitation(session, user, invited_by=invited_by)
        invited = True
    already = session.scalar(select(Enrolment.id).where(Enrolment.cohort_id == cohort.id,
                                                       Enrolment.user_id == user.id)) is not None
    enrol(session, cohort, user)
    if not invited and not already:
        # Someone with an account is told at once who enrolled them where, and the log keeps it:
        # nobody is put before another cohort's facilitators without knowing.
        _tell_enrolled(session, cohort, user, invited_by)
        audit.record(session, "enrolled_existing_account", user.email, actor=invited_by, cohort=cohort.id)
    return user, invited


def _tell_enrolled(session: Session, cohort: Cohort, user: User, enrolled_by: User) -> None:
    from lms.core.urls import external_url
    from lms.mail.services import queue_email
    queue_email(session, recipient=user.email, language=user.language, template="enrolled",
                subject=_l("You have been enrolled in %(cohort)s", cohort=cohort.name), user=user,
                cohort=cohort, enrolled_by=enrolled_by, link=external_url("learning.dashboard"))


def import_rows(session: Session, cohort: Cohort, preview: Preview, invited_by: User) -> tuple[int, int]:
    """Enrol every row of a clean preview but those enrolled already: (enrolled, invited). The
    caller commits once."""
    if not preview.ok:
        raise ValueError("the file has problems")
    invited = 0
    for row in preview.to_enrol:
        values = row.values
        _, was_invited = enrol_person(
            session, cohort, email=values["email"], full_name=values["full_name"], centre=row.centre,
            position=values.get("position", ""), language=values.get("language", "").lower(),
            gender=GENDERS.get(values.get("gender", "").strip().casefold()), invited_by=invited_by)
        invited += was_invited
    session.flush()
    return len(preview.to_enrol), invited


def enrolled_count(session: Session, cohort: Cohort) -> int:
    return session.scalar(select(func.count(Enrolment.id)).where(Enrolment.cohort_id == cohort.id)) or 0


def unenrol(session: Session, cohort: Cohort, user: User, actor: User) -> None:
    """Take someone out of a cohort (enrolled by mistake, or left): their account and everything
    they did stay, and they are told."""
    from lms.core.urls import external_url
    from lms.mail.services import queue_email

    session.execute(delete(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id))
    audit.record(session, "unenrolled", user.email, actor=actor, cohort=cohort.id)
    queue_email(session, recipient=user.email, language=user.language, template="unenrolled",
                subject=_l("You are no longer in %(cohort)s", cohort=cohort.name), user=user, cohort=cohort,
                link=external_url("home.index"))
    session.flush()
    events.send(events.unenrolled, session, user=user, cohort=cohort)
