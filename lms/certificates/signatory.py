"""Who signs certificates: the name, the title in the holder's language, the signature image."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.core.i18n import in_language

log = logging.getLogger(__name__)

# The title when none is configured, translated into each language of the platform.
DEFAULT_TITLE = _l("Head of the UNESCO-UNEVOC International Centre for TVET")


def signatory_for(language: str) -> tuple[str, str]:
    """(name, title) to print on a certificate in `language`, as configured.

    CERTIFICATE_SIGNATORY_TITLE is one title for every language, or a mapping of language to
    title (LMS_CERTIFICATE_SIGNATORY_TITLE='{"en": "...", "fr": "...", "zh": "..."}'); a
    language it leaves out, and an empty setting, get the default title in that language.
    """
    config = current_app.config
    name = str(config.get("CERTIFICATE_SIGNATORY_NAME") or "").strip()
    titles = config.get("CERTIFICATE_SIGNATORY_TITLE") or ""
    if isinstance(titles, str) and titles.strip().startswith("{"):
        titles = json.loads(titles)
    title = str(titles.get(language) or "") if isinstance(titles, dict) else str(titles).strip()
    if not title:
        with in_language(language):
            title = str(DEFAULT_TITLE)
    return name, title


def signature_image(signatory_name: str) -> Path | None:
    """The configured signature image, for certificates signed by the configured signatory only:
    a certificate issued under an earlier signatory must not carry the new one's signature."""
    config = current_app.config
    configured = str(config.get("CERTIFICATE_SIGNATURE_IMAGE") or "").strip()
    if not configured or signatory_name.strip() != str(config.get("CERTIFICATE_SIGNATORY_NAME") or "").strip():
        return None
    path = Path(configured)
    if not path.is_file():
        log.warning("CERTIFICATE_SIGNATURE_IMAGE %s is not a file: certificates print without a signature", path)
        return None
    return path
