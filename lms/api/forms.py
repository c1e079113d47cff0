"""The forms that make a personal access token and register an OAuth client."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired

from lms.api.scopes import choices
from lms.core.forms import CheckboxesField, Form, fixed_choices, max_length, required

EXPIRIES = [("30", _l("In 30 days")), ("90", _l("In 90 days")), ("365", _l("In a year")),
            ("never", _l("Never (revoke it yourself)"))]


def _scopes_field():
    return CheckboxesField(_l("What it may do"), choices=choices,
                           validators=[DataRequired(message=_l("Tick at least one scope."))],
                           description=_l("Give only what the program that will use it needs."))


class TokenForm(Form):
    name = StringField(_l("Name"), validators=[required(), max_length(200)],
                       description=_l("What it is for, so that you recognise it: “Moodle sync at my Centre”."))
    scopes = _scopes_field()
    expires = SelectField(_l("Expires"), choices=fixed_choices(EXPIRIES), default="90")


class ClientForm(Form):
    name = StringField(_l("Name of the system"), validators=[required(), max_length(200)])
    scopes = _scopes_field()
