"""The quiz form, built from a quiz's questions in the learner's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (Field, HiddenField, MultipleFileField, RadioField, StringField,
                     TextAreaField)
from wtforms.validators import InputRequired, Length

from lms.core.forms import CheckboxesField, ChoiceRadioField, Form, fixed_choices
from lms.core.i18n import localized
from lms.courses.markdown import render_markdown
from lms.learning.quizzes import ordered_options


def _answer_required():
    return InputRequired(message=_l("Answer this question."))


def quiz_form(questions: list[dict], language: str, formdata=None,
              order: dict[str, list[str]] | None = None) -> Form:
    """A form with one field per question, named by the question's ID; options in the attempt's `order`."""

    class QuizForm(Form):
        attempt = HiddenField()

    for question in questions:
        label = Markup(render_markdown(localized(question["prompt"], language)[0]))
        name = f"q-{question['id']}"
        kind = question["type"]
        field: Field
        if kind == "single":
            field = ChoiceRadioField(label, choices=fixed_choices([(o["id"], localized(o["text"], language)[0])
                                                                   for o in ordered_options(question, order)]),
                                     validators=[_answer_required()])
        elif kind == "multiple":
            field = CheckboxesField(label, choices=fixed_choices([(o["id"], localized(o["text"], language)[0])
                                                                  for o in ordered_options(question, order)]),
                                    validators=[_answer_required()],
                                    description=_l("Choose every answer that applies."))
        elif kind == "true_false":
            field = ChoiceRadioField(label, choices=fixed_choices([("true", _l("True")), ("false", _l("False"))]),
                                     validators=[_answer_required()])
        else:
            field = StringField(label, validators=[_answer_required(), Length(max=200)],
                                render_kw={"autocomplete": "off"})
        setattr(QuizForm, name, field)
    return QuizForm(formdata=formdata) if formdata is not None else QuizForm()


def answers_from(form: Form, questions: list[dict]) -> dict:
    answers = {}
    for question in questions:
        value = form[f"q-{question['id']}"].data
        if question["type"] == "true_false":
            value = value == "true"
        answers[question["id"]] = value
    return answers


class ReflectionForm(Form):
    text = TextAreaField(_l("Your reflection"), validators=[Length(max=50_000)],
                         render_kw={"rows": 14})


def action_plan_form(sections: list[dict], language: str, formdata=None) -> Form:
    """A text area per section of the plan, plus attachments."""

    class ActionPlanForm(Form):
        attachments = MultipleFileField(_l("Add attachments (PDF, DOCX, ODT, XLSX, PNG or JPEG; at most "
                                           "10 MB each)"))

    for section in sections:
        setattr(ActionPlanForm, f"s-{section['id']}", TextAreaField(
            localized(section["title"], language)[0], validators=[Length(max=50_000)],
            description=Markup(render_markdown(localized(section["guidance"], language)[0])),
            render_kw={"rows": 8}))
    return ActionPlanForm(formdata=formdata) if formdata is not None else ActionPlanForm()


def self_assessment_form(definition: dict, language: str, formdata=None) -> Form:
    """One four-level choice per statement, grouped by area in the template."""

    class SelfAssessmentForm(Form):
        pass

    scale = [(level["id"], localized(level["title"], language)[0]) for level in definition["scale"]]
    for area in definition["areas"]:
        for statement in area["statements"]:
            setattr(SelfAssessmentForm, f"st-{statement['id']}", RadioField(
                localized(statement["text"], language)[0], choices=fixed_choices(scale),
                validators=[InputRequired(message=_l("Choose one answer for this statement."))],
                validate_choice=False))
    return SelfAssessmentForm(formdata=formdata) if formdata is not None else SelfAssessmentForm()
