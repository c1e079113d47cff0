"""Forms for discussions, notification choices, peer review and groups."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from lms.community.models import Frequency, Kind
from lms.core.forms import ChoiceRadioField, Form, LanguageField, fixed_choices, max_length, required
from lms.core.i18n import localized

BODY_HINT = _l("You may use Markdown: *italics*, **bold**, lists and links.")


class ReplyForm(Form):
    body = TextAreaField(_l("Your reply"), validators=[required(), max_length(20_000)],
                         description=BODY_HINT, render_kw={"rows": 6})
    language = LanguageField(_l("Written in"))


class ThreadForm(Form):
    title = StringField(_l("Title"), validators=[required(), max_length(200)])
    body = TextAreaField(_l("Message"), validators=[required(), max_length(20_000)],
                         description=BODY_HINT, render_kw={"rows": 8})
    language = LanguageField(_l("Written in"))


class EditForm(Form):
    body = TextAreaField(_l("Message"), validators=[required(), max_length(20_000)],
                         description=BODY_HINT, render_kw={"rows": 8})
    language = LanguageField(_l("Written in"))


class ReportForm(Form):
    reason = TextAreaField(_l("What is wrong with this post?"), validators=[required(), max_length(2000)],
                           render_kw={"rows": 4})


def settings_form(formdata=None) -> Form:
    """One choice per kind of notification."""

    class SettingsForm(Form):
        pass

    for kind in Kind:
        setattr(SettingsForm, f"kind-{kind.value}", ChoiceRadioField(
            kind.label, choices=lambda: [(f.value, f.label) for f in Frequency], validators=[required()]))
    return SettingsForm(formdata=formdata) if formdata is not None else SettingsForm()


class RoundForm(Form):
    activity_id = SelectField(_l("Action plan"), coerce=int, validators=[required()])
    per_learner = IntegerField(_l("Plans each learner reviews"), default=2, validators=[
        required(), NumberRange(min=1, max=5, message=_l("Between 1 and 5."))])
    anonymous = BooleanField(_l("Authors do not see who reviewed their plan"), default=True)


def peer_review_form(rubric: dict | None, language: str, formdata=None) -> Form:
    """A level per criterion of the plan's rubric, and a comment."""

    class PeerReviewForm(Form):
        comment = TextAreaField(_l("Your comments to the author"), validators=[required(), max_length(10_000)],
                                render_kw={"rows": 6})

    for criterion in (rubric or {}).get("criteria", []):
        levels = [(level["id"], localized(level["title"], language)[0]) for level in rubric["levels"]]  # type: ignore[index]
        setattr(PeerReviewForm, f"level-{criterion['id']}", ChoiceRadioField(
            localized(criterion["title"], language)[0], choices=fixed_choices(levels), validators=[required()]))
    return PeerReviewForm(formdata=formdata) if formdata is not None else PeerReviewForm()


class GroupForm(Form):
    name = StringField(_l("Group name"), validators=[required(), max_length(200)])


class SplitForm(Form):
    how = RadioField(_l("Make groups"), validators=[required()], choices=fixed_choices([
        ("region", _l("One group per region")), ("language", _l("One group per language")),
        ("random", _l("At random, of balanced size"))]))
    size = IntegerField(_l("Learners per group (at random)"), default=5, validators=[
        Optional(), NumberRange(min=2, max=50, message=_l("Between 2 and 50."))])


class MessageForm(Form):
    to = SelectField(_l("To"), validators=[required()])
    subject = StringField(_l("Subject"), validators=[required(), max_length(200)])
    body = TextAreaField(_l("Message"), validators=[required(), max_length(20_000)], render_kw={"rows": 8})


class AnswerForm(Form):
    body = TextAreaField(_l("Your answer"), validators=[required(), max_length(20_000)], render_kw={"rows": 6})
