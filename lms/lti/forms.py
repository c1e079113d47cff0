"""The staff form for an LTI platform, and the module picker of Deep Linking."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField

from lms.core.forms import Form, max_length, required
from lms.sso.forms import web_address


class PlatformForm(Form):
    name = StringField(_l("Name"), validators=[required(), max_length(200)],
                       description=_l("For example: the Moodle of a UNEVOC Centre."))
    issuer = StringField(_l("Issuer (platform ID)"), validators=[required(), max_length(500), web_address])
    client_id = StringField(_l("Client ID"), validators=[required(), max_length(255)],
                            description=_l("The client ID the platform gave the tool."))
    auth_url = StringField(_l("Authentication request URL"), validators=[required(), max_length(500), web_address])
    token_url = StringField(_l("Access token URL"), validators=[required(), max_length(500), web_address])
    jwks_url = StringField(_l("Public keyset URL"), validators=[required(), max_length(500), web_address])
    deployment_ids = StringField(_l("Deployment IDs"), validators=[required(), max_length(1000)],
                                 description=_l("Separated by spaces."))
    cohort_id = SelectField(_l("Cohort its learners join"), validators=[required()], coerce=str)
    active = BooleanField(_l("Accept launches from this platform"), default=True)
