"""The application form (applicants, without an account), the staff's call and target forms, and
the reviewer's rubric."""
from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, EmailField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.applications.countries import COUNTRY_LISTS
from lms.applications.models import ApplicantRole, InstitutionType
from lms.applications.reviewing import RUBRIC, SCALE
from lms.core.forms import ChoiceRadioField, Form, fixed_choices, max_length, plausible_date, required, valid_email
from lms.core.i18n import country_choices, country_codes, language_name
from lms.users.forms import GenderField

MAX_TEXT = 4000


class NeededToSubmit:
    """Optional in a draft; required once the applicant submits (the form's `submitting`)."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form: Any, field: Any) -> None:
        empty = field.data is None or (isinstance(field.data, str) and not field.data.strip())
        if not empty:
            return
        if getattr(form, "submitting", False):
            raise StopValidation(str(_l("This is needed to submit the application.")))
        field.errors = []
        raise StopValidation()


class ListedChoice(SelectField):
    """A select whose empty choice means "not answered yet"; anything not listed is refused."""

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, ""):
            return
        if str(self.data) not in {str(value) for value, *_rest in self.iter_choices()}:
            raise ValidationError(_l("Choose one of the answers in the list."))


def _choose(label: Any) -> tuple[str, Any]:
    return ("", label)


class ApplicationForm(Form):
    email = EmailField(_l("Your email address"), validators=[required(), valid_email(), max_length(254)],
                       description=_l("We send the link to your application here."),
                       render_kw={"autocomplete": "email"})
    full_name = StringField(_l("Full name"), validators=[NeededToSubmit(), max_length(200)],
                            render_kw={"autocomplete": "name"})
    institution = StringField(_l("Institution"), validators=[NeededToSubmit(), max_length(250)],
                              render_kw={"autocomplete": "organization"})
    institution_type = ListedChoice(_l("Type of institution"), validators=[NeededToSubmit()])
    role = ListedChoice(_l("Your role"), validators=[NeededToSubmit()])
    centre_id = ListedChoice(_l("UNEVOC Centre"), validators=[Optional()],
                             description=_l("If your institution is a UNEVOC Centre, choose it."))
    country = ListedChoice(_l("Country"), validators=[NeededToSubmit()])
    gender = GenderField(description=_l("Self-declared. It helps us keep the cohort balanced; you may leave it empty."))
    motivation = TextAreaField(_l("Why do you want to take part?"), validators=[NeededToSubmit(), max_length(MAX_TEXT)],
                               render_kw={"rows": 6})
    challenge = TextAreaField(_l("An institutional challenge you will work on during the programme"),
                              validators=[NeededToSubmit(), max_length(MAX_TEXT)], render_kw={"rows": 6},
                              description=_l("For example, greening your institution, or closer links with employers."))
    study_language = ListedChoice(_l("Language of study"), validators=[NeededToSubmit()])
    endorser_name = StringField(_l("Name of your endorser"), validators=[NeededToSubmit(), max_length(200)],
                                description=_l("The head of your institution, or your UNEVOC Centre's coordinator."))
    endorser_email = EmailField(_l("Email address of your endorser"),
                                validators=[NeededToSubmit(), valid_email(), max_length(254)],
                                description=_l("We ask them to confirm your application through a link."))

    def __init__(self, *args: Any, call: Any, centres: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = False
        self.institution_type.choices = [_choose(_l("Choose a type")),
                                         *((t.value, t.title) for t in InstitutionType)]
        self.role.choices = [_choose(_l("Choose a role")), *((r.value, r.title) for r in ApplicantRole)]
        self.centre_id.choices = [_choose(_l("Not a UNEVOC Centre")), *((str(c.id), c.name) for c in centres)]
        self.country.choices = [_choose(_l("Choose a country")), *country_choices()]
        self.study_language.choices = [_choose(_l("Choose a language")),
                                       *((code, language_name(code)) for code in call.languages)]

    def validate_country(self, field: Any) -> None:
        if field.data and field.data not in country_codes():
            raise ValidationError(_l("Choose a country from the list."))

    def validate_endorser_email(self, field: Any) -> None:
        if field.data and self.email.data and field.data.strip().lower() == self.email.data.strip().lower():
            raise ValidationError(_l("Your endorser must be someone else: give their own email address."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CallForm(Form):
    title_en = StringField(_l("Title in English"), validators=[required(), max_length(200)])
    title_zh = StringField(_l("Title in Chinese"), validators=[Optional(), max_length(200)])
    title_fr = StringField(_l("Title in French"), validators=[Optional(), max_length(200)])
    description_en = TextAreaField(_l("Description in English"), validators=[required(), max_length(MAX_TEXT)])
    description_zh = TextAreaField(_l("Description in Chinese"), validators=[Optional(), max_length(MAX_TEXT)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), max_length(MAX_TEXT)])
    opens_on = DateField(_l("Opens on"), validators=[required(), plausible_date()])
    closes_on = DateField(_l("Closes on (the last day applications are taken)"),
                          validators=[required(), plausible_date()])
    languages = MultiCheckboxField(_l("Languages of study"), validators=[required()])
    cohorts = MultiCheckboxField(_l("Cohorts of the edition"), coerce=int, validators=[Optional()],
                                 description=_l("The accepted are enrolled in the cohort taught in their "
                                                "language of study."))
    questions = TextAreaField(_l("Further questions (optional)"), validators=[Optional(), max_length(MAX_TEXT)],
                              description=_l("One question a line; translations after a vertical bar, in Chinese "
                                             "then French: “Your budget? | 您的预算？ | Votre budget ?”"))
    eligible_roles = MultiCheckboxField(_l("Open to these roles (none ticked: every role)"),
                                        validators=[Optional()])
    eligible_institution_types = MultiCheckboxField(_l("Open to these types of institution (none ticked: every type)"),
                                                    validators=[Optional()])
    centres_only = BooleanField(_l("Open to staff of UNEVOC Centres only"))
    country_lists = MultiCheckboxField(_l("Open to these countries only (none ticked: every country)"),
                                       validators=[Optional()])
    places = IntegerField(_l("Places"), validators=[required(), NumberRange(min=1, max=5000)])
    waitlist_size = IntegerField(_l("Length of the waiting list"),
                                 validators=[Optional(), NumberRange(min=0, max=5000)])
    disagreement_threshold = IntegerField(
        _l("Third review when two totals differ by more than"), default=5,
        validators=[Optional(), NumberRange(min=0, max=20)])

    def __init__(self, *args: Any, cohorts: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages.choices = [(code, language_name(code)) for code in ("en", "zh", "fr")]
        self.cohorts.choices = [(c.id, c.name) for c in cohorts]
        self.eligible_roles.choices = [(r.value, r.title) for r in ApplicantRole]
        self.eligible_institution_types.choices = [(t.value, t.title) for t in InstitutionType]
        self.country_lists.choices = [(key, LIST_TITLES[key]) for key in COUNTRY_LISTS]

    def validate_closes_on(self, field: Any) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The call must close on or after the day it opens."))


LIST_TITLES = {"ldc": _l("Least developed countries"), "sids": _l("Small island developing States")}


class ReviewForm(Form):
    comment = TextAreaField(_l("Comment"), validators=[required(), max_length(MAX_TEXT)], render_kw={"rows": 5})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = []
        for key, label in RUBRIC.items():
            self.criteria.append(self[f"score_{key}"])
            self[f"score_{key}"].label.text = str(label)


for _key in RUBRIC:
    setattr(ReviewForm, f"score_{_key}", ChoiceRadioField(
        _key, choices=fixed_choices([(str(n), str(n)) for n in SCALE]), validators=[required()]))
