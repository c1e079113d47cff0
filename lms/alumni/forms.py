"""The directory's search, a graduate's profile and mentoring offer, a participant's wish, a match."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from lms.alumni.models import THEMES, WORK_LANGUAGES
from lms.centres.models import Region
from lms.core.forms import CheckboxesField, Form, max_length, required
from lms.core.i18n import language_name


def theme_choices() -> list[tuple[str, str]]:
    return [(code, str(title)) for code, title in THEMES.items()]


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in WORK_LANGUAGES]


def region_choices() -> list[tuple[str, str]]:
    return [(r.value, r.title) for r in Region]


class SearchForm(Form):
    """A GET form: it works without JavaScript and its address can be kept and shared."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or institution"), validators=[Optional(), max_length(100)])
    region = SelectField(_l("Region"), validators=[Optional()])
    language = SelectField(_l("Works in"), validators=[Optional()])
    theme = SelectField(_l("Theme"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", str(_l("Any")))]
        self.region.choices = anything + region_choices()
        self.language.choices = anything + language_choices()
        self.theme.choices = anything + theme_choices()


class ProfileForm(Form):
    listed = BooleanField(_l("Show me in the alumni directory"),
                          description=_l("Other graduates, current participants, facilitators and UNEVOC staff "
                                         "see your name, institution, country, languages, themes and what you "
                                         "wrote below. Untick to leave the directory at once."))
    languages = CheckboxesField(_l("Languages I work in"))
    themes = CheckboxesField(_l("My expertise"))
    achievements = TextAreaField(_l("What my action plan achieved"), validators=[max_length(2000)],
                                 description=_l("A few lines: what changed in your institution."),
                                 render_kw={"rows": 5})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()
        self.themes.choices = theme_choices()


class VolunteerForm(Form):
    mentoring = BooleanField(_l("I offer to mentor a participant of a coming cohort"))
    capacity = IntegerField(_l("How many mentees at once"), default=2,
                            validators=[required(), NumberRange(min=1, max=5, message=_l("From 1 to 5."))])
    languages = CheckboxesField(_l("Languages I can mentor in"))
    themes = CheckboxesField(_l("Themes I can help with"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()
        self.themes.choices = theme_choices()


class WishForm(Form):
    themes = CheckboxesField(_l("Themes I would like a mentor's help with"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()


class MatchForm(Form):
    mentee = SelectField(_l("Participant"), validators=[required()])
    mentor = SelectField(_l("Mentor"), validators=[required()])
