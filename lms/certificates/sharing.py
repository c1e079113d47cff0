"""Where a holder takes their certificate: their LinkedIn profile, their wallet."""
from __future__ import annotations

from urllib.parse import urlencode

from lms.certificates.models import Certificate
from lms.core.i18n import localized
from lms.core.urls import external_url

ORGANISATION = "UNESCO-UNEVOC International Centre for TVET"


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's "add to profile" address, filled in: the certification, who issued it, when,
    and where anyone can check it."""
    title, _ = localized(certificate.programme.title, certificate.language)
    return "https://www.linkedin.com/profile/add?" + urlencode({
        "startTask": "CERTIFICATION_NAME",
        "name": title,
        "organizationName": ORGANISATION,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certUrl": external_url("certificates.verify", code=certificate.code),
        "certId": certificate.serial,
    })
