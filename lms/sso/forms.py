"""The staff form for an identity provider."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import Optional, ValidationError

from lms.core.forms import Form, max_length, required


def web_address(form, field) -> None:
    """An http(s) address with a host, no query or fragment (an issuer identifier, RFC 8414)."""
    parts = urlsplit(field.data or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValidationError(_l("Enter a web address starting with https://."))


class ProviderForm(Form):
    display_name = StringField(_l("Name shown on the sign-in button"), validators=[required(), max_length(100)],
                               description=_l("People read “Sign in with” followed by this name."))
    issuer = StringField(_l("Issuer address"), validators=[required(), max_length(500), web_address],
                         description=_l("The provider's address: its settings are read from "
                                        "/.well-known/openid-configuration under it."))
    client_id = StringField(_l("Client ID"), validators=[required(), max_length(255)])
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), max_length(500)],
                                  description=_l("Leave empty to keep the secret saved before."))
    allowed_domains = StringField(_l("Allowed email domains"), validators=[Optional(), max_length(1000)],
                                  description=_l("Separated by spaces, for example unesco.org. Leave empty "
                                                 "to accept any address the provider has verified."))
    creates_learners = BooleanField(_l("Create a learner account for a verified address that has none"),
                                    description=_l("Never a facilitator or staff account: those are "
                                                   "always made by the programme team."))
    active = BooleanField(_l("Offer this provider on the sign-in page"), default=True)
