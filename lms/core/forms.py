"""Form fields and validators that several features share."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import (Field, PasswordField, RadioField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from markupsafe import Markup, escape
from wtforms.widgets import CheckboxInput, ListWidget, Select
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from lms.core import clock
from lms.core.i18n import all_timezones, language_choices, timezone_choices
from lms.core.text import single_line, without_controls


T = TypeVar("T")


def filled(data: T | None) -> T:
    """The data of a field its validators require, once the form has validated: never None then,
    though WTForms types every field's data as optional."""
    if data is None:
        raise ValueError("a required field has no data: was the form validated?")
    return data


def add_error(field: Field, message: str) -> None:
    """A problem found after validation (an address already taken), shown under the field.
    Validation leaves the field's errors in a list; WTForms types them as any sequence."""
    cast(list[str], field.errors).append(message)


def fixed_choices(choices: list[tuple[str, Any]]) -> Callable[[], list[tuple[str, Any]]]:
    """Choices given as a callable: the form that all WTForms 3 versions accept without warning."""
    return lambda: choices


def required() -> DataRequired:
    return DataRequired(message=_l("This field is required."))


def valid_email() -> Email:
    return Email(message=_l("Enter a valid email address, such as name@example.org."))


def max_length(limit: int) -> Length:
    # Counted in the message already: Length's own %(max)d substitution finds nothing left to fill.
    return Length(max=limit, message=lazy_ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.",
                                                   limit))


class LanguageField(SelectField):
    def __init__(self, label=None, **kwargs):
        super().__init__(label or _l("Language"), validators=[required()], **kwargs)

    def pre_validate(self, form):
        self.choices = language_choices()
        super().pre_validate(form)


def option(value: Any, text: Any, selected: bool = False) -> Markup:
    """An `<option>`, without its `value` where HTML reads the same value from its text (the time
    zones' list, about 420 options, and the report's filters, 400 cohorts' names, are most of their
    pages). Also a template global (lms/core/templating.py)."""
    value, shown = str(value), escape(text)  # `text` may be markup already: escaped once
    chosen = " selected" if selected else ""
    if str(text) == value and value == " ".join(value.split()):
        return Markup(f"<option{chosen}>{shown}</option>")
    return Markup(f'<option value="{escape(value)}"{chosen}>{shown}</option>')


class CompactSelect(Select):
    """A select whose options are drawn by `option`."""

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:  # type: ignore[override]  # WTForms 3.3 passes a choice; its stubs are older
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        return option(choice.value, choice.label or choice.value, choice.selected)


class TimezoneField(SelectField):
    widget = CompactSelect()

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("render_kw", {"autocomplete": "off"})
        super().__init__(label or _l("Time zone"), validators=[required()], **kwargs)

    def pre_validate(self, form):
        if self.data not in all_timezones():
            raise ValidationError(_l("Choose a time zone from the list."))


def fill_choices(form) -> None:
    """Choices depend on the request's language, so they are filled per request."""
    for field in form:
        if isinstance(field, LanguageField):
            field.choices = language_choices()
        elif isinstance(field, TimezoneField):
            field.choices = timezone_choices(field.data)


def min_password_length() -> int:
    return current_app.config["PASSWORD_MIN_LENGTH"]


class PasswordLength:
    """At least PASSWORD_MIN_LENGTH characters, read when the form is validated."""

    def __call__(self, form, field):
        minimum = min_password_length()
        if len(field.data or "") < minimum:
            raise ValidationError(lazy_ngettext("Use at least %(num)d character.", "Use at least %(num)d characters.",
                                                minimum))
        if len(field.data) > 1024:
            raise ValidationError(lazy_ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.",
                                                1024))


def new_password_fields():
    """A new password and its confirmation, with the autocomplete browsers expect."""
    password = PasswordField(_l("New password"), validators=[required(), PasswordLength()],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[required(),
                                        EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
    return password, confirm




def _single_line_filter(value: Any) -> Any:
    return single_line(value) if isinstance(value, str) else value


def _text_filter(value: Any) -> Any:
    return without_controls(value) if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every form: text is cleaned as it comes in, before any validator sees it.

    One-line fields (names, titles, addresses) lose line breaks and control characters (a lone
    CR, U+000B from a word processor) and runs of spaces; multi-line fields keep their line
    breaks, as line feeds, and lose every other control character. Passwords are left as typed.
    """

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                cleaner = _text_filter if issubclass(kind, TextAreaField) else _single_line_filter
                options = {**options, "filters": [cleaner, *options.get("filters", ()),
                                                  *unbound_field.kwargs.get("filters", ())]}
            return unbound_field.bind(form=form, **options)


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (rendered in a fieldset by templates/_macros/forms.html):
    easier than a multiple select, which needs Ctrl held down and hides what is chosen."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChoiceRadioField(RadioField):
    """Radio buttons whose answer must be one of the choices shown: anything else (a value typed
    into the request, five megabytes of it) is refused with a message of ours, never stored."""

    def pre_validate(self, form: Any) -> None:
        if self.data is None or self.data == "":
            return  # the field's own validators say that an answer is needed
        if self.data not in {str(value) for value, *_rest in self.iter_choices()}:
            raise ValidationError(_l("Choose one of the answers shown."))


def plausible_date(earliest_years: int = 10, latest_years: int = 10) -> Callable[[Any, Field], None]:
    """A date (or date and time) within so many years of today: the programme's plausible range,
    which keeps a mistyped 9999 from reaching the schedule, the calendars and every dashboard."""

    def check(form: Any, field: Field) -> None:
        value = field.data
        if value is None:
            return
        today = clock.utcnow().date()
        day = value.date() if hasattr(value, "date") and callable(value.date) else value
        if not (today.replace(year=today.year - earliest_years) <= day
                <= today.replace(year=min(today.year + latest_years, 9998))):
            raise ValidationError(_l("Enter a date between %(first)s and %(last)s.",
                                     first=today.year - earliest_years, last=today.year + latest_years))

    return check
