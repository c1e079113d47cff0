"""Forms for running cohorts: the cohort, its schedule, sessions, enrolment, announcements, reviews."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (DateField, DateTimeLocalField, EmailField, IntegerField, RadioField, SelectField,
                     SearchField, StringField, TextAreaField)
from wtforms.validators import URL, NumberRange, Optional, ValidationError

from lms.core.forms import (CheckboxesField, Form, LanguageField, TimezoneField, fixed_choices, max_length,
                            plausible_date, required, valid_email)
from lms.core.i18n import localized
from lms.users.forms import GenderField
from lms.learning.status import Decision


def _date_message():
    return _l("Enter a date such as 2026-09-01.")


class CohortForm(Form):
    programme_id = SelectField(_l("Programme"), coerce=int, validators=[required()])
    name = StringField(_l("Name"), validators=[required(), max_length(200)],
                       description=_l("For example: 2027 online edition (French)."))
    language = LanguageField(_l("Language of facilitation"))
    timezone = TimezoneField(description=_l("The schedule and the live sessions are set in this time zone."))
    region = SelectField(_l("UNESCO region (optional)"), validators=[Optional()])
    starts_on = DateField(_l("Starts on"), validators=[required(), plausible_date()],
                          render_kw={"placeholder": "2026-09-01"})
    ends_on = DateField(_l("Ends on"), validators=[required(), plausible_date()])
    facilitators = CheckboxesField(_l("Facilitators"), coerce=int, validators=[Optional()],
                                   description=_l("Tick each facilitator of the cohort."))
    # Shown when the network has more facilitators than FACILITATORS_LISTED (lms/cohorts/views.py),
    # with those the search found.
    found: list | None = None
    facilitator_query = SearchField(_l("Find other facilitators by name or email address"),
                                    validators=[Optional(), max_length(200)])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end comes before the start."))


class SessionForm(Form):
    title = StringField(_l("Title"), validators=[required(), max_length(200)])
    starts = DateTimeLocalField(_l("Starts (in the cohort's time zone)"), format="%Y-%m-%dT%H:%M",
                                validators=[required(), plausible_date()])
    duration = IntegerField(_l("Duration in minutes"), default=90,
                            validators=[required(), NumberRange(min=15, max=600,
                                                                message=_l("Between 15 and 600 minutes."))])
    link = StringField(_l("Link to join"), validators=[required(), max_length(500),
                                                       URL(message=_l("Enter a web address starting with https://."))])


class EnrolOneForm(Form):
    email = EmailField(_l("Email address"), validators=[required(), valid_email(), max_length(254)])
    full_name = StringField(_l("Full name"), validators=[required(), max_length(200)])
    centre_id = SelectField(_l("UNEVOC Centre"), coerce=lambda v: int(v) if v else None, validators=[Optional()])
    position = StringField(_l("Position"), validators=[Optional(), max_length(200)])
    language = LanguageField()
    gender = GenderField()


class CsvForm(Form):
    file = FileField(_l("CSV file"), validators=[required()])


class AnnouncementForm(Form):
    title = StringField(_l("Title"), validators=[required(), max_length(200)])
    body = TextAreaField(_l("Message"), validators=[required(), max_length(20_000)], render_kw={"rows": 8})


def review_form(rubric: dict | None, language: str, formdata=None) -> Form:
    """Decision and feedback; with a rubric, a level and a comment per criterion."""

    class ReviewForm(Form):
        decision = RadioField(_l("Decision"), choices=lambda: [(d.value, d.choice) for d in Decision],
                              validators=[required()])
        comment = TextAreaField(_l("Overall feedback"), validators=[Optional(), max_length(20_000)],
                                render_kw={"rows": 6})

    rubric = rubric or {}
    for criterion in rubric.get("criteria", []):
        levels = [(level["id"], f"{localized(level['title'], language)[0]} ({level['points']})")
                  for level in rubric["levels"]]
        setattr(ReviewForm, f"level-{criterion['id']}", RadioField(
            localized(criterion["title"], language)[0], choices=fixed_choices(levels),
            validators=[required()]))
        setattr(ReviewForm, f"note-{criterion['id']}", TextAreaField(
            _l("Comment on this criterion"), validators=[Optional(), max_length(5000)], render_kw={"rows": 2}))
    return ReviewForm(formdata=formdata) if formdata is not None else ReviewForm()


class ExtensionForm(Form):
    """More time for one learner in one module."""

    module_id = SelectField(_l("Module"), coerce=int, validators=[required()])
    due_on = DateField(_l("New due date"), validators=[required(), plausible_date()],
                       description=_l("Their work is due at the end of this day, in the cohort's time zone."))
    reason = StringField(_l("Note to the learner (optional)"), validators=[Optional(), max_length(500)])


class AttemptForm(Form):
    """One more attempt at a quiz for one learner."""

    activity_id = SelectField(_l("Quiz"), coerce=int, validators=[required()])
    reason = StringField(_l("Note to the learner (optional)"), validators=[Optional(), max_length(500)])
