"""The staff form for a webhook endpoint."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import Optional, ValidationError

from lms.core.forms import CheckboxesField, Form, max_length, required
from lms.integrations.webhooks import EVENTS


def web_address(form, field) -> None:
    parts = urlsplit(field.data or "")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise ValidationError(_l("Enter an address starting with https:// or http://.")) from None
    if parts.scheme not in ("https", "http") or not parts.hostname or any(c.isspace() for c in field.data):
        raise ValidationError(_l("Enter an address starting with https:// or http://."))


class EndpointForm(Form):
    url = StringField(_l("Address (URL)"), validators=[required(), max_length(500), web_address],
                      description=_l("Where each event is sent as an HTTP POST of JSON."))
    description = StringField(_l("Description"), validators=[Optional(), max_length(200)],
                              description=_l("For staff: whose system this is."))
    events = CheckboxesField(_l("Events"), choices=lambda: [(name, title) for name, title in EVENTS.items()],
                             validators=[required()])
    active = BooleanField(_l("Active"), default=True,
                          description=_l("Switched off, the endpoint receives nothing."))
