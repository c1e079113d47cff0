"""The staff form for a UNEVOC Centre."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Optional, ValidationError

from lms.centres.models import MemberType, Region
from lms.core.forms import Form, max_length, required
from lms.core.i18n import country_choices, country_codes


class CountryField(SelectField):
    def __init__(self, **kwargs):
        super().__init__(_l("Country"), validators=[required()], **kwargs)

    def pre_validate(self, form):
        if self.data not in country_codes():
            raise ValidationError(_l("Choose a country from the list."))


class CentreForm(Form):
    name = StringField(_l("Name"), validators=[required(), max_length(250)])
    city = StringField(_l("City"), validators=[Optional(), max_length(120)])
    country = CountryField()
    region = SelectField(_l("UNESCO region"), validators=[required()],
                         choices=lambda: [(r.value, r.title) for r in Region])
    member_type = SelectField(_l("Type of centre"), validators=[required()],
                              choices=lambda: [(m.value, m.title) for m in MemberType])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose a country")), *country_choices()]
