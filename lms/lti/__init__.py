"""The platform as an LTI 1.3 tool: Moodle (or any LTI 1.3 Advantage platform) launches a module,
picks one by Deep Linking, gets quiz scores back (AGS) and lends its roster (NRPS)."""

from flask import Blueprint

bp = Blueprint("lti", __name__)
