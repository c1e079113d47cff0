"""The evaluation, the knowledge check and the check-in, as forms built from their definitions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FileField, IntegerField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from lms.core.forms import ChoiceRadioField, Form, fixed_choices
from lms.core.i18n import localized
from lms.impact.evaluation import QUESTIONS, SCALE
from lms.impact.models import ACTION_STATUS_TITLES


class EvaluationForm(Form):
    worked = TextAreaField(_l("What worked well for you?"), validators=[Length(max=5000)], render_kw={"rows": 5})
    change = TextAreaField(_l("What should we change?"), validators=[Length(max=5000)], render_kw={"rows": 5})


def evaluation_form(formdata=None) -> EvaluationForm:
    class Evaluation(EvaluationForm):
        pass

    for key, title in QUESTIONS.items():
        setattr(Evaluation, f"q-{key}", ChoiceRadioField(
            title, choices=fixed_choices([(str(v), label) for v, label in SCALE.items()]),
            validators=[InputRequired(message=_l("Choose a rating from 1 to 5."))]))
    return Evaluation(formdata=formdata) if formdata is not None else Evaluation()


def knowledge_form(questions: list[dict], order: dict[str, list[str]], language: str, formdata=None) -> Form:
    from lms.impact.knowledge import shown_options

    class KnowledgeForm(Form):
        pass

    for question in questions:
        choices = [(o["id"], localized(o["text"], language)[0]) for o in shown_options(question, order)]
        setattr(KnowledgeForm, f"k-{question['id']}", ChoiceRadioField(
            localized(question["prompt"], language)[0], choices=fixed_choices(choices),
            validators=[InputRequired(message=_l("Choose one answer."))]))
    return KnowledgeForm(formdata=formdata) if formdata is not None else KnowledgeForm()


def check_in_form(lines: list, language: str, twelve_months: bool, formdata=None) -> Form:
    """A status, a note and an optional link for each action; at 12 months, the institution's figures."""

    class CheckInForm(Form):
        pass

    statuses = [(status.value, title) for status, title in ACTION_STATUS_TITLES.items()]
    for line in lines:
        title = localized(line.title, language)[0]
        setattr(CheckInForm, f"status-{line.id}", ChoiceRadioField(
            title, choices=fixed_choices(statuses),
            validators=[InputRequired(message=_l("Choose where this action stands."))]))
        setattr(CheckInForm, f"note-{line.id}", TextAreaField(_l("Note (optional)"), validators=[Length(max=3000)],
                                                       render_kw={"rows": 3}))
        setattr(CheckInForm, f"evidence-{line.id}", StringField(
            _l("Link to evidence (optional)"), description=_l("An address starting with https://"),
            validators=[Optional(), Length(max=500), URL(message=_l("Enter a full web address, such as "
                                                                    "https://example.org/report."))]))
        setattr(CheckInForm, f"file-{line.id}", FileField(
            _l("Or a file as evidence (optional)"),
            description=_l("A PDF, DOCX, ODT, XLSX, PNG or JPEG file of at most 10 MB.")))
    if twelve_months:
        for name, label in (("courses_updated", _l("Courses updated with green skills")),
                            ("staff_trained", _l("Staff trained")),
                            ("partnerships_signed", _l("Partnerships signed"))):
            setattr(CheckInForm, name, IntegerField(label, validators=[
                InputRequired(message=_l("Enter a whole number, 0 if none.")),
                NumberRange(min=0, max=100_000, message=_l("Enter a whole number from 0 to 100,000."))]))
    return CheckInForm(formdata=formdata) if formdata is not None else CheckInForm()
