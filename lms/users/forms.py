"""Profile, password and staff account forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Optional

from lms.core.forms import (Form, LanguageField, TimezoneField, max_length, new_password_fields,
                            required, valid_email)
from lms.core.permissions import Role
from lms.users.models import Gender


def gender_choices() -> list[tuple[str, str]]:
    return [("", _l("Not stated"))] + [(g.value, g.title) for g in Gender]


def role_choices() -> list[tuple[str, str]]:
    return [(r.value, r.title) for r in Role]


def _gender_or_none(value: object) -> Gender | None:
    if value is None or isinstance(value, Gender):
        return value
    return Gender(value) if value else None


class GenderField(SelectField):
    """Optional and self-declared: the empty choice means "not stated"."""

    def __init__(self, **kwargs):
        super().__init__(_l("Gender (optional)"), choices=gender_choices, coerce=_gender_or_none,
                         validators=[Optional()], **kwargs)


class PersonFields(Form):
    """What a person can say about themselves."""

    full_name = StringField(_l("Full name"), validators=[required(), max_length(200)],
                            description=_l("As you write it, in any script; it appears on your certificate."),
                            render_kw={"autocomplete": "name"})
    position = StringField(_l("Position"), validators=[Optional(), max_length(200)],
                           description=_l("For example: Principal, Director of Studies."),
                           render_kw={"autocomplete": "organization-title"})
    language = LanguageField()
    timezone = TimezoneField()
    gender = GenderField()


class ProfileForm(PersonFields):
    pass


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_length(1024)],
                                     render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()


class UserForm(PersonFields):
    """Staff create (and invite) or edit an account."""

    email = EmailField(_l("Email address"), validators=[required(), valid_email(), max_length(254)],
                       render_kw={"autocomplete": "off"})
    role = SelectField(_l("Role"), choices=role_choices, validators=[required()])
    centre_id = SelectField(_l("UNEVOC Centre"), coerce=lambda v: int(v) if v else None,
                            validators=[Optional()])
    active = BooleanField(_l("Account active"), default=True,
                          description=_l("A deactivated account cannot sign in."))
