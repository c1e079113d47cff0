"""Sign-in, password-reset and set-password forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField

from lms.core.forms import Form, max_length, new_password_fields, required, valid_email


class LoginForm(Form):
    email = EmailField(_l("Email address"), validators=[required(), valid_email(), max_length(254)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), validators=[required(), max_length(1024)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(Form):
    email = EmailField(_l("Email address"), validators=[required(), valid_email(), max_length(254)],
                       render_kw={"autocomplete": "email"})


class SetPasswordForm(Form):
    password, confirm = new_password_fields()
